package dev.lading.toolchain;

import dev.lading.core.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The SHA-256 of files, each read once per build: a file is hashed again only when its size or modification time
 * changed since. Every compile of a platform reads the same headers; this keeps checking them cheap.
 */
final class FileHashes {
    private record Known(long size, long modifiedNanos, String sha256) {
    }

    private final Map<Path, Known> known = new ConcurrentHashMap<>();

    /** The file's SHA-256 in hex; empty when it does not exist or is no regular file. */
    Optional<String> hash(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        Known entry = known.get(file);
        if (entry == null || entry.size() != attributes.size() || entry.modifiedNanos() != modified) {
            entry = new Known(attributes.size(), modified, sha256(file));
            known.put(file, entry);
        }
        return Optional.of(entry.sha256());
    }

    /** A file's SHA-256 in hex, read whole. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = Digest.newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
