package dev.lading.core.store;

import dev.lading.core.model.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What the store saw of each blob when it last hashed it whole: size, modification and change times and file
 * key (device and inode), one small file per blob. While a blob still shows the same, nothing can have written to
 * it since (the change time cannot be set back without changing the clock), so it need not be hashed again.
 * Stamps are written in place rather than renamed into place: a torn or mixed write only fails to match, which
 * costs one hash, never a wrong answer.
 */
final class BlobStamps {
    private final Path directory;

    BlobStamps(Path directory) {
        this.directory = directory;
    }

    /** The stamp of a file as it is now. */
    static String of(Path blob) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(blob, BasicFileAttributes.class);
        Object changed;
        try {
            changed = Files.getAttribute(blob, "unix:ctime");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            changed = "-";
        }
        return attributes.size() + "|" + attributes.lastModifiedTime().toInstant() + "|" + changed + "|"
                + attributes.fileKey();
    }

    boolean matches(Digest digest, Path blob) throws IOException {
        try {
            return new String(Files.readAllBytes(file(digest)), StandardCharsets.UTF_8).equals(of(blob));
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Remembers {@code stamp}, taken of the blob before it was hashed and found right. */
    void record(Digest digest, String stamp) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(file(digest), stamp);
    }

    void forget(Digest digest) throws IOException {
        Files.deleteIfExists(file(digest));
    }

    private Path file(Digest digest) {
        return directory.resolve(digest.hex());
    }
}
