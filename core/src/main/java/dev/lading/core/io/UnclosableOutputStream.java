package dev.lading.core.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Lets a wrapping stream (tar, gzip) finish without closing what is behind it, when the caller still has
 * to read a digest from that stream or commit it. {@code close()} only flushes.
 */
public final class UnclosableOutputStream extends FilterOutputStream {
    public UnclosableOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
