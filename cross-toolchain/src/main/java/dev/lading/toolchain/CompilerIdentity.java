package dev.lading.toolchain;

import dev.lading.core.io.TempFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a compiler is, without where it is installed: its version and, for each of its programs, the GNU build id
 * of the real binary, or a SHA-256 of the binary where it has none. Two machines with the same compiler installed
 * in different places give the same identity; a rebuilt compiler of the same version does not. The SHA-256 of a
 * binary is remembered by its path, size and modification time in {@code compiler-hashes} in the cache directory,
 * so a build reads a large compiler once, not every time.
 */
final class CompilerIdentity {
    private static final int PT_NOTE = 4;
    private static final int NT_GNU_BUILD_ID = 3;

    private CompilerIdentity() {
    }

    /** The toolchain's identity: kind, version and the build id (or hash) of each program. */
    static String of(Toolchain toolchain, Path cacheDirectory) throws IOException {
        StringBuilder text = new StringBuilder(toolchain.name());
        for (Path program : toolchain.programs()) {
            text.append(' ').append(binaryIdentity(program.toRealPath(), cacheDirectory.resolve("compiler-hashes")));
        }
        return text.toString();
    }

    /** {@code build-id:HEX}, else {@code sha256:HEX} of the file. */
    static String binaryIdentity(Path binary, Path hashFile) throws IOException {
        Optional<String> buildId = buildId(binary);
        return buildId.isPresent() ? "build-id:" + buildId.get() : "sha256:" + rememberedHash(binary, hashFile);
    }

    /** The GNU build id note of an ELF file; empty when the file is no ELF or has none. */
    static Optional<String> buildId(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer header = read(channel, 0, 64);
            if (header.remaining() < 52 || header.getInt(0) != 0x7f454c46) {
                return Optional.empty();
            }
            boolean wide = header.get(4) == 2;
            header.order(header.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long phoff = wide ? header.getLong(32) : Integer.toUnsignedLong(header.getInt(28));
            int phentsize = Short.toUnsignedInt(header.getShort(wide ? 54 : 42));
            int phnum = Short.toUnsignedInt(header.getShort(wide ? 56 : 44));
            for (int i = 0; i < phnum; i++) {
                ByteBuffer ph = read(channel, phoff + (long) i * phentsize, phentsize).order(header.order());
                if (ph.remaining() < (wide ? 56 : 32) || ph.getInt(0) != PT_NOTE) {
                    continue;
                }
                long offset = wide ? ph.getLong(8) : Integer.toUnsignedLong(ph.getInt(4));
                long size = wide ? ph.getLong(32) : Integer.toUnsignedLong(ph.getInt(16));
                Optional<String> id = buildIdNote(read(channel, offset, (int) Math.min(size, 1 << 16))
                        .order(header.order()));
                if (id.isPresent()) {
                    return id;
                }
            }
            return Optional.empty();
        }
    }

    private static Optional<String> buildIdNote(ByteBuffer notes) {
        while (notes.remaining() >= 12) {
            int nameSize = notes.getInt();
            int descSize = notes.getInt();
            int type = notes.getInt();
            int nameSpace = align(nameSize);
            int descSpace = align(descSize);
            if (nameSize < 0 || descSize < 0 || nameSpace + descSpace > notes.remaining()) {
                return Optional.empty();
            }
            byte[] name = new byte[nameSize];
            notes.get(name);
            notes.position(notes.position() + nameSpace - nameSize);
            byte[] desc = new byte[descSize];
            notes.get(desc);
            notes.position(notes.position() + descSpace - descSize);
            if (type == NT_GNU_BUILD_ID && new String(name, StandardCharsets.US_ASCII).equals("GNU\0")
                    && descSize > 0) {
                return Optional.of(HexFormat.of().formatHex(desc));
            }
        }
        return Optional.empty();
    }

    private static int align(int size) {
        return (size + 3) & ~3;
    }

    private static ByteBuffer read(FileChannel channel, long position, int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(0, size));
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
            // reads until full or the end of the file
        }
        return buffer.flip();
    }

    /** The SHA-256 of a file, read again only when its size or modification time changed. */
    private static synchronized String rememberedHash(Path binary, Path hashFile) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(binary, BasicFileAttributes.class);
        String stamp = attributes.size() + " " + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + " "
                + binary;
        Map<String, String> known = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(hashFile, StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ", 2);
                if (fields.length == 2) {
                    known.put(fields[1], fields[0]);
                }
            }
        } catch (NoSuchFileException e) {
            // nothing remembered yet
        }
        String hash = known.get(stamp);
        if (hash != null) {
            return hash;
        }
        hash = FileHashes.sha256(binary);
        known.entrySet().removeIf(entry -> entry.getKey().endsWith(" " + binary));
        known.put(stamp, hash);
        List<String> lines = new ArrayList<>();
        known.forEach((key, value) -> lines.add(value + " " + key));
        Files.createDirectories(hashFile.getParent());
        TempFiles.writeAtomically(hashFile, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        return hash;
    }
}
