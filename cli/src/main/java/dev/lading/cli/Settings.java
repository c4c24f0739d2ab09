package dev.lading.cli;

import dev.lading.core.InputException;
import java.nio.file.Path;

/** Settings that come from the environment rather than from flags. */
final class Settings {
    private Settings() {
    }

    /** {@code $LADING_HOME/store}, else {@code $XDG_CACHE_HOME/lading/store}, else {@code ~/.cache/lading/store}. */
    static Path storeDirectory() {
        return home().resolve("store");
    }

    /** Beside the store: the native build directories and zig's cache, kept between builds. */
    static Path cacheDirectory() {
        return home().resolve("cache");
    }

    /** {@code $LADING_HOME}, else {@code $XDG_CACHE_HOME/lading}, else {@code ~/.cache/lading}. */
    private static Path home() {
        String home = System.getenv("LADING_HOME");
        if (home != null && !home.isEmpty()) {
            return Path.of(home);
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isEmpty() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("lading");
    }

    /** {@code SOURCE_DATE_EPOCH} when set, else 0: the same inputs give the same digests. */
    static long sourceDateEpoch() {
        String value = System.getenv("SOURCE_DATE_EPOCH");
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new InputException("SOURCE_DATE_EPOCH='" + value + "' is not a non-negative number of seconds");
        }
    }
}
