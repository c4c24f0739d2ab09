package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every output type, read by tools no one here wrote: skopeo, umoci, podman and GNU tar. */
class OutputsWithRealToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE = "examples/hellokitty";

    @TempDir
    static Path dir;
    static Lading lading;
    static Path layout;

    @BeforeAll
    static void buildTheExample() throws Exception {
        lading = new Lading(dir.resolve("home"));
        layout = dir.resolve("hk");
        Tool.Result result = lading.ok("build", EXAMPLE, "--platform", "linux/amd64,linux/arm64",
                "-t", "localhost:5000/hellokitty:multiplatform", "--output", "type=oci,dest=" + layout);
        assertTrue(result.stdout().contains("linux/arm64"), result.toString());
    }

    /**
     * podman picks the host's platform out of the multi-platform layout, attestations and all, and runs it. Storage
     * stays in the test's directory (vfs: no overlay mounts needed); the limits podman would raise to the host's
     * maximum are lowered, as this sandbox refuses raising them.
     */
    @Test
    void podmanRunsTheHostPlatformOfTheLayout() throws Exception {
        List<String> podman = List.of("podman", "--storage-driver", "vfs",
                "--root", dir.resolve("podman/root").toString(), "--runroot", dir.resolve("podman/run").toString());
        List<String> run = new java.util.ArrayList<>(podman);
        run.addAll(List.of("--runtime", "runc", "run", "--rm", "--network", "none", "--ulimit", "nofile=1024:1024",
                "--ulimit", "nproc=1024:1024", "oci:" + layout + ":multiplatform"));
        Tool.Result result = Tool.run(dir, java.util.Map.of(), run, java.time.Duration.ofMinutes(3));
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("Hello, Kitty! Built for x86_64."), result.toString());
    }

    @Test
    void skopeoReadsTheIndexByteForByte() throws Exception {
        Tool.Result raw = lading.ok("inspect", "--raw", "oci:" + layout + ":multiplatform");
        String skopeoRaw = Tool.ok("skopeo", "inspect", "--raw", "oci:" + layout + ":multiplatform");
        assertArrayEquals(raw.stdoutBytes(), skopeoRaw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        JsonNode index = JSON.readTree(skopeoRaw);
        assertEquals("application/vnd.oci.image.index.v1+json", index.get("mediaType").asText());
        Set<String> platforms = new TreeSet<>();
        int attestations = 0;
        for (JsonNode m : index.get("manifests")) {
            if (m.path("annotations").path("vnd.docker.reference.type").asText().equals("attestation-manifest")) {
                attestations++; // a layout has no referrers API: each platform's attestations follow the platforms
            } else {
                platforms.add(m.get("platform").get("os").asText() + "/" + m.get("platform").get("architecture").asText());
            }
        }
        assertEquals(Set.of("linux/amd64", "linux/arm64"), platforms);
        assertEquals(2, attestations, index.toString());

        JsonNode layoutIndex = JSON.readTree(layout.resolve("index.json").toFile());
        assertEquals(1, layoutIndex.get("manifests").size(), "one entry: the multi-platform index");
        assertEquals("multiplatform", layoutIndex.get("manifests").get(0).get("annotations")
                .get("org.opencontainers.image.ref.name").asText());
    }

    @Test
    void skopeoInspectsEachPlatform() throws Exception {
        for (String arch : List.of("amd64", "arm64")) {
            JsonNode image = JSON.readTree(Tool.ok("skopeo", "--override-os", "linux", "--override-arch", arch,
                    "inspect", "oci:" + layout + ":multiplatform"));
            assertEquals(arch, image.get("Architecture").asText());
            assertEquals(2, image.get("Layers").size());
            assertTrue(image.get("Env").toString().contains("LANG=C.UTF-8"), image.toString());
        }
    }

    @Test
    void skopeoCopiesOnePlatformAndUmociUnpacksIt() throws Exception {
        Path copy = dir.resolve("arm64-copy");
        Tool.ok("skopeo", "--override-os", "linux", "--override-arch", "arm64", "copy",
                "oci:" + layout + ":multiplatform", "oci:" + copy + ":arm64");
        JsonNode config = JSON.readTree(Tool.ok("skopeo", "inspect", "--config", "oci:" + copy + ":arm64"));
        assertEquals("arm64", config.get("architecture").asText());

        Path bundle = dir.resolve("bundle");
        Tool.ok("umoci", "unpack", "--rootless", "--image", copy + ":arm64", bundle.toString());
        Path conf = bundle.resolve("rootfs/etc/hellokitty/hellokitty.conf");
        assertEquals(Files.readString(Lading.REPO.resolve(EXAMPLE).resolve("etc/hellokitty.conf")), Files.readString(conf));
        Path program = bundle.resolve("rootfs/app/HelloKittyexe");
        assertTrue(Files.isRegularFile(program) && Files.isExecutable(program), "the compiled program is in the image");
        assertEquals("Hello, Kitty! Built for aarch64.\n", Tool.ok("qemu-aarch64-static", program.toString()));
    }

    @Test
    void umociUnpacksWhatLadingWroteDirectly() throws Exception {
        Path single = dir.resolve("single");
        // umoci 0.4 takes a tag that leads to two manifests (the image's and its attestations', as in buildx's
        // layouts) as ambiguous, so this image has none
        lading.ok("build", EXAMPLE, "--platform", "linux/arm64", "--provenance", "false", "--sbom", "false",
                "--output", "type=oci,dest=" + single);
        Path bundle = dir.resolve("bundle-direct");
        Tool.ok("umoci", "unpack", "--rootless", "--image", single + ":latest", bundle.toString());
        JsonNode runtime = JSON.readTree(bundle.resolve("config.json").toFile());
        assertEquals("/app", runtime.get("process").get("cwd").asText());
        assertTrue(Files.isRegularFile(bundle.resolve("rootfs/etc/hellokitty/hellokitty.conf")));
    }

    @Test
    void ociArchiveIsReadBySkopeoAndTar() throws Exception {
        Path archive = dir.resolve("hk.tar");
        lading.ok("build", EXAMPLE, "--platform", "amd64,arm64", "--output", "type=oci-archive,dest=" + archive);
        JsonNode index = JSON.readTree(Tool.ok("skopeo", "inspect", "--raw", "oci-archive:" + archive));
        assertEquals(4, index.get("manifests").size(), "two platform images and their attestations: " + index);
        String listing = Tool.ok("tar", "-tf", archive.toString());
        assertTrue(listing.startsWith("blobs/\nblobs/sha256/\n"), listing);
        assertTrue(listing.contains("\nindex.json\n") && listing.contains("\noci-layout\n"), listing);
    }

    @Test
    void dockerArchiveIsReadBySkopeo() throws Exception {
        Path archive = dir.resolve("hk-docker.tar");
        lading.ok("build", EXAMPLE, "--platform", "linux/arm64", "-t", "hellokitty:arm64",
                "--output", "type=docker,dest=" + archive);
        JsonNode image = JSON.readTree(Tool.ok("skopeo", "inspect", "docker-archive:" + archive));
        assertEquals("arm64", image.get("Architecture").asText());
        assertEquals(2, image.get("Layers").size());
        Path copy = dir.resolve("from-docker");
        Tool.ok("skopeo", "copy", "docker-archive:" + archive, "oci:" + copy + ":x");
        JsonNode manifests = JSON.readTree(copy.resolve("index.json").toFile()).get("manifests");
        assertEquals(1, manifests.size());
    }
}
