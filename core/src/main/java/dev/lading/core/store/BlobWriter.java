package dev.lading.core.store;

import dev.lading.core.io.DigestingOutputStream;
import dev.lading.core.io.TempFiles;
import dev.lading.core.model.Digest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Streams one blob into a temporary file beside its final place, hashing and counting as it goes.
 * {@link #commit} moves it under its digest atomically, replacing a file already there unless that one is
 * stamped as verified: what was just hashed is known right, what was there may have been damaged. Closing
 * without commit leaves nothing behind, even when the close itself fails (a full disk fails the last flush).
 */
public final class BlobWriter extends OutputStream {
    private final Path directory;
    private final Path temp;
    /** Null for a layout that keeps no stamps. */
    private final BlobStamps stamps;
    private final DigestingOutputStream digesting;
    private boolean closed;
    private Result result;

    /** What was written: its digest and size. */
    public record Result(Digest digest, long size) {
    }

    BlobWriter(Path directory, BlobStamps stamps) throws IOException {
        this.directory = directory;
        this.stamps = stamps;
        this.temp = TempFiles.createFile(directory, "");
        try {
            this.digesting = new DigestingOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    @Override
    public void write(int b) throws IOException {
        digesting.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        digesting.write(b, off, len);
    }

    /**
     * Finishes the blob and stores it under its digest.
     *
     * @param expected the digest the caller computed elsewhere, or null; a mismatch is an error and nothing is stored
     */
    public Result commit(Digest expected) throws IOException {
        if (result != null) {
            return result;
        }
        closeFile();
        Digest digest = digesting.digest();
        if (expected != null && !expected.equals(digest)) {
            Files.deleteIfExists(temp);
            throw new DigestMismatchException(temp.toString(), expected, digest);
        }
        Path target = directory.resolve(digest.hex());
        if (stamps != null && Files.isRegularFile(target) && stamps.matches(digest, target)) {
            Files.delete(temp);
        } else {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (stamps != null) {
                stamps.record(digest, BlobStamps.of(target));
            }
        }
        result = new Result(digest, digesting.count());
        return result;
    }

    /** Drops the blob unless it was committed. */
    @Override
    public void close() throws IOException {
        if (result == null) {
            try {
                closeFile();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    private void closeFile() throws IOException {
        if (!closed) {
            closed = true;
            digesting.close();
        }
    }
}
