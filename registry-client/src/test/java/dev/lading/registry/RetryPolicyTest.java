package dev.lading.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(100), 2, Duration.ofMillis(1000), 50);

    @Test
    void backoffGrowsByTheFactorWithinTwentyPercentJitter() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            long base = 100L << (attempt - 1);
            for (int i = 0; i < 200; i++) {
                long wait = policy.delay(attempt, null).toMillis();
                assertTrue(wait >= base * 8 / 10 - 1 && wait <= base * 12 / 10, "attempt " + attempt + ": " + wait);
            }
        }
    }

    @Test
    void backoffIsCappedAtTheLongestDelay() {
        for (int i = 0; i < 200; i++) {
            assertTrue(policy.delay(5, null).toMillis() <= 1000);
            assertEquals(1000, policy.delay(30, null).toMillis());
        }
    }

    @Test
    void retryAfterIsTakenAsGivenButCapped() {
        assertEquals(Duration.ofMillis(300), policy.delay(1, Duration.ofMillis(300)));
        assertEquals(Duration.ZERO, policy.delay(4, Duration.ZERO));
        assertEquals(Duration.ofMillis(1000), policy.delay(1, Duration.ofHours(5)));
    }

    @Test
    void noAttemptAtAllIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO, 0));
    }

    private static Response throttled(String retryAfter) {
        return new Response.Builder().request(new Request.Builder().url("http://registry.test/v2/").build())
                .protocol(Protocol.HTTP_1_1).code(429).message("Too Many Requests")
                .header("Retry-After", retryAfter).build();
    }

    @Test
    void retryAfterIsReadInSecondsOrAsAnHttpDate() {
        assertEquals(Duration.ofSeconds(7), RegistryHost.retryAfter(throttled(" 7 ")));
        assertEquals(Duration.ZERO, RegistryHost.retryAfter(throttled("-3")));
        Duration fromDate = RegistryHost.retryAfter(throttled(DateTimeFormatter.RFC_1123_DATE_TIME
                .format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120))));
        assertTrue(fromDate.compareTo(Duration.ofSeconds(118)) >= 0 && fromDate.compareTo(Duration.ofSeconds(120)) <= 0,
                fromDate.toString());
        assertEquals(Duration.ZERO, RegistryHost.retryAfter(throttled("Wed, 21 Oct 2015 07:28:00 GMT")));
        assertNull(RegistryHost.retryAfter(throttled("soon")));
    }
}
