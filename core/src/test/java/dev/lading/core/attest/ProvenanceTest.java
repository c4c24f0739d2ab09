package dev.lading.core.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lading.core.testing.Generated;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
    @Test
    void theSubjectIsThePlatformManifestNamedByPurl() throws IOException {
        JsonNode statement = Facts.json(Provenance.statement(Facts.build(), Facts.image()));
        assertEquals("https://in-toto.io/Statement/v1", statement.get("_type").asText());
        assertEquals("https://slsa.dev/provenance/v1", statement.get("predicateType").asText());
        JsonNode subject = statement.get("subject");
        assertEquals(1, subject.size());
        assertEquals("pkg:docker/registry.example/cats/hk@v1?platform=linux%2Farm64", subject.get(0).get("name").asText());
        assertEquals(Facts.MANIFEST.digest().hex(), subject.get(0).get("digest").get("sha256").asText());
    }

    @Test
    void parametersNameTheBuildFileThePlatformAndTheToolchain() throws IOException {
        JsonNode definition = Facts.json(Provenance.statement(Facts.build(), Facts.image())).at("/predicate/buildDefinition");
        assertEquals("https://lading.dev/build/v1", definition.get("buildType").asText());
        JsonNode external = definition.get("externalParameters");
        assertEquals("app/lading.yaml", external.get("buildFile").asText());
        assertEquals("linux/arm64", external.get("platform").asText());
        assertEquals("[\"registry.example/cats/hk:v1\"]", external.get("tags").toString());
        assertEquals("[\"oci\"]", external.get("outputs").toString());
        JsonNode internal = definition.get("internalParameters");
        assertEquals(1_700_000_000L, internal.get("SOURCE_DATE_EPOCH").asLong());
        JsonNode toolchain = internal.get("toolchain");
        assertEquals("zig", toolchain.get("kind").asText());
        assertEquals("0.14.0", toolchain.get("version").asText());
        assertEquals("aarch64-linux-musl", toolchain.get("target").asText());
        assertEquals("[\"-target\",\"aarch64-linux-musl\"]", toolchain.get("compileFlags").toString());
        assertEquals("[\"-Wl,--build-id=sha1\"]", toolchain.get("linkFlags").toString());
    }

    @Test
    void materialsAreTheBuildFileTheSourcesOnceEachAndTheBase() throws IOException {
        JsonNode materials = Facts.json(Provenance.statement(Facts.build(), Facts.image()))
                .at("/predicate/buildDefinition/resolvedDependencies");
        List<String> names = new ArrayList<>();
        materials.forEach(m -> names.add(m.has("name") ? m.get("name").asText() : m.get("uri").asText()));
        assertEquals(List.of("lading.yaml", "etc/app.conf", "include/util.h", "main.c",
                "pkg:docker/busybox@1.36?platform=linux%2Farm64"), names);
        assertEquals(Facts.checksums("build file").sha256(), materials.get(0).get("digest").get("sha256").asText());
        assertEquals(Facts.checksums("a=1").sha256(), materials.get(1).get("digest").get("sha256").asText());
        assertEquals(Facts.checksums("int main").sha256(), materials.get(3).get("digest").get("sha256").asText());
        assertEquals(Facts.BASE_MANIFEST.hex(), materials.get(4).get("digest").get("sha256").asText());
    }

    @Test
    void theBuilderIsLadingAtItsVersion() throws IOException {
        JsonNode builder = Facts.json(Provenance.statement(Facts.build(), Facts.image())).at("/predicate/runDetails/builder");
        assertEquals("https://lading.dev/lading@1.2.3", builder.get("id").asText());
        assertEquals("1.2.3", builder.get("version").get("lading").asText());
    }

    @Test
    void timesAreRecordedOnlyWhenAsked() throws IOException {
        JsonNode without = Facts.json(Provenance.statement(Facts.build(), Facts.image()));
        assertTrue(without.at("/predicate/runDetails/metadata").isMissingNode(), without.toString());
        Instant started = Instant.parse("2026-01-02T03:04:05.678Z");
        JsonNode with = Facts.json(Provenance.statement(Facts.build(started, started.plusSeconds(90)), Facts.image()));
        assertEquals("2026-01-02T03:04:05Z", with.at("/predicate/runDetails/metadata/startedOn").asText());
        assertEquals("2026-01-02T03:05:35Z", with.at("/predicate/runDetails/metadata/finishedOn").asText());
    }

    @Test
    void withoutToolchainOrBaseNeitherIsMentioned() throws IOException {
        ImageFacts sample = Facts.image();
        ImageFacts plain = new ImageFacts(sample.platform(), sample.manifest(), sample.files(), null, List.of(), null);
        JsonNode definition = Facts.json(Provenance.statement(Facts.build(), plain)).at("/predicate/buildDefinition");
        assertFalse(definition.get("internalParameters").has("toolchain"));
        assertEquals(2, definition.get("resolvedDependencies").size(), definition.toString());
    }

    @Test
    void anUntaggedImageIsNamedLadingImage() throws IOException {
        BuildFacts sample = Facts.build();
        BuildFacts untagged = new BuildFacts(sample.builderVersion(), sample.buildFile(), sample.buildFileChecksums(),
                List.of(), sample.outputs(), sample.sourceDateEpoch(), null, null);
        assertEquals("pkg:docker/lading-image?platform=linux%2Farm64",
                Facts.json(Provenance.statement(untagged, Facts.image())).at("/subject/0/name").asText());
    }

    @Test
    void theSameFactsGiveTheSameBytesAndAnotherManifestOthers() {
        Generated.forAll(100, random -> {
            long seed = random.nextLong();
            byte[] first = Provenance.statement(Facts.randomBuild(new SplittableRandom(seed)),
                    Facts.randomImage(new SplittableRandom(seed + 1))).bytes();
            byte[] again = Provenance.statement(Facts.randomBuild(new SplittableRandom(seed)),
                    Facts.randomImage(new SplittableRandom(seed + 1))).bytes();
            assertArrayEquals(first, again);
            byte[] other = Provenance.statement(Facts.randomBuild(new SplittableRandom(seed)),
                    Facts.randomImage(new SplittableRandom(seed + 2))).bytes();
            assertFalse(Arrays.equals(first, other));
        });
    }
}
