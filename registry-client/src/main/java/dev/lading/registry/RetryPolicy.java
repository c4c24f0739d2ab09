package dev.lading.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently whole registry operations are retried: exponential backoff with jitter, and the
 * server's {@code Retry-After} when it gives one (capped, so a hostile value cannot stall a push for hours).
 *
 * @param attempts   tries in all, the first included
 * @param firstDelay the wait before the second try; each later wait multiplies it by {@code factor}
 * @param maxDelay   the longest wait, for backoff and for {@code Retry-After} alike
 */
public record RetryPolicy(int attempts, Duration firstDelay, double factor, Duration maxDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), 2.0, Duration.ofSeconds(30));
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt, got " + attempts);
        }
    }

    /** An operation that may be tried again as a whole. */
    @FunctionalInterface
    public interface Operation<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code operation} until it succeeds, fails in a way no retry would fix, or runs out of attempts.
     * Connection failures arrive as {@link RegistryException} with status 0 and are retried like a 503.
     */
    public <T> T run(String name, TransferListener listener, Operation<T> operation) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.run();
            } catch (RegistryException e) {
                if (!e.retryable() || attempt >= attempts) {
                    throw e;
                }
                Duration wait = delay(attempt, e.retryAfter().orElse(null));
                listener.retrying(name, attempt + 1, wait, e.getMessage());
                sleep(wait);
            }
        }
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

    private static void sleep(Duration wait) throws IOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to retry", e);
        }
    }
}
