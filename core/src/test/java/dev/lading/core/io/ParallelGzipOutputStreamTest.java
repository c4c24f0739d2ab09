package dev.lading.core.io;

import static dev.lading.core.io.GzipTestSupport.SMALL_BLOCK;
import static dev.lading.core.io.GzipTestSupport.gunzip;
import static dev.lading.core.io.GzipTestSupport.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ParallelGzipOutputStreamTest {
    private static final int[] EDGE_SIZES = {
        0, 1, SMALL_BLOCK - 1, SMALL_BLOCK, SMALL_BLOCK + 1, 2 * SMALL_BLOCK, 5 * SMALL_BLOCK + 7, 17 * SMALL_BLOCK
    };

    @Test
    void roundTripsEdgeSizesIdenticallyForAnyThreadCount() throws IOException {
        for (int size : EDGE_SIZES) {
            byte[] data = TestData.mixed(size, size);
            byte[] reference = gzip(data, 1, SMALL_BLOCK);
            assertArrayEquals(data, gunzip(reference), "size " + size);
            assertSingleMember(reference, data);
            for (int threads : new int[] {2, 8}) {
                assertArrayEquals(reference, gzip(data, threads, SMALL_BLOCK), size + " bytes, " + threads + " threads");
            }
        }
    }

    @Test
    void defaultBlockSizeRoundTripsAroundItsBoundaries() throws IOException {
        int block = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;
        for (int size : new int[] {block - 1, block, block + 1, 3 * block + 5}) {
            byte[] data = TestData.text(size, size);
            byte[] compressed = compressDefault(data, 2);
            assertArrayEquals(data, gunzip(compressed), "size " + size);
            assertSingleMember(compressed, data);
        }
    }

    @Test
    void tensOfMegabytesOfMixedDataRoundTripTheSameOnOneTwoAndEightThreads() throws IOException {
        byte[] data = TestData.mixed(42, 24 * 1024 * 1024 + 12345);
        byte[] reference = compressDefault(data, 1);
        assertArrayEquals(data, gunzip(reference));
        assertSingleMember(reference, data);
        assertArrayEquals(reference, compressDefault(data, 2));
        assertArrayEquals(reference, compressDefault(data, 8));
        assertTrue(reference.length < data.length, "mixed data should shrink: " + reference.length);
    }

    @Test
    void writePatternDoesNotChangeTheBytes() {
        byte[] data = TestData.mixed(7, 6 * SMALL_BLOCK + 999);
        byte[] reference = gzip(data, 2, SMALL_BLOCK);
        assertArrayEquals(reference, gzip(data, 2, SMALL_BLOCK, List.of(1)));
        assertArrayEquals(reference, gzip(data, 8, SMALL_BLOCK, List.of(3, 1, 4, 1, 5, 9, 2653)));
        assertArrayEquals(reference, gzip(data, 1, SMALL_BLOCK, List.of(SMALL_BLOCK - 1, SMALL_BLOCK + 1)));
    }

    @Test
    void flushWritesWhatIsReadyButDoesNotChangeTheBytes() throws IOException {
        byte[] data = TestData.text(3, 4 * SMALL_BLOCK + 10);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(sink, 6, 2, SMALL_BLOCK)) {
            for (int at = 0; at < data.length; at += 1000) {
                gzip.write(data, at, Math.min(1000, data.length - at));
                gzip.flush();
            }
        }
        assertArrayEquals(gzip(data, 2, SMALL_BLOCK), sink.toByteArray());
    }

    @Test
    void emptyInputIsAValidEmptyGzipWithAFixedHeader() throws IOException {
        byte[] compressed = gzip(new byte[0], 1, SMALL_BLOCK);
        assertArrayEquals(new byte[0], gunzip(compressed));
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255},
                Arrays.copyOf(compressed, 10));
        assertSingleMember(compressed, new byte[0]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 9})
    void extraFlagsFollowTheLevel(int level) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        new ParallelGzipOutputStream(sink, level, 1).close();
        assertEquals(level == 1 ? 4 : 2, sink.toByteArray()[8]);
        assertArrayEquals(new byte[0], gunzip(sink.toByteArray()));
    }

    @Test
    void finishCompletesTheMemberWithoutClosingOut() throws IOException {
        byte[] data = TestData.text(5, 100_000);
        CloseTrackingSink sink = new CloseTrackingSink();
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(sink, 6, 2, SMALL_BLOCK);
        gzip.write(data);
        gzip.finish();
        gzip.finish();
        assertFalse(sink.closed);
        assertArrayEquals(data, gunzip(sink.toByteArray()));
        assertThrows(IOException.class, () -> gzip.write(1));
        gzip.close();
        assertTrue(sink.closed);
        assertArrayEquals(data, gunzip(sink.toByteArray()), "close after finish must add nothing");
    }

    @Test
    void rejectsBadArguments() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThrows(IllegalArgumentException.class, () -> new ParallelGzipOutputStream(sink, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new ParallelGzipOutputStream(sink, 6, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new ParallelGzipOutputStream(sink, 6, 1, BlockDeflater.WINDOW - 1));
        assertEquals(0, sink.size(), "nothing is written for a rejected stream");
    }

    private static byte[] compressDefault(byte[] data, int threads) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream gzip = new ParallelGzipOutputStream(sink, 6, threads)) {
            gzip.write(data);
        }
        return sink.toByteArray();
    }

    /**
     * Checks the framing by hand: one deflate stream that ends exactly where the 8-byte trailer starts, and a
     * trailer with the input's CRC-32 and size. GZIPInputStream alone would also accept several members.
     */
    static void assertSingleMember(byte[] compressed, byte[] data) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed, 10, compressed.length - 10 - 8);
            byte[] inflated = new byte[data.length + 1];
            int n = 0;
            while (!inflater.finished()) {
                int got = inflater.inflate(inflated, n, inflated.length - n);
                n += got;
                assertTrue(got > 0 || inflater.finished(), "deflate data stops before its final block");
            }
            assertEquals(0, inflater.getRemaining(), "bytes between the deflate stream and the trailer");
            assertArrayEquals(data, Arrays.copyOf(inflated, n));
        } catch (DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        int at = compressed.length - 8;
        assertEquals((int) crc.getValue(), littleEndian(compressed, at), "CRC-32");
        assertEquals(data.length, littleEndian(compressed, at + 4), "ISIZE");
    }

    private static int littleEndian(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
