package dev.lading.core.io;

import dev.lading.core.model.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Passes bytes through while taking their SHA-256 and counting them: one pass gives content, digest and size. */
public final class DigestingOutputStream extends FilterOutputStream {
    private final MessageDigest sha256 = Digest.newSha256();
    private long count;

    public DigestingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        count += len;
    }

    /** The digest of everything written so far; call once, after the last write. */
    public Digest digest() {
        return Digest.ofSha256(sha256.digest());
    }

    public long count() {
        return count;
    }

    /** The SHA-256 of what the stream holds, read to its end; the caller closes it. */
    public static Digest sha256(InputStream in) throws IOException {
        DigestingOutputStream sink = new DigestingOutputStream(OutputStream.nullOutputStream());
        in.transferTo(sink);
        return sink.digest();
    }
}
