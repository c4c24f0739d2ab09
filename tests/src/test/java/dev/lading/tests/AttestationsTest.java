package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    static JsonNode blob(Path layout, JsonNode descriptor) throws IOException {
        return JSON.readTree(blobPath(layout, descriptor).toFile());
    }

    /** The one statement of a predicate type in an attestation manifest. */
    static JsonNode statement(Path layout, JsonNode attestation, String predicateType) throws IOException {
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
            // as BuildKit's entries: Jib's index parser refuses an artifactType here, containers/image drops it
            assertFalse(entry.has("artifactType"), entry.toString());

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
            // what the compiler read, as its depfiles say: not the build file, CMakeLists.txt or the config file
            assertEquals(Set.of("./main.cpp"), generatedFrom(sbom, "/app/HelloKittyexe"), sbom.toString());
            assertEquals(List.of(), SpdxValidator.problems(sbom, dir.resolve("spdx")), "tools-java Verify");
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

    /**
     * What readers of layouts that predate OCI 1.1 make of the attestations: oci-image-tool checks every document
     * of the layout, skopeo copies it without changing a digest, and the SBOM of a build of plain files passes the
     * SPDX validator.
     */
    @Test
    void aDefaultLayoutIsValidForOciImageToolAndSkopeoCopiesItWithTheSameDigests() throws Exception {
        Path project = plainProject(dir.resolve("plain"), 3);
        Path out = build(new Lading(dir.resolve("home")), project, "out");
        JsonNode index = JSON.readTree(Tool.ok("skopeo", "inspect", "--raw", "oci:" + out + ":v1"));
        assertEquals(4, index.get("manifests").size(), index.toString());
        // --type image would refuse the in-toto layers, whose media type is no tar's (BuildKit's layouts alike):
        // each document is checked against its schema instead, the attestation configs included
        validate("imageIndex", blobPath(out, JSON.readTree(out.resolve("index.json").toFile()).at("/manifests/0")));
        for (JsonNode entry : index.get("manifests")) {
            validate("manifest", blobPath(out, entry));
            validate("config", blobPath(out, blob(out, entry).get("config")));
        }

        Path copy = dir.resolve("copy");
        Tool.ok("skopeo", "copy", "--all", "--preserve-digests", "oci:" + out + ":v1", "oci:" + copy + ":v1");
        assertEquals(layoutIndexDigest(out), layoutIndexDigest(copy));

        JsonNode attestation = blob(out, index.get("manifests").get(2));
        JsonNode sbom = statement(out, attestation, "https://spdx.dev/Document").get("predicate");
        assertEquals(3, sbom.get("files").size(), sbom.toString());
        assertEquals(List.of(), SpdxValidator.problems(sbom, dir.resolve("spdx")), "tools-java Verify");
    }

    /**
     * The attestations are streamed, not built in memory: tens of thousands of files are attested in a heap that
     * holding their SBOM as a document and then as bytes would overflow.
     */
    @Test
    void aLargeTreeIsAttestedInASmallHeap() throws Exception {
        int files = 30_000;
        Path project = plainProject(dir.resolve("large"), files);
        Path out = dir.resolve("out");
        new Lading(dir.resolve("home")).ok(Map.of("JAVA_TOOL_OPTIONS", "-Xmx64m"), "build", project.toString(),
                "--platform", "linux/amd64", "--output", "type=oci,dest=" + out, "--progress", "quiet");
        JsonNode index = JSON.readTree(Tool.ok("skopeo", "inspect", "--raw", "oci:" + out + ":latest"));
        JsonNode attestation = blob(out, index.get("manifests").get(1));
        JsonNode sbom = statement(out, attestation, "https://spdx.dev/Document").get("predicate");
        assertEquals(files, sbom.get("files").size());
        JsonNode provenance = statement(out, attestation, "https://slsa.dev/provenance/v1");
        assertEquals(files + 1, provenance.at("/predicate/buildDefinition/resolvedDependencies").size(),
                "the build file and every file");
    }

    /** A build file whose one layer copies a directory of small files. */
    private static Path plainProject(Path project, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Path file = project.resolve("tree/d" + i / 1000 + "/f" + i);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "file " + i + "\n");
        }
        Files.writeString(project.resolve("lading.yaml"), """
                layers:
                  - name: data
                    files: [{src: tree, dest: /data}]
                """);
        return project;
    }

    private static Path blobPath(Path layout, JsonNode descriptor) {
        String[] digest = descriptor.get("digest").asText().split(":", 2);
        return layout.resolve("blobs").resolve(digest[0]).resolve(digest[1]);
    }

    private static void validate(String type, Path document) throws Exception {
        Tool.Result result = Tool.run(document.getParent(), Map.of(), List.of("oci-image-tool", "validate", "--type",
                type, document.toString()), Tool.DEFAULT_TIMEOUT);
        assertEquals(0, result.exitCode(), type + " " + document.getFileName() + ": " + result);
    }

    /** The file names an SBOM says a file was generated from. */
    private static Set<String> generatedFrom(JsonNode sbom, String fileName) {
        Map<String, String> names = new HashMap<>();
        sbom.get("files").forEach(file -> names.put(file.get("SPDXID").asText(), file.get("fileName").asText()));
        Set<String> sources = new HashSet<>();
        for (JsonNode relationship : sbom.get("relationships")) {
            if (relationship.get("relationshipType").asText().equals("GENERATED_FROM")
                    && fileName.equals(names.get(relationship.get("spdxElementId").asText()))) {
                sources.add(names.get(relationship.get("relatedSpdxElement").asText()));
            }
        }
        return sources;
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
