package dev.lading.core.job;

import static dev.lading.core.job.BuildFixture.build;
import static dev.lading.core.job.BuildFixture.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.layer.LayerEntry;
import dev.lading.core.layer.LayerTree;
import dev.lading.core.buildfile.BuildFileParser;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerFilesTest {
    @TempDir
    Path dir;

    private LayerTree tree(Path context) throws IOException {
        var buildFile = BuildFileParser.parse(context.resolve("lading.yaml"));
        return new LayerFiles(context, ArtifactSource.NONE).tree(buildFile.layers().get(0), Platform.parse("amd64"));
    }

    private InputException refused(Path context) {
        InputException e = assertThrows(InputException.class, () -> build(context, dir.resolve("store")));
        assertTrue(e.getMessage().contains("lading.yaml"), e.getMessage());
        return e;
    }

    private static String layer(String... fileEntries) {
        return "layers:\n  - name: app\n    files:\n" + String.join("", fileEntries);
    }

    @Test
    void missingSrcNamesFieldAndLine() throws IOException {
        Path context = context(dir.resolve("p"), layer(
                "      - src: here.txt\n        dest: /here.txt\n",
                "      - src: missing.txt\n        dest: /missing.txt\n"), "here.txt", "x");
        InputException e = refused(context);
        assertEquals(6, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("layers[0].files[1]"), e.getMessage());
        assertTrue(e.getMessage().contains("missing.txt") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void srcOutsideTheContextIsRefused() throws IOException {
        Files.writeString(dir.resolve("secret.txt"), "s");
        Path context = context(dir.resolve("p"), layer("      - src: ../secret.txt\n        dest: /s\n"));
        assertTrue(refused(context).getMessage().contains("outside the build context"));
    }

    @Test
    void collidingDestsAreRefusedWithBothOrigins() throws IOException {
        Path context = context(dir.resolve("p"), layer(
                "      - src: a.txt\n        dest: /etc/x\n",
                "      - src: b.txt\n        dest: /etc/x\n"), "a.txt", "a", "b.txt", "b");
        InputException e = refused(context);
        assertTrue(e.getMessage().contains("collides"), e.getMessage());
        assertTrue(e.getMessage().contains("line 4") && e.getMessage().contains("line 6"), e.getMessage());
    }

    @Test
    void symlinksStayLinksAndOnlyInsideOnesAreAcceptedByDefault() throws IOException {
        Path context = context(dir.resolve("p"), layer("      - src: tree\n        dest: /opt/tree\n"),
                "tree/real.txt", "r");
        Files.createSymbolicLink(context.resolve("tree/inside"), Path.of("real.txt"));
        LayerTree tree = tree(context);
        LayerEntry link = tree.entries().stream().filter(e -> e.path().equals("opt/tree/inside")).findFirst().orElseThrow();
        assertEquals(LayerEntry.Type.SYMLINK, link.type());
        assertEquals("real.txt", link.linkTarget());

        Files.createSymbolicLink(context.resolve("tree/outside"), Path.of("/etc/passwd"));
        InputException e = refused(context);
        assertTrue(e.getMessage().contains("points outside"), e.getMessage());
        assertTrue(e.getMessage().contains("allowOutsideSymlinks"), e.getMessage());

        Files.writeString(context.resolve("lading.yaml"),
                layer("      - src: tree\n        dest: /opt/tree\n        allowOutsideSymlinks: true\n"));
        LayerEntry outside = tree(context).entries().stream()
                .filter(x -> x.path().equals("opt/tree/outside")).findFirst().orElseThrow();
        assertEquals("/etc/passwd", outside.linkTarget(), "kept as a link, never followed");
    }

    @Test
    void aSymlinkedDirectoryInTheMiddleOfSrcCannotCarryHostFilesIn() throws IOException {
        Files.createDirectories(dir.resolve("host/default"));
        Files.writeString(dir.resolve("host/shadow"), "root:secret");
        Files.writeString(dir.resolve("host/default/grub"), "g");
        Path context = context(dir.resolve("p"), layer("      - src: top_etc/shadow\n        dest: /s\n"));
        Files.createSymbolicLink(context.resolve("top_etc"), dir.resolve("host"));
        InputException file = refused(context);
        assertTrue(file.getMessage().contains("through the symlink top_etc -> " + dir.resolve("host")), file.getMessage());

        Files.writeString(context.resolve("lading.yaml"), layer("      - src: top_etc/default\n        dest: /d\n"));
        assertTrue(refused(context).getMessage().contains("leads outside the build context"));

        Files.createDirectories(context.resolve("nested"));
        Files.createSymbolicLink(context.resolve("nested/up"), Path.of("../.."));
        Files.writeString(context.resolve("lading.yaml"), layer("      - src: nested/up/host/shadow\n        dest: /s\n"));
        assertTrue(refused(context).getMessage().contains("nested/up -> ../.."));

        Files.writeString(context.resolve("lading.yaml"), layer("      - src: top_etc/shadow\n        dest: /s\n"
                + "        allowOutsideSymlinks: true\n"));
        assertTrue(refused(context).getMessage().contains("leads outside"),
                "allowOutsideSymlinks keeps links as links; it never lets lading read through one");
    }

    @Test
    void aSymlinkedDirectoryThatStaysInsideTheContextIsFollowed() throws IOException {
        Path context = context(dir.resolve("p"), layer("      - src: alias/conf.txt\n        dest: /conf.txt\n"),
                "real/conf.txt", "c");
        Files.createSymbolicLink(context.resolve("alias"), Path.of("real"));
        LayerEntry conf = find(tree(context).entries(), "conf.txt");
        assertEquals(LayerEntry.Type.FILE, conf.type());
    }

    @Test
    void modesFollowTheExecutableBitUnlessGiven() throws IOException {
        Path context = context(dir.resolve("p"), layer(
                "      - src: run.sh\n        dest: /bin/run.sh\n",
                "      - src: data.txt\n        dest: /data.txt\n",
                "      - src: conf\n        dest: /conf\n        mode: \"0600\"\n        owner: \"7:8\"\n"),
                "run.sh", "#!/bin/sh\n", "data.txt", "d", "conf/c.ini", "c");
        context.resolve("run.sh").toFile().setExecutable(true);
        List<LayerEntry> entries = tree(context).entries();
        assertEquals(0755, find(entries, "bin/run.sh").mode());
        assertEquals(0644, find(entries, "data.txt").mode());
        assertEquals(0600, find(entries, "conf/c.ini").mode());
        assertEquals(0755, find(entries, "conf").mode(), "directories keep 0755 so they stay traversable");
        assertEquals(7, find(entries, "conf/c.ini").uid());
        assertEquals(8, find(entries, "conf").gid());
        assertEquals(0, find(entries, "bin").uid(), "implied parents are root's");
    }

    @Test
    void aFileCannotBeTheRoot() throws IOException {
        Path context = context(dir.resolve("p"), layer("      - src: a.txt\n        dest: /\n"), "a.txt", "a");
        assertThrows(InputException.class, () -> build(context, dir.resolve("store")));
    }

    @Test
    void aDirectoryCanFillTheRoot() throws IOException {
        Path context = context(dir.resolve("p"), layer("      - src: rootfs\n        dest: /\n"), "rootfs/etc/hosts", "h");
        assertEquals(List.of("etc", "etc/hosts"), tree(context).entries().stream().map(LayerEntry::path).toList());
    }

    @Test
    void artifactsWithoutABuildSectionAreRefused() throws IOException {
        Path context = context(dir.resolve("p"), layer("      - artifact: hello\n        dest: /hello\n"));
        InputException e = refused(context);
        assertTrue(e.getMessage().contains("no build: section"), e.getMessage());
    }

    @Test
    void aFailedBuildLeavesNoBlobs() throws IOException {
        Path context = context(dir.resolve("p"), layer(
                "      - src: a.txt\n        dest: /a\n", "      - src: nope\n        dest: /b\n"), "a.txt", "a");
        refused(context);
        Path blobs = dir.resolve("store/blobs/sha256");
        try (Stream<Path> files = Files.list(blobs)) {
            assertEquals(0, files.count());
        }
    }

    private static LayerEntry find(List<LayerEntry> entries, String path) {
        return entries.stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
    }
}
