package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provenance and SBOM of a real two-platform build of the example, read from its OCI layout with skopeo and by
 * hand, and checked against the image's own files.
 */
class AttestationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Platform> PLATFORMS = List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"));
    private static final String TAG = "localhost:5000/cats/hk:v1";

    @TempDir
    Path dir;

    private Path build(Lading lading, Path project, String name, String... flags) throws Exception {
        Path out = dir.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("build", project.toString(), "--platform",
                "linux/amd64,linux/arm64", "-t", TAG, "--output", "type=oci,dest=" + out, "--progress", "quiet"));
        args.addAll(List.of(flags));
        lading.ok(args.toArray(String[]::new));
        return out;
    }

    private static JsonNode blob(Path layout, JsonNode descriptor) throws IOException {
        String[] digest = descriptor.get("digest").asText().split(":", 2);
        return JSON.readTree(layout.resolve("blobs").resolve(digest[0]).resolve(digest[1]).toFile());
    }

    /** The one statement of a predicate type in an attestation manifest. */
    private static JsonNode statement(Path layout, JsonNode attestation, String predicateType) throws IOException {
        for (JsonNode layer : attestation.get("layers")) {
            if (predicateType.equals(layer.at("/annotations/in-toto.io~1predicate-type").asText())) {
                assertEquals("application/vnd.in-toto+json", layer.get("mediaType").asText());
                return blob(layout, layer);
            }
        }
        throw new AssertionError("no " + predicateType + " in " + attestation);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String layoutIndexDigest(Path layout) throws IOException {
        JsonNode entries = JSON.readTree(layout.resolve("index.json").toFile()).get("manifests");
        assertEquals(1, entries.size(), "one index.json entry, as the contract says: " + entries);
        return entries.get(0).get("digest").asText();
    }

    @Test
    void eachPlatformIsAttestedInTheLayoutAndTheSbomMatchesTheImagesFiles() throws Exception {
        Path project = Projects.copy("examples/hellokitty", dir.resolve("hellokitty"));
        Path out = build(new Lading(dir.resolve("home")), project, "out");

        JsonNode index = JSON.readTree(Tool.ok("skopeo", "inspect", "--raw", "oci:" + out + ":v1"));
        JsonNode entries = index.get("manifests");
        assertEquals(4, entries.size(), index.toString());
        for (int i = 0; i < PLATFORMS.size(); i++) {
            Platform platform = PLATFORMS.get(i);
            JsonNode image = entries.get(i);
            assertEquals(platform.architecture(), image.at("/platform/architecture").asText());
            JsonNode entry = entries.get(PLATFORMS.size() + i);
            assertEquals("unknown", entry.at("/platform/architecture").asText());
            assertEquals("attestation-manifest", entry.at("/annotations/vnd.docker.reference.type").asText());
            assertEquals(image.get("digest").asText(), entry.at("/annotations/vnd.docker.reference.digest").asText());

            JsonNode attestation = blob(out, entry);
            assertEquals("application/vnd.docker.attestation.manifest.v1+json", attestation.get("artifactType").asText());
            assertEquals(image.get("digest").asText(), attestation.at("/subject/digest").asText());
            assertEquals(image.get("size").asLong(), attestation.at("/subject/size").asLong());

            JsonNode provenance = statement(out, attestation, "https://slsa.dev/provenance/v1");
            assertEquals(image.get("digest").asText(), "sha256:" + provenance.at("/subject/0/digest/sha256").asText());
            JsonNode toolchain = provenance.at("/predicate/buildDefinition/internalParameters/toolchain");
            String kind = toolchain.get("kind").asText();
            String cpu = platform.architecture().equals("amd64") ? "x86_64" : "aarch64";
            assertEquals(cpu + (kind.equals("zig") ? "-linux-musl" : "-linux-gnu"), toolchain.get("target").asText(),
                    toolchain.toString());
            assertTrue(toolchain.get("compileFlags").toString().contains(toolchain.get("target").asText()),
                    toolchain.toString());
            assertTrue(provenance.at("/predicate/buildDefinition/resolvedDependencies").toString()
                    .contains("\"main.cpp\""), provenance.toString());

            JsonNode sbom = statement(out, attestation, "https://spdx.dev/Document").get("predicate");
            Path rootfs = ImageRootfs.unpack(out, platform, dir.resolve("rootfs-" + platform.architecture()));
            int imageFiles = 0;
            for (JsonNode file : sbom.get("files")) {
                String name = file.get("fileName").asText();
                if (name.startsWith("/")) {
                    imageFiles++;
                    assertEquals(sha256(rootfs.resolve(name.substring(1))), file.at("/checksums/1/checksumValue").asText(),
                            name + " in the " + platform + " image");
                }
            }
            assertEquals(2, imageFiles, "/app/HelloKittyexe and /etc/hellokitty/hellokitty.conf: " + sbom);
            assertTrue(sbom.get("files").toString().contains("\"/app/HelloKittyexe\""), sbom.toString());
        }
        JsonNode inspect = JSON.readTree(new Lading(dir.resolve("home")).ok("inspect", "--json", "oci:" + out + ":v1")
                .stdout());
        assertEquals(List.of("linux/amd64", "linux/arm64"), iterate(inspect.get("images").fieldNames()));
    }

    @Test
    void buildsAreReproducibleAndWithoutAttestationsTheIndexIsThePlatformsAlone() throws Exception {
        Path project = Projects.copy("examples/hellokitty", dir.resolve("hellokitty"));
        Lading lading = new Lading(dir.resolve("home"));
        Path first = build(lading, project, "first");
        Path second = build(new Lading(dir.resolve("other-home")), project, "second");
        assertEquals(layoutIndexDigest(first), layoutIndexDigest(second));
        Path buildx = build(lading, project, "buildx", "--attest-format", "buildx");
        assertEquals(layoutIndexDigest(first), layoutIndexDigest(buildx), "layouts always hold the buildx form");

        Path plain = build(lading, project, "plain", "--provenance", "false", "--sbom=false");
        JsonNode attested = JSON.readTree(Tool.ok("skopeo", "inspect", "--raw", "oci:" + first + ":v1")).get("manifests");
        JsonNode platforms = JSON.readTree(Tool.ok("skopeo", "inspect", "--raw", "oci:" + plain + ":v1")).get("manifests");
        assertEquals(2, platforms.size(), platforms.toString());
        assertEquals(attested.get(0), platforms.get(0));
        assertEquals(attested.get(1), platforms.get(1));
    }

    @Test
    void badAttestationFlagsAreUsageErrors() throws Exception {
        Lading lading = new Lading(dir.resolve("home"));
        assertTrue(lading.fails(2, "build", "examples/hellokitty", "--provenance", "maybe").stderr()
                .contains("--provenance"));
        assertTrue(lading.fails(2, "build", "examples/hellokitty", "--attest-format", "spdx").stderr()
                .contains("--attest-format 'spdx'"));
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
