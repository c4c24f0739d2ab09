package dev.lading.core.concurrent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work on a pool, with the failure the work threw rather than a wrapper around it. */
public final class Futures {
    private Futures() {
    }

    public static <T> T await(Future<T> future) throws IOException {
        return await(future, RuntimeException.class);
    }

    /** @param checked a checked exception type of the work's own, thrown as it is */
    public static <T, E extends Exception> T await(Future<T> future, Class<E> checked) throws IOException, E {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for parallel work");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (checked.isInstance(cause)) {
                throw checked.cast(cause);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException unchecked) {
                throw unchecked.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
