package dev.lading.core.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.io.TempFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Entry blobs: what goes in comes out, byte-identical blobs for the same files, and nothing hostile is written. */
class EntryArchiveTest {
    private static final String KEY = "0123abcd";

    @TempDir
    Path dir;

    private Path write(TempFiles.Writer writer, String name) throws IOException {
        Path blob = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(blob)) {
            writer.writeTo(out);
        }
        return blob;
    }

    private Path sources() throws IOException {
        Path files = dir.resolve("files");
        Files.createDirectories(files.resolve("lib"));
        Files.writeString(files.resolve("main.o"), "object bytes");
        Files.writeString(files.resolve("lib/tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(files.resolve("lib/tool"), PosixFilePermissions.fromString("rwxr-x---"));
        return files;
    }

    @Test
    void filesComeBackWithTheirBytesAndExecutableBit() throws IOException {
        Path files = sources();
        Path blob = write(EntryArchive.of(CacheKind.ZIG, KEY,
                Map.of("o/main.o", files.resolve("main.o"), "o/lib/tool", files.resolve("lib/tool"))), "blob");

        Map<String, byte[]> read = EntryArchive.read(blob, CacheKind.ZIG, KEY);
        assertEquals(Set.of("o/main.o", "o/lib/tool"), read.keySet());
        assertArrayEquals("object bytes".getBytes(StandardCharsets.UTF_8), read.get("o/main.o"));

        Path target = dir.resolve("target");
        assertEquals(2, EntryArchive.extract(blob, CacheKind.ZIG, KEY, target));
        assertEquals("object bytes", Files.readString(target.resolve("o/main.o")));
        assertEquals("#!/bin/sh\n", Files.readString(target.resolve("o/lib/tool")));
        assertTrue(Files.isExecutable(target.resolve("o/lib/tool")));
        assertFalse(Files.isExecutable(target.resolve("o/main.o")));
    }

    @Test
    void bytesComeBack() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.o", new byte[] {1, 2, 3});
        files.put("deps/a.d", "a.o: a.c\n".getBytes(StandardCharsets.UTF_8));
        files.put("empty", new byte[0]);
        files.put("long/" + "x".repeat(200) + ".o", new byte[] {9});
        Path blob = write(EntryArchive.ofBytes(CacheKind.COMPILE, KEY, files), "blob");

        Map<String, byte[]> read = EntryArchive.read(blob, CacheKind.COMPILE, KEY);
        assertEquals(files.keySet(), read.keySet());
        files.forEach((name, bytes) -> assertArrayEquals(bytes, read.get(name), name));
    }

    @Test
    void theSameFilesMakeTheSameBlobWhateverTheirTimesAndOrder() throws IOException {
        Path files = sources();
        Map<String, Path> named = new LinkedHashMap<>();
        named.put("main.o", files.resolve("main.o"));
        named.put("lib/tool", files.resolve("lib/tool"));
        byte[] first = Files.readAllBytes(write(EntryArchive.of(CacheKind.ZIG, KEY, named), "first"));
        Files.setLastModifiedTime(files.resolve("main.o"), java.nio.file.attribute.FileTime.fromMillis(0));
        byte[] again = Files.readAllBytes(write(EntryArchive.of(CacheKind.ZIG, KEY, new TreeMap<>(named)),
                "again"));
        assertArrayEquals(first, again);

        Map<String, byte[]> bytes = Map.of("a", new byte[] {1}, "b", new byte[] {2});
        assertArrayEquals(Files.readAllBytes(write(EntryArchive.ofBytes(CacheKind.COMPILE, KEY, bytes), "c")),
                Files.readAllBytes(write(EntryArchive.ofBytes(CacheKind.COMPILE, KEY, new TreeMap<>(bytes)), "d")));
    }

    @Test
    void anEntryIsReadOnlyAsTheKindAndKeyItWasWrittenFor() throws IOException {
        Path blob = write(EntryArchive.ofBytes(CacheKind.COMPILE, KEY, Map.of("a.o", new byte[] {1})), "blob");

        assertThrows(IOException.class, () -> EntryArchive.read(blob, CacheKind.ZIG, KEY));
        assertThrows(IOException.class, () -> EntryArchive.read(blob, CacheKind.COMPILE, KEY + "0"));
        assertThrows(IOException.class, () -> EntryArchive.read(blob, CacheKind.COMPILE, "0123abc"));
        assertThrows(IOException.class, () -> EntryArchive.extract(blob, CacheKind.COMPILE, "other", dir.resolve("t")));
        assertFalse(Files.exists(dir.resolve("t").resolve("a.o")));
    }

    private interface Members {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    /** A tar as a hostile or broken producer would write it, gzip-compressed. */
    private Path hostile(boolean label, Members members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            if (label) {
                file(tar, ".lading-entry", ("zig\n" + KEY).getBytes(StandardCharsets.UTF_8));
            }
            members.write(tar);
            tar.finish();
        }
        Path blob = dir.resolve("hostile");
        Files.write(blob, bytes.toByteArray());
        return blob;
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, byte flag, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, flag, true);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private void refused(Path blob) throws IOException {
        Path target = dir.resolve("area").resolve("target");
        Files.createDirectories(target);
        assertThrows(IOException.class, () -> EntryArchive.read(blob, CacheKind.ZIG, KEY));
        assertThrows(IOException.class, () -> EntryArchive.extract(blob, CacheKind.ZIG, KEY, target));
        try (Stream<Path> written = Files.walk(dir.resolve("area"))) {
            List<Path> files = written.filter(path -> !Files.isDirectory(path)
                    && !path.startsWith(target.resolve("ok"))).toList();
            assertEquals(List.of(), files, "nothing outside what the entry may write");
        }
        assertFalse(Files.exists(dir.resolve("escaped")));
        assertFalse(Files.exists(Path.of("/tmp/lading-escaped-" + KEY)));
    }

    @Test
    void aParentMemberIsRefused() throws IOException {
        refused(hostile(true, tar -> {
            file(tar, "ok/first", new byte[] {1});
            file(tar, "../escaped", new byte[] {2});
        }));
        refused(hostile(true, tar -> file(tar, "ok/../../../escaped", new byte[] {2})));
    }

    @Test
    void anAbsoluteMemberIsRefused() throws IOException {
        refused(hostile(true, tar -> file(tar, "/tmp/lading-escaped-" + KEY, new byte[] {2})));
    }

    @ParameterizedTest
    @ValueSource(bytes = {TarConstants.LF_SYMLINK, TarConstants.LF_LINK, TarConstants.LF_CHR, TarConstants.LF_FIFO})
    void aLinkOrDeviceMemberIsRefused(byte flag) throws IOException {
        refused(hostile(true, tar -> link(tar, "ok-link", flag, "../../escaped")));
        refused(hostile(true, tar -> {
            link(tar, "link", flag, "/etc/passwd");
            file(tar, "link", new byte[] {2});
        }));
    }

    @Test
    void aDirectoryMemberIsRefused() throws IOException {
        refused(hostile(true, tar -> {
            TarArchiveEntry entry = new TarArchiveEntry("sub/", true);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        }));
    }

    @Test
    void aMemberBeforeTheLabelIsRefused() throws IOException {
        refused(hostile(false, tar -> {
            file(tar, "first", new byte[] {1});
            file(tar, ".lading-entry", ("zig\n" + KEY).getBytes(StandardCharsets.UTF_8));
        }));
    }

    @Test
    void aLabelWithMoreAfterItsKeyIsRefused() throws IOException {
        refused(hostile(false, tar -> file(tar, ".lading-entry", ("zig\n" + KEY + "0").getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aBlobThatIsNotGzipOrNotTarIsRefused() throws IOException {
        Path blob = dir.resolve("hostile");
        Files.writeString(blob, "not gzip at all");
        refused(blob);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write("gzip but no tar inside, long enough to be read as a header? no".repeat(20)
                    .getBytes(StandardCharsets.UTF_8));
        }
        Files.write(blob, gzipped.toByteArray());
        refused(blob);
        Files.write(blob, new byte[0]);
        refused(blob);
    }

    @Test
    void extractLeavesAnExistingFileAsItIs() throws IOException {
        Path blob = write(EntryArchive.ofBytes(CacheKind.ZIG, KEY,
                Map.of("a/one", new byte[] {1}, "a/two", new byte[] {2})), "blob");
        Path target = dir.resolve("target");
        Files.createDirectories(target.resolve("a"));
        Files.writeString(target.resolve("a/one"), "already here");

        assertEquals(1, EntryArchive.extract(blob, CacheKind.ZIG, KEY, target));
        assertEquals("already here", Files.readString(target.resolve("a/one")));
        assertArrayEquals(new byte[] {2}, Files.readAllBytes(target.resolve("a/two")));
        assertEquals(0, EntryArchive.extract(blob, CacheKind.ZIG, KEY, target), "nothing left to write");
        try (Stream<Path> files = Files.list(target.resolve("a"))) {
            assertEquals(2, files.count(), "no temporary file left beside them");
        }
    }
}
