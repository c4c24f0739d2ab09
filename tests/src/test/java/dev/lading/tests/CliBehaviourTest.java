package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command prints: progress forms, inspect forms, the store message and the metadata file. */
class CliBehaviourTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE = "examples/hellokitty";

    @TempDir
    Path dir;

    @Test
    void progressJsonIsOneEventPerLineAndQuietIsSilent() throws Exception {
        Lading lading = new Lading(dir.resolve("home"));
        Tool.Result json = lading.ok("build", EXAMPLE, "--progress", "json");
        List<String> lines = json.stderr().lines().toList();
        // per platform a native build, its compile cache counts and the app layer; the shared config layer
        assertEquals(7, lines.size(), json.stderr());
        List<String> natives = new java.util.ArrayList<>();
        List<String> cached = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonNode event = JSON.readTree(line);
            if (event.get("event").asText().equals("native")) {
                natives.add(event.get("platform").asText());
                assertTrue(event.get("toolchain").asText().matches("(zig|clang) .*"), line);
            } else if (event.get("event").asText().equals("compileCache")) {
                // a fresh home: every compile a miss
                cached.add(event.get("platform").asText());
                assertEquals(0, event.get("hits").asInt(), line);
                assertTrue(event.get("misses").asInt() > 0, line);
            } else {
                assertEquals("layer", event.get("event").asText());
                assertTrue(event.get("digest").asText().startsWith("sha256:"), line);
            }
        }
        assertEquals(List.of("linux/amd64", "linux/arm64"), natives.stream().sorted().toList());
        assertEquals(natives.stream().sorted().toList(), cached.stream().sorted().toList());
        Tool.Result quiet = lading.ok("build", EXAMPLE, "--progress", "quiet");
        assertEquals("", quiet.stderr());
    }

    @Test
    void withoutOutputTheImageStaysInTheStoreAndCanBeInspectedThere() throws Exception {
        Lading lading = new Lading(dir.resolve("home"));
        Tool.Result build = lading.ok("build", EXAMPLE, "-t", "registry.example/cats/hellokitty:v1");
        String store = dir.resolve("home/store").toString();
        assertTrue(build.stdout().contains("local store as oci:" + store + ":registry.example/cats/hellokitty:v1"),
                build.stdout());
        Tool.Result inspect = lading.ok("inspect", "oci:" + store + ":registry.example/cats/hellokitty:v1");
        assertTrue(inspect.stdout().lines().anyMatch(line -> line.matches("  Platform: +linux/arm64")), inspect.stdout());
    }

    @Test
    void inspectJsonHasEveryPlatformsConfigAndMetadataMatchesIt() throws Exception {
        Lading lading = new Lading(dir.resolve("home"));
        Path out = dir.resolve("hk");
        Path metadata = dir.resolve("meta/build.json");
        lading.ok("build", EXAMPLE, "-t", "localhost:5000/hk:1", "--output", "type=oci,dest=" + out,
                "--metadata-file", metadata.toString());
        JsonNode inspect = JSON.readTree(lading.ok("inspect", "--json", "oci:" + out + ":1").stdout());
        JsonNode meta = JSON.readTree(metadata.toFile());
        assertEquals(meta.get("containerimage.digest").asText(), inspect.get("digest").asText());
        assertEquals("localhost:5000/hk:1", meta.get("image.name").asText());
        for (String platform : List.of("linux/amd64", "linux/arm64")) {
            JsonNode image = inspect.get("images").get(platform);
            assertEquals(meta.get("platforms").get(platform).get("digest").asText(), image.get("digest").asText());
            assertEquals(platform.substring("linux/".length()), image.get("config").get("architecture").asText());
            assertEquals("/app", image.get("config").get("config").get("WorkingDir").asText());
            assertEquals("[\"/app/HelloKittyexe\"]", image.get("config").get("config").get("Entrypoint").toString());
            assertEquals(meta.get("platforms").get(platform).get("config").asText(),
                    image.get("manifest").get("config").get("digest").asText());
        }
        assertEquals(List.of("oci-layout", "index.json", "blobs"), List.of("oci-layout", "index.json", "blobs").stream()
                .filter(name -> Files.exists(out.resolve(name))).toList());
    }

    /** Outputs are ordinary files of the user's: the JDK's 0600 temporaries must not leak into them. */
    @Test
    void outputsHonourTheUmask() throws Exception {
        Path context = SmallImage.context(dir, 1000);
        Path out = dir.resolve("out");
        Lading lading = new Lading(dir.resolve("home"));
        Map<String, String> environment = lading.environment(Map.of());
        String launcher = Lading.command(environment.get("HOME")).stream().map(word -> "'" + word + "'")
                .collect(java.util.stream.Collectors.joining(" "));
        String command = "umask 027 && exec " + launcher + " build '" + context + "' --platform amd64"
                + " --progress quiet --output type=oci,dest='" + out.resolve("layout") + "'"
                + " --output type=oci-archive,dest='" + out.resolve("image.tar") + "'"
                + " --output type=docker,dest='" + out.resolve("docker.tar") + "'"
                + " --metadata-file '" + out.resolve("meta/build.json") + "'";
        Tool.Result build = Tool.runSealed(dir, environment, List.of("sh", "-c", command), Tool.DEFAULT_TIMEOUT,
                new byte[0]);
        assertEquals(0, build.exitCode(), build.toString());
        try (var paths = Files.walk(out)) {
            for (Path path : paths.toList()) {
                String expected = Files.isDirectory(path) ? "rwxr-x---" : "rw-r-----";
                assertEquals(expected, java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(path)), out.relativize(path).toString());
            }
        }
    }

    @Test
    void rebuildingIntoTheSameLayoutReplacesTheEntryOfThatName() throws Exception {
        Lading lading = new Lading(dir.resolve("home"));
        Path out = dir.resolve("hk");
        lading.ok("build", EXAMPLE, "--platform", "amd64", "--output", "type=oci,dest=" + out);
        lading.ok("build", EXAMPLE, "--platform", "arm64", "--output", "type=oci,dest=" + out);
        lading.ok("build", EXAMPLE, "--platform", "arm64", "-t", "x/y:other", "--output", "type=oci,dest=" + out);
        JsonNode entries = JSON.readTree(out.resolve("index.json").toFile()).get("manifests");
        assertEquals(2, entries.size(), entries.toString());
        String latest = lading.ok("inspect", "oci:" + out + ":latest").stdout();
        assertTrue(latest.contains("linux/arm64") && !latest.contains("linux/amd64"), latest);
    }
}
