package dev.lading.core.elf;

import dev.lading.core.io.Content;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads byte ranges of a {@link Content} on one forward stream, reopening it only to go back. Skipping a file
 * stream seeks, so an ELF check reads the few ranges the headers point to and never the whole file.
 */
final class ContentRanges implements Closeable {
    private final Content content;
    private InputStream in;
    private long position;

    ContentRanges(Content content) {
        this.content = content;
    }

    long size() {
        return content.size();
    }

    /** Reads {@code length} bytes at {@code offset}; {@code what} names them if they lie outside the content. */
    ByteBuffer read(long offset, int length, String what) throws IOException, MalformedElfException {
        check(offset, length, what);
        if (in == null || offset < position) {
            close();
            in = new BufferedInputStream(content.open());
            position = 0;
        }
        in.skipNBytes(offset - position);
        byte[] bytes = in.readNBytes(length);
        position = offset + bytes.length;
        if (bytes.length < length) {
            throw new EOFException(content + " is shorter than its size of " + content.size() + " bytes");
        }
        return ByteBuffer.wrap(bytes);
    }

    /** Refuses a range that does not lie within the content; offsets read from a header may be anything. */
    void check(long offset, long length, String what) throws MalformedElfException {
        long size = content.size();
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new MalformedElfException("the file has " + size + " bytes, too few for " + what + " ("
                    + Long.toUnsignedString(length) + " bytes at offset " + Long.toUnsignedString(offset) + ")");
        }
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
            in = null;
        }
    }
}
