package dev.lading.toolchain;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work on the pools, with the failure the work threw rather than a wrapper around it. */
final class Futures {
    private Futures() {
    }

    static <T> T await(Future<T> future) throws IOException, CompileFailure {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while building the native code");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CompileFailure failure) {
                throw failure;
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
            throw new IllegalStateException(cause);
        }
    }
}
