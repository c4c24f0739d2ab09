package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /**
     * The JVM decodes file names with its locale's charset; lading runs itself again in a UTF-8 locale so that an
     * image's paths are the bytes on disk in any locale, and refuses a name that is not UTF-8 at all. The names are
     * made by the shell from octal escapes, so this test needs no particular locale itself.
     */
    @Test
    void fileNamesAreTheSameBytesInThePosixLocale() throws Exception {
        Path context = dir.resolve("names");
        Files.createDirectories(context.resolve("data"));
        Files.writeString(context.resolve("lading.yaml"),
                "from: scratch\nlayers:\n  - name: data\n    files:\n      - src: data\n        dest: /data\n");
        // a-umlaut and o-umlaut in UTF-8: in the POSIX locale both used to become U+FFFD U+FFFD and collide
        Tool.ok("sh", "-c", "cd '" + context.resolve("data") + "' && touch \"$(printf 'a\\303\\244.txt')\""
                + " \"$(printf '\\303\\266.txt')\"");
        Map<String, String> posix = new java.util.HashMap<>();
        for (String name : List.of("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE")) {
            posix.put(name, null);
        }
        Lading lading = new Lading(dir.resolve("home"));
        String inPosix = indexDigest(lading, posix, context, dir.resolve("posix.json"));
        String inUtf8 = indexDigest(lading, Map.of("LC_ALL", "C.UTF-8"), context, dir.resolve("utf8.json"));
        assertEquals(inUtf8, inPosix);

        Path out = dir.resolve("out");
        assertEquals(0, lading.run(posix, "build", context.toString(), "--platform", "amd64", "--provenance", "false",
                "--sbom", "false", "--output", "type=oci,dest=" + out).exitCode());
        Path layer = firstLayer(out, "amd64");
        byte[] listing = Tool.run(dir, Map.of(), List.of("tar", "-tzf", layer.toString())).stdoutBytes();
        assertEquals("data/\ndata/a\u00e4.txt\ndata/\u00f6.txt\n", new String(listing, StandardCharsets.UTF_8));

        Tool.ok("sh", "-c", "cd '" + context.resolve("data") + "' && touch \"$(printf 'bad\\377.txt')\"");
        Tool.Result refused = lading.fails(posix, 2, "build", context.toString(), "--platform", "amd64");
        assertTrue(refused.stderr().contains("is not valid UTF-8") && refused.stderr().contains("lading.yaml"),
                refused.stderr());
    }

    private static Path firstLayer(Path layout) throws IOException, InterruptedException {
        return firstLayer(layout, "arm64");
    }

    private static Path firstLayer(Path layout, String arch) throws IOException, InterruptedException {
        JsonNode manifest = JSON.readTree(Tool.ok("skopeo", "--override-arch", arch, "inspect", "--raw",
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
