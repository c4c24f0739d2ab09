package dev.lading.core.cache;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Platform;
import java.time.Duration;

/** What the cache did, for progress; every hook does nothing unless overridden. */
public interface CacheListener {
    CacheListener NONE = new CacheListener() {
    };

    /** A cache could not be read or written; the build goes on without it. One line. */
    default void cacheWarning(String message) {
    }

    /**
     * Entries were read from a {@code --cache-from}.
     *
     * @param entries how many entries the build may use from there
     * @param fetched how many blobs came over (the others were here already), and their bytes
     */
    default void cacheImported(String location, int entries, int fetched, long fetchedBytes, Duration took) {
    }

    /**
     * A {@code --cache-to} was written.
     *
     * @param manifest the artifact now there
     * @param sent     how many blobs were sent (the others were there already)
     * @param changed  false when the artifact there already held exactly this
     */
    default void cacheExported(String location, Descriptor manifest, int entries, int sent, boolean changed,
                               Duration took) {
    }

    /** One platform's compiles: how many came from the cache and how many ran. */
    default void compileCache(Platform platform, int hits, int misses) {
    }
}
