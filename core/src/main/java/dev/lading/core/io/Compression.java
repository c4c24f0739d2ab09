package dev.lading.core.io;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.lading.core.InputException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * How a layer's bytes are compressed. Every variant's output depends only on the bytes written: not on the
 * thread count, the write-call pattern or flush calls, so a layer's digest is reproducible on any machine.
 */
public enum Compression {
    NONE("") {
        /** Returns {@code out} itself. */
        @Override
        public OutputStream wrap(OutputStream out, int threads) {
            return out;
        }

        @Override
        public InputStream unwrap(InputStream in) {
            return in;
        }
    },
    GZIP(".gz") {
        /** A {@link ParallelGzipOutputStream} at level {@value #GZIP_LEVEL} on {@code threads} threads. */
        @Override
        public OutputStream wrap(OutputStream out, int threads) throws IOException {
            return new ParallelGzipOutputStream(out, GZIP_LEVEL, threads);
        }

        @Override
        public InputStream unwrap(InputStream in) throws IOException {
            return new GZIPInputStream(in, 1 << 16);
        }
    },
    ZSTD(".zst") {
        /**
         * A zstd frame at level {@value #ZSTD_LEVEL}, without content checksum, in zstd's multi-threaded
         * format whatever {@code threads} is: its output is the same for any worker count of 1 or more.
         */
        @Override
        public OutputStream wrap(OutputStream out, int threads) throws IOException {
            checkThreads(threads);
            ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out);
            zstd.setLevel(ZSTD_LEVEL);
            zstd.setChecksum(false);
            zstd.setWorkers(threads);
            return new UnflushedOutputStream(zstd, out);
        }

        @Override
        public InputStream unwrap(InputStream in) throws IOException {
            return new ZstdInputStreamNoFinalizer(in);
        }
    };

    public static final int GZIP_LEVEL = 6;
    public static final int ZSTD_LEVEL = 3;

    private final String fileExtension;

    Compression(String fileExtension) {
        this.fileExtension = fileExtension;
    }

    /**
     * A stream that compresses into {@code out}. Its {@code close()} finishes the compressed stream AND closes
     * {@code out}; its {@code flush()} never changes the compressed bytes.
     *
     * @param threads compression threads, at least 1
     */
    public abstract OutputStream wrap(OutputStream out, int threads) throws IOException;

    /** A stream of what {@code in} holds compressed this way; closing it closes {@code in}. */
    public abstract InputStream unwrap(InputStream in) throws IOException;

    /** The file name suffix, with its dot, such as {@code .gz}; empty for {@link #NONE}. */
    public String fileExtension() {
        return fileExtension;
    }

    /** Parses {@code gzip}, {@code zstd}, {@code none} or {@code uncompressed}, ignoring case. */
    public static Compression parse(String text) {
        String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "gzip" -> GZIP;
            case "zstd" -> ZSTD;
            case "none", "uncompressed" -> NONE;
            default -> throw new InputException("unknown compression '" + text + "': expected one of "
                    + Arrays.stream(values()).map(Compression::canonicalName).collect(Collectors.joining(", "))
                    + " (or uncompressed)");
        };
    }

    /** The name {@link #parse} accepts first for this variant. */
    public String canonicalName() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static void checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
    }

    /**
     * Passes writes and close to the compressor but turns {@code flush()} into a flush of the sink alone: a
     * zstd flush would end a block and so make the output depend on when the caller flushed.
     */
    private static final class UnflushedOutputStream extends FilterOutputStream {
        private final OutputStream sink;

        UnflushedOutputStream(OutputStream compressor, OutputStream sink) {
            super(compressor);
            this.sink = sink;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            sink.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
