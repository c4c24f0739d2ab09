package dev.lading.core.job;

import static dev.lading.core.job.BuildFixture.build;
import static dev.lading.core.job.BuildFixture.context;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.io.Compression;
import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Index;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.store.Documents;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuildTest {
    static final String YAML = """
            from: scratch
            layers:
              - name: app
                files:
                  - src: bin/tool
                    dest: /app/bin/tool
                  - src: etc
                    dest: /etc/app
                    mode: "0640"
                    owner: "10:20"
            entrypoint: [/app/bin/tool]
            cmd: [--serve]
            env: {LANG: C.UTF-8, ZED: last}
            workdir: /app
            user: "65532:65532"
            labels: {org.example.team: cats}
            exposedPorts: ["8080/tcp", "53/udp"]
            annotations: {org.opencontainers.image.source: https://example.org/x}
            """;

    @TempDir
    Path dir;

    private Path sampleContext(Path at) throws IOException {
        Path context = context(at, YAML, "bin/tool", "#!/bin/true\n", "etc/a.conf", "a=1\n", "etc/sub/b.conf", "b=2\n");
        (at.resolve("bin/tool")).toFile().setExecutable(true);
        return context;
    }

    @Test
    void sameInputsInOtherDirectoriesAtOtherTimesGiveTheSameDigests() throws IOException {
        Path first = sampleContext(dir.resolve("one/project"));
        Path second = sampleContext(dir.resolve("elsewhere/deeper/copy"));
        BuildFixture.touchAll(first, 1_000_000);
        BuildFixture.touchAll(second, 1_600_000_000);
        BuildResult a = build(first, dir.resolve("store-a"));
        BuildResult b = build(second, dir.resolve("store-b"));
        assertEquals(a.index(), b.index());
        assertArrayEquals(Files.readAllBytes(OciLayout.open(dir.resolve("store-a")).blobPath(a.index().digest())),
                Files.readAllBytes(OciLayout.open(dir.resolve("store-b")).blobPath(b.index().digest())));
    }

    @Test
    void sourceDateEpochChangesTimesAndDigests() throws IOException {
        Path context = sampleContext(dir.resolve("p"));
        List<Platform> amd64 = List.of(Platform.parse("amd64"));
        BuildResult zero = build(context, dir.resolve("s"), 0, amd64, Compression.GZIP, 2);
        BuildResult later = build(context, dir.resolve("s"), 1_700_000_000L, amd64, Compression.GZIP, 2);
        assertNotEquals(zero.index().digest(), later.index().digest());
        Documents graph = OciLayout.open(dir.resolve("s"));
        assertEquals("1970-01-01T00:00:00Z", graph.config(zero.images().get(0).config()).created());
        assertEquals("2023-11-14T22:13:20Z", graph.config(later.images().get(0).config()).created());
    }

    @Test
    void indexConfigAndManifestCarryTheBuildFile() throws IOException {
        Path context = sampleContext(dir.resolve("p"));
        BuildResult result = build(context, dir.resolve("s"));
        Documents graph = OciLayout.open(dir.resolve("s"));
        Index index = graph.index(result.index());
        assertEquals(MediaTypes.OCI_INDEX, index.mediaType());
        assertEquals(List.of("linux/amd64", "linux/arm64"),
                index.manifests().stream().map(d -> d.platform().toString()).toList());
        assertEquals("https://example.org/x", index.annotations().get("org.opencontainers.image.source"));

        Manifest manifest = graph.manifest(index.manifests().get(1));
        ConfigFile config = graph.config(manifest.config());
        assertEquals("arm64", config.architecture());
        assertEquals("linux", config.os());
        assertEquals(List.of("/app/bin/tool"), config.config().entrypoint());
        assertEquals(List.of("--serve"), config.config().cmd());
        assertEquals(List.of("PATH=" + BaseConfig.DEFAULT_PATH, "LANG=C.UTF-8", "ZED=last"), config.config().env());
        assertEquals("/app", config.config().workingDir());
        assertEquals("65532:65532", config.config().user());
        assertEquals("cats", config.config().labels().get("org.example.team"));
        assertEquals(List.of("53/udp", "8080/tcp"), List.copyOf(config.config().exposedPorts().keySet()));
        assertEquals(1, config.rootfs().diffIds().size());
        assertEquals(1, config.history().size());
    }

    @Test
    void layersWithoutArtifactsAreBuiltOnceAndShared() throws IOException {
        Path context = sampleContext(dir.resolve("p"));
        BuildResult result = build(context, dir.resolve("s"));
        assertSame(result.images().get(0).layers().get(0), result.images().get(1).layers().get(0));
    }

    @Test
    void diffIdIsTheDigestOfTheUncompressedTar() throws IOException {
        Path context = sampleContext(dir.resolve("p"));
        for (Compression compression : List.of(Compression.GZIP, Compression.NONE)) {
            BuildResult result = build(context, dir.resolve("s-" + compression), 0,
                    List.of(Platform.parse("amd64")), compression, 2);
            var layer = result.images().get(0).layers().get(0);
            Path blob = OciLayout.open(dir.resolve("s-" + compression)).blobPath(layer.descriptor().digest());
            assertEquals(Files.size(blob), layer.descriptor().size());
            assertEquals(layer.descriptor().digest(), Digest.sha256(Files.readAllBytes(blob)));
            byte[] tar;
            try (InputStream in = compression == Compression.GZIP
                    ? new GZIPInputStream(Files.newInputStream(blob)) : Files.newInputStream(blob)) {
                tar = in.readAllBytes();
            }
            assertEquals(layer.diffId(), Digest.sha256(tar));
            assertTrue(tar.length % 512 == 0);
        }
    }

    @Test
    void threadCountDoesNotChangeAnyDigest() throws IOException {
        Path context = sampleContext(dir.resolve("p"));
        List<Platform> platforms = List.of(Platform.parse("amd64"), Platform.parse("linux/arm/v7"));
        for (Compression compression : List.of(Compression.GZIP, Compression.ZSTD)) {
            BuildResult one = build(context, dir.resolve("t1-" + compression), 0, platforms, compression, 1);
            BuildResult eight = build(context, dir.resolve("t8-" + compression), 0, platforms, compression, 8);
            assertEquals(one.index(), eight.index(), compression.toString());
        }
    }

    /**
     * Golden digests: a fixed input must keep giving these exact bytes, on any machine and in any later version.
     * A change here changes every user's image digests, so it must be deliberate.
     */
    @Test
    void goldenDigests() throws IOException {
        Path context = sampleContext(dir.resolve("golden"));
        List<Platform> platforms = List.of(Platform.parse("amd64"), Platform.parse("arm64"));
        assertEquals("sha256:16b94b0a44ee9c283ffaf084597fc4c8eeac82c6ba1566f08d4e37926a633eab",
                build(context, dir.resolve("g1"), 0, platforms, Compression.GZIP, 2).index().digest().toString());
        assertEquals("sha256:2ef6e699430051eaaaf953fa699a38af938557f48cd4c7d141ad23cc3acb77f6",
                build(context, dir.resolve("g2"), 1_700_000_000L, platforms, Compression.NONE, 2).index().digest().toString());
    }
}
