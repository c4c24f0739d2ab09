package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small images for the registry tests, made in well under a second: a layer per prebuilt file of random bytes (so
 * no two tests share a blob), for linux/amd64 and linux/arm64, no {@code build:} section.
 */
final class SmallImage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An image built into an OCI layout directory, and the digest of its index. */
    record Layout(Path dir, String digest) {
        /** The source argument of {@code lading push}. */
        String source() {
            return "oci:" + dir;
        }
    }

    private SmallImage() {
    }

    /** A new image of these layer sizes, its context and layout under {@code dir}. */
    static Layout build(Lading lading, Path dir, int... layerBytes) throws IOException, InterruptedException {
        return build(lading, dir, List.of("linux/amd64", "linux/arm64"), layerBytes);
    }

    /** A new image of these platforms and layer sizes, its context and layout under {@code dir}. */
    static Layout build(Lading lading, Path dir, List<String> platforms, int... layerBytes)
            throws IOException, InterruptedException {
        Path context = context(dir.resolve("context"), platforms, layerBytes);
        Path layout = dir.resolve("oci");
        return new Layout(layout, layout(lading, context, layout));
    }

    /** A build context in {@code dir}: {@code lading.yaml} and one file of random bytes per layer, of these sizes. */
    static Path context(Path dir, int... layerBytes) throws IOException {
        return context(dir, List.of("linux/amd64", "linux/arm64"), layerBytes);
    }

    private static Path context(Path dir, List<String> platforms, int... layerBytes) throws IOException {
        Files.createDirectories(dir);
        StringBuilder yaml = new StringBuilder("platforms: [" + String.join(", ", platforms) + "]\nlayers:\n");
        for (int i = 0; i < layerBytes.length; i++) {
            byte[] data = new byte[layerBytes[i]];
            RANDOM.nextBytes(data);
            Files.write(dir.resolve("data" + i + ".bin"), data);
            yaml.append("  - name: data").append(i).append('\n')
                    .append("    files:\n")
                    .append("      - src: data").append(i).append(".bin\n")
                    .append("        dest: /data").append(i).append(".bin\n");
        }
        Files.writeString(dir.resolve("lading.yaml"), yaml);
        return dir;
    }

    /** Builds {@code context} into the OCI layout {@code dest}, whose index digest it returns. */
    static String layout(Lading lading, Path context, Path dest) throws IOException, InterruptedException {
        // the registry tests count blobs and compare index digests: attestations (tested elsewhere) would only blur them
        lading.ok("build", context.toString(), "--progress", "quiet", "--provenance", "false", "--sbom", "false",
                "--output", "type=oci,dest=" + dest);
        return JSON.readTree(dest.resolve("index.json").toFile()).get("manifests").get(0).get("digest").asText();
    }

    /**
     * The digest of what {@code registry} holds under {@code repositoryAndTag}, asked of skopeo rather than lading:
     * the sha256 of the raw manifest bytes. {@code args} are extra options, e.g. {@code --creds U:P}.
     */
    static String digestInRegistry(RegistryServer registry, String repositoryAndTag, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--raw"));
        command.addAll(registry.skopeoTransport(""));
        command.addAll(List.of(args));
        command.add("docker://" + registry.reference(repositoryAndTag));
        Tool.Result result = Tool.run(Path.of("."), Map.of(), command, Duration.ofMinutes(1));
        assertEquals(0, result.exitCode(), String.join(" ", command) + "\n" + result);
        return BusyboxBase.digest(result.stdoutBytes());
    }
}
