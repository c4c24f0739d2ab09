package dev.lading.registry;

import static dev.lading.registry.FakeRegistry.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Reference;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole operations retried as {@link RetryPolicy} says, against a registry that throttles, fails and refuses. */
class RetryTest extends FakeRegistryTest {

    private Repository repository;

    @BeforeEach
    void openRepository() {
        repository = pull("x");
    }

    /** The manifest GET answers these in turn, then the manifest. */
    private void answerManifestWith(MockResponse... first) {
        Queue<MockResponse> answers = new ArrayDeque<>(Arrays.asList(first));
        registry.on("GET", "/v2/x/manifests/", request -> {
            MockResponse next = answers.poll();
            return next != null ? next : new MockResponse.Builder().code(200).body(FakeRegistry.MANIFEST).build();
        });
    }

    private RemoteManifest readManifest(RetryPolicy policy) throws IOException {
        try (RegistryClient retrying = new RegistryClient(FakeRegistry.options(r -> Optional.empty(), listener)
                .withRetry(policy))) {
            return retrying.pull(Reference.parse(registry.registry() + "/x:latest")).manifest("latest");
        }
    }

    private int manifestRequests() {
        return registry.requests("GET", "/v2/x/manifests/").size();
    }

    @Test
    void retryAfterInSecondsIsWaitedBeforeTheNextAttempt() throws IOException {
        answerManifestWith(error(429, "TOOMANYREQUESTS", "slow down").newBuilder()
                .addHeader("Retry-After", "1").build());
        long started = System.nanoTime();

        readManifest(FakeRegistry.FAST_RETRY);

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(1, listener.retries.size(), listener.retries.toString());
        RecordingListener.Retry retry = listener.retries.get(0);
        assertEquals(new RecordingListener.Retry("GET /v2/x/manifests/latest", 2, Duration.ofSeconds(1), retry.reason()), retry);
        assertTrue(retry.reason().contains("TOOMANYREQUESTS"), retry.reason());
        assertTrue(took.compareTo(Duration.ofMillis(950)) >= 0, "took only " + took);
        assertEquals(2, manifestRequests());
    }

    @Test
    void retryAfterAsAnHttpDateIsWaitedButNoLongerThanTheLongestDelay() throws IOException {
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        answerManifestWith(error(503, "UNAVAILABLE", "maintenance").newBuilder()
                .addHeader("Retry-After", inAnHour).build());
        RetryPolicy patient = new RetryPolicy(3, Duration.ofMillis(10), 2, Duration.ofMillis(300), 10);

        readManifest(patient);

        assertEquals(List.of(Duration.ofMillis(300)), listener.retries.stream().map(r -> r.delay()).toList());
    }

    @Test
    void retryAfterAsAnHttpDateInThePastMeansNoWait() throws IOException {
        answerManifestWith(error(503, "UNAVAILABLE", "maintenance").newBuilder()
                .addHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT").build());

        readManifest(FakeRegistry.FAST_RETRY);

        assertEquals(List.of(Duration.ZERO), listener.retries.stream().map(r -> r.delay()).toList());
    }

    @Test
    void serviceUnavailableWithoutRetryAfterBacksOffExponentially() throws IOException {
        answerManifestWith(FakeRegistry.status(503), FakeRegistry.status(503));

        readManifest(FakeRegistry.FAST_RETRY);

        assertEquals(3, manifestRequests());
        List<Long> waits = listener.retries.stream().map(r -> r.delay().toMillis()).toList();
        assertEquals(2, waits.size(), waits.toString());
        assertTrue(waits.get(0) >= 7 && waits.get(0) <= 12, "first wait " + waits);
        assertTrue(waits.get(1) >= 15 && waits.get(1) <= 24, "second wait " + waits);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404})
    void clientErrorsAreNotRetried(int status) {
        answerManifestWith(error(status, "MANIFEST_UNKNOWN", "no such manifest"));

        RegistryException e = assertThrows(RegistryException.class, () -> readManifest(FakeRegistry.FAST_RETRY));

        assertEquals(status, e.status());
        assertEquals("MANIFEST_UNKNOWN", e.code());
        assertEquals(1, manifestRequests());
        assertTrue(listener.retries.isEmpty(), listener.retries.toString());
    }

    @Test
    void retriesStopAfterThePolicysAttemptsWithTheLastError() {
        answerManifestWith(error(503, "UNAVAILABLE", "busy 1"), error(502, "UNAVAILABLE", "busy 2"),
                error(503, "UNAVAILABLE", "busy 3"), error(503, "UNAVAILABLE", "busy 4"));

        RegistryException e = assertThrows(RegistryException.class, () -> readManifest(FakeRegistry.FAST_RETRY));

        assertTrue(e.getMessage().contains("busy 3"), e.getMessage());
        assertEquals(503, e.status());
        assertEquals(3, manifestRequests());
        assertEquals(List.of(2, 3), listener.retries.stream().map(r -> r.attempt()).toList());
    }

    @Test
    void theBudgetOfOneClientsWorkEndsTheRetriesOfLaterRequests() throws IOException {
        registry.on("GET", "/v2/x/manifests/", request -> error(503, "UNAVAILABLE", "down"));
        RetryPolicy threeInAll = new RetryPolicy(3, Duration.ofMillis(1), 1, Duration.ofMillis(1), 3);
        try (RegistryClient retrying = new RegistryClient(FakeRegistry.options(r -> Optional.empty(), listener)
                .withRetry(threeInAll))) {
            Repository x = retrying.pull(Reference.parse(registry.registry() + "/x:latest"));
            for (String tag : List.of("a", "b", "c")) {
                assertThrows(RegistryException.class, () -> x.manifest(tag));
            }
        }

        assertEquals(List.of(3, 2, 1), List.of("a", "b", "c").stream()
                .map(tag -> registry.requests("GET", "/v2/x/manifests/" + tag).size()).toList());
    }
}
