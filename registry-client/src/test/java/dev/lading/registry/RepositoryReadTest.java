package dev.lading.registry;

import static dev.lading.registry.FakeRegistry.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.store.Documents;
import dev.lading.core.store.DigestMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading manifests, blobs and tags from a registry that lies about them, sends too much, or pages oddly. */
class RepositoryReadTest extends FakeRegistryTest {
    private static final String MANIFEST = FakeRegistry.MANIFEST;

    private Repository repository;

    @BeforeEach
    void openRepository() {
        repository = pull("x");
    }

    private void serveManifest(MockResponse response) {
        registry.on("GET", "/v2/x/manifests/", request -> response);
    }

    private static MockResponse json(String body, String contentType) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", contentType).body(body).build();
    }

    private static Digest sha256(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- manifests ----

    @Test
    void manifestByDigestWhoseBodyHashesToAnotherDigestIsRefused() {
        serveManifest(json(MANIFEST, MediaTypes.OCI_MANIFEST));
        Digest asked = sha256("another manifest");

        DigestMismatchException e = assertThrows(DigestMismatchException.class,
                () -> repository.manifest(asked.toString()));

        assertEquals(asked, e.expected());
        assertEquals(sha256(MANIFEST), e.actual());
    }

    @Test
    void manifestByTagWhoseDockerContentDigestDisagreesWithTheBodyIsRefused() {
        Digest claimed = sha256("what the registry claims");
        serveManifest(json(MANIFEST, MediaTypes.OCI_MANIFEST).newBuilder()
                .addHeader("Docker-Content-Digest", claimed).build());

        DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> repository.manifest("latest"));

        assertEquals(claimed, e.expected());
    }

    @Test
    void manifestByTagWithAMatchingDockerContentDigestIsRead() throws IOException {
        serveManifest(json(MANIFEST, MediaTypes.OCI_MANIFEST).newBuilder()
                .addHeader("Docker-Content-Digest", sha256(MANIFEST)).build());

        RemoteManifest manifest = repository.manifest("latest");

        assertEquals(new Descriptor(MediaTypes.OCI_MANIFEST, sha256(MANIFEST), MANIFEST.length()),
                manifest.descriptor());
        assertEquals("application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
                        + "application/vnd.docker.distribution.manifest.list.v2+json, "
                        + "application/vnd.docker.distribution.manifest.v2+json",
                registry.requests("GET", "/v2/x/manifests/").get(0).getHeaders().get("Accept"));
    }

    /** A JSON document exactly {@code size} bytes long: a manifest padded with spaces. */
    private static String manifestOfSize(int size) {
        return MANIFEST + " ".repeat(size - MANIFEST.length());
    }

    @Test
    void manifestOverTheLimitWithContentLengthIsRefusedNamingTheLimit() {
        serveManifest(json(manifestOfSize(Documents.MAX_BYTES + 1), MediaTypes.OCI_MANIFEST));

        RegistryException e = assertThrows(RegistryException.class, () -> repository.manifest("latest"));

        assertTrue(e.getMessage().contains("4 MiB"), e.getMessage());
        assertFalse(e.retryable(), "the same document would come again");
    }

    @Test
    void manifestOverTheLimitWithoutContentLengthIsRefusedNamingTheLimit() {
        serveManifest(new MockResponse.Builder().code(200).addHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                .chunkedBody(manifestOfSize(Documents.MAX_BYTES + 100), 64 << 10).build());

        RegistryException e = assertThrows(RegistryException.class, () -> repository.manifest("latest"));

        assertTrue(e.getMessage().contains("4 MiB"), e.getMessage());
        assertTrue(e.getMessage().contains("more than " + Documents.MAX_BYTES), e.getMessage());
    }

    @Test
    void manifestOfExactlyTheLimitIsRead() throws IOException {
        String body = manifestOfSize(Documents.MAX_BYTES);
        serveManifest(new MockResponse.Builder().code(200).addHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                .chunkedBody(body, 64 << 10).build());

        assertEquals(sha256(body), repository.manifest("latest").descriptor().digest());
    }

    @Test
    void manifestThatIsNotJsonIsAClearRegistryError() {
        serveManifest(json("<html>maintenance</html>", "text/html"));

        RegistryException e = assertThrows(RegistryException.class, () -> repository.manifest("latest"));

        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
        assertEquals("MANIFEST_INVALID", e.code());
        assertFalse(e.retryable());
    }

    @Test
    void manifestMediaTypeComesFromTheBodyBeforeTheContentType() throws IOException {
        serveManifest(json(MANIFEST, MediaTypes.DOCKER_MANIFEST));

        assertEquals(MediaTypes.OCI_MANIFEST, repository.manifest("latest").descriptor().mediaType());
    }

    @Test
    void manifestWithoutMediaTypeTakesTheContentTypeWithoutParameters() throws IOException {
        serveManifest(json("{\"schemaVersion\":2}", MediaTypes.DOCKER_MANIFEST_LIST + "; charset=utf-8"));

        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, repository.manifest("latest").descriptor().mediaType());
    }

    @Test
    void manifestWithNeitherMediaTypeNorSpecificContentTypeIsJudgedByItsShape() throws IOException {
        serveManifest(json("{\"schemaVersion\":2,\"manifests\":[]}", "application/json"));

        assertEquals(MediaTypes.OCI_INDEX, repository.manifest("latest").descriptor().mediaType());
    }

    @Test
    void manifestDeclaringAMalformedMediaTypeIsAClearRegistryError() {
        serveManifest(json("{\"schemaVersion\":2,\"mediaType\":\"not a media type\"}", MediaTypes.OCI_MANIFEST));

        RegistryException e = assertThrows(RegistryException.class, () -> repository.manifest("latest"));

        assertTrue(e.getMessage().contains("not a media type"), e.getMessage());
    }

    // ---- blobs ----

    private static final byte[] BLOB = "the bytes of a layer".getBytes(StandardCharsets.UTF_8);
    private static final Descriptor BLOB_DESCRIPTOR = new Descriptor(MediaTypes.OCI_LAYER, Digest.sha256(BLOB),
            BLOB.length);

    private void serveBlob(byte[] bytes) {
        registry.on("GET", "/v2/x/blobs/", request -> new MockResponse.Builder().code(200)
                .body(new Buffer().write(bytes)).build());
    }

    /** Reads the whole stream, as a pull or a copy does; the failure comes at the end. */
    private byte[] readBlob() throws IOException {
        try (InputStream in = repository.openBlob(BLOB_DESCRIPTOR)) {
            return in.readAllBytes();
        }
    }

    @Test
    void blobIsStreamedAndVerifiedWithoutContentEncoding() throws IOException {
        serveBlob(BLOB);

        assertArrayEquals(BLOB, readBlob());
        assertEquals("identity", registry.requests("GET", "/v2/x/blobs/").get(0).getHeaders()
                .get("Accept-Encoding"));
    }

    @Test
    void blobWithOtherBytesOfTheSameLengthFailsAtTheEnd() throws IOException {
        byte[] other = BLOB.clone();
        other[3] ^= 1;
        serveBlob(other);

        DigestMismatchException e = assertThrows(DigestMismatchException.class, this::readBlob);

        assertEquals(BLOB_DESCRIPTOR.digest(), e.expected());
        assertTrue(e.getMessage().contains(registry.registry() + "/x"), e.getMessage());
    }

    @Test
    void blobWithTooFewBytesFailsAtTheEnd() {
        serveBlob(Arrays.copyOf(BLOB, BLOB.length - 1));

        IOException e = assertThrows(IOException.class, this::readBlob);

        assertTrue(e.getMessage().contains("ended after " + (BLOB.length - 1) + " bytes"), e.getMessage());
    }

    @Test
    void blobWithTooManyBytesFailsAtTheEnd() {
        byte[] longer = Arrays.copyOf(BLOB, BLOB.length + 1);
        serveBlob(longer);

        IOException e = assertThrows(IOException.class, this::readBlob);

        assertTrue(e.getMessage().contains("longer than its size " + BLOB.length), e.getMessage());
    }

    // ---- tags ----

    private void serveTagPage(String last, String tags, String link) {
        registry.on("GET", "/v2/x/tags/list", request -> {
            if (!String.valueOf(last).equals(String.valueOf(request.getUrl().queryParameter("last")))) {
                return null;
            }
            MockResponse.Builder page = new MockResponse.Builder().code(200)
                    .addHeader("Content-Type", "application/json").body("{\"name\":\"x\",\"tags\":" + tags + "}");
            if (link != null) {
                page.addHeader("Link", link);
            }
            return page.build();
        });
    }

    @Test
    void tagsFollowRelativeLinksAcrossPages() throws IOException {
        serveTagPage(null, "[\"a\",\"b\"]", "</v2/x/tags/list?last=b&n=2>; rel=\"next\"");
        serveTagPage("b", "[\"c\",\"d\"]", "</v2/x/tags/list?last=d&n=2>; rel=\"next\"");
        serveTagPage("d", "[\"e\"]", null);

        assertEquals(List.of("a", "b", "c", "d", "e"), repository.tags());
        assertEquals(List.of("n=1000", "last=b&n=2", "last=d&n=2"), registry.requests("GET", "/v2/x/tags/list")
                .stream().map(r -> r.getUrl().encodedQuery()).toList());
    }

    @Test
    void tagsDoNotFollowALinkToAnotherHost() throws IOException {
        serveTagPage(null, "[\"a\",\"b\"]", "<http://elsewhere.invalid/v2/x/tags/list?last=b&n=2>; rel=\"next\"");

        assertEquals(List.of("a", "b"), repository.tags());
        assertEquals(1, registry.requests("GET", "/v2/x/tags/list").size());
    }

    @Test
    void tagsStopWhenALinkLeadsBackToAPageAlreadyRead() throws IOException {
        serveTagPage(null, "[\"a\",\"b\"]", "</v2/x/tags/list?last=b&n=2>; rel=\"next\"");
        serveTagPage("b", "[\"c\"]", "</v2/x/tags/list?last=b&n=2>; rel=\"next\"");

        assertEquals(List.of("a", "b", "c"), repository.tags());
        assertEquals(2, registry.requests("GET", "/v2/x/tags/list").size());
    }

    @Test
    void tagsFollowTheNextLinkWhenAPreviousLinkComesFirst() throws IOException {
        serveTagPage(null, "[\"a\"]", "</v2/x/tags/list?last=a&n=1>; rel=\"next\"");
        serveTagPage("a", "[\"b\"]", "</v2/x/tags/list?n=1>; rel=\"prev\", </v2/x/tags/list?last=b&n=1>; rel=\"next\"");
        serveTagPage("b", "[\"c\"]", "</v2/x/tags/list?last=a&n=1>; rel=\"prev\"");

        assertEquals(List.of("a", "b", "c"), repository.tags());
    }
}
