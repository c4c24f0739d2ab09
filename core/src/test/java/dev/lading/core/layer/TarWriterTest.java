package dev.lading.core.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.io.Content;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class TarWriterTest {

    /** A generated file: where it goes and what it holds; symlinks carry a target instead. */
    record GenFile(String path, byte[] content, String linkTarget, int mode, int uid, int gid) {
    }

    @Provide
    Arbitrary<List<GenFile>> files() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(60).ofMaxLength(120),
                Arbitraries.of("ümlaut", "日本語", "sp ace", "dot.name", "UPPER"));
        Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("/", parts));
        Arbitrary<GenFile> file = Combinators.combine(path,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(3000),
                Arbitraries.oneOf(Arbitraries.just((String) null),
                        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(150)),
                Arbitraries.of(0644, 0755, 0600, 04755),
                Arbitraries.oneOf(Arbitraries.of(0, 1000, 65532), Arbitraries.integers().between(0, 3_000_000)),
                Arbitraries.of(0, 1000, 65532))
                .as(GenFile::new);
        return file.list().ofMaxSize(25).uniqueElements(GenFile::path)
                .filter(TarWriterTest::noFileIsAParent);
    }

    @Property(tries = 60)
    void readsBackWhatWasWritten(@ForAll("files") List<GenFile> files,
                                 @ForAll @LongRange(min = 0, max = 8_000_000_000L) long mtime) throws IOException {
        LayerTree tree = tree(files);
        byte[] tar = write(tree, mtime);
        Map<String, TarArchiveEntry> read = new LinkedHashMap<>();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName().endsWith("/") ? entry.getName().substring(0, entry.getName().length() - 1)
                        : entry.getName();
                assertFalse(read.containsKey(name), "entry written twice: " + name);
                read.put(name, entry);
                contents.put(name, in.readAllBytes());
            }
        }
        assertEquals(tree.entries().stream().map(LayerEntry::path).toList(), new ArrayList<>(read.keySet()));
        for (LayerEntry expected : tree.entries()) {
            TarArchiveEntry actual = read.get(expected.path());
            assertEquals(expected.mode(), actual.getMode() & 07777, expected.path());
            assertEquals(expected.uid(), actual.getLongUserId(), expected.path());
            assertEquals(expected.gid(), actual.getLongGroupId(), expected.path());
            assertEquals(mtime, actual.getLastModifiedTime().to(TimeUnit.SECONDS), expected.path());
            assertEquals("", actual.getUserName());
            assertEquals("", actual.getGroupName());
            switch (expected.type()) {
                case FILE -> {
                    assertTrue(actual.isFile());
                    try (var stream = expected.content().open()) {
                        assertArrayEquals(stream.readAllBytes(), contents.get(expected.path()));
                    }
                }
                case DIRECTORY -> assertTrue(actual.isDirectory());
                case SYMLINK -> {
                    assertTrue(actual.isSymbolicLink());
                    assertEquals(expected.linkTarget(), actual.getLinkName());
                }
            }
        }
    }

    @Property(tries = 40)
    void bytesDoNotDependOnInsertionOrder(@ForAll("files") List<GenFile> files, @ForAll long seed) throws IOException {
        List<GenFile> shuffled = new ArrayList<>(files);
        Collections.shuffle(shuffled, new Random(seed));
        assertArrayEquals(write(tree(files), 1_700_000_000L), write(tree(shuffled), 1_700_000_000L));
    }

    @Test
    void shortAsciiNamesNeedNoPaxHeaders() throws IOException {
        LayerTree tree = LayerTree.builder()
                .add(LayerEntry.file("app/bin/hello", Content.ofBytes(new byte[] {1, 2, 3}), 0755, 0, 0, "test"))
                .add(LayerEntry.symlink("app/current", "bin/hello", 0, 0, "test"))
                .build();
        byte[] tar = write(tree, 0);
        // 4 entries (app/, app/bin/, app/bin/hello, app/current): no 'x' (PAX) type flag in any header
        for (int offset = 0; offset + 512 <= tar.length; offset += 512) {
            assertTrue(tar[offset + 156] != 'x' && tar[offset + 156] != 'g', "PAX header at " + offset);
        }
        assertEquals(7 * 512, tar.length, "4 headers, 1 data block and the 2 end-of-archive blocks");
    }

    @Test
    void longAndNonAsciiNamesSurviveGnuTar(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String longName = "deep/" + "x".repeat(180) + "/file.txt";
        LayerTree tree = LayerTree.builder()
                .add(LayerEntry.file(longName, Content.ofBytes("long".getBytes(StandardCharsets.UTF_8)), 0644, 0, 0, "t"))
                .add(LayerEntry.file("日本/ümlaut.txt", Content.ofBytes("u".getBytes(StandardCharsets.UTF_8)), 0644, 0, 0, "t"))
                .add(LayerEntry.file("big-uid", Content.ofBytes(new byte[0]), 0644, 4_000_000, 7, "t"))
                .build();
        Path tarFile = dir.resolve("layer.tar");
        Files.write(tarFile, write(tree, 0));
        Process tar = new ProcessBuilder("tar", "--numeric-owner", "-tvf", tarFile.toString())
                .redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tar.waitFor(), listing);
        assertTrue(listing.contains(longName), listing);
        assertTrue(listing.contains("日本/ümlaut.txt"), listing);
        assertTrue(listing.contains("4000000/7"), listing);
    }

    static LayerTree tree(List<GenFile> files) {
        LayerTree.Builder builder = LayerTree.builder();
        for (GenFile file : files) {
            builder.add(file.linkTarget() == null
                    ? LayerEntry.file(file.path(), Content.ofBytes(file.content()), file.mode(), file.uid(), file.gid(), "gen")
                    : LayerEntry.symlink(file.path(), file.linkTarget(), file.uid(), file.gid(), "gen"));
        }
        return builder.build();
    }

    static byte[] write(LayerTree tree, long mtime) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter.write(tree, mtime, out);
        return out.toByteArray();
    }

    private static boolean noFileIsAParent(List<GenFile> files) {
        for (GenFile a : files) {
            for (GenFile b : files) {
                if (b.path().startsWith(a.path() + "/")) {
                    return false;
                }
            }
        }
        return true;
    }
}
