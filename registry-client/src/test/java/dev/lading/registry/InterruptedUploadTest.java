package dev.lading.registry;

import static dev.lading.registry.FakeRegistry.error;
import static dev.lading.registry.FakeRegistry.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lading.registry.TransferListener.Outcome;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/** Uploads whose connection breaks: the next attempt neither sends twice what arrived nor starts over needlessly. */
class InterruptedUploadTest extends FakeRegistryTest {
    private static final String UPLOADS = "/v2/x/blobs/uploads/";
    private static final byte[] BIG = new byte[(int) BlobTransfer.MONOLITHIC_LIMIT + 5000];

    static {
        new Random(42).nextBytes(BIG);
    }

    @Test
    void lostAnswerToABlobPutIsFollowedByAHeadAndNotByASecondPut() throws IOException {
        registry.acceptPushes("x");
        // the registry stores each blob, then the connection drops before the client hears 201
        registry.then("PUT", UPLOADS, stored -> stored.newBuilder()
                .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        TinyImage image = TinyImage.of("layer");

        new ImagePusher(client).push(image, image.root(), registry.repository("x"), List.of("latest"));

        assertEquals(2, registry.requests("PUT", UPLOADS).size(), "one PUT per blob");
        assertEquals(2, registry.requests("HEAD", "/v2/x/blobs/" + image.layer().digest()).size());
        assertEquals(Outcome.UPLOADED, listener.outcomes.get(image.layer().digest()));
        assertEquals(List.of(), listener.retries, "the HEAD found each blob: nothing to send again");
        assertArrayEquals(image.bytes(image.layer()), registry.blobs.get(image.layer().digest()).toByteArray());
    }

    /**
     * Routes for one big blob whose first PATCH breaks half-way: HEAD says absent until the PUT, the POST opens
     * session {@code s} and the status GET (the network healed) answers as the test says.
     */
    private void uploadBreakingOnTheFirstPatch(MockResponse status) {
        AtomicBoolean stored = new AtomicBoolean();
        registry.on("HEAD", "/v2/x/blobs/", request -> status(stored.get() ? 200 : 404));
        AtomicBoolean broken = new AtomicBoolean();
        registry.on("POST", UPLOADS, request -> {
            if (!broken.getAndSet(true)) {
                registry.breakBodies();
            }
            return new MockResponse.Builder().code(202).addHeader("Location", UPLOADS + "s?_state=1").build();
        });
        registry.on("GET", UPLOADS + "s", request -> {
            registry.stopBreakingBodies();
            return status;
        });
        registry.on("PATCH", UPLOADS + "s", request -> new MockResponse.Builder().code(202)
                .addHeader("Location", UPLOADS + "s?_state=3").build());
        registry.on("PUT", UPLOADS + "s", request -> {
            stored.set(true);
            return status(201);
        });
    }

    private static MockResponse uploadStatus(String range) {
        return new MockResponse.Builder().code(204).addHeader("Range", range)
                .addHeader("Location", UPLOADS + "s?_state=2").build();
    }

    private Outcome pushBigBlob() throws IOException {
        TinyImage image = TinyImage.of(BIG);
        Repository target = client.push(registry.repository("x"), List.of());
        return BlobTransfer.run(target, image.layer(), image, "layer", BlobLocations.NONE);
    }

    /** The PATCH of the second attempt: the one sent after the upload status was asked. */
    private RecordedRequest resumedPatch() {
        List<RecordedRequest> patches = registry.requests("PATCH", UPLOADS);
        return patches.get(patches.size() - 1);
    }

    @Test
    void brokenPatchResumesFromTheRangeTheRegistryHolds() throws IOException {
        uploadBreakingOnTheFirstPatch(uploadStatus("0-999"));

        assertEquals(Outcome.UPLOADED, pushBigBlob());

        List<String> methods = registry.requests().stream().map(RecordedRequest::getMethod)
                .filter(m -> !m.equals("PATCH")).toList();
        assertEquals(List.of("GET", "HEAD", "POST", "GET", "PUT"), methods, registry.log().toString());
        assertEquals("1", registry.requests("GET", UPLOADS).get(0).getUrl().queryParameter("_state"));
        RecordedRequest patch = resumedPatch();
        assertEquals("2", patch.getUrl().queryParameter("_state"), "the PATCH goes to the status's Location");
        assertEquals("1000-" + (BIG.length - 1), patch.getHeaders().get("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(BIG, 1000, BIG.length), patch.getBody().toByteArray());
        RecordedRequest put = registry.requests("PUT", UPLOADS).get(0);
        assertEquals("3", put.getUrl().queryParameter("_state"));
        assertEquals(0, put.getBodySize());
    }

    @Test
    void rangeZeroToZeroStartsTheSessionOverFromTheFirstByte() throws IOException {
        uploadBreakingOnTheFirstPatch(uploadStatus("0-0"));

        assertEquals(Outcome.UPLOADED, pushBigBlob());

        RecordedRequest patch = resumedPatch();
        assertEquals("2", patch.getUrl().queryParameter("_state"));
        assertNull(patch.getHeaders().get("Content-Range"));
        assertArrayEquals(BIG, patch.getBody().toByteArray());
        assertEquals(1, registry.requests("POST", UPLOADS).size());
    }

    @Test
    void sessionTheRegistryForgotIsReplacedByAFreshUpload() throws IOException {
        uploadBreakingOnTheFirstPatch(error(404, "BLOB_UPLOAD_UNKNOWN", "gone"));

        assertEquals(Outcome.UPLOADED, pushBigBlob());

        assertEquals(2, registry.requests("POST", UPLOADS).size());
        RecordedRequest patch = resumedPatch();
        assertEquals("1", patch.getUrl().queryParameter("_state"), "the new session's Location");
        assertFalse(patch.getHeaders().names().contains("Content-Range"));
        assertArrayEquals(BIG, patch.getBody().toByteArray());
    }
}
