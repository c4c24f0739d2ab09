package dev.lading.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.lading.core.testing.Generated;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every model document survives bytes → value → bytes unchanged, so a re-read never changes a digest; and the
 * model's own field-by-field JSON ({@link ModelJson}) writes and reads exactly what Jackson's data binding does with
 * the records' annotations, which still serve where the values sit inside other documents.
 */
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
                Generated.oneOf(random, null, "", MediaTypes.ATTESTATION_MANIFEST), digest(random),
                random.nextLong(0, Long.MAX_VALUE / 2), annotations(random),
                random.nextBoolean() ? null : Generated.oneOf(random, Platform.SUPPORTED));
    }

    private static String text(SplittableRandom random) {
        return Generated.oneOf(random, null, "", Generated.string(random, "ab \"\\é日\n/", 1, 12));
    }

    private static Map<String, Map<String, Object>> objects(SplittableRandom random) {
        Map<String, Map<String, Object>> map = new LinkedHashMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            Map<String, Object> value = new LinkedHashMap<>();
            if (random.nextInt(4) == 0) {
                value.put("z", List.of("a", 1L, true));
                value.put("a", Map.of("n", "v"));
            }
            map.put(Generated.string(random, "0123/tcpudp", 1, 10), value);
        }
        return random.nextInt(4) == 0 ? null : map;
    }

    private static List<String> words(SplittableRandom random) {
        return Generated.list(random, 0, 3, r -> Generated.string(r, "abc -=/日", 0, 12));
    }

    private static ConfigFile config(SplittableRandom random) {
        Platform platform = Generated.oneOf(random, Platform.SUPPORTED);
        List<String> entrypoint = words(random);
        List<String> cmd = words(random);
        ContainerConfig container = new ContainerConfig(random.nextBoolean() ? null : "65532:65532",
                objects(random), words(random), entrypoint.isEmpty() ? null : entrypoint,
                cmd.isEmpty() ? null : cmd, objects(random), text(random), annotations(random), text(random));
        List<Digest> diffIds = Generated.list(random, 0, 4, JsonRoundTripTest::digest);
        return new ConfigFile(Generated.oneOf(random, null, "1970-01-01T00:00:00Z"), platform.architecture(),
                platform.os(), platform.variant(), random.nextInt(5) == 0 ? null : container,
                new ConfigFile.RootFs("layers", diffIds),
                diffIds.stream().map(d -> new ConfigFile.History(text(random), text(random), text(random),
                        random.nextBoolean())).toList());
    }

    @Test
    void manifestsRoundTrip() {
        Generated.forAll(TRIES, random -> assertRoundTrip(new Manifest(MediaTypes.OCI_MANIFEST, descriptor(random),
                Generated.list(random, 0, 5, JsonRoundTripTest::descriptor), annotations(random)), Manifest.class));
    }

    @Test
    void manifestsWithSubjectAndArtifactTypeRoundTrip() {
        Generated.forAll(TRIES, random -> assertRoundTrip(new Manifest(2,
                Generated.oneOf(random, null, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST),
                Generated.oneOf(random, null, "", MediaTypes.ATTESTATION_MANIFEST), descriptor(random),
                Generated.list(random, 0, 3, JsonRoundTripTest::descriptor),
                random.nextBoolean() ? null : descriptor(random), annotations(random)), Manifest.class));
    }

    @Test
    void indexesRoundTrip() {
        Generated.forAll(TRIES, random -> assertRoundTrip(new Index(MediaTypes.OCI_INDEX,
                Generated.list(random, 0, 8, JsonRoundTripTest::descriptor), annotations(random)), Index.class));
        Generated.forAll(TRIES, random -> assertRoundTrip(new Index(2,
                Generated.oneOf(random, null, MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST),
                Generated.oneOf(random, null, "", "application/vnd.example+json"),
                Generated.list(random, 0, 3, JsonRoundTripTest::descriptor),
                random.nextBoolean() ? null : descriptor(random), annotations(random)), Index.class));
    }

    @Test
    void descriptorsAndPlatformsRoundTrip() {
        Generated.forAll(TRIES, random -> assertRoundTrip(descriptor(random), Descriptor.class));
        Generated.forAll(TRIES, random -> assertRoundTrip(Generated.oneOf(random, Platform.SUPPORTED), Platform.class));
    }

    @Test
    void configsRoundTrip() {
        Generated.forAll(TRIES, random -> assertRoundTrip(config(random), ConfigFile.class));
    }

    private static <T> void assertRoundTrip(T value, Class<T> type) throws IOException {
        byte[] bytes = Json.bytes(value);
        assertArrayEquals(Json.mapper().writeValueAsBytes(value), bytes, () -> new String(bytes, UTF_8));
        T parsed = Json.parse(bytes, type, "test");
        assertEquals(Json.mapper().readValue(bytes, type), parsed);
        assertEquals(normalized(value, type), parsed);
        assertArrayEquals(bytes, Json.bytes(parsed));
    }

    /** The value as JSON can hold it: an empty string or list and an absent one are written alike. */
    private static <T> T normalized(T value, Class<T> type) throws IOException {
        return Json.mapper().readValue(Json.mapper().writeValueAsBytes(value), type);
    }
}
