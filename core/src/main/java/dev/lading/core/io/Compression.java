package dev.lading.core.io;

import java.io.IOException;
import java.io.OutputStream;

/** Placeholder replaced by the compression work on the gzip branch. */
public enum Compression {
    NONE, GZIP, ZSTD;

    public OutputStream wrap(OutputStream out, int threads) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new java.util.zip.GZIPOutputStream(out, 1 << 16);
            case ZSTD -> new com.github.luben.zstd.ZstdOutputStream(out, 3);
        };
    }
}
