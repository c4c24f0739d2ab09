package dev.lading.core.store;

import dev.lading.core.io.DigestingOutputStream;
import dev.lading.core.model.Digest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Streams one blob into a temporary file beside its final place, hashing and counting as it goes.
 * {@link #commit} moves it under its digest atomically; a blob that is already there is done and the copy is
 * dropped. Closing without commit leaves nothing behind.
 */
public final class BlobWriter extends OutputStream {
    private final Path directory;
    private final Path temp;
    private final DigestingOutputStream digesting;
    private boolean closed;
    private Result result;

    /** What was written: its digest and size. */
    public record Result(Digest digest, long size) {
    }

    BlobWriter(Path directory) throws IOException {
        this.directory = directory;
        this.temp = Files.createTempFile(directory, ".tmp-", "");
        this.digesting = new DigestingOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16));
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
        if (Files.exists(target)) {
            Files.delete(temp);
        } else {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        result = new Result(digest, digesting.count());
        return result;
    }

    /** Drops the blob unless it was committed. */
    @Override
    public void close() throws IOException {
        if (result == null) {
            closeFile();
            Files.deleteIfExists(temp);
        }
    }

    private void closeFile() throws IOException {
        if (!closed) {
            closed = true;
            digesting.close();
        }
    }
}
