package dev.lading.core.cache;

import dev.lading.core.io.TempFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The blob of a compile or zig entry ({@link CacheArtifact#ENTRY_TYPE}): a gzip-compressed tar whose first file,
 * {@code .lading-entry}, names the entry's kind and key, then regular files only, with no times, owners or other
 * modes than 0644 and 0755, so the same files always make the same blob. An entry is read only when it names the
 * kind and key it was found by, and extracted only below the directory it is meant for.
 */
public final class EntryArchive {
    private static final String LABEL = ".lading-entry";
    /** More than any object file or zig cache file; a bigger member is damage, not content. */
    private static final long MAX_MEMBER = 1L << 30;

    private EntryArchive() {
    }

    /**
     * Writes the named files (names relative, with {@code /}), in the order of their names whatever the map's; an
     * executable file keeps its x bit.
     */
    public static TempFiles.Writer of(CacheKind kind, String key, Map<String, Path> files) {
        return out -> {
            Map<String, Member> members = new TreeMap<>();
            for (Map.Entry<String, Path> file : files.entrySet()) {
                Path path = file.getValue();
                members.put(file.getKey(), new Member(Files.size(path), Files.isExecutable(path),
                        sink -> Files.copy(path, sink)));
            }
            write(out, kind, key, members);
        };
    }

    /** Writes named contents held in memory, in the order of their names. */
    public static TempFiles.Writer ofBytes(CacheKind kind, String key, Map<String, byte[]> files) {
        return out -> {
            Map<String, Member> members = new TreeMap<>();
            files.forEach((name, bytes) -> members.put(name, new Member(bytes.length, false, sink -> sink.write(bytes))));
            write(out, kind, key, members);
        };
    }

    private static void write(OutputStream out, CacheKind kind, String key, Map<String, Member> members)
            throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        byte[] label = label(kind, key);
        member(tar, LABEL, new Member(label.length, false, sink -> sink.write(label)));
        for (Map.Entry<String, Member> member : members.entrySet()) {
            member(tar, member.getKey(), member.getValue());
        }
        tar.finish();
        gzip.finish();
    }

    /** A small entry's files, whole; an IOException when it is not the entry of that kind and key. */
    public static Map<String, byte[]> read(Path blob, CacheKind kind, String key) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = open(blob, kind, key)) {
            TarArchiveEntry member;
            while ((member = tar.getNextTarEntry()) != null) {
                files.put(checkedName(member, blob), tar.readAllBytes());
            }
        }
        return files;
    }

    /** The names of the entry's files, without reading them; an IOException as for {@link #read}. */
    public static List<String> names(Path blob, CacheKind kind, String key) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = open(blob, kind, key)) {
            TarArchiveEntry member;
            while ((member = tar.getNextTarEntry()) != null) {
                names.add(checkedName(member, blob));
            }
        }
        return names;
    }

    /**
     * Puts the entry's files below {@code directory}, each written beside its place and renamed into it; a file
     * already there is left as it is (zig's cache files never change once written).
     *
     * @return how many files were written
     */
    public static int extract(Path blob, CacheKind kind, String key, Path directory) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        int written = 0;
        try (TarArchiveInputStream tar = open(blob, kind, key)) {
            TarArchiveEntry member;
            while ((member = tar.getNextTarEntry()) != null) {
                Path target = root.resolve(checkedName(member, blob)).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new IOException("cache entry " + blob.getFileName() + " names a file outside its directory: "
                            + member.getName());
                }
                if (Files.exists(target)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Path temp = TempFiles.createFile(target.getParent(), "");
                try {
                    Files.copy(tar, temp, StandardCopyOption.REPLACE_EXISTING);
                    if ((member.getMode() & 0100) != 0) {
                        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                    written++;
                } catch (FileAlreadyExistsException e) {
                    // another run put it there first
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        }
        return written;
    }

    private static TarArchiveInputStream open(Path blob, CacheKind kind, String key) throws IOException {
        InputStream file = Files.newInputStream(blob);
        InputStream in;
        try {
            in = new GZIPInputStream(new BufferedInputStream(file, 1 << 16), 1 << 16);
        } catch (IOException | RuntimeException e) {
            // not gzip: the constructor read the header and failed, leaving the file open
            file.close();
            throw new IOException("cache entry " + blob.getFileName() + " is not gzip-compressed: " + e.getMessage(), e);
        }
        TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
        try {
            TarArchiveEntry first = tar.getNextTarEntry();
            byte[] expected = label(kind, key);
            if (first == null || !first.getName().equals(LABEL) || first.getSize() != expected.length
                    || !java.util.Arrays.equals(tar.readNBytes(expected.length + 1), expected)) {
                throw new IOException("cache entry " + blob.getFileName() + " is not the " + kind + " entry it was"
                        + " found as");
            }
            return tar;
        } catch (IOException | RuntimeException e) {
            tar.close();
            throw e instanceof IOException io ? io : new IOException("cache entry " + blob.getFileName()
                    + " is not a tar: " + e.getMessage(), e);
        }
    }

    private static String checkedName(TarArchiveEntry member, Path blob) throws IOException {
        String name = member.getName();
        // isFile() holds for links, devices and fifos too: only the two regular-file flags are files here
        byte flag = member.getLinkFlag();
        if ((flag != TarConstants.LF_NORMAL && flag != TarConstants.LF_OLDNORM) || name.isEmpty() || name.startsWith("/") || member.getSize() > MAX_MEMBER
                || java.util.Arrays.asList(name.split("/")).contains("..")) {
            throw new IOException("cache entry " + blob.getFileName() + " holds a member lading never writes: "
                    + name);
        }
        return name;
    }

    private static byte[] label(CacheKind kind, String key) {
        return (kind + "\n" + key).getBytes(StandardCharsets.UTF_8);
    }

    /** A file to be written: its size, whether it is executable, and its bytes. */
    private record Member(long size, boolean executable, TempFiles.Writer content) {
    }

    private static void member(TarArchiveOutputStream tar, String name, Member member) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(member.size());
        entry.setMode(member.executable() ? 0100755 : 0100644);
        entry.setModTime(0);
        tar.putArchiveEntry(entry);
        member.content().writeTo(tar);
        tar.closeArchiveEntry();
    }
}
