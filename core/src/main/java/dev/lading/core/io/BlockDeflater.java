package dev.lading.core.io;

import java.util.Arrays;
import java.util.List;
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

    /**
     * Order-0 entropy, in bits per byte, above which a block is stored rather than searched for matches: random
     * or already-compressed bytes (archives, media) measure 7.998 over a full block, and deflate at any level
     * wins nothing on them while spending most of its time on the search.
     */
    static final double STORE_ABOVE_BITS = 7.99;
    /** Shorter blocks measure lower entropy by chance, so they are always compressed. */
    static final int STORE_MIN_LENGTH = 64 * 1024;

    private final int level;
    private final Queue<Deflater> idle = new ConcurrentLinkedQueue<>();
    private final Queue<Deflater> idleStored = new ConcurrentLinkedQueue<>();

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
        // decided by the block's bytes alone, so the output stays the same for any thread count
        boolean store = level > 0 && length >= STORE_MIN_LENGTH && entropy(data, length) > STORE_ABOVE_BITS;
        Queue<Deflater> pool = store ? idleStored : idle;
        Deflater deflater = pool.poll();
        if (deflater == null) {
            deflater = new Deflater(store ? Deflater.NO_COMPRESSION : level, true);
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
            pool.add(deflater);
        }
    }

    /** Shannon entropy of the bytes' frequencies, in bits per byte (8 for uniformly random bytes). */
    static double entropy(byte[] data, int length) {
        int[] counts = new int[256];
        for (int i = 0; i < length; i++) {
            counts[data[i] & 0xff]++;
        }
        double bits = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / length;
                bits -= p * Math.log(p);
            }
        }
        return bits / Math.log(2);
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
        for (Queue<Deflater> pool : List.of(idle, idleStored)) {
            for (Deflater deflater; (deflater = pool.poll()) != null; ) {
                deflater.end();
            }
        }
    }

    /** Deflate output: the first {@code length} bytes of {@code bytes}. */
    record CompressedBlock(byte[] bytes, int length) {
    }
}
