package dev.lading.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Index;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import okio.ByteString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Referrers (attestations and signatures pointing at an image by {@code subject}) against both kinds of registry
 * the distribution spec 1.1 knows: one with the referrers API, which indexes a pushed referrer itself and says so
 * with {@code OCI-Subject}, and one without (404), where the client keeps the index under the tag
 * {@code sha256-<subject hex>}. The fake's API is itself checked against the spec's text first.
 */
class ReferrersTest extends FakeRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SBOM = "application/vnd.example.sbom.v1+json";
    private static final String SIGNATURE = "application/vnd.example.signature.v1+json";

    @TempDir
    Path dir;
    private OciLayout layout;
    private Descriptor root;
    private Descriptor image;
    private Descriptor referrer;

    @BeforeEach
    void imageWithAnAttestation() throws IOException {
        registry.acceptPushes("x").serveManifests("x");
        layout = OciLayout.openOrCreate(dir);
        Descriptor config = put(MediaTypes.OCI_CONFIG, "{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        Descriptor layer = put(MediaTypes.OCI_LAYER, "layer");
        image = layout.put(Blob.json(MediaTypes.OCI_MANIFEST,
                new Manifest(MediaTypes.OCI_MANIFEST, config, List.of(layer), Map.of())));
        root = layout.put(Blob.json(MediaTypes.OCI_INDEX, new Index(MediaTypes.OCI_INDEX,
                List.of(image.withPlatform(Platform.parse("linux/amd64"))), Map.of())));
        Descriptor empty = put(MediaTypes.OCI_EMPTY, "{}");
        Descriptor statement = put(MediaTypes.OCI_LAYER, "statement");
        referrer = layout.put(Blob.json(MediaTypes.OCI_MANIFEST, new Manifest(2, MediaTypes.OCI_MANIFEST, SBOM,
                empty, List.of(statement), image, Map.of("org.example.kind", "sbom"))));
    }

    private Descriptor put(String mediaType, String content) throws IOException {
        return layout.put(Blob.of(mediaType, content.getBytes(StandardCharsets.UTF_8)));
    }

    private void push() throws IOException {
        new ImagePusher(client).push(new LayoutContent(layout), root, List.of(referrer), registry.repository("x"),
                List.of("v1"));
    }

    private String fallbackTag() {
        return "sha256-" + image.digest().hex();
    }

    private List<String> fallbackRequests() {
        return registry.log().stream().filter(line -> line.contains("/manifests/" + fallbackTag())).toList();
    }

    @Test
    void theFakesReferrersApiAnswersAsTheSpecSays() throws Exception {
        registry.serveReferrers("x");
        HttpClient http = HttpClient.newHttpClient();
        Digest unknown = Digest.sha256("nothing refers to this".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> none = get(http, "/v2/x/referrers/" + unknown);
        assertEquals(200, none.statusCode(), "an unknown subject is an empty list, not a 404");
        assertEquals(MediaTypes.OCI_INDEX, none.headers().firstValue("Content-Type").orElse(""));
        JsonNode empty = JSON.readTree(none.body());
        assertEquals(2, empty.get("schemaVersion").asInt());
        assertEquals(MediaTypes.OCI_INDEX, empty.get("mediaType").asText());
        assertEquals(0, empty.get("manifests").size());
        assertEquals(400, get(http, "/v2/x/referrers/sha256:not-hex").statusCode());

        // an SBOM with an artifactType, a signature naming none (its config's media type stands in), an index
        byte[] sbom = layout.read(referrer);
        String signature = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"" + SIGNATURE + "\",\"digest\":\"" + Digest.sha256(new byte[0]) + "\",\"size\":0},"
                + "\"layers\":[],\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\""
                + image.digest() + "\",\"size\":" + image.size() + "}}";
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[],"
                + "\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + image.digest()
                + "\",\"size\":" + image.size() + "},\"annotations\":{\"k\":\"v\"}}";
        for (byte[] document : List.of(sbom, signature.getBytes(StandardCharsets.UTF_8),
                index.getBytes(StandardCharsets.UTF_8))) {
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(url("/v2/x/manifests/"
                    + Digest.sha256(document))).PUT(HttpRequest.BodyPublishers.ofByteArray(document)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, put.statusCode());
            assertEquals(image.digest().toString(), put.headers().firstValue("OCI-Subject").orElse(""));
        }

        HttpResponse<String> all = get(http, "/v2/x/referrers/" + image.digest());
        assertEquals(200, all.statusCode());
        assertTrue(all.headers().firstValue("OCI-Filters-Applied").isEmpty(), "no filter asked, none applied");
        JsonNode listed = JSON.readTree(all.body()).get("manifests");
        assertEquals(3, listed.size(), listed.toString());
        assertEquals(referrer.digest().toString(), listed.get(0).get("digest").asText());
        assertEquals(referrer.size(), listed.get(0).get("size").asLong());
        assertEquals(MediaTypes.OCI_MANIFEST, listed.get(0).get("mediaType").asText());
        assertEquals(SBOM, listed.get(0).get("artifactType").asText());
        assertEquals("sbom", listed.get(0).get("annotations").get("org.example.kind").asText());
        assertEquals(SIGNATURE, listed.get(1).get("artifactType").asText());
        assertEquals(MediaTypes.OCI_INDEX, listed.get(2).get("mediaType").asText());
        assertFalse(listed.get(2).has("artifactType"), "an index without artifactType has none");
        assertEquals("v", listed.get(2).get("annotations").get("k").asText());

        HttpResponse<String> filtered = get(http, "/v2/x/referrers/" + image.digest() + "?artifactType="
                + SBOM.replace("+", "%2B"));
        assertEquals("artifactType", filtered.headers().firstValue("OCI-Filters-Applied").orElse(""));
        JsonNode sboms = JSON.readTree(filtered.body()).get("manifests");
        assertEquals(1, sboms.size(), sboms.toString());
        assertEquals(referrer.digest().toString(), sboms.get(0).get("digest").asText());
    }

    /** With the API the registry lists the referrer itself: no fallback tag is read or written. */
    @Test
    void withTheReferrersApiNoFallbackTagIsWritten() throws IOException {
        registry.serveReferrers("x");

        push();

        assertEquals(List.of(), fallbackRequests());
        RecordedRequest put = registry.requests("PUT", "/v2/x/manifests/" + referrer.digest()).get(0);
        assertEquals(ByteString.of(layout.read(referrer)), put.getBody());
        Index listed = pull("x").referrers(image.digest());
        assertEquals(1, listed.manifests().size(), listed.toString());
        Descriptor entry = listed.manifests().get(0);
        assertEquals(referrer.digest(), entry.digest());
        assertEquals(SBOM, entry.artifactType());
        assertEquals(Map.of("org.example.kind", "sbom"), entry.annotations());
        assertEquals(List.of(), fallbackRequests(), "the API's answer is used as it is");
    }

    /**
     * Without the API (a 404, as docker-registry 2.8 answers) the pushed referrer is added to the index under
     * {@code sha256-<subject hex>}, after what another tool put there, once however often the image is pushed;
     * reading the referrers then falls back to that tag.
     */
    @Test
    void withoutTheReferrersApiTheFallbackTagIndexIsUpdatedKeepingItsEntries() throws IOException {
        Descriptor earlier = new Descriptor(MediaTypes.OCI_MANIFEST, SIGNATURE,
                Digest.sha256("a signature of another tool".getBytes(StandardCharsets.UTF_8)), 321,
                Map.of("org.example.tool", "other"), null);
        Blob existing = Blob.json(MediaTypes.OCI_INDEX, new Index(MediaTypes.OCI_INDEX, List.of(earlier), null));
        registry.manifests.put(fallbackTag(), ByteString.of(existing.bytes()));

        push();
        push();

        List<RecordedRequest> puts = registry.requests("PUT", "/v2/x/manifests/" + fallbackTag());
        assertEquals(1, puts.size(), "the second push finds its entry there: " + FakeRegistry.describe(puts));
        assertEquals(MediaTypes.OCI_INDEX, puts.get(0).getHeaders().get("Content-Type"));
        Index tagged = dev.lading.core.model.Json.mapper().readValue(registry.manifests.get(fallbackTag()).toByteArray(), Index.class);
        assertEquals(MediaTypes.OCI_INDEX, tagged.mediaType());
        assertEquals(2, tagged.manifests().size(), tagged.toString());
        assertEquals(earlier, tagged.manifests().get(0), "what was there is kept as it was");
        Descriptor added = tagged.manifests().get(1);
        assertEquals(new Descriptor(MediaTypes.OCI_MANIFEST, SBOM, referrer.digest(), referrer.size(),
                Map.of("org.example.kind", "sbom"), null), added);
        assertNull(added.platform());

        Index listed = pull("x").referrers(image.digest());
        assertEquals(tagged.manifests(), listed.manifests());
        assertTrue(registry.log().contains("GET /v2/x/referrers/" + image.digest()), registry.log().toString());
    }

    private HttpResponse<String> get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://" + registry.registry() + path);
    }
}
