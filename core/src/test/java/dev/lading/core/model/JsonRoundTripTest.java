package dev.lading.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every model document survives bytes → value → bytes unchanged, so a re-read never changes a digest. */
class JsonRoundTripTest {
    private static Arbitrary<Digest> digests() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(Digest::sha256);
    }

    private static Arbitrary<Map<String, String>> annotations() {
        return Arbitraries.maps(Arbitraries.strings().alpha().numeric().withChars('.', '-').ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().ofMaxLength(30)).ofMaxSize(4);
    }

    private static Arbitrary<Platform> platforms() {
        return Arbitraries.of(Platform.SUPPORTED);
    }

    private static Arbitrary<Descriptor> descriptors() {
        return Combinators.combine(
                Arbitraries.of(MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_LAYER_GZIP),
                digests(), Arbitraries.longs().between(0, Long.MAX_VALUE / 2), annotations(),
                Arbitraries.oneOf(Arbitraries.just((Platform) null), platforms()))
                .as((type, digest, size, ann, platform) -> new Descriptor(type, null, digest, size, ann, platform));
    }

    @Provide
    Arbitrary<Manifest> manifests() {
        return Combinators.combine(descriptors(), descriptors().list().ofMaxSize(5), annotations())
                .as((config, layers, ann) -> new Manifest(MediaTypes.OCI_MANIFEST, config, layers, ann));
    }

    @Provide
    Arbitrary<Index> indexes() {
        return Combinators.combine(descriptors().list().ofMaxSize(8), annotations())
                .as((manifests, ann) -> new Index(MediaTypes.OCI_INDEX, manifests, ann));
    }

    @Provide
    Arbitrary<ConfigFile> configs() {
        Arbitrary<List<String>> words = Arbitraries.strings().ofMaxLength(12).list().ofMaxSize(3);
        Arbitrary<ContainerConfig> container = Combinators.combine(
                Arbitraries.strings().numeric().ofMaxLength(5), words, words, words,
                Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                        Arbitraries.strings().ofMaxLength(8)).ofMaxSize(3))
                .as((user, env, entrypoint, cmd, labels) -> new ContainerConfig(user.isEmpty() ? null : user,
                        Map.of("8080/tcp", Map.of()), env, entrypoint.isEmpty() ? null : entrypoint,
                        cmd.isEmpty() ? null : cmd, null, "/app", labels, null));
        return Combinators.combine(platforms(), container, digests().list().ofMaxSize(4))
                .as((platform, config, diffIds) -> new ConfigFile("1970-01-01T00:00:00Z", platform.architecture(),
                        platform.os(), platform.variant(), config, new ConfigFile.RootFs("layers", diffIds),
                        diffIds.stream().map(d -> new ConfigFile.History("1970-01-01T00:00:00Z", "lading", null, false))
                                .toList()));
    }

    @Property(tries = 200)
    void manifestsRoundTrip(@ForAll("manifests") Manifest manifest) throws IOException {
        assertRoundTrip(manifest, Manifest.class);
    }

    @Property(tries = 200)
    void indexesRoundTrip(@ForAll("indexes") Index index) throws IOException {
        assertRoundTrip(index, Index.class);
    }

    @Property(tries = 200)
    void configsRoundTrip(@ForAll("configs") ConfigFile config) throws IOException {
        assertRoundTrip(config, ConfigFile.class);
    }

    private static <T> void assertRoundTrip(T value, Class<T> type) throws IOException {
        byte[] bytes = Json.bytes(value);
        T parsed = Json.parse(bytes, type, "test");
        assertEquals(value, parsed);
        assertArrayEquals(bytes, Json.bytes(parsed));
    }
}
