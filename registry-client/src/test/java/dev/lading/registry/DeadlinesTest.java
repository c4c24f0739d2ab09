package dev.lading.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Reference;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Requests to a registry that drips its answers end at their deadline or under the minimum rate. */
class DeadlinesTest extends FakeRegistryTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void defaultsGiveDocumentsTensOfSecondsAndBlobsTimeAtTheMinimumRate() {
        Deadlines defaults = Deadlines.DEFAULT;
        assertTrue(defaults.forBytes(0).compareTo(Duration.ofSeconds(10)) >= 0
                && defaults.forBytes(4 << 10).compareTo(Duration.ofSeconds(60)) <= 0, defaults.toString());
        // a GiB at a modest 1 MiB/s (17 minutes) is well within its deadline
        assertTrue(defaults.forBytes(1L << 30).compareTo(Duration.ofMinutes(60)) > 0, defaults.toString());
        // a byte every 5 s falls short in every window; 64 KiB/s, a slow line, never does
        assertTrue(defaults.window().toSeconds() / 5 < defaults.leastPerWindow(), defaults.toString());
        assertTrue(64L * 1024 * defaults.window().toSeconds() > defaults.leastPerWindow(), defaults.toString());
        assertTrue(defaults.window().compareTo(Duration.ofMinutes(1)) <= 0, defaults.toString());
    }

    private Repository repositoryWith(Deadlines deadlines) {
        return repositoryWith(deadlines, RetryPolicy.NONE);
    }

    private Repository repositoryWith(Deadlines deadlines, RetryPolicy retry) {
        client.close();
        client = new RegistryClient(FakeRegistry.options(r -> Optional.empty(), listener)
                .withRetry(retry).withDeadlines(deadlines));
        return client.pull(Reference.parse(registry.registry() + "/x:latest"));
    }

    @Test
    void drippedManifestEndsAtTheDocumentDeadline() {
        registry.on("GET", "/v2/x/manifests/", request -> new MockResponse.Builder().body(FakeRegistry.MANIFEST)
                .throttleBody(1, 300, TimeUnit.MILLISECONDS).build());
        Repository repository = repositoryWith(new Deadlines(Duration.ofSeconds(1), 1024, Duration.ofSeconds(30)));

        long started = System.nanoTime();
        RegistryException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(RegistryException.class, () -> repository.manifest("latest")));

        assertEquals(RegistryException.Kind.NO_ANSWER, e.kind());
        assertTrue(e.getMessage().startsWith(registry.registry() + ": GET /v2/x/manifests/latest stalled: no complete"
                + " answer within 1 s"), e.getMessage());
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "a manifest takes 18 s to drip");
    }

    /** Serves a blob of {@code size} bytes, {@code bytes} per 200 ms, and returns its descriptor. */
    private Descriptor dripBlob(int size, long bytes) {
        byte[] blob = new byte[size];
        Arrays.fill(blob, (byte) ' ');
        registry.on("GET", "/v2/x/blobs/", request -> new MockResponse.Builder().body(new Buffer().write(blob))
                .throttleBody(bytes, 200, TimeUnit.MILLISECONDS).build());
        return new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(blob), blob.length);
    }

    @Test
    void stalledRequestIsTriedOnceMoreNotAsOftenAsAFailedOne() {
        registry.on("GET", "/v2/x/manifests/", request -> new MockResponse.Builder().body(FakeRegistry.MANIFEST)
                .throttleBody(1, 300, TimeUnit.MILLISECONDS).build());
        Repository retrying = repositoryWith(new Deadlines(Duration.ofSeconds(1), 1024, Duration.ofSeconds(30)),
                new RetryPolicy(5, Duration.ofMillis(10), 1, Duration.ofMillis(10), 10));

        RegistryException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(RegistryException.class, () -> retrying.manifest("latest")));

        assertEquals(RegistryException.STALLED, e.code());
        assertEquals(2, registry.requests("GET", "/v2/x/manifests/").size(), "5 attempts would take 5 deadlines");
    }

    @Test
    void drippedBlobEndsUnderTheMinimumRate() {
        Descriptor descriptor = dripBlob(64 << 10, 100);
        // the deadline of the whole request is far off: the rate decides
        Repository repository = repositoryWith(new Deadlines(Duration.ofSeconds(60), 1024, Duration.ofSeconds(1)));

        RegistryException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(RegistryException.class, () -> repository.document(descriptor)));

        assertEquals(RegistryException.Kind.NO_ANSWER, e.kind());
        assertTrue(e.getMessage().startsWith(registry.registry() + ": GET /v2/x/blobs/" + descriptor.digest()
                + " stalled: under 1 KiB/s for 1 s"), e.getMessage());
    }

    @Test
    void blobAboveTheMinimumRateArrivesWhole() throws Exception {
        Descriptor descriptor = dripBlob(8 << 10, 1024);
        Repository repository = repositoryWith(new Deadlines(Duration.ofSeconds(60), 1024, Duration.ofSeconds(1)));

        assertEquals(8 << 10, repository.document(descriptor).length);
    }
}
