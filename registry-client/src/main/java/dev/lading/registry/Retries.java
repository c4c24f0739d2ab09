package dev.lading.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The retries of one client's work: a request that failed in a way worth another try is sent again as its
 * {@link RetryPolicy} says, while the work's shared budget lasts. {@link RegistryHost#exchange} retries requests
 * this way; {@link Uploads} uses the same tries and budget to resume a broken PATCH from the registry's
 * {@code Range} and to close an upload whose answer was lost.
 */
public final class Retries {
    private final RetryPolicy policy;
    private final TransferListener listener;
    private final AtomicInteger budget;

    Retries(RetryPolicy policy, TransferListener listener) {
        this.policy = policy;
        this.listener = listener;
        this.budget = new AtomicInteger(policy.budget());
    }

    /** One try of a request or of a read that can be repeated as a whole. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws IOException;
    }

    /** Runs {@code attempt} until it succeeds, fails in a way no retry would fix, or may not be retried. */
    public <T> T run(String name, Attempt<T> attempt) throws IOException {
        for (int failed = 1; ; failed++) {
            try {
                return attempt.run();
            } catch (RegistryException e) {
                pause(name, failed, e);
            }
        }
    }

    /**
     * Waits before the next try after failed try {@code failed} (1-based) of {@code name}, or rethrows {@code e}
     * when no retry would help, the request had its tries or the work's budget is spent.
     */
    void pause(String name, int failed, RegistryException e) throws IOException {
        // a stall costs a whole deadline: one more try tells a passing hiccup from a registry that stalls
        int attempts = RegistryException.STALLED.equals(e.code()) ? Math.min(2, policy.attempts()) : policy.attempts();
        if (!e.retryable() || failed >= attempts || budget.getAndUpdate(b -> Math.max(0, b - 1)) <= 0) {
            throw e;
        }
        Duration wait = policy.delay(failed, e.retryAfter().orElse(null));
        listener.retrying(name, failed + 1, wait, e.getMessage());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to retry", interrupted);
        }
    }
}
