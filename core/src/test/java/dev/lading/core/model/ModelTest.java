package dev.lading.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelTest {
    @Test
    void digestOfKnownBytes() {
        // sha256 of "{}" is the OCI empty descriptor's digest
        assertEquals("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                Digest.sha256("{}".getBytes(StandardCharsets.UTF_8)).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:abc", "sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
        "md5:0123456789abcdef0123456789abcdef", "nocolon", ":x"})
    void malformedDigestsAreRefused(String text) {
        assertThrows(InputException.class, () -> Digest.parse(text));
    }

    @ParameterizedTest
    @CsvSource({
        "linux/amd64, linux/amd64", "amd64, linux/amd64", "arm64, linux/arm64", "linux/arm64/v8, linux/arm64",
        "arm, linux/arm/v7", "linux/arm, linux/arm/v7", "linux/arm/v7, linux/arm/v7", "linux/arm/v6, linux/arm/v6",
        "386, linux/386", "riscv64, linux/riscv64", "linux/ppc64le, linux/ppc64le", "s390x, linux/s390x",
        "LINUX/AMD64, linux/amd64"})
    void platformsParseAndNormalize(String text, String expected) {
        assertEquals(expected, Platform.parse(text).toString());
    }

    @Test
    void armVariantsAreDistinct() {
        assertTrue(!Platform.parse("linux/arm/v6").equals(Platform.parse("linux/arm/v7")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux/mips64", "windows/amd64", "linux/arm/v5", "linux//", "/amd64", "a/b/c/d", ""})
    void unknownOrMalformedPlatformsAreRefused(String text) {
        assertThrows(InputException.class, () -> Platform.parse(text));
    }

    /** A registry's index names platforms as its builder wrote them, and lading may not build them at all. */
    @Test
    void platformsFromARegistryNormalizeAsContainerdsDo() {
        assertEquals(Platform.parse("linux/arm64"), new Platform("linux", "arm64", "v8").normalized());
        assertEquals(Platform.parse("linux/arm/v7"), new Platform("linux", "arm", null).normalized());
        assertEquals(Platform.parse("linux/arm/v6"), new Platform("linux", "arm", "6").normalized());
        assertEquals(new Platform("linux", "arm", "v5"), new Platform("linux", "arm", "5").normalized());
        assertEquals(new Platform("windows", "amd64", null), new Platform("windows", "amd64", null).normalized());
    }

    @Test
    void platformListKeepsOrderAndDropsRepeats() {
        assertEquals(List.of(Platform.parse("arm64"), Platform.parse("amd64")),
                Platform.parseList("arm64,linux/amd64,linux/arm64/v8"));
        assertThrows(InputException.class, () -> Platform.parseList("amd64,,arm64"));
    }

    @ParameterizedTest
    @CsvSource({
        "alpine, docker.io, library/alpine, latest",
        "user/app:tag, docker.io, user/app, tag",
        "localhost:5000/hellokitty:multiplatform, localhost:5000, hellokitty, multiplatform",
        "ghcr.io/org/team/app, ghcr.io, org/team/app, latest",
        "127.0.0.1:41234/a/b:v1.2, 127.0.0.1:41234, a/b, v1.2"})
    void referencesParse(String text, String registry, String repository, String tag) {
        Reference reference = Reference.parse(text);
        assertEquals(registry, reference.name().registry());
        assertEquals(repository, reference.name().path());
        assertEquals(tag, reference.tag());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPPER/case", "repo:bad tag", "host:5000/", "a/b@sha256:123", "-lead/x"})
    void malformedReferencesAreRefused(String text) {
        assertThrows(InputException.class, () -> Reference.parse(text));
    }

    @Test
    void jsonHasStableOrderAndDigestMatchesBytes() {
        Descriptor config = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(new byte[0]), 0);
        Manifest manifest = new Manifest(MediaTypes.OCI_MANIFEST, config, List.of(),
                Map.of("z.key", "1", "a.key", "2"));
        Blob blob = Blob.json(MediaTypes.OCI_MANIFEST, manifest);
        String json = new String(blob.bytes(), StandardCharsets.UTF_8);
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + config.digest() + "\",\"size\":0},\"layers\":[],\"annotations\":{\"a.key\":\"2\",\"z.key\":\"1\"}}",
                json);
        assertEquals(Digest.sha256(blob.bytes()), blob.digest());
        assertEquals(blob.bytes().length, blob.descriptor().size());
    }

    @Test
    void invalidDescriptorsAndDocumentsAreRefused() {
        Digest digest = Digest.sha256(new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> new Descriptor("not a type", digest, 1));
        assertThrows(IllegalArgumentException.class, () -> new Descriptor(MediaTypes.OCI_CONFIG, digest, -1));
        Descriptor config = new Descriptor(MediaTypes.OCI_CONFIG, digest, 0);
        assertThrows(IllegalArgumentException.class,
                () -> new Manifest(1, MediaTypes.OCI_MANIFEST, null, config, List.of(), null, null));
        assertThrows(IllegalArgumentException.class, () -> new ConfigFile.RootFs("other", List.of()));
    }
}
