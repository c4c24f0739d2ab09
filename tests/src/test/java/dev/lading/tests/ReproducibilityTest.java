package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same inputs give the same digests, whatever the directory, the file times or the hour of the build. */
class ReproducibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Path copyExample(Path to, long mtimeSeconds) throws IOException {
        Projects.copy("examples/hellokitty", to);
        try (Stream<Path> files = Files.walk(to)) {
            for (Path path : files.toList()) {
                Files.setLastModifiedTime(path, FileTime.fromMillis(mtimeSeconds * 1000));
            }
        }
        return to;
    }

    private String indexDigest(Lading lading, Map<String, String> env, Path context, Path metadata) throws Exception {
        Tool.Result result = lading.run(env, "build", context.toString(), "--platform", "linux/amd64,linux/arm64",
                "--metadata-file", metadata.toString());
        assertEquals(0, result.exitCode(), result.toString());
        return JSON.readTree(metadata.toFile()).get("containerimage.digest").asText();
    }

    @Test
    void twoBuildsInDifferentPlacesAndTimesAreIdentical() throws Exception {
        Path first = copyExample(dir.resolve("a/hellokitty"), 86_400);
        Path second = copyExample(dir.resolve("b/nested/elsewhere"), 1_750_000_000L);
        String one = indexDigest(new Lading(dir.resolve("home-1")), Map.of(), first, dir.resolve("m1.json"));
        Thread.sleep(1100); // a different wall-clock second must not matter either
        String two = indexDigest(new Lading(dir.resolve("home-2")), Map.of(), second, dir.resolve("m2.json"));
        assertEquals(one, two);
        // the stored index of each build hashes to the same bytes too
        Path blob = dir.resolve("home-1/store/blobs/sha256").resolve(one.substring("sha256:".length()));
        Path other = dir.resolve("home-2/store/blobs/sha256").resolve(two.substring("sha256:".length()));
        assertEquals(-1, Files.mismatch(blob, other));
    }

    @Test
    void sourceDateEpochIsHonoured() throws Exception {
        Path context = copyExample(dir.resolve("p"), 0);
        Lading lading = new Lading(dir.resolve("home"));
        String plain = indexDigest(lading, Map.of(), context, dir.resolve("m0.json"));
        Path metadata = dir.resolve("m1.json");
        String dated = indexDigest(lading, Map.of("SOURCE_DATE_EPOCH", "1700000000"), context, metadata);
        assertNotEquals(plain, dated);
        String again = indexDigest(lading, Map.of("SOURCE_DATE_EPOCH", "1700000000"), context, dir.resolve("m2.json"));
        assertEquals(dated, again);

        Path out = dir.resolve("out");
        Tool.Result build = lading.run(Map.of("SOURCE_DATE_EPOCH", "1700000000"), "build", context.toString(),
                "--platform", "linux/arm64", "--output", "type=oci,dest=" + out);
        assertEquals(0, build.exitCode(), build.toString());
        JsonNode config = JSON.readTree(Tool.ok("skopeo", "--override-arch", "arm64", "inspect", "--config",
                "oci:" + out + ":latest"));
        assertEquals("2023-11-14T22:13:20Z", config.get("created").asText());
        String listing = Tool.ok("tar", "--full-time", "-tvzf", firstLayer(out).toString());
        for (String line : listing.strip().split("\n")) {
            assertEquals(true, line.contains("2023-11-14 22:13:20"), line);
        }
    }

    private static Path firstLayer(Path layout) throws IOException, InterruptedException {
        JsonNode manifest = JSON.readTree(Tool.ok("skopeo", "--override-arch", "arm64", "inspect", "--raw",
                "oci:" + layout + ":latest"));
        if (manifest.has("manifests")) {
            String digest = manifest.get("manifests").get(0).get("digest").asText();
            manifest = JSON.readTree(layout.resolve("blobs/sha256/" + digest.substring(7)).toFile());
        }
        String layer = manifest.get("layers").get(0).get("digest").asText();
        return layout.resolve("blobs/sha256/" + layer.substring(7));
    }

    @Test
    void zstdAndDockerFormatsAreReproducibleToo() throws Exception {
        Path context = copyExample(dir.resolve("p"), 5);
        for (List<String> flags : List.of(List.of("--compression", "zstd"), List.of("--format", "docker"))) {
            String first = digestWith(new Lading(dir.resolve("1" + flags.get(1))), context, flags, dir.resolve("1.json"));
            String second = digestWith(new Lading(dir.resolve("2" + flags.get(1))), context, flags, dir.resolve("2.json"));
            assertEquals(first, second, flags.toString());
        }
    }

    private static String digestWith(Lading lading, Path context, List<String> flags, Path metadata) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("build", context.toString(), "--platform", "amd64,arm64",
                "--metadata-file", metadata.toString()));
        args.addAll(flags);
        Tool.Result result = lading.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.toString());
        return JSON.readTree(metadata.toFile()).get("containerimage.digest").asText();
    }
}
