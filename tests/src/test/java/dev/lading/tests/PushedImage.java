package dev.lading.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** The digests a two-platform {@code build --push} wrote to its metadata file. */
record PushedImage(String index, String amd64, String arm64) {
    static PushedImage read(Path metadata) throws IOException {
        JsonNode json = new ObjectMapper().readTree(metadata.toFile());
        return new PushedImage(json.path("containerimage.digest").asText(),
                json.path("platforms").path("linux/amd64").path("digest").asText(),
                json.path("platforms").path("linux/arm64").path("digest").asText());
    }

    /** The tag cosign keeps a digest's signatures under. */
    static String signatureTag(String digest) {
        return digest.replace(':', '-') + ".sig";
    }
}
