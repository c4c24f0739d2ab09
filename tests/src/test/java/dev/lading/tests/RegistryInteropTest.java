package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lading against the reference registry, read and written by tools no one here wrote: skopeo pushes the base
 * lading builds on, skopeo reads what lading pushes, and jib-core builds on lading's multi-platform image.
 */
class RegistryInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PUSHED = Pattern.compile(
            "pushed \\S+@(sha256:[0-9a-f]{64}) \\((\\d+) blobs sent, (\\d+) already there, (\\d+) mounted\\)");

    @TempDir
    static Path work;
    static RegistryServer registry;
    static RegistryServer other;
    static BusyboxBase.Layout busybox;
    static String base;

    @BeforeAll
    static void startRegistriesWithASkopeoPushedBase() throws Exception {
        registry = RegistryServer.start(RegistryServer.Setup.anonymous());
        other = RegistryServer.start(RegistryServer.Setup.anonymous());
        busybox = BusyboxBase.build(work);
        for (RegistryServer server : List.of(registry, other)) {
            Tool.Result push = BusyboxBase.pushWithSkopeo(busybox.dir(), server.reference("busybox:" + BusyboxBase.TAG),
                    server.skopeoTransport("dest-"));
            assertEquals(0, push.exitCode(), push.toString());
        }
        base = registry.reference("busybox:" + BusyboxBase.TAG);
    }

    @AfterAll
    static void stopRegistries() {
        registry.close();
        other.close();
    }

    private final Lading lading = new Lading(work.resolve("lading-home"), Duration.ofMinutes(5));

    /** The README's flow: hellokitty, compiled for both platforms, on a base skopeo pushed, pushed to the registry. */
    @Test
    void helloKittyOnASkopeoPushedBaseRunsFromTheRegistryOnBothPlatforms(@TempDir Path dir) throws Exception {
        Path project = Projects.copy("examples/hellokitty", dir.resolve("hellokitty"));
        Path buildFile = project.resolve("lading.yaml");
        Files.writeString(buildFile, Files.readString(buildFile).replace("from: scratch", "from: " + base));
        String target = registry.reference("hellokitty:multiplatform");

        Tool.Result build = lading.ok("build", project.toString(), "--platform", "amd64,arm64", "-t", target, "--push",
                "--progress", "plain");
        Matcher pushed = pushed(build);
        // at least: other tests of the class may have pushed some of the image's blobs elsewhere in this registry
        assertTrue(Integer.parseInt(pushed.group(4)) >= 2, "both platforms' busybox layers are mounted, not sent: "
                + build);
        byte[] raw = skopeoRaw(target);
        assertEquals(pushed.group(1), sha256(raw), "the tag names the index lading printed");

        Path copy = dir.resolve("copy");
        Tool.ok("skopeo", "copy", "--all", "--src-tls-verify=false", "docker://" + target, "oci:" + copy + ":t");
        for (String arch : List.of("amd64", "arm64")) {
            Platform platform = Platform.parse(arch);
            Path rootfs = ImageRootfs.unpack(copy, platform, dir.resolve("rootfs-" + arch));
            assertTrue(Files.isRegularFile(rootfs.resolve("bin/busybox")), "the base's files are in the image");
            Tool.Result run = Emulator.run(platform, ImageRootfs.find(rootfs, "HelloKittyexe"));
            assertEquals(0, run.exitCode(), arch + ": " + run);
            assertTrue(run.stdout().toLowerCase().contains("hello"), arch + ": " + run);
        }
        JsonNode arm64 = inspectJson(target).path("images").path("linux/arm64");
        assertEquals(base, arm64.path("manifest").path("annotations").path("org.opencontainers.image.base.name").asText());
        assertEquals(busybox.manifestDigests().get("arm64"),
                arm64.path("manifest").path("annotations").path("org.opencontainers.image.base.digest").asText());
        assertEquals("/app/HelloKittyexe", arm64.path("config").path("config").path("Entrypoint").path(0).asText());
    }

    @Test
    void aPushedLayoutReadsBackByteForByteAndASecondPushSendsNothing() throws Exception {
        String target = registry.reference("copy:1");
        Matcher first = pushed(lading.ok("push", busybox.reference(), target, "--progress", "quiet"));
        assertEquals(busybox.indexDigest(), first.group(1));
        byte[] raw = skopeoRaw(target);
        assertEquals(busybox.indexDigest(), sha256(raw));
        assertArrayEquals(raw, lading.ok("inspect", "--raw", target).stdoutBytes(), "inspect --raw is the stored bytes");
        String text = lading.ok("inspect", target).stdout();
        assertTrue(text.lines().anyMatch(line -> line.matches("  Platform: +linux/arm64")), text);

        Matcher second = pushed(lading.ok("push", busybox.reference(), target, "--progress", "quiet"));
        assertEquals("0", second.group(2), "nothing is sent again");
        // the first push sent or mounted them (another test may have pushed some to another repository)
        int blobs = Integer.parseInt(first.group(2)) + Integer.parseInt(first.group(3))
                + Integer.parseInt(first.group(4));
        assertEquals(String.valueOf(blobs), second.group(3), "every blob is found in place");
    }

    @Test
    void aBaseInAnotherRegistryIsStreamedAcrossAndALayoutOutputHoldsItsLayers(@TempDir Path dir) throws Exception {
        Path context = context(dir, "from: " + other.reference("busybox:" + BusyboxBase.TAG));
        String target = registry.reference("streamed:1");
        Path layout = dir.resolve("layout");
        Tool.Result build = lading.ok("build", context.toString(), "--platform", "amd64,arm64", "-t", target,
                "--push", "--output", "type=oci,dest=" + layout, "--progress", "quiet");
        Matcher pushed = pushed(build);
        assertEquals("0", pushed.group(4), "nothing to mount from across registries");
        JsonNode arm64 = JSON.readTree(Tool.ok("skopeo", "inspect", "--tls-verify=false", "--override-arch", "arm64",
                "docker://" + target));
        String busyboxLayer = JSON.readTree(busybox.blob(busybox.manifestDigests().get("arm64")))
                .path("layers").path(0).path("digest").asText();
        assertEquals(busyboxLayer, arm64.path("Layers").path(0).asText());
        Path rootfs = ImageRootfs.unpack(layout, Platform.parse("arm64"), dir.resolve("rootfs"));
        assertTrue(Files.isRegularFile(rootfs.resolve("bin/busybox")), "the layout output carries the base layers");
        assertTrue(Files.isRegularFile(rootfs.resolve("etc/note.txt")));
    }

    @Test
    void anImageLeftInTheStoreHoldsItsBaseAndPushesFromThereLater(@TempDir Path dir) throws Exception {
        Path context = context(dir.resolve("stored"), "from: " + other.reference("busybox:" + BusyboxBase.TAG));
        Tool.Result build = lading.ok("build", context.toString(), "--platform", "amd64,arm64", "--progress", "quiet");
        Matcher stored = Pattern.compile("local store as (oci:\\S+)").matcher(build.stdout());
        assertTrue(stored.find(), build.stdout());
        String target = registry.reference("from-store:1");
        lading.ok("push", stored.group(1), target, "--progress", "quiet");
        JsonNode arm64 = JSON.readTree(Tool.ok("skopeo", "inspect", "--tls-verify=false", "--override-arch", "arm64",
                "docker://" + target));
        assertEquals(2, arm64.path("Layers").size(), "busybox's layer and this test's: " + arm64);
    }

    @Test
    void aBaseWithoutTheRequestedPlatformIsABuildFileError(@TempDir Path dir) throws Exception {
        Path context = context(dir, "from: " + base);
        Tool.Result missing = lading.fails(2, "build", context.toString(), "--platform", "riscv64");
        assertTrue(missing.stderr().contains("has no linux/riscv64; it has linux/amd64, linux/arm64"), missing.stderr());
        assertTrue(missing.stderr().contains("lading.yaml:1"), "the message points at from: " + missing.stderr());

        String single = registry.reference("single:1");
        lading.ok("build", context(dir.resolve("s"), "from: scratch").toString(), "--platform", "amd64", "-t", single,
                "--push", "--progress", "quiet");
        // without --all, skopeo copies the host's platform alone: a bare manifest, no index around it
        String bare = registry.reference("bare:1");
        Tool.ok("skopeo", "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + single,
                "docker://" + bare);
        assertTrue(new String(skopeoRaw(bare)).contains("image.manifest"), "a single manifest");
        Tool.Result other = lading.fails(2, "build", context(dir.resolve("o"), "from: " + bare).toString(),
                "--platform", "amd64,arm64");
        assertTrue(other.stderr().contains("single-platform image for linux/amd64; it cannot be the base of"
                + " linux/arm64"), other.stderr());
    }

    @Test
    void runnersPushByDigestAndIndexCreateMergesThem(@TempDir Path dir) throws Exception {
        Path context = context(dir, "from: " + base);
        List<String> sources = new ArrayList<>();
        for (String arch : List.of("amd64", "arm64")) {
            Path metadata = dir.resolve(arch + ".json");
            lading.ok("build", context.toString(), "--platform", arch, "-t", registry.reference("runner-" + arch),
                    "--push-by-digest", "--metadata-file", metadata.toString(), "--progress", "quiet");
            sources.add(registry.reference("runner-" + arch) + "@"
                    + JSON.readTree(metadata.toFile()).path("containerimage.digest").asText());
        }
        String tags = Tool.ok("curl", "-s", registry.url("/v2/runner-amd64/tags/list"));
        for (JsonNode tag : JSON.readTree(tags).path("tags")) {
            assertTrue(tag.asText().matches("sha256-[0-9a-f]{64}"),
                    "push-by-digest tags nothing but the attestations' referrers tag: " + tags);
        }

        String merged = registry.reference("merged:1");
        List<String> args = new ArrayList<>(List.of("index", "create", "-t", merged, "--progress", "quiet"));
        args.addAll(sources);
        Tool.Result create = lading.ok(args.toArray(String[]::new));
        JsonNode index = JSON.readTree(skopeoRaw(merged));
        assertEquals(2, index.path("manifests").size(), index.toString());
        assertEquals("amd64", index.path("manifests").path(0).path("platform").path("architecture").asText());
        assertEquals("arm64", index.path("manifests").path(1).path("platform").path("architecture").asText());
        assertTrue(create.stdout().contains(sha256(skopeoRaw(merged))), create.toString());
        Tool.ok("skopeo", "inspect", "--tls-verify=false", "--override-arch", "arm64", "docker://" + merged);
        assertEquals(2, attestationsInspected(merged, "provenance"), "each runner's attestations came along");
    }

    @Test
    void jibBuildsEachPlatformOnLadingsMultiPlatformImage(@TempDir Path dir) throws Exception {
        String ladingImage = registry.reference("for-jib:1");
        lading.ok("build", context(dir, "from: " + base).toString(), "--platform", "amd64,arm64", "-t", ladingImage,
                "--push", "--progress", "quiet");
        Path extra = Files.writeString(dir.resolve("from-jib.txt"), "jib");
        String jibImage = registry.reference("jibbed:1");
        Jib.from(RegistryImage.named(ladingImage))
                .setPlatforms(Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform("amd64", "linux"),
                        new com.google.cloud.tools.jib.api.buildplan.Platform("arm64", "linux")))
                .addLayer(List.of(extra), AbsoluteUnixPath.get("/jib"))
                .containerize(Containerizer.to(RegistryImage.named(jibImage)).setAllowInsecureRegistries(true));

        for (String arch : List.of("amd64", "arm64")) {
            JsonNode ours = JSON.readTree(Tool.ok("skopeo", "inspect", "--tls-verify=false", "--override-arch", arch,
                    "docker://" + ladingImage));
            JsonNode theirs = JSON.readTree(Tool.ok("skopeo", "inspect", "--tls-verify=false", "--override-arch",
                    arch, "docker://" + jibImage));
            assertEquals(ours.path("Layers").size() + 1, theirs.path("Layers").size(), arch + ": " + theirs);
            for (int i = 0; i < ours.path("Layers").size(); i++) {
                assertEquals(ours.path("Layers").path(i), theirs.path("Layers").path(i), arch + " layer " + i);
            }
            assertEquals(arch, theirs.path("Architecture").asText());
        }
    }

    /**
     * A layout always holds the attestations in its index, and so does every push of one: Jib (whose index parser
     * refuses fields it does not know) builds on such an image.
     */
    @Test
    void jibBuildsOnAnImagePushedFromALayoutWithItsAttestationsInTheIndex(@TempDir Path dir) throws Exception {
        Path layout = dir.resolve("layout");
        lading.ok("build", context(dir.resolve("context"), "from: " + base).toString(), "--platform", "amd64,arm64",
                "--output", "type=oci,dest=" + layout, "--progress", "quiet");
        String ladingImage = registry.reference("from-layout:1");
        lading.ok("push", "oci:" + layout, ladingImage);
        JsonNode index = JSON.readTree(skopeoRaw(ladingImage));
        assertEquals(4, index.path("manifests").size(), "platforms and attestations: " + index);

        Path extra = Files.writeString(dir.resolve("from-jib.txt"), "jib");
        String jibImage = registry.reference("jibbed-layout:1");
        Jib.from(RegistryImage.named(ladingImage))
                .setPlatforms(Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform("arm64", "linux")))
                .addLayer(List.of(extra), AbsoluteUnixPath.get("/jib"))
                .containerize(Containerizer.to(RegistryImage.named(jibImage)).setAllowInsecureRegistries(true));
        JsonNode ours = JSON.readTree(Tool.ok("skopeo", "inspect", "--tls-verify=false", "--override-arch", "arm64",
                "docker://" + ladingImage));
        JsonNode theirs = JSON.readTree(Tool.ok("skopeo", "inspect", "--tls-verify=false", "docker://" + jibImage));
        assertEquals("arm64", theirs.path("Architecture").asText(), theirs.toString());
        assertEquals(ours.path("Layers").size() + 1, theirs.path("Layers").size(), theirs.toString());
        assertEquals(ours.path("Layers").path(0), theirs.path("Layers").path(0));
    }

    @Test
    void attestationsTravelAsReferrersOrInTheIndexAndThroughIndexCreate(@TempDir Path dir) throws Exception {
        Path context = context(dir, "from: " + base);
        String target = registry.reference("attested:1");
        lading.ok("build", context.toString(), "--platform", "amd64,arm64", "-t", target, "--push", "--progress",
                "quiet");
        JsonNode index = JSON.readTree(skopeoRaw(target));
        assertEquals(2, index.path("manifests").size(), "referrers stay out of the index: " + index);
        for (JsonNode platform : index.path("manifests")) {
            String subject = platform.path("digest").asText();
            String fallback = registry.reference("attested:" + subject.replace(':', '-'));
            JsonNode referrers = JSON.readTree(skopeoRaw(fallback));
            JsonNode entry = referrers.path("manifests").path(0);
            assertEquals("application/vnd.docker.attestation.manifest.v1+json", entry.path("artifactType").asText(),
                    referrers.toString());
            JsonNode attestation = JSON.readTree(skopeoRaw(registry.reference("attested@" + entry.path("digest")
                    .asText())));
            assertEquals(subject, attestation.path("subject").path("digest").asText());
            assertEquals(2, attestation.path("layers").size(), "provenance and SBOM");
        }
        assertEquals(2, attestationsInspected(target, "provenance"));
        assertEquals(2, attestationsInspected(target, "spdx"));

        String merged = registry.reference("attested-merged:1");
        lading.ok("index", "create", "-t", merged, target, "--progress", "quiet");
        assertEquals(2, attestationsInspected(merged, "provenance"), "index create carries the referrers");

        String buildx = registry.reference("attested-buildx:1");
        lading.ok("build", context.toString(), "--platform", "amd64,arm64", "-t", buildx, "--push",
                "--attest-format", "buildx", "--progress", "quiet");
        JsonNode withEntries = JSON.readTree(skopeoRaw(buildx));
        assertEquals(4, withEntries.path("manifests").size(), withEntries.toString());
        JsonNode third = withEntries.path("manifests").path(2);
        assertEquals("unknown", third.path("platform").path("architecture").asText());
        assertEquals("attestation-manifest", third.path("annotations").path("vnd.docker.reference.type").asText());
        assertEquals(withEntries.path("manifests").path(0).path("digest").asText(),
                third.path("annotations").path("vnd.docker.reference.digest").asText());
        Tool.ok("skopeo", "inspect", "--tls-verify=false", "--override-arch", "arm64", "docker://" + buildx);

        // a referrers listing that names another image's attestation is refused, not shown as this one's
        String first = index.path("manifests").path(0).path("digest").asText();
        String second = index.path("manifests").path(1).path("digest").asText();
        Path swapped = dir.resolve("swapped.json");
        Files.write(swapped, skopeoRaw(registry.reference("attested:" + second.replace(':', '-'))));
        Tool.ok("curl", "-sf", "-X", "PUT", "-H", "Content-Type: application/vnd.oci.image.index.v1+json",
                "--data-binary", "@" + swapped, registry.url("/v2/attested/manifests/" + first.replace(':', '-')));
        Tool.Result mixedUp = lading.fails(1, "inspect", target);
        assertTrue(mixedUp.stderr().contains("but its subject is " + second), mixedUp.stderr());
    }

    private static Path context(Path dir, String from) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("note.txt"), "a layer of this test's own\n");
        Files.writeString(dir.resolve("lading.yaml"), from + "\n" + """
                layers:
                  - name: note
                    files: [{src: note.txt, dest: /etc/note.txt}]
                """);
        return dir;
    }

    private static Matcher pushed(Tool.Result result) {
        Matcher matcher = PUSHED.matcher(result.stdout());
        assertTrue(matcher.find(), "a pushed line: " + result);
        return matcher;
    }

    private static byte[] skopeoRaw(String reference) throws IOException, InterruptedException {
        Tool.Result result = Tool.run(work, java.util.Map.of(), List.of("skopeo", "inspect", "--raw",
                "--tls-verify=false", "docker://" + reference), Duration.ofMinutes(1));
        assertEquals(0, result.exitCode(), result.toString());
        return result.stdoutBytes();
    }

    /** How many attestations {@code inspect --json} lists over all platforms with a predicate type containing a word. */
    private long attestationsInspected(String reference, String predicate) throws IOException, InterruptedException {
        long count = 0;
        for (JsonNode image : inspectJson(reference).path("images")) {
            for (JsonNode attestation : image.path("attestations")) {
                for (JsonNode type : attestation.path("predicateTypes")) {
                    count += type.asText().contains(predicate) ? 1 : 0;
                }
            }
        }
        return count;
    }

    private JsonNode inspectJson(String reference) throws IOException, InterruptedException {
        return JSON.readTree(lading.ok("inspect", "--json", reference).stdout());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
