package dev.lading.core.io;

import static dev.lading.core.io.GzipTestSupport.SMALL_BLOCK;
import static dev.lading.core.io.GzipTestSupport.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The real GNU gzip must accept every stream and give back exactly the input. */
class GzipToolTest {

    @Test
    void gnuGzipAcceptsEdgeSizes() throws Exception {
        for (int size : new int[] {0, 1, SMALL_BLOCK - 1, SMALL_BLOCK, SMALL_BLOCK + 1, 9 * SMALL_BLOCK + 3}) {
            byte[] data = TestData.mixed(size + 1, size);
            assertGnuGzipRestores(data, gzip(data, 2, SMALL_BLOCK, List.of(777, 1, SMALL_BLOCK)));
        }
    }

    @Test
    void gnuGzipAcceptsTensOfMegabytesAtTheDefaultBlockSize() throws Exception {
        byte[] data = TestData.mixed(2024, 20 * 1024 * 1024 + 1);
        assertGnuGzipRestores(data, gzip(data, 2, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE));
    }

    static void assertGnuGzipRestores(byte[] data, byte[] compressed) throws Exception {
        Processes.Result test = Processes.run(compressed, "gzip", "-t");
        assertEquals(0, test.exitCode(), "gzip -t: " + test.stderr());
        assertEquals("", test.stderr(), "gzip -t must not warn");
        Processes.Result decompressed = Processes.run(compressed, "gzip", "-dc");
        assertEquals(0, decompressed.exitCode(), "gzip -dc: " + decompressed.stderr());
        assertArrayEquals(data, decompressed.stdout());
    }
}
