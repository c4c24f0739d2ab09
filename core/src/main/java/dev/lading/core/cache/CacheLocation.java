package dev.lading.core.cache;

import dev.lading.core.model.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where a cache artifact is kept between runners: a registry reference (registry-client) or an OCI layout
 * ({@link LayoutCacheLocation}). Small and blob-shaped on purpose, so that merging, bounding and checking live once
 * in {@link CacheTransfer}. Every method may fail with an IOException; the transfer turns it into a warning.
 */
public interface CacheLocation {
    /** The artifact's manifest there now: its descriptor and bytes, or empty when there is none. */
    Optional<Stored> manifest() throws IOException;

    /** A blob's bytes as stored; the caller checks them against the descriptor. */
    InputStream open(Descriptor blob) throws IOException;

    /** Whether the location holds the blob already, so it need not be sent. */
    boolean has(Descriptor blob) throws IOException;

    /** Stores a blob whose bytes {@code content} opens (it may be opened again, for a retry). */
    void put(Descriptor blob, BlobSource content) throws IOException;

    /** Makes {@code manifest} the artifact of this location. */
    void putManifest(Descriptor descriptor, byte[] manifest) throws IOException;

    /**
     * Runs one export's read, merge and write so that no other export to the same place interleaves with it, where
     * the location can promise that (a directory's lock). A registry cannot: tags have no compare-and-swap, and the
     * transfer's read-back is all there is there.
     */
    default <T> T exclusively(Exclusive<T> work) throws IOException {
        return work.run();
    }

    /** Whether {@link #exclusively} keeps other exports out, so that a write needs no second look. */
    default boolean isExclusive() {
        return false;
    }

    /** How warnings and progress name it. */
    String describe();

    /** A manifest as read. */
    record Stored(Descriptor descriptor, byte[] bytes) {
    }

    /** Work done while holding a location. */
    @FunctionalInterface
    interface Exclusive<T> {
        T run() throws IOException;
    }

    /** Opens a blob's bytes, again for each attempt. */
    @FunctionalInterface
    interface BlobSource {
        InputStream open() throws IOException;
    }
}
