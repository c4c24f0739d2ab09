package dev.lading.core.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lading.core.testing.Generated;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SbomTest {
    private static final Pattern SPDX_ID = Pattern.compile("SPDXRef-[A-Za-z0-9.-]+");

    private static JsonNode document(BuildFacts build, ImageFacts image) throws IOException {
        JsonNode statement = Facts.json(Sbom.statement(build, image));
        assertEquals("https://spdx.dev/Document", statement.get("predicateType").asText());
        return statement.get("predicate");
    }

    /** Relationships as "from TYPE to" lines, with file IDs replaced by their file names. */
    private static Set<String> relationships(JsonNode document) {
        Map<String, String> names = new HashMap<>();
        document.get("files").forEach(file -> names.put(file.get("SPDXID").asText(), file.get("fileName").asText()));
        Set<String> lines = new HashSet<>();
        document.get("relationships").forEach(r -> lines.add(
                names.getOrDefault(r.get("spdxElementId").asText(), r.get("spdxElementId").asText()) + " "
                        + r.get("relationshipType").asText() + " "
                        + names.getOrDefault(r.get("relatedSpdxElement").asText(), r.get("relatedSpdxElement").asText())));
        return lines;
    }

    @Test
    void theDocumentHasTheFieldsSpdxRequires() throws IOException {
        JsonNode document = document(Facts.build(), Facts.image());
        assertEquals("SPDX-2.3", document.get("spdxVersion").asText());
        assertEquals("CC0-1.0", document.get("dataLicense").asText());
        assertEquals("SPDXRef-DOCUMENT", document.get("SPDXID").asText());
        assertEquals("registry.example/cats/hk:v1 linux/arm64", document.get("name").asText());
        assertTrue(document.get("documentNamespace").asText()
                .startsWith("https://lading.dev/spdx/" + Facts.MANIFEST.digest().hex() + "/"), document.toString());
        assertEquals("2023-11-14T22:13:20Z", document.at("/creationInfo/created").asText());
        assertEquals("[\"Tool: lading-1.2.3\"]", document.at("/creationInfo/creators").toString());
    }

    @Test
    void packagesAreTheImageTheToolchainAndTheBase() throws IOException {
        JsonNode packages = document(Facts.build(), Facts.image()).get("packages");
        assertEquals(3, packages.size());
        JsonNode image = packages.get(0);
        assertEquals("registry.example/cats/hk", image.get("name").asText());
        assertEquals("v1", image.get("versionInfo").asText());
        assertEquals("pkg:docker/registry.example/cats/hk@v1?platform=linux%2Farm64",
                image.at("/externalRefs/0/referenceLocator").asText());
        assertEquals(Facts.MANIFEST.digest().hex(), image.at("/checksums/0/checksumValue").asText());
        assertTrue(image.get("description").asText().contains("linux/arm64"));
        JsonNode toolchain = packages.get(1);
        assertEquals("zig", toolchain.get("name").asText());
        assertEquals("0.14.0", toolchain.get("versionInfo").asText());
        JsonNode base = packages.get(2);
        assertEquals("docker.io/library/busybox:1.36", base.get("name").asText());
        assertEquals(Facts.BASE_MANIFEST.hex(), base.at("/checksums/0/checksumValue").asText());
        assertEquals("pkg:docker/busybox@1.36?platform=linux%2Farm64", base.at("/externalRefs/0/referenceLocator").asText());
    }

    @Test
    void installedPackagesAreLibrariesTheImageContainsWithTheirDebianPurls() throws IOException {
        ImageFacts sample = Facts.image();
        String deb = "ab".repeat(32);
        ImageFacts withPackages = new ImageFacts(sample.platform(), sample.manifest(), sample.files(),
                sample.toolchain(), sample.nativeSources(), sample.base(), List.of(
                new InstalledPackage("zlib1g", "1:1.3.dfsg+really1.3.1-1", "arm64", deb, "debian:trixie")));
        JsonNode document = document(Facts.build(), withPackages);

        JsonNode zlib = document.get("packages").get(3);
        assertEquals("zlib1g", zlib.get("name").asText());
        assertEquals("1:1.3.dfsg+really1.3.1-1", zlib.get("versionInfo").asText());
        assertEquals("LIBRARY", zlib.get("primaryPackagePurpose").asText());
        assertEquals(deb, zlib.at("/checksums/0/checksumValue").asText());
        assertEquals("pkg:deb/debian/zlib1g@1:1.3.dfsg%2Breally1.3.1-1?arch=arm64",
                zlib.at("/externalRefs/0/referenceLocator").asText());
        assertTrue(relationships(document).contains(document.get("packages").get(0).get("SPDXID").asText()
                + " CONTAINS " + zlib.get("SPDXID").asText()), relationships(document).toString());
    }

    /** SPDX 2.3 section 7.9: the SHA-1 of the files' SHA-1s in lowercase hex, sorted and concatenated. */
    @Test
    void theImageAnalyzesTheFilesItContainsAndSaysTheirVerificationCode() throws Exception {
        JsonNode packages = document(Facts.build(), Facts.image()).get("packages");
        JsonNode image = packages.get(0);
        assertTrue(image.get("filesAnalyzed").asBoolean(), image.toString());
        List<String> sha1s = new ArrayList<>(List.of(Facts.checksums("executable").sha1(),
                Facts.checksums("a=1").sha1()));
        Collections.sort(sha1s);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(String.join("", sha1s).getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expected, image.at("/packageVerificationCode/packageVerificationCodeValue").asText());
        // the toolchain and the base contain no file of the document
        assertFalse(packages.get(1).get("filesAnalyzed").asBoolean());
        assertFalse(packages.get(2).has("packageVerificationCode"));
    }

    @Test
    void filesCarryBothChecksumsAndCompiledOnesComeFromTheSources() throws IOException {
        JsonNode document = document(Facts.build(), Facts.image());
        Map<String, JsonNode> files = new HashMap<>();
        document.get("files").forEach(file -> files.put(file.get("fileName").asText(), file));
        assertEquals(Set.of("/app/hello", "/etc/app.conf", "./include/util.h", "./main.c", "./lading.yaml"),
                files.keySet());
        JsonNode hello = files.get("/app/hello");
        assertEquals("SHA1", hello.at("/checksums/0/algorithm").asText());
        assertEquals(Facts.checksums("executable").sha1(), hello.at("/checksums/0/checksumValue").asText());
        assertEquals("SHA256", hello.at("/checksums/1/algorithm").asText());
        assertEquals(Facts.checksums("executable").sha256(), hello.at("/checksums/1/checksumValue").asText());
        assertEquals(Facts.checksums("int main").sha256(), files.get("./main.c").at("/checksums/1/checksumValue").asText());
        assertEquals(Set.of("SPDXRef-DOCUMENT DESCRIBES SPDXRef-Image",
                "SPDXRef-Image CONTAINS /app/hello", "SPDXRef-Image CONTAINS /etc/app.conf",
                "/app/hello GENERATED_FROM ./include/util.h", "/app/hello GENERATED_FROM ./main.c",
                "/app/hello GENERATED_FROM ./lading.yaml",
                "SPDXRef-Toolchain BUILD_TOOL_OF SPDXRef-Image", "SPDXRef-Image DESCENDANT_OF SPDXRef-BaseImage"),
                relationships(document));
    }

    @Test
    void theCreationTimeIsTheFinishTimeOnlyWhenTimesAreAsked() throws IOException {
        Instant started = Instant.parse("2026-05-06T07:08:09Z");
        JsonNode timed = document(Facts.build(started, started.plusSeconds(1)), Facts.image());
        assertEquals("2026-05-06T07:08:10Z", timed.at("/creationInfo/created").asText());
        assertNotEquals(document(Facts.build(), Facts.image()).get("documentNamespace"), timed.get("documentNamespace"));
    }

    @Test
    void identifiersAreValidAndUniqueWhateverThePaths() {
        Generated.forAll(200, random -> {
            JsonNode document = document(Facts.randomBuild(random), Facts.randomImage(random));
            Set<String> ids = new HashSet<>();
            ids.add(document.get("SPDXID").asText());
            for (String part : List.of("packages", "files")) {
                for (JsonNode element : document.get(part)) {
                    String id = element.get("SPDXID").asText();
                    assertTrue(SPDX_ID.matcher(id).matches(), id);
                    assertTrue(ids.add(id), "duplicate " + id);
                }
            }
            for (JsonNode relationship : document.get("relationships")) {
                assertTrue(ids.contains(relationship.get("spdxElementId").asText()), relationship.toString());
                assertTrue(ids.contains(relationship.get("relatedSpdxElement").asText()), relationship.toString());
            }
        });
    }

    @Test
    void theSameFactsGiveTheSameBytesAndTheNamespaceFollowsTheContent() throws IOException {
        Generated.forAll(100, random -> {
            long seed = random.nextLong();
            byte[] first = Sbom.statement(Facts.randomBuild(new SplittableRandom(seed)),
                    Facts.randomImage(new SplittableRandom(seed))).bytes();
            byte[] again = Sbom.statement(Facts.randomBuild(new SplittableRandom(seed)),
                    Facts.randomImage(new SplittableRandom(seed))).bytes();
            assertArrayEquals(first, again);
        });
        ImageFacts sample = Facts.image();
        ImageFacts fewerFiles = new ImageFacts(sample.platform(), sample.manifest(), sample.files().subList(0, 1),
                sample.toolchain(), sample.nativeSources(), sample.base());
        assertNotEquals(document(Facts.build(), sample).get("documentNamespace"),
                document(Facts.build(), fewerFiles).get("documentNamespace"));
    }
}
