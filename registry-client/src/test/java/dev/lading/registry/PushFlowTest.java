package dev.lading.registry;

import static dev.lading.registry.FakeRegistry.error;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.store.DigestMismatchException;
import dev.lading.registry.TransferListener.Outcome;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.ByteString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upload flows of {@link ImagePusher} and the order of its PUTs, against a registry with its own ideas. */
class PushFlowTest extends FakeRegistryTest {
    private static final String UPLOADS = "/v2/x/blobs/uploads/";

    @BeforeEach
    void behaveWell() {
        registry.acceptPushes("x");
    }

    private ImagePusher.Result push(TinyImage image, String... tags) throws IOException {
        return new ImagePusher(client).push(image, image.root(), registry.repository("x"), List.of(tags));
    }

    /** The upload requests that carry {@code blob}'s digest: the closing PUTs. */
    private List<RecordedRequest> puts(Descriptor blob) {
        return registry.requests("PUT", UPLOADS).stream()
                .filter(r -> blob.digest().toString().equals(r.getUrl().queryParameter("digest"))).toList();
    }

    private static RecordedRequest only(List<RecordedRequest> requests) {
        assertEquals(1, requests.size(), FakeRegistry.describe(requests).toString());
        return requests.get(0);
    }

    @Test
    void blobsTheRepositoryHoldsAreNotSentAgain() throws IOException {
        TinyImage image = TinyImage.of("layer");
        registry.blobs.put(image.config().digest(), ByteString.of(image.bytes(image.config())));
        registry.blobs.put(image.layer().digest(), ByteString.of(image.bytes(image.layer())));

        ImagePusher.Result result = push(image, "latest");

        assertEquals(2, result.count(Outcome.EXISTED));
        assertEquals(0, result.bytesUploaded());
        assertEquals(List.of(), registry.log().stream().filter(line -> line.contains(UPLOADS)).toList());
        assertTrue(registry.manifests.containsKey("latest"));
    }

    @Test
    void smallBlobGoesUpInOnePutThatKeepsTheStateOfTheRelativeLocationAndAddsTheDigest() throws IOException {
        TinyImage image = TinyImage.of("layer");

        ImagePusher.Result result = push(image);

        assertEquals(2, result.count(Outcome.UPLOADED));
        RecordedRequest put = only(puts(image.layer()));
        String session = FakeRegistry.last(put);
        assertEquals(session + "-0", put.getUrl().queryParameter("_state"));
        assertEquals(List.of("_state", "digest"), List.copyOf(put.getUrl().queryParameterNames()));
        assertEquals("application/octet-stream", put.getHeaders().get("Content-Type"));
        assertArrayEquals(image.bytes(image.layer()), put.getBody().toByteArray());
        assertEquals(0, registry.requests("PATCH", UPLOADS).size());
        registry.requests("POST", UPLOADS).forEach(post -> assertEquals("0", post.getHeaders().get("Content-Length")));
    }

    @Test
    void blobAboveTheMonolithicLimitIsStreamedInOnePatchThenClosedByAnEmptyPut() throws IOException {
        byte[] big = new byte[(int) BlobTransfer.MONOLITHIC_LIMIT + 1];
        new Random(7).nextBytes(big);
        TinyImage image = TinyImage.of(big);

        push(image);

        RecordedRequest patch = only(registry.requests("PATCH", UPLOADS));
        assertEquals("application/octet-stream", patch.getHeaders().get("Content-Type"));
        assertNull(patch.getHeaders().get("Content-Range"), "one streamed PATCH has no range");
        assertArrayEquals(big, patch.getBody().toByteArray());
        RecordedRequest put = only(puts(image.layer()));
        assertEquals(patch.getUrl().encodedPath(), put.getUrl().encodedPath());
        assertEquals(FakeRegistry.last(put) + "-" + big.length, put.getUrl().queryParameter("_state"),
                "the PUT goes to the Location the PATCH answered with");
        assertEquals(0, put.getBodySize());
        assertArrayEquals(big, registry.blobs.get(image.layer().digest()).toByteArray());
    }

    private void answerMountWith(MockResponse answer) {
        registry.on("POST", UPLOADS, request -> request.getUrl().queryParameter("mount") != null ? answer : null);
    }

    private List<RecordedRequest> mounts() {
        return registry.requests("POST", UPLOADS).stream()
                .filter(r -> r.getUrl().queryParameter("mount") != null).toList();
    }

    @Test
    void blobMountedFromAnotherRepositoryIsNotUploaded() throws IOException {
        TinyImage image = TinyImage.of("layer");
        image.mountableFrom(image.layer(), "library/base");
        answerMountWith(FakeRegistry.status(201));

        ImagePusher.Result result = push(image);

        assertEquals(1, result.count(Outcome.MOUNTED));
        RecordedRequest mount = only(mounts());
        assertEquals(image.layer().digest().toString(), mount.getUrl().queryParameter("mount"));
        assertEquals("library/base", mount.getUrl().queryParameter("from"));
        assertEquals(List.of(), puts(image.layer()));
        assertEquals(1, registry.requests("POST", UPLOADS).size() - 1, "only the config opened an upload");
    }

    @Test
    void mountAnsweredWithAnUploadSessionUploadsIntoThatSession() throws IOException {
        TinyImage image = TinyImage.of("layer");
        image.mountableFrom(image.layer(), "library/base");
        answerMountWith(new MockResponse.Builder().code(202)
                .addHeader("Location", "/v2/x/blobs/uploads/from-mount?_state=m").build());
        registry.on("PUT", UPLOADS + "from-mount", request -> new MockResponse.Builder().code(201).build());

        ImagePusher.Result result = push(image);

        assertEquals(2, result.count(Outcome.UPLOADED));
        RecordedRequest put = only(puts(image.layer()));
        assertEquals(UPLOADS + "from-mount", put.getUrl().encodedPath());
        assertEquals("m", put.getUrl().queryParameter("_state"));
        assertEquals(2, registry.requests("POST", UPLOADS).size(), "the mount and the config's upload");
    }

    @Test
    void mountRefusedWithMethodNotAllowedFallsBackToAPlainUpload() throws IOException {
        TinyImage image = TinyImage.of("layer");
        image.mountableFrom(image.layer(), "library/base");
        answerMountWith(error(405, "UNSUPPORTED", "no mounts here"));

        ImagePusher.Result result = push(image);

        assertEquals(2, result.count(Outcome.UPLOADED));
        assertEquals(1, mounts().size());
        assertEquals(3, registry.requests("POST", UPLOADS).size(), "the mount, then a plain POST per blob");
        assertArrayEquals(image.bytes(image.layer()), registry.blobs.get(image.layer().digest()).toByteArray());
    }

    @Test
    void putAnsweredWithAnotherDigestFailsThePushBeforeAnyManifest() {
        TinyImage image = TinyImage.of("layer");
        Digest other = Digest.sha256(new byte[] {1});
        registry.on("PUT", UPLOADS, request -> new MockResponse.Builder().code(201)
                .addHeader("Docker-Content-Digest", other).build());

        DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> push(image, "latest"));

        assertEquals(other, e.actual());
        assertEquals(List.of(), registry.requests("PUT", "/v2/x/manifests/"));
    }

    @Test
    void manifestsFollowAllBlobsTheIndexFollowsTheManifestsAndTagsComeLast() throws IOException {
        TinyImage image = TinyImage.twoPlatforms();

        push(image, "v1", "latest");

        List<String> puts = registry.log().stream().filter(line -> line.startsWith("PUT ")).toList();
        List<String> manifests = image.manifests().stream().map(m -> "PUT /v2/x/manifests/" + m.digest()).toList();
        String index = "PUT /v2/x/manifests/" + image.root().digest();
        assertEquals(9, puts.size(), puts.toString());
        assertTrue(puts.subList(0, 4).stream().allMatch(line -> line.startsWith("PUT " + UPLOADS)), puts.toString());
        assertTrue(puts.subList(4, 6).containsAll(manifests), puts.toString());
        assertEquals(List.of(index, "PUT /v2/x/manifests/v1", "PUT /v2/x/manifests/latest"), puts.subList(6, 9));
        assertEquals(List.of(registry.registry() + "/x@" + image.root().digest(), registry.registry() + "/x:v1",
                registry.registry() + "/x:latest"), listener.manifestsPushed.subList(2, 5));
    }

    @Test
    void aBlobThatFailsMeansNoManifestAndNoTagIsPut() {
        TinyImage image = TinyImage.twoPlatforms();
        String arm64Layer = image.layer(1).digest().toString();
        registry.on("PUT", UPLOADS, request -> arm64Layer.equals(request.getUrl().queryParameter("digest"))
                ? error(400, "BLOB_UPLOAD_INVALID", "refused") : null);

        RegistryException e = assertThrows(RegistryException.class, () -> push(image, "latest"));

        assertEquals(400, e.status());
        assertFalse(registry.log().stream().anyMatch(line -> line.contains("/manifests/")), registry.log().toString());
        assertTrue(listener.manifestsPushed.isEmpty());
    }
}
