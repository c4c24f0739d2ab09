package dev.lading.core.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Documents from elsewhere as the model's reader takes them: what it skips, and what it refuses and how. */
class ModelJsonTest {
    private static final String DIGEST = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    @Test
    void fieldsTheModelDoesNotKnowAreSkippedAtEveryLevel() throws IOException {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"extra\":{\"a\":[1,2.5,null]},"
                + "\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + DIGEST
                + "\",\"size\":7,\"urls\":[\"http://x\"],\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\","
                + "\"os.features\":[\"f\"],\"os.version\":\"1\"}}]}";
        Index index = Json.parse(json.getBytes(UTF_8), Index.class, "index");
        assertEquals(List.of(new Descriptor(MediaTypes.OCI_MANIFEST, null, Digest.parse(DIGEST), 7, Map.of(),
                new Platform("linux", "arm64", null))), index.manifests());
        assertEquals(Json.mapper().readValue(json, Index.class), index);
    }

    @Test
    void aConfigOfAnotherBuilderKeepsWhatTheModelHolds() throws IOException {
        String json = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"author\":\"x\",\"container_config\":{\"Cmd\":[\"a\"]},"
                + "\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"],\"ArgsEscaped\":true,\"ExposedPorts\":{\"80/tcp\":{}},"
                + "\"Healthcheck\":{\"Test\":[\"NONE\"]}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + DIGEST + "\"]},"
                + "\"history\":[{\"created_by\":\"x\",\"empty_layer\":true},{\"created\":\"2020-01-01T00:00:00Z\"}]}";
        ConfigFile config = Json.parse(json.getBytes(UTF_8), ConfigFile.class, "config");
        assertEquals(Json.mapper().readValue(json, ConfigFile.class), config);
        assertEquals(List.of("sh"), config.config().cmd());
        assertEquals(Map.of("80/tcp", Map.of()), config.config().exposedPorts());
        assertTrue(config.history().get(0).emptyLayer());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "[]", "\"manifest\"", "{",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + DIGEST + "\",\"size\":1}} {}",
        "{\"schemaVersion\":\"2\"}", "{\"schemaVersion\":3,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + DIGEST
                + "\",\"size\":1}}",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"md5:00\",\"size\":1}}",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + DIGEST + "\",\"size\":1.5}}",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + DIGEST + "\",\"size\":1e30}}",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + DIGEST
                + "\",\"size\":99999999999999999999}}",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + DIGEST + "\",\"size\":1},\"layers\":{}}",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + DIGEST + "\",\"size\":1},\"layers\":[1]}",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + DIGEST
                + "\",\"size\":1,\"annotations\":{\"a\":1}}}",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"no type\",\"digest\":\"" + DIGEST + "\",\"size\":1}}",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + DIGEST + "\",\"size\":-1}}",
    })
    void aMalformedManifestIsAnIoExceptionNamingWhatWasRead(String json) {
        IOException e = assertThrows(IOException.class, () -> Json.parse(json.getBytes(UTF_8), Manifest.class,
                "manifest sha256:1234"));
        assertTrue(e.getMessage().startsWith("malformed manifest sha256:1234: "), e.getMessage());
    }

    @Test
    void aDeeplyNestedDocumentIsRefusedNotAStackOverflow() {
        String json = "{\"schemaVersion\":2,\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThrows(IOException.class, () -> Json.parse(json.getBytes(UTF_8), Manifest.class, "manifest"));
    }
}
