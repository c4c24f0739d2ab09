package dev.lading.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Random blocks are stored without a match search; everything else is still deflated. */
class IncompressibleBlocksTest {
    private static byte[] gzip(byte[] data, int threads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, 6, threads)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    @Test
    void entropyTellsRandomFromText() {
        byte[] random = new byte[128 * 1024];
        new Random(1).nextBytes(random);
        assertTrue(BlockDeflater.entropy(random, random.length) > BlockDeflater.STORE_ABOVE_BITS);
        byte[] text = "the quick brown fox jumps over the lazy dog 0123456789\n".repeat(3000)
                .getBytes(StandardCharsets.US_ASCII);
        assertTrue(BlockDeflater.entropy(text, text.length) < 5);
    }

    @Test
    void randomDataIsStoredAndTextIsCompressedInOneStream() throws IOException {
        byte[] random = new byte[3 << 20];
        new Random(2).nextBytes(random);
        byte[] text = "line of a log file, with some words that repeat; ".repeat(40_000)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] mixed = new byte[random.length + text.length];
        System.arraycopy(random, 0, mixed, 0, random.length);
        System.arraycopy(text, 0, mixed, random.length, text.length);

        byte[] compressed = gzip(mixed, 2);
        assertArrayEquals(mixed, gunzip(compressed), "a valid gzip stream of the same bytes");
        assertArrayEquals(compressed, gzip(mixed, 1), "the choice depends on the bytes, not the threads");
        // stored blocks cost 5 bytes per 64 KiB; the text half must still shrink to a few KiB
        long bound = random.length + random.length / 65535 * 5 + 64 * 1024;
        assertTrue(compressed.length < bound, compressed.length + " bytes for " + mixed.length);
        assertTrue(compressed.length > random.length, "random bytes cannot shrink");
    }
}
