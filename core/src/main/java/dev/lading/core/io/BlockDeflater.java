package dev.lading.core.io;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.Deflater;

/**
 * Compresses one block of a parallel gzip stream into raw deflate data that can be concatenated with its
 * neighbours. Deflaters are pooled because each one holds a few hundred KiB of native zlib state, and
 * creating one per block would cost more than reusing it.
 */
class BlockDeflater implements AutoCloseable {
    /** The deflate window: how far back a match may reach, so how much input primes the next block. */
    static final int WINDOW = 32 * 1024;

    private final int level;
    private final Queue<Deflater> idle = new ConcurrentLinkedQueue<>();

    BlockDeflater(int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("deflate level must be 0 to 9, not " + level);
        }
        this.level = level;
    }

    int level() {
        return level;
    }

    /**
     * @param data     the block's input, {@code length} bytes from index 0
     * @param previous the previous block (full, so its last {@link #WINDOW} bytes are the input just before
     *                 this one), or null for the first block
     * @param last     true for the final block, which ends the deflate stream; the others end with a sync
     *                 flush so the next block starts on a byte boundary
     */
    CompressedBlock deflate(byte[] data, int length, byte[] previous, boolean last) {
        Deflater deflater = idle.poll();
        if (deflater == null) {
            deflater = new Deflater(level, true);
        }
        try {
            if (previous != null) {
                deflater.setDictionary(previous, previous.length - WINDOW, WINDOW);
            }
            deflater.setInput(data, 0, length);
            if (last) {
                deflater.finish();
            }
            return drain(deflater, length, last);
        } finally {
            deflater.reset();
            idle.add(deflater);
        }
    }

    private static CompressedBlock drain(Deflater deflater, int length, boolean last) {
        // zlib's deflateBound plus room for the empty stored block a sync flush appends; grown if ever short.
        byte[] buffer = new byte[length + (length >>> 12) + (length >>> 14) + 64];
        int written = 0;
        int flush = last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
        while (true) {
            if (written == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int space = buffer.length - written;
            int n = deflater.deflate(buffer, written, space, flush);
            written += n;
            // A sync flush is complete when it did not fill the space it was given; a finish when zlib says so.
            if (last ? deflater.finished() : n < space) {
                return new CompressedBlock(buffer, written);
            }
        }
    }

    /** Frees the native state of the idle deflaters; call once no block is being compressed any more. */
    @Override
    public void close() {
        for (Deflater deflater; (deflater = idle.poll()) != null; ) {
            deflater.end();
        }
    }

    /** Deflate output: the first {@code length} bytes of {@code bytes}. */
    record CompressedBlock(byte[] bytes, int length) {
    }
}
