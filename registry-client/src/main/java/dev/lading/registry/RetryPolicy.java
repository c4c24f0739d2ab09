package dev.lading.registry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently failed registry requests are sent again: each request where it failed, with
 * exponential backoff and jitter or the server's {@code Retry-After} (capped, so a hostile value cannot stall a push
 * for hours), within a budget for all the requests of one client's work (one push, one inspect), so that a registry
 * that fails everything ends the work in bounded time.
 *
 * @param attempts   tries of one request in all, the first included
 * @param firstDelay the wait before the second try; each later wait multiplies it by {@code factor}
 * @param maxDelay   the longest wait, for backoff and for {@code Retry-After} alike
 * @param budget     retries in all, over every request of the work
 */
public record RetryPolicy(int attempts, Duration firstDelay, double factor, Duration maxDelay, int budget) {
    /** Retries per request by default: at a fifth of requests failing, one in a million still fails 9 times. */
    public static final int DEFAULT_RETRIES = 8;
    public static final RetryPolicy DEFAULT = retries(DEFAULT_RETRIES);
    public static final RetryPolicy NONE = retries(0);

    public RetryPolicy {
        if (attempts < 1 || budget < 0) {
            throw new IllegalArgumentException("at least one attempt and no negative budget, got " + attempts
                    + " and " + budget);
        }
    }

    /**
     * {@code retries} per request, the default backoff, and a budget of ten times as many for the whole work: a
     * push of a few dozen requests meets a few failures, not hundreds.
     */
    public static RetryPolicy retries(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, got " + retries);
        }
        return new RetryPolicy(retries + 1, Duration.ofMillis(500), 2.0, Duration.ofSeconds(30), 10 * retries);
    }

    /** The wait after failed attempt {@code attempt} (1-based): the server's wish when given, else backoff ±20%. */
    Duration delay(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxDelay) > 0 ? maxDelay : retryAfter;
        }
        double base = firstDelay.toMillis() * Math.pow(factor, attempt - 1);
        double jittered = base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis((long) Math.min(jittered, maxDelay.toMillis()));
    }
}
