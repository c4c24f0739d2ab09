package dev.lading.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdInputStream;
import dev.lading.core.InputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionTest {
    private static final byte[] MIXED = TestData.mixed(11, 6 * 1024 * 1024 + 17);

    @ParameterizedTest
    @CsvSource({"gzip, GZIP", "GZip, GZIP", "zstd, ZSTD", " zstd , ZSTD", "none, NONE", "uncompressed, NONE"})
    void parsesKnownNames(String text, Compression expected) {
        assertEquals(expected, Compression.parse(text));
    }

    @Test
    void unknownNameIsAnInputErrorListingTheValidOnes() {
        InputException error = assertThrows(InputException.class, () -> Compression.parse("bzip2"));
        for (String valid : List.of("'bzip2'", "gzip", "zstd", "none", "uncompressed")) {
            assertTrue(error.getMessage().contains(valid), error.getMessage());
        }
        assertThrows(InputException.class, () -> Compression.parse(null));
    }

    @Test
    void fileExtensions() {
        assertEquals("", Compression.NONE.fileExtension());
        assertEquals(".gz", Compression.GZIP.fileExtension());
        assertEquals(".zst", Compression.ZSTD.fileExtension());
    }

    @Test
    void noneIsTheStreamItself() throws IOException {
        OutputStream out = new ByteArrayOutputStream();
        assertSame(out, Compression.NONE.wrap(out, 2));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void closeFinishesTheStreamAndClosesOut(Compression compression) throws Exception {
        CloseTrackingSink sink = new CloseTrackingSink();
        try (OutputStream out = compression.wrap(sink, 2)) {
            out.write(MIXED);
        }
        assertTrue(sink.closed, "close must close out");
        assertArrayEquals(MIXED, decompress(compression, sink.toByteArray()));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void emptyInputIsAValidEmptyStream(Compression compression) throws Exception {
        byte[] compressed = compress(compression, new byte[0], 1, List.of(1));
        assertTrue(compressed.length > 0, "an empty stream still has framing");
        assertArrayEquals(new byte[0], decompress(compression, compressed));
        assertArrayEquals(new byte[0], realTool(compression, compressed));
    }

    @Test
    void gzipIsLevelSixSoItMatchesTheStreamDirectly() throws IOException {
        ByteArrayOutputStream direct = new ByteArrayOutputStream();
        try (OutputStream out = new ParallelGzipOutputStream(direct, 6, 1)) {
            out.write(MIXED);
        }
        assertArrayEquals(direct.toByteArray(), compress(Compression.GZIP, MIXED, 2, List.of(MIXED.length)));
    }

    @Test
    void zstdRoundTripsThroughZstdJniAndTheZstdTool() throws Exception {
        byte[] compressed = compress(Compression.ZSTD, MIXED, 2, List.of(65_537));
        assertTrue(compressed.length < MIXED.length);
        assertArrayEquals(MIXED, decompress(Compression.ZSTD, compressed));
        assertArrayEquals(MIXED, realTool(Compression.ZSTD, compressed));
    }

    /**
     * Measured, not assumed: zstd's multi-threaded format gives the same bytes for any worker count of 1 or
     * more, and the write pattern and flush calls do not matter either.
     */
    @Test
    void zstdIsDeterministicAcrossWorkerCountsWritesAndFlushes() throws IOException {
        byte[] data = TestData.mixed(12, 24 * 1024 * 1024 + 5);
        byte[] reference = compress(Compression.ZSTD, data, 1, List.of(data.length));
        assertArrayEquals(reference, compress(Compression.ZSTD, data, 2, List.of(1_000_003, 1, 17)));
        assertArrayEquals(reference, compress(Compression.ZSTD, data, 8, List.of(8192)));
        assertArrayEquals(reference, compressFlushingOften(Compression.ZSTD, data));
    }

    @Test
    void gzipThroughTheEnumIsDeterministicAcrossThreadsAndFlushes() throws IOException {
        byte[] reference = compress(Compression.GZIP, MIXED, 1, List.of(MIXED.length));
        assertArrayEquals(reference, compress(Compression.GZIP, MIXED, 8, List.of(4099, 1)));
        assertArrayEquals(reference, compressFlushingOften(Compression.GZIP, MIXED));
    }

    /**
     * Layer digests must not drift: these pin the exact bytes for a fixed input. A change here means every
     * image built before gets a new digest (a zlib or zstd-jni upgrade can do this; so can a format slip).
     */
    @ParameterizedTest
    @CsvSource({
        "GZIP, 504b01a82135718278e2dc48cf4adbe49976376ca7ebeeb97b92bd6e85855535",
        "ZSTD, f30b85c3f33c5ad60b98b5a21d9b107bce945620e936f8fc06c234b95ff4b169",
        "NONE, d587d37b1ac4a6227b2a97c641b8616d3334345475dfc35f014c21ee9ba62639"
    })
    void outputBytesArePinned(Compression compression, String expected) throws Exception {
        byte[] compressed = compress(compression, MIXED, 2, List.of(MIXED.length));
        assertEquals(expected, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(compressed)));
    }

    @Test
    void rejectsFewerThanOneThread() {
        assertThrows(IllegalArgumentException.class,
                () -> Compression.ZSTD.wrap(OutputStream.nullOutputStream(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> Compression.GZIP.wrap(OutputStream.nullOutputStream(), 0));
    }

    private static byte[] compress(Compression compression, byte[] data, int threads, List<Integer> chunks)
            throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = compression.wrap(sink, threads)) {
            GzipTestSupport.writeInChunks(out, data, chunks);
        }
        return sink.toByteArray();
    }

    private static byte[] compressFlushingOften(Compression compression, byte[] data) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = compression.wrap(sink, 2)) {
            for (int at = 0; at < data.length; at += 100_000) {
                out.write(data, at, Math.min(100_000, data.length - at));
                out.flush();
            }
        }
        return sink.toByteArray();
    }

    private static byte[] decompress(Compression compression, byte[] compressed) throws IOException {
        return switch (compression) {
            case NONE -> compressed;
            case GZIP -> GzipTestSupport.gunzip(compressed);
            case ZSTD -> {
                try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(compressed))) {
                    yield in.readAllBytes();
                }
            }
        };
    }

    private static byte[] realTool(Compression compression, byte[] compressed) throws Exception {
        String tool = compression == Compression.ZSTD ? "zstd" : "gzip";
        Processes.Result result = Processes.run(compressed, tool, "-dc");
        assertEquals(0, result.exitCode(), tool + " -dc: " + result.stderr());
        return result.stdout();
    }
}
