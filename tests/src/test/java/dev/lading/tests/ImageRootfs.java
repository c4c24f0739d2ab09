package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Takes one platform's files out of an OCI image layout the way a runtime would: index.json, the image index,
 * the platform's manifest, then its layers unpacked in order with GNU tar. What a test runs from here is what
 * the image holds, not what happens to lie in some build directory.
 */
final class ImageRootfs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageRootfs() {
    }

    static Path unpack(Path layout, Platform platform, Path into) throws IOException, InterruptedException {
        JsonNode top = JSON.readTree(layout.resolve("index.json").toFile()).get("manifests");
        assertEquals(1, top.size(), "a layout with one entry, the multi-platform index");
        JsonNode index = blob(layout, top.get(0));
        JsonNode entry = entries(index).filter(m -> matches(m.get("platform"), platform)).findFirst()
                .orElseThrow(() -> new AssertionError("no manifest for " + platform + " in " + index));
        JsonNode manifest = blob(layout, entry);
        JsonNode config = blob(layout, manifest.get("config"));
        assertEquals(platform.architecture(), config.get("architecture").asText(), "config of " + platform);
        Files.createDirectories(into);
        for (JsonNode layer : manifest.get("layers")) {
            Tool.ok("tar", "-xf", blobPath(layout, layer).toString(), "-C", into.toString());
        }
        return into;
    }

    /** The one regular file of that name anywhere in the tree. */
    static Path find(Path rootfs, String name) throws IOException {
        try (Stream<Path> files = Files.walk(rootfs)) {
            var found = files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().equals(name)).toList();
            assertEquals(1, found.size(), "files named " + name + " in the image: " + found);
            return found.get(0);
        }
    }

    private static Stream<JsonNode> entries(JsonNode index) {
        return StreamSupport.stream(index.get("manifests").spliterator(), false);
    }

    private static boolean matches(JsonNode node, Platform platform) {
        return node != null && platform.os().equals(node.path("os").asText())
                && platform.architecture().equals(node.path("architecture").asText())
                && Objects.equals(platform.variant(), node.has("variant") ? node.get("variant").asText() : null);
    }

    private static JsonNode blob(Path layout, JsonNode descriptor) throws IOException {
        return JSON.readTree(blobPath(layout, descriptor).toFile());
    }

    private static Path blobPath(Path layout, JsonNode descriptor) {
        String[] digest = descriptor.get("digest").asText().split(":", 2);
        return layout.resolve("blobs").resolve(digest[0]).resolve(digest[1]);
    }
}
