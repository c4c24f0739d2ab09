package dev.lading.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The text form, character for character, against what {@code docker buildx imagetools inspect} prints for the
 * same documents: labels padded per block as Go's tabwriter pads them, blank lines of spaces included.
 */
class InspectionTextTest {
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private final Map<Digest, byte[]> blobs = new HashMap<>();

    private Descriptor put(String mediaType, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(bytes);
        blobs.put(digest, bytes);
        return new Descriptor(mediaType, null, digest, bytes.length, Map.of(), null);
    }

    private Descriptor image(String architecture) {
        Descriptor config = put("application/vnd.oci.image.config.v1+json",
                "{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        return put(MANIFEST, "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":{\"mediaType\":\""
                + config.mediaType() + "\",\"digest\":\"" + config.digest() + "\",\"size\":" + config.size()
                + "},\"layers\":[]}");
    }

    private static String entry(Descriptor manifest, String platform, String annotations) {
        return "{\"mediaType\":\"" + MANIFEST + "\",\"digest\":\"" + manifest.digest() + "\",\"size\":" + manifest.size()
                + ",\"platform\":" + platform + annotations + "}";
    }

    private Inspection inspect(Descriptor root, String name, String repositoryName) throws IOException {
        return Inspection.of(descriptor -> blobs.get(descriptor.digest()), root, name, repositoryName);
    }

    @Test
    void anIndexOfPlatformsOnly() throws IOException {
        Descriptor amd64 = image("amd64");
        Descriptor arm64 = image("arm64");
        Descriptor index = put(INDEX, "{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":["
                + entry(amd64, "{\"architecture\":\"amd64\",\"os\":\"linux\"}", "") + ","
                + entry(arm64, "{\"architecture\":\"arm64\",\"os\":\"linux\"}", "") + "]}");
        String expected = ""
                + "Name:      localhost:5000/team/app:1.0\n"
                + "MediaType: " + INDEX + "\n"
                + "Digest:    " + index.digest() + "\n"
                + "           \n"
                + "Manifests: \n"
                + "  Name:      localhost:5000/team/app:1.0@" + amd64.digest() + "\n"
                + "  MediaType: " + MANIFEST + "\n"
                + "  Platform:  linux/amd64\n"
                + "             \n"
                + "  Name:      localhost:5000/team/app:1.0@" + arm64.digest() + "\n"
                + "  MediaType: " + MANIFEST + "\n"
                + "  Platform:  linux/arm64\n";
        assertEquals(expected, inspect(index, "localhost:5000/team/app:1.0", "localhost:5000/team/app:1.0").text());
    }

    @Test
    void attestationEntriesShowTheirAnnotationsAndWidenTheLabelsBeforeThem() throws IOException {
        Descriptor amd64 = image("amd64");
        Descriptor attestation = image("unknown");
        Descriptor index = put(INDEX, "{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":["
                + entry(amd64, "{\"architecture\":\"amd64\",\"os\":\"linux\"}", "") + ","
                + entry(attestation, "{\"architecture\":\"unknown\",\"os\":\"unknown\"}",
                ",\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\","
                        + "\"vnd.docker.reference.digest\":\"" + amd64.digest() + "\"}") + "]}");
        String expected = ""
                + "Name:      localhost:5000/app@" + index.digest() + "\n"
                + "MediaType: " + INDEX + "\n"
                + "Digest:    " + index.digest() + "\n"
                + "           \n"
                + "Manifests: \n"
                + "  Name:        localhost:5000/app@" + amd64.digest() + "\n"
                + "  MediaType:   " + MANIFEST + "\n"
                + "  Platform:    linux/amd64\n"
                + "               \n"
                + "  Name:        localhost:5000/app@" + attestation.digest() + "\n"
                + "  MediaType:   " + MANIFEST + "\n"
                + "  Platform:    unknown/unknown\n"
                + "  Annotations: \n"
                + "    vnd.docker.reference.digest: " + amd64.digest() + "\n"
                + "    vnd.docker.reference.type:   attestation-manifest\n";
        assertEquals(expected, inspect(index, "localhost:5000/app@" + index.digest(), "localhost:5000/app").text());
    }

    @Test
    void aSingleManifestShowsOnlyItsHeader() throws IOException {
        Descriptor amd64 = image("amd64");
        String expected = "Name:      oci:out/hk:latest\n"
                + "MediaType: " + MANIFEST + "\n"
                + "Digest:    " + amd64.digest() + "\n";
        assertEquals(expected, inspect(amd64, "oci:out/hk:latest", "oci:out/hk:latest").text());
    }
}
