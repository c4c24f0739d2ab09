package dev.lading.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lading.core.attest.AttestationOptions;
import dev.lading.core.attest.NativeToolchain;
import dev.lading.core.buildfile.FileSpec;
import dev.lading.core.io.Compression;
import dev.lading.core.model.Annotations;
import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.ContainerConfig;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.ImageFormat;
import dev.lading.core.model.Index;
import dev.lading.core.model.Json;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import dev.lading.core.output.OutputSpec;
import dev.lading.core.testing.UnreadOrigin;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attestations of whole builds: what each platform gets, the two indexes and where each output takes them. */
class BuildAttestationsTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM64 = Platform.parse("linux/arm64");
    private static final String YAML = """
            from: scratch
            build:
              executables:
                - name: hello
                  sources: [main.c]
            layers:
              - name: app
                files:
                  - artifact: hello
                    dest: /app/hello
              - name: config
                files:
                  - src: etc
                    dest: /etc/app
            """;

    @TempDir
    Path dir;

    private Path context(Path at) throws IOException {
        return BuildFixture.context(at, YAML, "main.c", "#include \"util.h\"\nint main(void) { return 0; }\n",
                "util.h", "#define X 1\n", "etc/a.conf", "a=1\n", "etc/sub/b.conf", "b=2\n");
    }

    /** A native build that "compiles" a file per platform and says clang made it from main.c and util.h. */
    private NativeBuilder nativeBuilder() {
        return (file, context, platforms, packages, cache, listener) -> {
            Map<Platform, Path> outputs = new HashMap<>();
            for (Platform platform : platforms) {
                Path out = dir.resolve("native/" + platform.architecture());
                Files.createDirectories(out);
                Files.writeString(out.resolve("hello"), "hello for " + platform);
                outputs.put(platform, out);
            }
            return new ArtifactSource() {
                @Override
                public Path outputDirectory(Platform platform, FileSpec spec) {
                    return outputs.get(platform);
                }

                @Override
                public Optional<NativeToolchain> toolchain(Platform platform) {
                    return Optional.of(new NativeToolchain("clang", "17.0.6", platform.architecture() + "-linux-gnu",
                            List.of("--target=" + platform.architecture() + "-linux-gnu"), List.of("-static"),
                            List.of(Path.of("main.c"), Path.of("util.h"))));
                }
            };
        };
    }

    private BuildJob.Options options(Path context, List<String> outputs, AttestationOptions attestations,
                                     ImageFormat format, String platforms) {
        return new BuildJob.Options(context, null, platforms,
                List.of(Reference.parse("registry.example/cats/hello:1")),
                outputs.stream().map(OutputSpec::parse).toList(), false, false, format, Compression.GZIP,
                dir.resolve("metadata.json"), dir.resolve("store"), 0, 2, attestations, "9.9.9");
    }

    private BuildJob.Summary build(Path context, List<String> outputs, AttestationOptions attestations)
            throws IOException {
        return BuildJob.run(options(context, outputs, attestations, ImageFormat.OCI, "linux/amd64,linux/arm64"),
                nativeBuilder(), BuildListener.NONE);
    }

    private OciLayout store() throws IOException {
        return OciLayout.open(dir.resolve("store"));
    }

    private Index index(Descriptor descriptor) throws IOException {
        return store().index(descriptor);
    }

    /** The statement of one predicate type in an attestation manifest. */
    private JsonNode statement(Descriptor attestation, String predicateType) throws IOException {
        Manifest manifest = store().manifest(attestation);
        for (Descriptor layer : manifest.layers()) {
            if (predicateType.equals(layer.annotations().get(Annotations.PREDICATE_TYPE))) {
                return Json.mapper().readTree(store().read(layer));
            }
        }
        throw new AssertionError("no " + predicateType + " in " + manifest);
    }

    private static String sha256(Path file) throws IOException {
        return Digest.sha256(Files.readAllBytes(file)).hex();
    }

    @Test
    void eachPlatformImageHasAnAttestationAboutItsOwnManifest() throws IOException {
        BuildResult result = build(context(dir.resolve("ctx")), List.of(), AttestationOptions.DEFAULT).result();
        for (BuildResult.PlatformImage image : result.images()) {
            assertNotNull(image.attestation());
            Manifest manifest = store().manifest(image.attestation());
            assertEquals(image.manifest().digest(), manifest.subject().digest());
            assertEquals(image.manifest().size(), manifest.subject().size());
            JsonNode provenance = statement(image.attestation(), "https://slsa.dev/provenance/v1");
            assertEquals(image.manifest().digest().hex(), provenance.at("/subject/0/digest/sha256").asText());
            assertEquals(image.platform().architecture() + "-linux-gnu",
                    provenance.at("/predicate/buildDefinition/internalParameters/toolchain/target").asText());
            assertEquals("https://lading.dev/lading@9.9.9", provenance.at("/predicate/runDetails/builder/id").asText());
            assertEquals("lading.yaml", provenance.at("/predicate/buildDefinition/externalParameters/buildFile").asText());
        }
    }

    @Test
    void theSbomHasTheDigestOfEveryFileInTheImage() throws IOException {
        Path context = context(dir.resolve("ctx"));
        BuildResult result = build(context, List.of(), AttestationOptions.DEFAULT).result();
        for (BuildResult.PlatformImage image : result.images()) {
            JsonNode sbom = statement(image.attestation(), "https://spdx.dev/Document").get("predicate");
            Map<String, String> files = new HashMap<>();
            sbom.get("files").forEach(file -> files.put(file.get("fileName").asText(),
                    file.at("/checksums/1/checksumValue").asText()));
            assertEquals(sha256(dir.resolve("native/" + image.platform().architecture() + "/hello")),
                    files.get("/app/hello"));
            assertEquals(sha256(context.resolve("etc/a.conf")), files.get("/etc/app/a.conf"));
            assertEquals(sha256(context.resolve("etc/sub/b.conf")), files.get("/etc/app/sub/b.conf"));
            assertEquals(sha256(context.resolve("util.h")), files.get("./util.h"));
            assertEquals(5, files.size(), files.toString());
        }
    }

    @Test
    void withReferrersThePushedIndexListsThePlatformsAndLayoutsTheAttestationsToo() throws IOException {
        Path out = dir.resolve("out");
        BuildJob.Summary summary = build(context(dir.resolve("ctx")), List.of("type=oci,dest=" + out),
                AttestationOptions.DEFAULT);
        BuildResult result = summary.result();
        List<Descriptor> platforms = index(result.index()).manifests();
        assertEquals(List.of(AMD64, ARM64), platforms.stream().map(Descriptor::platform).toList());

        List<Descriptor> entries = index(result.layoutIndex()).manifests();
        assertEquals(platforms, entries.subList(0, 2));
        for (int i = 0; i < 2; i++) {
            Descriptor attestation = entries.get(2 + i);
            assertEquals("unknown/unknown", attestation.platform().toString());
            assertEquals("attestation-manifest", attestation.annotations().get(Annotations.REFERENCE_TYPE));
            assertEquals(platforms.get(i).digest().toString(), attestation.annotations().get(Annotations.REFERENCE_DIGEST));
            assertEquals(result.images().get(i).attestation().digest(), attestation.digest());
        }
        List<Descriptor> layoutEntries = OciLayout.open(out).index().manifests();
        assertEquals(1, layoutEntries.size());
        assertEquals(result.layoutIndex().digest(), layoutEntries.get(0).digest());
        assertEquals(summary.root().digest(), layoutEntries.get(0).digest());
        assertTrue(store().index().manifests().stream().anyMatch(d -> d.digest().equals(result.layoutIndex().digest())));
        JsonNode metadata = Json.mapper().readTree(dir.resolve("metadata.json").toFile());
        assertEquals(result.layoutIndex().digest().toString(), metadata.get("containerimage.digest").asText(),
                "without a push the metadata describes what the layouts hold");
    }

    @Test
    void aPushRecordsTheRegistryAndItsMetadataDescribesThePushedIndex() throws IOException {
        BuildResult result = BuildJob.run(options(context(dir.resolve("ctx")), List.of("type=registry"),
                AttestationOptions.DEFAULT, ImageFormat.OCI, "linux/amd64,linux/arm64"), nativeBuilder(),
                BaseImageSource.NONE, TargetPackages.NONE, new RecordingPublisher(dir.resolve("metadata.json"), false),
                dev.lading.core.cache.CacheLocations.LOCAL_ONLY,
                BuildListener.NONE).result();
        JsonNode metadata = Json.mapper().readTree(dir.resolve("metadata.json").toFile());
        assertEquals(result.index().digest().toString(), metadata.get("containerimage.digest").asText());
        JsonNode provenance = statement(result.images().get(0).attestation(), "https://slsa.dev/provenance/v1");
        assertEquals("[\"registry\"]",
                provenance.at("/predicate/buildDefinition/externalParameters/outputs").toString());
    }

    @Test
    void withTheBuildxFormThePushedIndexIsTheLayoutsOne() throws IOException {
        BuildResult result = build(context(dir.resolve("ctx")), List.of(),
                new AttestationOptions(true, true, AttestationOptions.Format.BUILDX, false)).result();
        assertEquals(result.layoutIndex(), result.index());
        assertEquals(4, index(result.index()).manifests().size());
    }

    @Test
    void withBothOffNothingIsAttestedAndThePlatformIndexIsTheSame() throws IOException {
        Path context = context(dir.resolve("ctx"));
        BuildResult attested = build(context, List.of(), AttestationOptions.DEFAULT).result();
        BuildResult plain = build(context, List.of(), AttestationOptions.NONE).result();
        assertEquals(plain.index(), plain.layoutIndex());
        plain.images().forEach(image -> assertNull(image.attestation()));
        assertEquals(attested.index(), plain.index(), "attestations change no platform manifest and no pushed index");
    }

    @Test
    void oneDocumentAloneGetsAManifestOfItsOwn() throws IOException {
        BuildResult result = build(context(dir.resolve("ctx")), List.of(),
                new AttestationOptions(false, true, AttestationOptions.Format.REFERRERS, false)).result();
        Manifest manifest = store().manifest(result.images().get(0).attestation());
        assertEquals(List.of("https://spdx.dev/Document"), manifest.layers().stream()
                .map(layer -> layer.annotations().get(Annotations.PREDICATE_TYPE)).toList());
    }

    @Test
    void theSameProjectElsewhereAtAnotherTimeGivesTheSameAttestations() throws IOException {
        Path first = context(dir.resolve("one/project"));
        Path second = context(dir.resolve("elsewhere/deeper/copy"));
        BuildFixture.touchAll(first, 1_000_000);
        BuildFixture.touchAll(second, 1_600_000_000);
        BuildResult a = build(first, List.of(), AttestationOptions.DEFAULT).result();
        BuildResult b = build(second, List.of(), AttestationOptions.DEFAULT).result();
        assertEquals(a.layoutIndex(), b.layoutIndex());
    }

    @Test
    void timesAreRecordedOnlyWhenAsked() throws IOException {
        Path context = context(dir.resolve("ctx"));
        BuildResult plain = build(context, List.of(), AttestationOptions.DEFAULT).result();
        assertTrue(statement(plain.images().get(0).attestation(), "https://slsa.dev/provenance/v1")
                .at("/predicate/runDetails/metadata").isMissingNode());
        BuildResult timed = build(context, List.of(),
                new AttestationOptions(true, false, AttestationOptions.Format.REFERRERS, true)).result();
        JsonNode metadata = statement(timed.images().get(0).attestation(), "https://slsa.dev/provenance/v1")
                .at("/predicate/runDetails/metadata");
        assertTrue(metadata.get("startedOn").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                metadata.toString());
        assertTrue(metadata.get("finishedOn").asText().compareTo(metadata.get("startedOn").asText()) >= 0);
    }

    @Test
    void aDockerArchiveHoldsThePlatformImageWithoutAttestations() throws IOException {
        Path archive = dir.resolve("hello.tar");
        BuildResult result = BuildJob.run(options(context(dir.resolve("ctx")), List.of("type=docker,dest=" + archive),
                AttestationOptions.DEFAULT, ImageFormat.OCI, "linux/arm64"), nativeBuilder(), BuildListener.NONE).result();
        assertNotNull(result.images().get(0).attestation());
        List<String> names = new ArrayList<>();
        String manifestJson = null;
        try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
                if (entry.getName().equals("manifest.json")) {
                    manifestJson = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertNotNull(manifestJson, names.toString());
        assertEquals("blobs/sha256/" + result.images().get(0).config().digest().hex(),
                Json.mapper().readTree(manifestJson).get(0).get("Config").asText());
        String attestation = "blobs/sha256/" + result.images().get(0).attestation().digest().hex();
        assertTrue(names.stream().noneMatch(attestation::equals), names.toString());
    }

    @Test
    void dockerMediaTypesGetNoAttestations() throws IOException {
        BuildResult result = BuildJob.run(options(context(dir.resolve("ctx")), List.of(), AttestationOptions.DEFAULT,
                ImageFormat.DOCKER, "linux/arm64"), nativeBuilder(), BuildListener.NONE).result();
        assertNull(result.images().get(0).attestation());
        assertEquals(result.index(), result.layoutIndex());
    }

    @Test
    void theBaseImageIsAMaterialAndTheImageItsDescendant() throws IOException {
        Path context = BuildFixture.context(dir.resolve("based"), """
                from: registry.example/base:1
                layers:
                  - name: conf
                    files: [{src: app.conf, dest: /etc/app.conf}]
                """, "app.conf", "x=1\n");
        Descriptor baseManifest = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256("base".getBytes()), 400);
        ConfigFile baseConfig = new ConfigFile("2020-01-01T00:00:00Z", "arm64", "linux", null, ContainerConfig.EMPTY,
                new ConfigFile.RootFs("layers", List.of()), List.of());
        BaseImage base = new BaseImage("registry.example/base:1",
                Map.of(ARM64, new BaseImage.PlatformImage(baseManifest, baseConfig, List.of())),
                UnreadOrigin.of("registry.example/base"));
        BaseImageSource source = (reference, platforms) -> base;
        BuildResult result = BuildJob.run(options(context, List.of(), AttestationOptions.DEFAULT, ImageFormat.OCI,
                "linux/arm64"), NativeBuilder.NONE, source, BuildListener.NONE).result();
        Descriptor attestation = result.images().get(0).attestation();
        JsonNode materials = statement(attestation, "https://slsa.dev/provenance/v1")
                .at("/predicate/buildDefinition/resolvedDependencies");
        JsonNode last = materials.get(materials.size() - 1);
        assertEquals("pkg:docker/registry.example/base@1?platform=linux%2Farm64", last.get("uri").asText());
        assertEquals(baseManifest.digest().hex(), last.at("/digest/sha256").asText());
        JsonNode sbom = statement(attestation, "https://spdx.dev/Document").get("predicate");
        assertTrue(sbom.get("relationships").toString().contains("\"DESCENDANT_OF\""), sbom.toString());
        assertTrue(statement(attestation, "https://slsa.dev/provenance/v1")
                .at("/predicate/buildDefinition/internalParameters/toolchain").isMissingNode());
    }
}
