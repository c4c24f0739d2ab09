package dev.lading.registry;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import java.time.Duration;

/**
 * Progress of a push or a copy between registries, for whoever shows it. Called from upload threads, so
 * implementations must be thread-safe. Every hook does nothing unless overridden.
 */
public interface TransferListener {
    TransferListener NONE = new TransferListener() {
    };

    /** How a blob came to be in the target repository. */
    enum Outcome {
        /** Its bytes were sent. */
        UPLOADED,
        /** The repository already held it; nothing was sent. */
        EXISTED,
        /** Mounted from another repository of the same registry; nothing was sent. */
        MOUNTED
    }

    /**
     * A blob's transfer begins.
     *
     * @param label who needs it, e.g. {@code linux/arm64}, {@code linux/amd64, linux/arm64} or {@code index}
     */
    default void blobStarted(Descriptor blob, String label) {
    }

    /** Bytes of a blob sent so far (restarts from a lower number when an upload is retried from the start). */
    default void blobProgress(Digest digest, long bytesSent, long total) {
    }

    default void blobDone(Descriptor blob, Outcome outcome, Duration took) {
    }

    /** A manifest or index was put, by digest or by tag ({@code reference} is the full reference). */
    default void manifestPushed(Descriptor manifest, String reference, Duration took) {
    }

    /** A request failed in a way worth retrying; the next attempt follows after {@code wait}. */
    default void retrying(String operation, int attempt, Duration wait, String reason) {
    }
}
