package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base images lading did not make: umoci builds them from Debian's busybox-static (a layer with a hardlink, then
 * a layer whose whiteout deletes a file of the first), skopeo pushes them with OCI or Docker v2 schema 2 media
 * types, and buildah joins an amd64 and an arm/v7 image into one index. lading builds on each, and umoci and
 * skopeo judge the result.
 */
class ForeignBaseImagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    @TempDir
    static Path work;
    static RegistryServer registry;
    static Lading lading;
    /** umoci's layout: tag {@code amd64}, and {@code armv7} with one more layer. */
    static Path umoci;

    @BeforeAll
    static void foreignBases() throws Exception {
        registry = RegistryServer.start(RegistryServer.Setup.anonymous());
        lading = new Lading(work.resolve("home"), Duration.ofMinutes(3));
        Path busybox = work.resolve("busybox-deb");
        Tool.ok("dpkg-deb", "-x", deb("amd64").toString(), busybox.toString());

        Path files = work.resolve("files");
        Files.createDirectories(files.resolve("bin"));
        Files.createDirectories(files.resolve("etc"));
        Files.copy(busybox.resolve("bin/busybox"), files.resolve("bin/busybox"));
        Files.writeString(files.resolve("etc/keep.conf"), "kept\n");
        Files.createLink(files.resolve("etc/keep-link.conf"), files.resolve("etc/keep.conf"));
        Files.writeString(files.resolve("etc/old.conf"), "deleted by the next layer\n");

        umoci = work.resolve("umoci");
        String image = umoci + ":amd64";
        Tool.ok("umoci", "init", "--layout", umoci.toString());
        Tool.ok("umoci", "new", "--image", image);
        Tool.ok("umoci", "insert", "--rootless", "--image", image, files.toString(), "/");
        Tool.ok("umoci", "insert", "--rootless", "--image", image, "--whiteout", "/etc/old.conf");
        Tool.ok("umoci", "config", "--image", image, "--os", "linux", "--architecture", "amd64",
                "--config.entrypoint", "/bin/busybox");
        // the arm image: the same layers and one naming its platform (umoci sets no variant: buildah's index does)
        Path marker = work.resolve("marker");
        Files.createDirectories(marker);
        Files.writeString(marker.resolve("platform"), "linux/arm/v7\n");
        Tool.ok("umoci", "config", "--image", image, "--tag", "armv7", "--architecture", "arm");
        Tool.ok("umoci", "insert", "--rootless", "--image", umoci + ":armv7", marker.resolve("platform").toString(),
                "/etc/platform");
        assertTrue(listing(layerBlob(umoci, "amd64", 0)).contains(" link to etc/keep"),
                "umoci's first layer holds a hardlink");
        assertTrue(listing(layerBlob(umoci, "amd64", 1)).contains("etc/.wh.old.conf"),
                "umoci's second layer holds the whiteout");

        skopeoCopy(List.of(), "oci:" + image, "foreign/oci:1");
        skopeoCopy(List.of("--format", "v2s2"), "oci:" + image, "foreign/docker:1");

        List<String> buildah = List.of("buildah", "--storage-driver", "vfs", "--root", work.resolve("buildah/root")
                .toString(), "--runroot", work.resolve("buildah/run").toString());
        ok(concat(buildah, "manifest", "create", "foreign-list"));
        ok(concat(buildah, "manifest", "add", "--os", "linux", "--arch", "amd64", "foreign-list", "oci:" + image));
        ok(concat(buildah, "manifest", "add", "--os", "linux", "--arch", "arm", "--variant", "v7", "foreign-list",
                "oci:" + umoci + ":armv7"));
        ok(concat(buildah, "manifest", "push", "--all", "--tls-verify=false", "foreign-list",
                "docker://" + registry.reference("foreign/multi:1")));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private static Path deb(String arch) throws Exception {
        try (Stream<Path> debs = Files.list(BusyboxBase.DEBS)) {
            return debs.filter(f -> f.getFileName().toString().matches("busybox-static_.*_" + arch + "\\.deb"))
                    .findFirst().orElseThrow(() -> new AssertionError("no busybox-static " + arch + " in "
                            + BusyboxBase.DEBS + ": run scripts/install-deps.sh test"));
        }
    }

    private static Path layerBlob(Path layout, String tag, int layer) throws Exception {
        JsonNode manifest = JSON.readTree(Tool.ok("skopeo", "inspect", "--raw", "oci:" + layout + ":" + tag));
        return new LayoutFiles(layout).blob(manifest.get("layers").get(layer));
    }

    /**
     * GNU tar's verbose listing of a gzipped layer. umoci 0.4 ends its tars after the last file's bytes, without
     * padding or the end-of-archive blocks, so tar lists every entry and then reports an unexpected EOF: only the
     * listing is judged here, umoci and the registry accepting the layers as they are.
     */
    private static String listing(Path layer) throws Exception {
        return Tool.run(work, Map.of(), List.of("tar", "-tvzf", layer.toString()), Duration.ofMinutes(1)).stdout();
    }

    private static void skopeoCopy(List<String> flags, String source, String repositoryAndTag) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo", "copy"));
        command.addAll(flags);
        command.addAll(registry.skopeoTransport("dest-"));
        command.addAll(List.of(source, "docker://" + registry.reference(repositoryAndTag)));
        ok(command);
    }

    private static byte[] ok(List<String> command) throws Exception {
        Tool.Result result = Tool.run(work, Map.of(), command, Duration.ofMinutes(2));
        assertEquals(0, result.exitCode(), String.join(" ", command) + "\n" + result);
        return result.stdoutBytes();
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    /** The raw manifest or index skopeo reads from the registry ({@code repo:tag} or {@code repo@digest}). */
    private static JsonNode raw(String repository, String... skopeoGlobal) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.addAll(List.of(skopeoGlobal));
        command.addAll(List.of("inspect", "--raw"));
        command.addAll(registry.skopeoTransport(""));
        command.add("docker://" + registry.reference(repository));
        return JSON.readTree(ok(command));
    }

    private static List<String> digests(JsonNode layers) {
        List<String> digests = new ArrayList<>();
        layers.forEach(layer -> digests.add(layer.get("digest").asText()));
        return digests;
    }

    /** A build context on {@code from} adding {@code /app/hello.txt}. */
    private static Path context(String name, String from) throws Exception {
        Path context = work.resolve(name);
        Files.createDirectories(context);
        Files.writeString(context.resolve("hello.txt"), "built by lading\n");
        Files.writeString(context.resolve("lading.yaml"), "from: " + from + "\n" + """
                layers:
                  - name: app
                    files:
                      - src: hello.txt
                        dest: /app/hello.txt
                """);
        return context;
    }

    /** What umoci makes of the image as a root filesystem: its layers applied in order, whiteouts honoured. */
    private static Path unpack(Path layout, String tag, String name) throws Exception {
        Path bundle = work.resolve(name);
        Tool.ok("umoci", "unpack", "--rootless", "--image", layout + ":" + tag, bundle.toString());
        return bundle.resolve("rootfs");
    }

    private static void assertBaseFilesAsUmociComputesThem(Path rootfs) throws Exception {
        assertTrue(Files.isRegularFile(rootfs.resolve("app/hello.txt")), "lading's layer");
        assertFalse(Files.exists(rootfs.resolve("etc/old.conf"), LinkOption.NOFOLLOW_LINKS),
                "the base's whiteout deletes the file its lower layer holds");
        assertFalse(Files.exists(rootfs.resolve("etc/.wh.old.conf"), LinkOption.NOFOLLOW_LINKS));
        Path keep = rootfs.resolve("etc/keep.conf");
        Path link = rootfs.resolve("etc/keep-link.conf");
        assertEquals("kept\n", Files.readString(keep));
        assertTrue(Files.isSameFile(keep, link), "the hardlink is one file with two names");
        assertEquals(2, (Integer) Files.getAttribute(keep, "unix:nlink"));
        // the base's busybox, static for this very host, runs out of the unpacked image
        assertEquals("hi\n", Tool.ok(rootfs.resolve("bin/busybox").toString(), "echo", "hi"));
    }

    @Test
    void whiteoutAndHardlinkOfAnUmociBaseSurviveTheBuild() throws Exception {
        String base = registry.reference("foreign/oci:1");
        Path out = work.resolve("on-oci");
        lading.ok("build", context("ctx-oci", base).toString(), "--platform", "linux/amd64", "--progress", "quiet",
                "--provenance", "false", "--sbom", "false", "--output", "type=oci,dest=" + out);
        // first what umoci makes of it, then how: the base's layers, unchanged and in their order, below lading's
        assertBaseFilesAsUmociComputesThem(unpack(out, "latest", "bundle-oci"));
        LayoutFiles.Image image = new LayoutFiles(out).images().get(0);
        JsonNode umociManifest = JSON.readTree(Tool.ok("skopeo", "inspect", "--raw", "oci:" + umoci + ":amd64"));
        List<String> layers = digests(image.manifest().get("layers"));
        assertEquals(3, layers.size(), image.manifest().toString());
        assertEquals(digests(umociManifest.get("layers")), layers.subList(0, 2), "the base's layers, as umoci wrote them");
        assertEquals(base, image.manifest().get("annotations").get("org.opencontainers.image.base.name").asText());
    }

    @Test
    void aBaseWithDockerMediaTypesIsAccepted() throws Exception {
        JsonNode baseManifest = raw("foreign/docker:1");
        assertEquals(DOCKER_MANIFEST, baseManifest.get("mediaType").asText(), "skopeo pushed Docker v2 schema 2");
        assertEquals(DOCKER_LAYER_GZIP, baseManifest.get("layers").get(0).get("mediaType").asText());

        // OCI on top of Docker: the base's layers keep their bytes and take the OCI layer type
        String built = "built/on-docker:1";
        lading.ok("build", context("ctx-docker", registry.reference("foreign/docker:1")).toString(),
                "--platform", "linux/amd64", "--progress", "quiet", "-t", registry.reference(built), "--push");
        JsonNode index = raw(built);
        JsonNode amd64 = index.get("manifests").get(0);
        assertEquals("amd64", amd64.get("platform").get("architecture").asText(), index.toString());
        JsonNode manifest = raw("built/on-docker@" + amd64.get("digest").asText());
        assertEquals(OCI_MANIFEST, manifest.get("mediaType").asText());
        for (JsonNode layer : manifest.get("layers")) {
            assertEquals(OCI_LAYER_GZIP, layer.get("mediaType").asText(), "no Docker type in an OCI manifest: " + manifest);
        }
        assertEquals(digests(baseManifest.get("layers")), digests(manifest.get("layers")).subList(0, 2));

        Path copy = work.resolve("on-docker-copy");
        List<String> pull = new ArrayList<>(List.of("skopeo", "--override-arch", "amd64", "copy"));
        pull.addAll(registry.skopeoTransport("src-"));
        pull.addAll(List.of("docker://" + registry.reference(built), "oci:" + copy + ":x"));
        ok(pull);
        assertBaseFilesAsUmociComputesThem(unpack(copy, "x", "bundle-docker"));

        // and --format docker over it: Docker types all through, which the registry checks as it stores them
        String dockerBuilt = "built/on-docker-as-docker:1";
        lading.ok("build", context("ctx-docker-2", registry.reference("foreign/docker:1")).toString(),
                "--platform", "linux/amd64", "--progress", "quiet", "--provenance", "false", "--sbom", "false",
                "--format", "docker", "-t", registry.reference(dockerBuilt), "--push");
        JsonNode list = raw(dockerBuilt);
        assertEquals("application/vnd.docker.distribution.manifest.list.v2+json", list.get("mediaType").asText());
        JsonNode dockerManifest = raw("built/on-docker-as-docker@" + list.get("manifests").get(0).get("digest").asText());
        assertEquals(DOCKER_MANIFEST, dockerManifest.get("mediaType").asText());
        for (JsonNode layer : dockerManifest.get("layers")) {
            assertEquals(DOCKER_LAYER_GZIP, layer.get("mediaType").asText(), dockerManifest.toString());
        }
    }

    @Test
    void theArmV7VariantOfABuildahIndexIsKept() throws Exception {
        JsonNode baseIndex = raw("foreign/multi:1");
        JsonNode baseArm = null;
        for (JsonNode entry : baseIndex.get("manifests")) {
            if (entry.get("platform").get("architecture").asText().equals("arm")) {
                baseArm = entry;
            }
        }
        assertEquals("v7", baseArm.get("platform").get("variant").asText(), "buildah wrote the variant: " + baseIndex);

        String built = "built/multi:1";
        lading.ok("build", context("ctx-multi", registry.reference("foreign/multi:1")).toString(),
                "--platform", "linux/amd64,linux/arm/v7", "--progress", "quiet", "--provenance", "false",
                "--sbom", "false", "-t", registry.reference(built), "--push");
        JsonNode index = raw(built);
        JsonNode arm = null;
        for (JsonNode entry : index.get("manifests")) {
            if (entry.get("platform").get("architecture").asText().equals("arm")) {
                arm = entry;
            }
        }
        assertTrue(arm != null, index.toString());
        assertEquals("v7", arm.get("platform").path("variant").asText(), "the index keeps the variant: " + index);
        assertEquals("linux", arm.get("platform").get("os").asText());

        JsonNode config = JSON.readTree(ok(concat(concat(List.of("skopeo", "--override-arch", "arm",
                "--override-variant", "v7", "inspect", "--config"), registry.skopeoTransport("").toArray(String[]::new)),
                "docker://" + registry.reference(built))));
        assertEquals("arm", config.get("architecture").asText());
        assertEquals("v7", config.path("variant").asText(), "the config keeps the variant: " + config);

        // the arm image is built on the arm base (its three layers, the platform marker last), not on amd64's
        JsonNode manifest = raw("built/multi@" + arm.get("digest").asText());
        JsonNode baseManifest = raw("foreign/multi@" + baseArm.get("digest").asText());
        assertEquals(digests(baseManifest.get("layers")), digests(manifest.get("layers")).subList(0, 3));
        Path copy = work.resolve("multi-arm-copy");
        List<String> pull = new ArrayList<>(List.of("skopeo", "--override-arch", "arm", "--override-variant", "v7",
                "copy"));
        pull.addAll(registry.skopeoTransport("src-"));
        pull.addAll(List.of("docker://" + registry.reference(built), "oci:" + copy + ":x"));
        ok(pull);
        Path rootfs = unpack(copy, "x", "bundle-arm");
        assertEquals("linux/arm/v7\n", Files.readString(rootfs.resolve("etc/platform")));
        assertTrue(Files.isRegularFile(rootfs.resolve("app/hello.txt")));
    }

    @Test
    void aVariantTheBaseLacksIsRefused() throws Exception {
        Tool.Result result = lading.fails(2, "build", context("ctx-v6", registry.reference("foreign/multi:1")).toString(),
                "--platform", "linux/arm/v6", "--progress", "quiet", "--output", "type=oci,dest=" + work.resolve("v6"));
        assertTrue(result.stderr().contains("linux/arm/v7"), "names what the base has: " + result);
        assertFalse(Files.exists(work.resolve("v6")));
    }
}
