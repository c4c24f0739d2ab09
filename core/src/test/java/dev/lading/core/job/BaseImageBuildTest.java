package dev.lading.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.buildfile.BuildFileParser;
import dev.lading.core.io.Compression;
import dev.lading.core.model.Annotations;
import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.ContainerConfig;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.ImageFormat;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.testing.UnreadOrigin;
import dev.lading.core.store.Documents;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building on a base image: layers, diffIDs, history and run configuration inherited and overridden. */
class BaseImageBuildTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Descriptor BASE_LAYER = new Descriptor(MediaTypes.DOCKER_LAYER_GZIP,
            Digest.sha256("base layer".getBytes()), 1234);
    private static final Digest BASE_DIFF_ID = Digest.sha256("base tar".getBytes());

    @TempDir
    Path dir;

    private BaseImage base() {
        ContainerConfig config = new ContainerConfig("1000", Map.of("80/tcp", Map.of()),
                List.of("PATH=/base/bin", "KEEP=1", "OVERRIDE=base"), List.of("/base/entry"), List.of("--base-arg"),
                Map.of("/data", Map.of()), "/base", Map.of("base.label", "b", "shared", "base"), "SIGTERM");
        ConfigFile file = new ConfigFile("2020-01-01T00:00:00Z", "amd64", "linux", null, config,
                new ConfigFile.RootFs("layers", List.of(BASE_DIFF_ID)),
                List.of(new ConfigFile.History("2020-01-01T00:00:00Z", "base step", null, false)));
        Descriptor manifest = new Descriptor(MediaTypes.DOCKER_MANIFEST, Digest.sha256("base manifest".getBytes()), 500);
        return new BaseImage("registry.example/base:1", Map.of(AMD64, new BaseImage.PlatformImage(manifest, file,
                List.of(BASE_LAYER))), UnreadOrigin.of("registry.example/base"));
    }

    private BuildResult build(String yaml) throws IOException {
        Path context = BuildFixture.context(dir.resolve("ctx"), yaml, "app.conf", "x=1\n");
        BuildRequest request = new BuildRequest(context, BuildFileParser.parse(context.resolve("lading.yaml")),
                List.of(AMD64), 0, Compression.GZIP, ImageFormat.OCI, 2, ArtifactSource.NONE, null, BuildListener.NONE);
        return ImageBuild.run(request, OciLayout.openOrCreate(dir.resolve("store")), base());
    }

    @Test
    void inheritsTheBaseAndPutsItsLayersFirst() throws IOException {
        BuildResult result = build("""
                from: registry.example/base:1
                layers:
                  - name: conf
                    files: [{src: app.conf, dest: /etc/app.conf}]
                env: {OVERRIDE: mine, NEW: n}
                labels: {shared: mine}
                """);
        OciLayout store = OciLayout.open(dir.resolve("store"));
        Documents graph = store;
        BuildResult.PlatformImage image = result.images().get(0);
        Manifest manifest = graph.manifest(image.manifest());
        ConfigFile config = graph.config(image.config());

        assertEquals(2, manifest.layers().size());
        assertEquals(BASE_LAYER.digest(), manifest.layers().get(0).digest());
        assertEquals(MediaTypes.OCI_LAYER_GZIP, manifest.layers().get(0).mediaType(),
                "a Docker-typed base layer is written with the OCI type of the same bytes");
        assertEquals(List.of(BASE_DIFF_ID, image.layers().get(0).diffId()), config.rootfs().diffIds());
        assertEquals(2, config.history().size());
        assertEquals("base step", config.history().get(0).createdBy());
        ContainerConfig run = config.config();
        assertEquals(List.of("PATH=/base/bin", "KEEP=1", "OVERRIDE=mine", "NEW=n"), run.env());
        assertEquals(List.of("/base/entry"), run.entrypoint());
        assertEquals(List.of("--base-arg"), run.cmd());
        assertEquals("1000", run.user());
        assertEquals("/base", run.workingDir());
        assertEquals(Map.of("base.label", "b", "shared", "mine"), run.labels());
        assertTrue(run.exposedPorts().containsKey("80/tcp"));
        assertEquals("SIGTERM", run.stopSignal());
        assertEquals("registry.example/base:1", manifest.annotations().get(Annotations.BASE_NAME));
        assertEquals(base().platforms().get(AMD64).manifest().digest().toString(),
                manifest.annotations().get(Annotations.BASE_DIGEST));
    }

    @Test
    void anEntrypointOfTheBuildFileDropsTheBaseCommand() throws IOException {
        BuildResult result = build("""
                from: registry.example/base:1
                layers:
                  - name: conf
                    files: [{src: app.conf, dest: /etc/app.conf}]
                entrypoint: [/app/run]
                workdir: /app
                user: "0:0"
                """);
        ContainerConfig run = OciLayout.open(dir.resolve("store"))
                .config(result.images().get(0).config()).config();
        assertEquals(List.of("/app/run"), run.entrypoint());
        assertNull(run.cmd(), "as with ENTRYPOINT in a Dockerfile, the base's CMD no longer applies");
        assertEquals("/app", run.workingDir());
        assertEquals("0:0", run.user());
    }

    @Test
    void aBaseWithoutPathGetsTheDefaultOne() {
        ContainerConfig merged = BaseConfig.merge(ContainerConfig.EMPTY, BuildFileParser.parse("""
                layers: []
                """, dir.resolve("lading.yaml")));
        assertEquals(List.of("PATH=" + BaseConfig.DEFAULT_PATH), merged.env());
    }

    @Test
    void dockerAndOciLayerTypesMapToTheFormatsFamily() {
        Descriptor gzip = new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, BASE_LAYER.digest(), 1);
        assertEquals(MediaTypes.OCI_LAYER_GZIP, ImageFormat.OCI.sameFamily(gzip).mediaType());
        Descriptor oci = new Descriptor(MediaTypes.OCI_LAYER, BASE_LAYER.digest(), 1);
        assertEquals(MediaTypes.DOCKER_LAYER, ImageFormat.DOCKER.sameFamily(oci).mediaType());
        Descriptor zstd = new Descriptor(MediaTypes.OCI_LAYER_ZSTD, BASE_LAYER.digest(), 1);
        assertEquals(MediaTypes.OCI_LAYER_ZSTD, ImageFormat.DOCKER.sameFamily(zstd).mediaType(),
                "no Docker zstd type exists, so the layer keeps its own");
    }
}
