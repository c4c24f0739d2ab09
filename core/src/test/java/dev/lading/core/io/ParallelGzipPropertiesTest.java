package dev.lading.core.io;

import static dev.lading.core.io.GzipTestSupport.SMALL_BLOCK;
import static dev.lading.core.io.GzipTestSupport.gunzip;
import static dev.lading.core.io.GzipTestSupport.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ParallelGzipPropertiesTest {

    @Property(tries = 60)
    void anyInputWrittenAnyWayRoundTripsToTheSameBytes(
            @ForAll("sizes") int size,
            @ForAll long seed,
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 3 * SMALL_BLOCK) Integer> chunks,
            @ForAll("threads") int threads) throws IOException {
        byte[] data = TestData.mixed(seed, size);
        byte[] reference = gzip(data, 1, SMALL_BLOCK);
        byte[] compressed = gzip(data, threads, SMALL_BLOCK, chunks);
        assertArrayEquals(reference, compressed);
        assertArrayEquals(data, gunzip(compressed));
    }

    @Provide
    Arbitrary<Integer> sizes() {
        // Edge cases around block boundaries are weighted in, beside arbitrary sizes up to eight blocks.
        return Arbitraries.oneOf(
                Arbitraries.of(0, 1, SMALL_BLOCK - 1, SMALL_BLOCK, SMALL_BLOCK + 1, 3 * SMALL_BLOCK),
                Arbitraries.integers().between(0, 8 * SMALL_BLOCK));
    }

    @Provide
    Arbitrary<Integer> threads() {
        return Arbitraries.of(1, 2, 3, 8);
    }
}
