package dev.lading.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures {@link ParallelGzipOutputStream} throughput; a tool run by hand, not a test. For each file given,
 * for each block size and thread count, it prints MB/s of input (best of a few runs) and the output size, for
 * the bare stream and for the layer pipeline (SHA-256 of the input, gzip, SHA-256 of the output). The words
 * {@code text} and {@code random} stand for generated data. System properties {@code runs}, {@code mib},
 * {@code blocks} (KiB, comma-separated) and {@code threads} narrow the run.
 *
 * <pre>java -cp core/target/test-classes:core/target/classes dev.lading.core.io.GzipThroughputProbe text random FILE...</pre>
 */
public final class GzipThroughputProbe {
    private static final int RUNS = Integer.getInteger("runs", 3);
    private static final int GENERATED_MIB = Integer.getInteger("mib", 128);
    private static final int WRITE_CHUNK = 64 * 1024;
    private static final int[] BLOCK_KIB = ints(System.getProperty("blocks", "128,256,1024"));
    private static final int[] THREADS = ints(System.getProperty("threads", "1,2"));

    private GzipThroughputProbe() {
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            byte[] data = load(arg);
            System.out.printf(Locale.ROOT, "%s: %.1f MB%n", arg, data.length / 1e6);
            for (int blockKib : BLOCK_KIB) {
                for (int threads : THREADS) {
                    Run bare = best(data, threads, blockKib * 1024, false);
                    Run layer = best(data, threads, blockKib * 1024, true);
                    System.out.printf(Locale.ROOT,
                            "  block %4d KiB, %d thread(s): %6.1f MB/s gzip (%.2f cores busy),"
                                    + " %6.1f MB/s with both SHA-256 (%.2f cores), %d bytes (%.2f%%)%n",
                            blockKib, threads, bare.megabytesPerSecond(data.length), bare.cores(),
                            layer.megabytesPerSecond(data.length), layer.cores(), bare.compressedSize(),
                            100.0 * bare.compressedSize() / data.length);
                }
            }
        }
    }

    /**
     * Reads the file, or for {@code text} and {@code random} generates {@value #GENERATED_MIB} MiB and saves it
     * under the temporary directory, so command-line tools can be timed on the same bytes.
     */
    private static byte[] load(String arg) throws IOException {
        int size = GENERATED_MIB * 1024 * 1024;
        byte[] generated = switch (arg) {
            case "text" -> TestData.text(1, size);
            case "random" -> TestData.random(2, size);
            default -> null;
        };
        if (generated == null) {
            return Files.readAllBytes(Path.of(arg));
        }
        Path saved = Path.of(System.getProperty("java.io.tmpdir"), "lading-probe-" + arg + ".bin");
        Files.write(saved, generated);
        System.out.println("saved " + saved);
        return generated;
    }

    /** One compression: wall time, the process's CPU time over it, and the output size. */
    private record Run(long nanos, long cpuNanos, long compressedSize) {
        double megabytesPerSecond(long bytes) {
            return bytes / 1e6 / (nanos / 1e9);
        }

        /** CPU time over wall time: how many cores the run kept busy. */
        double cores() {
            return (double) cpuNanos / nanos;
        }
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Run best(byte[] data, int threads, int blockSize, boolean digests) throws IOException {
        Run best = null;
        for (int i = 0; i < RUNS; i++) {
            Run run = once(data, threads, blockSize, digests);
            if (best == null || run.nanos() < best.nanos()) {
                best = run;
            }
        }
        return best;
    }

    private static Run once(byte[] data, int threads, int blockSize, boolean digests) throws IOException {
        CountingStream counter = new CountingStream();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        OutputStream sink = digests ? new DigestOutputStream(counter, sha256()) : counter;
        MessageDigest input = sha256();
        try (OutputStream gzip = new ParallelGzipOutputStream(sink, 6, threads, blockSize)) {
            for (int at = 0; at < data.length; at += WRITE_CHUNK) {
                int n = Math.min(WRITE_CHUNK, data.length - at);
                if (digests) {
                    input.update(data, at, n);
                }
                gzip.write(data, at, n);
            }
        }
        long nanos = System.nanoTime() - start;
        return new Run(nanos, processCpuNanos() - cpuStart, counter.count);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
