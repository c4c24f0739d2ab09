package dev.lading.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The registry tests' base image: Debian's busybox-static for amd64 and arm64, each imaged by the lading CLI
 * from {@code scratch}, joined here into one multi-arch OCI layout. Small (about 1 MB a platform), real binaries,
 * and no registry needed to make it, so the registry tests depend on nothing they test.
 */
final class BusyboxBase {
    static final String TAG = "1.35";
    static final List<String> ARCHES = List.of("amd64", "arm64");
    /** Where {@code scripts/install-deps.sh test} downloads the two packages. */
    static final Path DEBS = Path.of(System.getProperty("user.home"), ".cache", "lading-tests", "debs");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String BUILD_FILE = """
            from: scratch
            layers:
              - name: busybox
                files:
                  - src: bin/busybox
                    dest: /bin/busybox
            entrypoint: [/bin/busybox]
            """;

    /** The layout, its one tag, the digest of its index and of each architecture's manifest. */
    record Layout(Path dir, String tag, String indexDigest, Map<String, String> manifestDigests) {
        String reference() {
            return "oci:" + dir + ":" + tag;
        }

        byte[] blob(String digest) throws IOException {
            return Files.readAllBytes(dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
        }
    }

    private BusyboxBase() {
    }

    /** Builds the layout under {@code work} (which holds the extracted packages and lading's home too). */
    static Layout build(Path work) throws IOException, InterruptedException {
        Lading lading = new Lading(work.resolve("home"), Duration.ofMinutes(2));
        Path dir = work.resolve("busybox-oci");
        Files.createDirectories(dir.resolve("blobs/sha256"));
        ArrayNode manifests = JSON.createArrayNode();
        Map<String, String> manifestDigests = new LinkedHashMap<>();
        for (String arch : ARCHES) {
            Path root = work.resolve("busybox-" + arch);
            Tool.ok("dpkg-deb", "-x", deb(arch).toString(), root.toString());
            Files.writeString(root.resolve("lading.yaml"), BUILD_FILE);
            Path single = work.resolve("busybox-oci-" + arch);
            // a plain base image, as a registry would serve one: its index lists the platform images alone
            lading.ok("build", root.toString(), "--platform", "linux/" + arch, "--progress", "quiet",
                    "--provenance", "false", "--sbom", "false", "--output", "type=oci,dest=" + single);
            for (JsonNode manifest : platformManifests(single)) {
                manifests.add(manifest);
                manifestDigests.put(manifest.get("platform").get("architecture").asText(),
                        manifest.get("digest").asText());
            }
            copyBlobs(single, dir);
        }
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", INDEX);
        index.set("manifests", manifests);
        byte[] indexBytes = JSON.writeValueAsBytes(index);
        String indexDigest = digest(indexBytes);
        Files.write(dir.resolve("blobs/sha256").resolve(indexDigest.substring("sha256:".length())), indexBytes);

        ObjectNode entry = JSON.createObjectNode().put("mediaType", INDEX).put("digest", indexDigest)
                .put("size", indexBytes.length);
        entry.putObject("annotations").put("org.opencontainers.image.ref.name", TAG);
        ObjectNode top = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", INDEX);
        top.putArray("manifests").add(entry);
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(top));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return new Layout(dir, TAG, indexDigest, manifestDigests);
    }

    /**
     * {@code skopeo copy --all} of the whole layout to {@code destination} ({@code host/repo:tag}); {@code args}
     * come before the two images: transport and credentials, e.g. {@link RegistryServer#skopeoTransport(String)}
     * and {@code --dest-creds}.
     */
    static Tool.Result pushWithSkopeo(Path layout, String destination, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo", "copy", "--all"));
        command.addAll(args);
        command.addAll(List.of("oci:" + layout + ":" + TAG, "docker://" + destination));
        return Tool.run(layout, Map.of(), command, Duration.ofMinutes(2));
    }

    private static Path deb(String arch) throws IOException {
        try (Stream<Path> files = Files.list(DEBS)) {
            return files.filter(f -> f.getFileName().toString().matches("busybox-static_.*_" + arch + "\\.deb"))
                    .findFirst().orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("no busybox-static " + arch + " package in " + DEBS
                    + ": run scripts/install-deps.sh test", e);
        }
    }

    /** The entries, each with its platform, of the index that a single-platform lading layout holds. */
    private static JsonNode platformManifests(Path layout) throws IOException {
        JsonNode top = JSON.readTree(layout.resolve("index.json").toFile());
        String digest = top.get("manifests").get(0).get("digest").asText();
        return JSON.readTree(layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())).toFile())
                .get("manifests");
    }

    private static void copyBlobs(Path from, Path to) throws IOException {
        try (Stream<Path> blobs = Files.list(from.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                Path target = to.resolve("blobs/sha256").resolve(blob.getFileName());
                if (!Files.exists(target)) {
                    Files.copy(blob, target);
                }
            }
        }
    }

    /** {@code sha256:HEX} of the bytes, as OCI descriptors name content. */
    static String digest(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
