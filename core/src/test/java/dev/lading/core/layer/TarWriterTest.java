package dev.lading.core.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.io.Content;
import dev.lading.core.testing.Generated;
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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class TarWriterTest {

    /** A generated file: where it goes and what it holds; symlinks carry a target instead. */
    record GenFile(String path, byte[] content, String linkTarget, int mode, int uid, int gid) {
    }

    private static final int TRIES = 60;

    /** Random trees: short, long (> 100 characters) and non-ASCII names, symlinks, owners beyond ustar's range. */
    static List<GenFile> files(SplittableRandom random) {
        List<GenFile> files = Generated.list(random, 0, 25, r -> {
            String path = String.join("/", Generated.list(r, 1, 4, TarWriterTest::segment));
            String link = r.nextInt(3) == 0 ? Generated.lower(r, 1, 150) : null;
            int uid = r.nextBoolean() ? Generated.oneOf(r, 0, 1000, 65532) : r.nextInt(3_000_000);
            return new GenFile(path, Generated.bytes(r, 3000), link, Generated.oneOf(r, 0644, 0755, 0600, 04755),
                    uid, Generated.oneOf(r, 0, 1000, 65532));
        });
        Map<String, GenFile> unique = new LinkedHashMap<>();
        files.forEach(file -> unique.putIfAbsent(file.path(), file));
        List<GenFile> kept = new ArrayList<>();
        for (GenFile file : unique.values()) {
            if (unique.keySet().stream().noneMatch(other -> other.startsWith(file.path() + "/"))) {
                kept.add(file);
            }
        }
        return kept;
    }

    private static String segment(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> Generated.lower(random, 1, 12);
            case 1 -> Generated.lower(random, 60, 120);
            default -> Generated.oneOf(random, "ümlaut", "日本語", "sp ace", "dot.name", "UPPER");
        };
    }

    @Test
    void readsBackWhatWasWritten() {
        Generated.forAll(TRIES, random -> {
            List<GenFile> files = files(random);
            long mtime = random.nextLong(0, 8_000_000_000L);
            assertReadsBack(tree(files), mtime);
        });
    }

    private static void assertReadsBack(LayerTree tree, long mtime) throws IOException {
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

    @Test
    void bytesDoNotDependOnInsertionOrder() {
        Generated.forAll(40, random -> {
            List<GenFile> files = files(random);
            List<GenFile> shuffled = new ArrayList<>(files);
            Collections.shuffle(shuffled, new Random(random.nextLong()));
            assertArrayEquals(write(tree(files), 1_700_000_000L), write(tree(shuffled), 1_700_000_000L));
        });
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

    @Test
    void bytesDoNotDependOnTheUserRunningTheBuild() throws IOException {
        LayerTree tree = LayerTree.builder()
                .add(LayerEntry.file("long/" + "n".repeat(150), Content.ofBytes(new byte[] {1}), 0644, 0, 0, "t"))
                .add(LayerEntry.file("ümlaut", Content.ofBytes(new byte[] {2}), 0644, 3_000_000, 0, "t"))
                .build();
        String user = System.getProperty("user.name");
        try {
            System.setProperty("user.name", "alice");
            byte[] alice = write(tree, 0);
            System.setProperty("user.name", "bob");
            assertArrayEquals(alice, write(tree, 0), "PAX headers must not carry the user's name");
        } finally {
            System.setProperty("user.name", user);
        }
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
}
