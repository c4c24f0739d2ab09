package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --compression zstd|none} and {@code --format docker}, checked by their media types and read by tools no
 * one here wrote: zstd, GNU tar, skopeo, podman and the reference registry, which validates what it is given.
 */
class FormatsWithRealToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GREETING = "hello from a layer\n";
    private static final String GREETING_PATH = "usr/share/formats/greeting.txt";

    @TempDir
    static Path dir;
    static Lading lading;
    static Path context;
    static RegistryServer registry;

    @BeforeAll
    static void contextAndRegistry() throws Exception {
        lading = new Lading(dir.resolve("home"), Duration.ofMinutes(2));
        context = dir.resolve("context");
        Files.createDirectories(context.resolve("share"));
        Files.writeString(context.resolve("share/greeting.txt"), GREETING);
        byte[] data = new byte[200_000];
        new SecureRandom().nextBytes(data);
        Files.write(context.resolve("share/data.bin"), data);
        Files.writeString(context.resolve("lading.yaml"), """
                platforms: [linux/amd64, linux/arm64]
                layers:
                  - name: files
                    files:
                      - src: share/
                        dest: /usr/share/formats/
                """);
        registry = RegistryServer.start(RegistryServer.Setup.anonymous());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    /** Builds the context into a new layout with these flags, without attestations (they are no layers). */
    private static LayoutFiles build(String name, String... flags) throws Exception {
        Path layout = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("build", context.toString(), "--progress", "quiet",
                "--provenance", "false", "--sbom", "false", "--output", "type=oci,dest=" + layout));
        args.addAll(List.of(flags));
        lading.ok(args.toArray(String[]::new));
        return new LayoutFiles(layout);
    }

    private static byte[] output(String... command) throws Exception {
        Tool.Result result = Tool.run(dir, Map.of(), List.of(command), Duration.ofMinutes(1));
        assertEquals(0, result.exitCode(), String.join(" ", command) + "\n" + result);
        return result.stdoutBytes();
    }

    @Test
    void zstdLayersAreZstdFramesThatZstdTarAndSkopeoRead() throws Exception {
        LayoutFiles layout = build("zstd", "--compression", "zstd");
        assertEquals("application/vnd.oci.image.index.v1+json", layout.root().get("mediaType").asText());
        List<LayoutFiles.Image> images = layout.images();
        assertEquals(2, images.size());
        for (LayoutFiles.Image image : images) {
            JsonNode layers = image.manifest().get("layers");
            assertEquals(1, layers.size(), image.manifest().toString());
            JsonNode layer = layers.get(0);
            assertEquals("application/vnd.oci.image.layer.v1.tar+zstd", layer.get("mediaType").asText());
            Path blob = layout.blob(layer);
            Tool.ok("zstd", "-q", "-t", blob.toString());
            // what zstd unpacks is the tar the config's diff_id names, and tar finds the file in it
            byte[] tar = output("zstd", "-q", "-d", "-c", blob.toString());
            assertEquals(image.diffIds().get(0), LayoutFiles.sha256(tar));
            assertTrue(Tool.ok("tar", "--zstd", "-tf", blob.toString()).lines().toList().contains(GREETING_PATH));
            assertEquals(GREETING, Tool.ok("tar", "--zstd", "-xOf", blob.toString(), GREETING_PATH));
        }

        // skopeo has to decompress every zstd layer to write it gzip-compressed: the same tars come out
        Path gzipped = dir.resolve("zstd-to-gzip");
        Tool.ok("skopeo", "copy", "--all", "--dest-compress", "--dest-compress-format", "gzip",
                "oci:" + dir.resolve("zstd") + ":latest",
                "oci:" + gzipped + ":latest");
        List<LayoutFiles.Image> copies = new LayoutFiles(gzipped).images();
        assertEquals(2, copies.size());
        for (int i = 0; i < copies.size(); i++) {
            JsonNode layer = copies.get(i).manifest().get("layers").get(0);
            assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", layer.get("mediaType").asText());
            try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(new LayoutFiles(gzipped).blob(layer)))) {
                assertEquals(images.get(i).diffIds().get(0), LayoutFiles.sha256(in));
            }
        }
    }

    @Test
    void uncompressedLayersArePlainTarsThatTarAndSkopeoRead() throws Exception {
        LayoutFiles layout = build("none", "--compression", "none");
        List<LayoutFiles.Image> images = layout.images();
        assertEquals(2, images.size());
        Path copy = dir.resolve("none-dir");
        Tool.ok("skopeo", "copy", "--all", "oci:" + dir.resolve("none") + ":latest", "dir:" + copy);
        for (LayoutFiles.Image image : images) {
            JsonNode layer = image.manifest().get("layers").get(0);
            assertEquals("application/vnd.oci.image.layer.v1.tar", layer.get("mediaType").asText());
            Path blob = layout.blob(layer);
            // uncompressed: the blob is the tar itself, so its digest is the diff_id
            assertEquals(image.diffIds().get(0), layer.get("digest").asText());
            assertEquals(GREETING, Tool.ok("tar", "-xOf", blob.toString(), GREETING_PATH));
            String listing = Tool.ok("tar", "-tvf", blob.toString());
            assertTrue(listing.contains(GREETING_PATH), listing);
            // skopeo took the layer as it is: the same bytes under the same name
            Path copied = copy.resolve(layer.get("digest").asText().substring("sha256:".length()));
            assertEquals(-1, Files.mismatch(blob, copied), "skopeo's copy of " + layer);
        }
    }

    @Test
    void dockerFormatPushedToTheRegistryIsADockerManifestListSkopeoCopies() throws Exception {
        String reference = registry.reference("formats/docker:1");
        lading.ok("build", context.toString(), "--progress", "quiet", "--provenance", "false", "--sbom", "false",
                "--format", "docker", "-t", reference, "--push");
        List<String> inspect = new ArrayList<>(List.of("skopeo", "inspect", "--raw"));
        inspect.addAll(registry.skopeoTransport(""));
        JsonNode list = JSON.readTree(output(concat(inspect, "docker://" + reference)));
        assertEquals("application/vnd.docker.distribution.manifest.list.v2+json", list.get("mediaType").asText());
        assertEquals(2, list.get("manifests").size(), list.toString());
        for (JsonNode entry : list.get("manifests")) {
            assertEquals("application/vnd.docker.distribution.manifest.v2+json", entry.get("mediaType").asText());
            JsonNode manifest = JSON.readTree(output(concat(inspect,
                    "docker://" + registry.reference("formats/docker@" + entry.get("digest").asText()))));
            assertEquals("application/vnd.docker.distribution.manifest.v2+json", manifest.get("mediaType").asText());
            assertEquals("application/vnd.docker.container.image.v1+json",
                    manifest.get("config").get("mediaType").asText());
            for (JsonNode layer : manifest.get("layers")) {
                assertEquals("application/vnd.docker.image.rootfs.diff.tar.gzip", layer.get("mediaType").asText());
            }
            assertFalse(manifest.has("annotations"), "Docker v2 schema 2 has no annotations: " + manifest);
        }

        // skopeo reads the list and every image in it, converting to OCI on the way
        Path copy = dir.resolve("docker-to-oci");
        List<String> command = new ArrayList<>(List.of("skopeo", "copy", "--all", "--format", "oci"));
        command.addAll(registry.skopeoTransport("src-"));
        output(concat(command, "docker://" + reference, "oci:" + copy + ":x").toArray(String[]::new));
        JsonNode copied = JSON.readTree(Files.readString(copy.resolve("index.json")));
        JsonNode index = new LayoutFiles(copy).json(copied.get("manifests").get(0));
        assertEquals("application/vnd.oci.image.index.v1+json", index.get("mediaType").asText());
        for (LayoutFiles.Image image : new LayoutFiles(copy).images()) {
            Path blob = new LayoutFiles(copy).blob(image.manifest().get("layers").get(0));
            assertEquals(GREETING, Tool.ok("tar", "-xzOf", blob.toString(), GREETING_PATH), image.architecture());
        }
    }

    @Test
    void dockerFormatLayoutHoldsDockerMediaTypesOnly() throws Exception {
        LayoutFiles layout = build("docker-layout", "--format", "docker");
        assertEquals("application/vnd.docker.distribution.manifest.list.v2+json",
                layout.root().get("mediaType").asText());
        for (LayoutFiles.Image image : layout.images()) {
            assertEquals("application/vnd.docker.distribution.manifest.v2+json",
                    image.entry().get("mediaType").asText());
            assertEquals("application/vnd.docker.distribution.manifest.v2+json",
                    image.manifest().get("mediaType").asText());
            assertEquals("application/vnd.docker.container.image.v1+json",
                    image.manifest().get("config").get("mediaType").asText());
            assertEquals("application/vnd.docker.image.rootfs.diff.tar.gzip",
                    image.manifest().get("layers").get(0).get("mediaType").asText());
        }
    }

    @Test
    void dockerArchiveIsLoadedBySkopeoAndPodman() throws Exception {
        Path archive = dir.resolve("formats-docker.tar");
        lading.ok("build", context.toString(), "--progress", "quiet", "--provenance", "false", "--sbom", "false",
                "--platform", "linux/arm64", "--format", "docker", "-t", "formats:docker",
                "--output", "type=docker,dest=" + archive);
        LayoutFiles.Image built = build("docker-arm64", "--platform", "linux/arm64", "--format", "docker")
                .images().get(0);
        String configDigest = built.manifest().get("config").get("digest").asText();

        JsonNode inspected = JSON.readTree(output("skopeo", "inspect", "docker-archive:" + archive));
        assertEquals("arm64", inspected.get("Architecture").asText());
        assertEquals(1, inspected.get("Layers").size());
        Path copy = dir.resolve("from-docker-archive");
        Tool.ok("skopeo", "copy", "docker-archive:" + archive, "oci:" + copy + ":x");
        JsonNode copiedManifest = new LayoutFiles(copy).json(
                JSON.readTree(copy.resolve("index.json").toFile()).get("manifests").get(0));
        JsonNode copiedConfig = new LayoutFiles(copy).json(copiedManifest.get("config"));
        List<String> copiedIds = new ArrayList<>();
        copiedConfig.get("rootfs").get("diff_ids").forEach(id -> copiedIds.add(id.asText()));
        assertEquals(built.diffIds(), copiedIds);

        List<String> podman = List.of("podman", "--storage-driver", "vfs",
                "--root", dir.resolve("podman/root").toString(), "--runroot", dir.resolve("podman/run").toString());
        String loaded = new String(output(concat(podman, "load", "-i", archive.toString()).toArray(String[]::new)));
        assertTrue(loaded.contains("formats:docker"), loaded);
        String info = new String(output(concat(podman, "image", "inspect", "--format",
                "{{.Architecture}} {{.Id}}", "formats:docker").toArray(String[]::new))).trim();
        // podman names an image by its config's digest: the very config lading wrote
        assertEquals("arm64 " + configDigest.substring("sha256:".length()), info);
    }

    @Test
    void zstdWithTheDockerFormatIsAUsageError() throws Exception {
        Tool.Result result = lading.fails(2, "build", context.toString(), "--progress", "quiet",
                "--format", "docker", "--compression", "zstd", "--output", "type=oci,dest=" + dir.resolve("never"));
        assertTrue(result.stderr().contains("zstd"), result.toString());
        assertFalse(Files.exists(dir.resolve("never")), "nothing written");
    }

    @Test
    void gzipStaysTheDefault() throws Exception {
        byte[] magic = {(byte) 0x1f, (byte) 0x8b};
        LayoutFiles layout = build("default");
        for (LayoutFiles.Image image : layout.images()) {
            JsonNode layer = image.manifest().get("layers").get(0);
            assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", layer.get("mediaType").asText());
            byte[] head = new byte[2];
            try (var in = Files.newInputStream(layout.blob(layer))) {
                assertEquals(2, in.readNBytes(head, 0, 2));
            }
            assertArrayEquals(magic, head);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(layout.blob(layer))))) {
                assertEquals(image.diffIds().get(0), LayoutFiles.sha256(in));
            }
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static byte[] output(List<String> command) throws Exception {
        return output(command.toArray(String[]::new));
    }
}
