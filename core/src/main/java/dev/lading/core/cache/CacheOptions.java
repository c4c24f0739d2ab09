package dev.lading.core.cache;

import java.nio.file.Path;
import java.util.List;

/**
 * A build's cache: the local store, and where entries come from and go to.
 *
 * @param directory the local cache ({@code $LADING_HOME/cache/entries}), or null for a build that keeps none
 * @param from      {@code --cache-from}, read before anything is built
 * @param to        {@code --cache-to}, written after the build succeeded
 * @param reads     false for {@code --no-cache}: nothing is taken from a cache, but what the build makes is still
 *                  kept and exported
 */
public record CacheOptions(Path directory, List<CacheSpec> from, List<CacheSpec> to, boolean reads) {
    public static final CacheOptions NONE = new CacheOptions(null, List.of(), List.of());

    public CacheOptions {
        from = List.copyOf(from);
        to = List.copyOf(to);
    }

    /** A build that reads what the caches have. */
    public CacheOptions(Path directory, List<CacheSpec> from, List<CacheSpec> to) {
        this(directory, from, to, true);
    }

    /** The local cache alone, as every build keeps it. */
    public static CacheOptions local(Path directory) {
        return new CacheOptions(directory, List.of(), List.of());
    }

    /** Opens this build's session; a local store that cannot be opened is a warning and a build without cache. */
    public CacheSession open(CacheListener listener) {
        if (directory == null) {
            return CacheSession.disabled();
        }
        try {
            return LocalCache.open(directory).session(!to.isEmpty(), reads);
        } catch (java.io.IOException | RuntimeException e) {
            listener.cacheWarning("cannot open the local cache " + directory + ": " + e.getMessage()
                    + "; building without it");
            return CacheSession.disabled();
        }
    }
}
