package dev.lading.core.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Compresses with {@link ParallelGzipOutputStream} in a chosen write pattern, and decompresses with the JDK. */
final class GzipTestSupport {
    static final int SMALL_BLOCK = BlockDeflater.WINDOW;

    private GzipTestSupport() {
    }

    /** Compresses {@code data} written as one array. */
    static byte[] gzip(byte[] data, int threads, int blockSize) {
        return gzip(data, threads, blockSize, List.of(Math.max(1, data.length)));
    }

    /**
     * Compresses {@code data} written in chunks of the given sizes, cycled; a chunk size of 1 is written with
     * {@code write(int)}.
     */
    static byte[] gzip(byte[] data, int threads, int blockSize, List<Integer> chunks) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream gzip = new ParallelGzipOutputStream(sink, 6, threads, blockSize)) {
            writeInChunks(gzip, data, chunks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.toByteArray();
    }

    static void writeInChunks(OutputStream out, byte[] data, List<Integer> chunks) throws IOException {
        int at = 0;
        for (int i = 0; at < data.length; i++) {
            int n = Math.min(chunks.get(i % chunks.size()), data.length - at);
            if (n == 1) {
                out.write(data[at]);
            } else {
                out.write(data, at, n);
            }
            at += n;
        }
    }

    static byte[] gunzip(byte[] compressed) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }
}
