package dev.lading.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.testing.Generated;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every model document survives bytes → value → bytes unchanged, so a re-read never changes a digest. */
class JsonRoundTripTest {
    private static final int TRIES = 200;

    private static Digest digest(SplittableRandom random) {
        return Digest.sha256(Generated.bytes(random, 16));
    }

    private static Map<String, String> annotations(SplittableRandom random) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            map.put(Generated.string(random, "abcXYZ019.-", 1, 20), Generated.string(random, "ab \"\\é日\n", 0, 30));
        }
        return map;
    }

    private static Descriptor descriptor(SplittableRandom random) {
        return new Descriptor(
                Generated.oneOf(random, MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_LAYER_GZIP),
                null, digest(random), random.nextLong(0, Long.MAX_VALUE / 2), annotations(random),
                random.nextBoolean() ? null : Generated.oneOf(random, Platform.SUPPORTED));
    }

    private static List<String> words(SplittableRandom random) {
        return Generated.list(random, 0, 3, r -> Generated.string(r, "abc -=/日", 0, 12));
    }

    private static ConfigFile config(SplittableRandom random) {
        Platform platform = Generated.oneOf(random, Platform.SUPPORTED);
        List<String> entrypoint = words(random);
        List<String> cmd = words(random);
        ContainerConfig container = new ContainerConfig(random.nextBoolean() ? null : "65532:65532",
                Map.of("8080/tcp", Map.of()), words(random), entrypoint.isEmpty() ? null : entrypoint,
                cmd.isEmpty() ? null : cmd, null, "/app", annotations(random), null);
        List<Digest> diffIds = Generated.list(random, 0, 4, JsonRoundTripTest::digest);
        return new ConfigFile("1970-01-01T00:00:00Z", platform.architecture(), platform.os(), platform.variant(),
                container, new ConfigFile.RootFs("layers", diffIds),
                diffIds.stream().map(d -> new ConfigFile.History("1970-01-01T00:00:00Z", "lading", null, false)).toList());
    }

    @Test
    void manifestsRoundTrip() {
        Generated.forAll(TRIES, random -> assertRoundTrip(new Manifest(MediaTypes.OCI_MANIFEST, descriptor(random),
                Generated.list(random, 0, 5, JsonRoundTripTest::descriptor), annotations(random)), Manifest.class));
    }

    @Test
    void indexesRoundTrip() {
        Generated.forAll(TRIES, random -> assertRoundTrip(new Index(MediaTypes.OCI_INDEX,
                Generated.list(random, 0, 8, JsonRoundTripTest::descriptor), annotations(random)), Index.class));
    }

    @Test
    void configsRoundTrip() {
        Generated.forAll(TRIES, random -> assertRoundTrip(config(random), ConfigFile.class));
    }

    private static <T> void assertRoundTrip(T value, Class<T> type) throws IOException {
        byte[] bytes = Json.bytes(value);
        T parsed = Json.parse(bytes, type, "test");
        assertEquals(value, parsed);
        assertArrayEquals(bytes, Json.bytes(parsed));
    }
}
