package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.LadingException;
import dev.lading.core.layer.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeLayerTest {
    @TempDir
    Path temp;
    Path debs;
    Path cache;
    Path outside;

    @BeforeEach
    void layout() throws IOException {
        debs = Files.createDirectories(temp.resolve("debs"));
        cache = Files.createDirectories(temp.resolve("cache"));
        outside = Files.createDirectories(temp.resolve("outside"));
    }

    @Test
    void theLayerHasTheFilesAsTheArchivesDescribeThemAndTheDpkgStatus() throws IOException {
        Path tool = TestDebs.named("tool").md5sums("d41d8cd98f00b204e9800998ecf8427e  usr/bin/su\n")
                .script("postinst").script("triggers")
                .dir("./usr/bin", 0755).file("./usr/bin/su", 04755, "setuid")
                .symlink("./usr/bin/sh-link", "/usr/bin/su")
                .file("./usr/share/doc/tool/copyright", 0644, "MIT")
                .file("./usr/share/doc/tool/changelog.Debian.gz", 0644, "old news")
                .file("./usr/share/man/man1/su.1.gz", 0644, "manual")
                .file("./usr/share/same", 0644, "same").file("./usr/share/differs", 0644, "first")
                .write(debs);
        Path lib = TestDebs.named("libthing").script("triggers")
                .file("./usr/lib/x/libthing.so.1", 0644, "ELF")
                .file("./usr/share/same", 0644, "same").file("./usr/share/differs", 0644, "second")
                .write(debs);
        RuntimeLayer.Result result = RuntimeLayer.build(List.of(tool, lib), cache.resolve("rt"));
        Map<String, LayerEntry> entries = result.tree().entries().stream()
                .collect(Collectors.toMap(LayerEntry::path, Function.identity()));

        LayerEntry su = entries.get("usr/bin/su");
        assertEquals(04755, su.mode());
        assertEquals(42, su.gid());
        assertEquals("setuid", read(su));
        assertEquals("/usr/bin/su", entries.get("usr/bin/sh-link").linkTarget(), "absolute links kept in an image");
        assertEquals("usr/lib", entries.get("lib").linkTarget());
        assertEquals("usr/bin", entries.get("bin").linkTarget());
        assertEquals("MIT", read(entries.get("usr/share/doc/tool/copyright")));
        assertFalse(entries.containsKey("usr/share/doc/tool/changelog.Debian.gz"));
        assertFalse(entries.containsKey("usr/share/man/man1/su.1.gz"));
        assertEquals("same", read(entries.get("usr/share/same")));
        assertEquals("second", read(entries.get("usr/share/differs")));
        assertEquals("package libthing", entries.get("usr/share/differs").origin());

        assertEquals("""
                Package: tool
                Status: install ok installed
                Version: 1.0-1
                Architecture: arm64
                Maintainer: Test <t@example.org>
                Description: test package
                 a second line
                 .
                 after a blank one
                """, read(entries.get("var/lib/dpkg/status.d/tool")));
        assertEquals("d41d8cd98f00b204e9800998ecf8427e  usr/bin/su\n",
                read(entries.get("var/lib/dpkg/status.d/tool.md5sums")));
        assertTrue(entries.containsKey("var/lib/dpkg/status.d/libthing"));
        assertFalse(entries.containsKey("var/lib/dpkg/status.d/libthing.md5sums"));
        assertEquals(List.of("tool: its postinst was not run (lading never runs maintainer scripts): what it sets up"
                + " is missing"), result.warnings());
    }

    @Test
    void theCaCertificatesBundleIsMadeInSortedOrder() throws IOException {
        Path ca = TestDebs.named("ca-certificates").script("postinst")
                .file("./usr/share/ca-certificates/mozilla/B_Root.crt", 0644, "B\n")
                .file("./usr/share/ca-certificates/mozilla/A_Root.crt", 0644, "A")
                .file("./usr/share/ca-certificates/mozilla/README", 0644, "not a certificate")
                .dir("./etc/ssl/certs", 0755)
                .write(debs);
        RuntimeLayer.Result result = RuntimeLayer.build(List.of(ca), cache.resolve("rt"));
        LayerEntry bundle = result.tree().entries().stream()
                .filter(e -> e.path().equals("etc/ssl/certs/ca-certificates.crt")).findFirst().orElseThrow();
        assertEquals("A\nB\n", read(bundle));
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void hostilePackagesWriteNothingOutside() throws IOException {
        // an absolute link is kept in the image, so a file under it must still land inside the root
        Path link = TestDebs.named("linker").symlink("./usr/dir", outside.toString()).write(debs);
        Path file = TestDebs.named("writer").file("./usr/dir/planted", 0644, "x").write(debs);
        RuntimeLayer.Result result = RuntimeLayer.build(List.of(link, file), cache.resolve("rt"));
        assertEquals(List.of(), list(outside));
        String planted = outside.toString().substring(1) + "/planted";
        assertTrue(result.tree().entries().stream().anyMatch(e -> e.path().equals(planted)));

        Path evil = TestDebs.named("evil").file("./../../escaped", 0644, "x").write(debs);
        LadingException e = assertThrows(LadingException.class,
                () -> RuntimeLayer.build(List.of(evil), cache.resolve("rt2")));
        assertTrue(e.getMessage().contains("evil"), e.getMessage());
        assertEquals(List.of("rt"), list(cache));
        assertEquals(List.of(), list(outside));
    }

    private static String read(LayerEntry entry) throws IOException {
        try (InputStream in = entry.content().open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
