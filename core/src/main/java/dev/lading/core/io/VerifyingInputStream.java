package dev.lading.core.io;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.store.DigestMismatchException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Reads content that a descriptor names and fails at the end, rather than hand on bad bytes silently, when the
 * stream is longer or shorter than the descriptor's size or hashes to another digest.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final Descriptor expected;
    private final String source;
    private final MessageDigest sha256 = Digest.newSha256();
    private long count;
    private boolean verified;

    /** @param source where the bytes come from, for the error message */
    public VerifyingInputStream(InputStream in, Descriptor expected, String source) {
        super(in);
        this.expected = expected;
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            verify();
            return -1;
        }
        sha256.update(buffer, offset, n);
        count += n;
        if (count > expected.size()) {
            throw new IOException(source + ": " + expected.digest() + " is longer than its size " + expected.size());
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping would leave bytes unhashed; read them instead
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void verify() throws IOException {
        if (verified) {
            return;
        }
        verified = true;
        if (count != expected.size()) {
            throw new IOException(source + ": " + expected.digest() + " ended after " + count + " bytes, its size is "
                    + expected.size());
        }
        Digest actual = Digest.ofSha256(sha256.digest());
        if (!actual.equals(expected.digest())) {
            throw new DigestMismatchException(source, expected.digest(), actual);
        }
    }
}
