package dev.lading.core.io;

import static dev.lading.core.io.GzipTestSupport.SMALL_BLOCK;
import static dev.lading.core.io.GzipTestSupport.gunzip;
import static dev.lading.core.io.GzipTestSupport.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.lading.core.testing.Generated;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelGzipPropertiesTest {

    @Test
    void anyInputWrittenAnyWayRoundTripsToTheSameBytes() {
        Generated.forAll(60, random -> {
            // Edge cases around block boundaries are weighted in, beside arbitrary sizes up to eight blocks.
            int size = random.nextBoolean()
                    ? Generated.oneOf(random, 0, 1, SMALL_BLOCK - 1, SMALL_BLOCK, SMALL_BLOCK + 1, 3 * SMALL_BLOCK)
                    : random.nextInt(0, 8 * SMALL_BLOCK + 1);
            List<Integer> chunks = Generated.list(random, 1, 6, r -> r.nextInt(1, 3 * SMALL_BLOCK + 1));
            int threads = Generated.oneOf(random, 1, 2, 3, 8);
            byte[] data = TestData.mixed(random.nextLong(), size);
            byte[] reference = gzip(data, 1, SMALL_BLOCK);
            byte[] compressed = gzip(data, threads, SMALL_BLOCK, chunks);
            assertArrayEquals(reference, compressed);
            assertArrayEquals(data, gunzip(compressed));
        });
    }
}
