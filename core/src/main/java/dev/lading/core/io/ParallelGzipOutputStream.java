package dev.lading.core.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * A gzip stream that deflates on several threads, the way pigz does: the input is cut into fixed-size blocks,
 * each block is deflated on its own with the 32 KiB of input before it as the dictionary, and the pieces are
 * written in order as one gzip member. Non-final blocks end with a sync flush, which byte-aligns them, so the
 * pieces concatenate into a single valid deflate stream; the caller's thread computes the CRC-32.
 *
 * <p>The output depends only on the bytes written, the level and the block size: not on the thread count, nor
 * on how the bytes were split into {@code write} calls, nor on {@link #flush()} calls (which never cut a block).
 * The header is fixed (no name, mtime 0, OS 255 "unknown") so the output does not depend on the machine either.
 *
 * <p>Memory is bounded: at most {@code 2 × threads} blocks are compressed or waiting to be written at once;
 * {@code write} blocks on the oldest one when the limit is reached.
 *
 * <p>Threads: each stream owns a pool of {@code threads} daemon threads named {@code lading-gzip-…}. They
 * stop when the stream is finished, closed or fails, and idle ones also time out, so a stream that is dropped
 * without being closed leaves no thread behind for long and never keeps the JVM alive.
 *
 * <p>Failures, whether from a worker or from {@code out}, surface as an {@link IOException} from the
 * {@code write}, {@code flush}, {@link #finish()} or {@link #close()} call that meets them; after one, every
 * further call fails too. Not thread-safe: one thread writes.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    /**
     * pigz's 128 KiB. Measured on 2 cores at level 6, 256 KiB and 1 MiB blocks were no
     * faster and only 0.01–0.03% smaller, while small blocks keep both threads busy on small layers (a 1 MiB
     * layer is 8 blocks) and keep less in memory.
     */
    public static final int DEFAULT_BLOCK_SIZE = 128 * 1024;
    public static final int DEFAULT_LEVEL = 6;

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int METHOD_DEFLATE = 8;
    private static final int OS_UNKNOWN = 255;
    private static final long IDLE_THREAD_SECONDS = 30;
    private static final AtomicLong STREAMS = new AtomicLong();

    private enum State { OPEN, FINISHED, FAILED }

    private final OutputStream out;
    private final int blockSize;
    private final int maxInFlight;
    private final BlockDeflater deflater;
    private final ThreadPoolExecutor workers;
    private final Deque<Future<BlockDeflater.CompressedBlock>> inFlight = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private long size;
    private byte[] block;
    private int fill;
    /** The last block handed to the workers; its tail primes the next block. */
    private byte[] previous;
    private State state = State.OPEN;
    private IOException failure;
    private boolean closed;

    /**
     * Writes the gzip header to {@code out} at once.
     *
     * @param level   deflate level, 0 to 9
     * @param threads compression threads, at least 1
     */
    public ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
        this(out, level, threads, DEFAULT_BLOCK_SIZE);
    }

    /** With a chosen block size, at least the 32 KiB deflate window, for tests and measurements. */
    ParallelGzipOutputStream(OutputStream out, int level, int threads, int blockSize) throws IOException {
        this(out, new BlockDeflater(level), threads, blockSize);
    }

    /** With the block compressor given, so tests can make a worker fail. */
    ParallelGzipOutputStream(OutputStream out, BlockDeflater deflater, int threads, int blockSize)
            throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        if (blockSize < BlockDeflater.WINDOW) {
            throw new IllegalArgumentException("block size must be at least " + BlockDeflater.WINDOW);
        }
        this.blockSize = blockSize;
        this.maxInFlight = 2 * threads;
        this.block = new byte[blockSize];
        out.write(header(deflater.level()));
        this.deflater = deflater;
        this.workers = daemonPool(threads);
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (fill == blockSize) {
            submit(false);
        }
        block[fill++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            // A full block is sent only once more input arrives, so the last block is always the final one.
            if (fill == blockSize) {
                submit(false);
            }
            int n = Math.min(len, blockSize - fill);
            System.arraycopy(b, off, block, fill, n);
            fill += n;
            off += n;
            len -= n;
        }
    }

    /** Writes the blocks already compressed and flushes {@code out}; never cuts a block, so output is unchanged. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        try {
            writeCompleted(Integer.MAX_VALUE);
            out.flush();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /**
     * Completes the gzip member (last block, CRC-32 and size trailer) without closing {@code out}, and stops
     * the threads. Further writes fail; calling it again does nothing.
     */
    public void finish() throws IOException {
        if (state == State.FINISHED) {
            return;
        }
        ensureOpen();
        submit(true);
        try {
            writeCompleted(0);
            out.write(trailer());
        } catch (IOException e) {
            throw fail(e);
        }
        state = State.FINISHED;
        stopWorkers(false);
    }

    /** Finishes the gzip member, if that has not been done, and closes {@code out} in any case. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException error = null;
        try {
            if (state == State.FAILED) {
                error = failedEarlier();
            } else {
                finish();
            }
        } catch (IOException e) {
            error = e;
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                if (error == null) {
                    error = e;
                } else {
                    error.addSuppressed(e);
                }
            }
        }
        if (error != null) {
            throw error;
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] data = block;
        int length = fill;
        byte[] dictionary = previous;
        crc.update(data, 0, length);
        size += length;
        inFlight.add(workers.submit(() -> deflater.deflate(data, length, dictionary, last)));
        previous = data;
        block = last ? null : new byte[blockSize];
        fill = 0;
        try {
            writeCompleted(maxInFlight);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Writes finished blocks in order: all that are done, and more, waiting, until fewer than limit remain. */
    private void writeCompleted(int limit) throws IOException {
        while (!inFlight.isEmpty() && (inFlight.size() >= limit || inFlight.peek().isDone())) {
            BlockDeflater.CompressedBlock compressed = await(inFlight.poll());
            out.write(compressed.bytes(), 0, compressed.length());
        }
    }

    private static BlockDeflater.CompressedBlock await(Future<BlockDeflater.CompressedBlock> future)
            throws IOException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IOException("gzip compression failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for gzip compression");
        }
    }

    private void ensureOpen() throws IOException {
        if (state == State.FAILED) {
            throw failedEarlier();
        }
        if (state == State.FINISHED) {
            throw new IOException("gzip stream already finished");
        }
    }

    /** A new exception each time: rethrowing the first one could make it suppress itself in try-with-resources. */
    private IOException failedEarlier() {
        return new IOException("gzip stream failed earlier: " + failure.getMessage(), failure);
    }

    private IOException fail(IOException e) {
        if (state != State.FAILED) {
            state = State.FAILED;
            failure = e;
            inFlight.forEach(future -> future.cancel(false));
            inFlight.clear();
            stopWorkers(true);
        }
        return e;
    }

    /**
     * Stops the threads and, once no block is being compressed, frees the deflaters. Running blocks are short
     * CPU work, so waiting for them is brief.
     */
    private void stopWorkers(boolean discard) {
        if (discard) {
            workers.shutdownNow();
        } else {
            workers.shutdown();
        }
        boolean interrupted = false;
        try {
            if (workers.awaitTermination(1, TimeUnit.MINUTES)) {
                deflater.close();
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] header(int level) {
        // XFL as gzip and zlib set it: 2 for the slowest level, 4 for the fastest.
        int extraFlags = level == 9 ? 2 : level == 1 ? 4 : 0;
        return new byte[] {
            (byte) GZIP_MAGIC_1, (byte) GZIP_MAGIC_2, METHOD_DEFLATE, 0, 0, 0, 0, 0, (byte) extraFlags,
            (byte) OS_UNKNOWN
        };
    }

    private byte[] trailer() {
        long checksum = crc.getValue();
        return new byte[] {
            (byte) checksum, (byte) (checksum >>> 8), (byte) (checksum >>> 16), (byte) (checksum >>> 24),
            (byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)
        };
    }

    private static ThreadPoolExecutor daemonPool(int threads) {
        long stream = STREAMS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "lading-gzip-" + stream + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
