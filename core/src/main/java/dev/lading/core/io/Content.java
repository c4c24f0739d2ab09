package dev.lading.core.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import dev.lading.core.model.Digest;

/**
 * Content that can be opened again and again, each time as a new independent stream; whoever opens a stream
 * closes it. The size is known up front because tar headers and descriptors need it before the bytes.
 */
public interface Content {
    InputStream open() throws IOException;

    long size();

    /**
     * Text that changes whenever the bytes may have changed (for a file: its path, size, modification time and
     * inode), so that work derived from unchanged content can be re-used; null when there is no cheap way to
     * tell, which disables re-use.
     */
    default String fingerprint() throws IOException {
        return null;
    }

    static Content ofFile(Path file, long size) {
        return new FileContent(file, size);
    }

    static Content ofBytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new Content() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(copy);
            }

            @Override
            public long size() {
                return copy.length;
            }

            @Override
            public String fingerprint() {
                return Digest.sha256(copy).toString();
            }

            @Override
            public String toString() {
                return copy.length + " bytes";
            }
        };
    }
}
