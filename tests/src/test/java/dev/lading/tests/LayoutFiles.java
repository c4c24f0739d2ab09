package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads an OCI image layout directory by hand, as the image-spec describes it: {@code index.json}, then blobs by
 * digest. The tests that check lading's media types read what lading wrote with this, not with lading.
 */
final class LayoutFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One platform image: its index entry, manifest and config. */
    record Image(JsonNode entry, JsonNode manifest, JsonNode config) {
        String architecture() {
            return entry.get("platform").get("architecture").asText();
        }

        List<String> diffIds() {
            List<String> ids = new ArrayList<>();
            config.get("rootfs").get("diff_ids").forEach(id -> ids.add(id.asText()));
            return ids;
        }
    }

    private final Path dir;

    LayoutFiles(Path dir) {
        this.dir = dir;
    }

    /** The one document {@code index.json} lists: the multi-platform index (or manifest list). */
    JsonNode root() throws IOException {
        JsonNode top = JSON.readTree(dir.resolve("index.json").toFile()).get("manifests");
        assertEquals(1, top.size(), "one entry in index.json: " + top);
        return json(top.get(0));
    }

    /** The root's platform images, in its order. */
    List<Image> images() throws IOException {
        List<Image> images = new ArrayList<>();
        for (JsonNode entry : root().get("manifests")) {
            JsonNode manifest = json(entry);
            images.add(new Image(entry, manifest, json(manifest.get("config"))));
        }
        return images;
    }

    Path blob(JsonNode descriptor) {
        return blob(descriptor.get("digest").asText());
    }

    Path blob(String digest) {
        String[] parts = digest.split(":", 2);
        return dir.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
    }

    JsonNode json(JsonNode descriptor) throws IOException {
        Path blob = blob(descriptor);
        assertEquals(descriptor.get("digest").asText(), sha256(blob), "the blob's bytes match its digest");
        return JSON.readTree(blob.toFile());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    static String sha256(byte[] bytes) {
        return BusyboxBase.digest(bytes);
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream stream = new DigestInputStream(in, digest)) {
                stream.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
