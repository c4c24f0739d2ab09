package dev.lading.core.buildfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Immutable map copies with a deliberate iteration order, since order reaches image configs and digests. */
final class Maps {
    private Maps() {
    }

    /** Keeps the order the user wrote (env, defines: later entries may read as overriding earlier ones). */
    static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Sorted by key, so reordering labels or annotations in the file does not change a digest. */
    static Map<String, String> sorted(Map<String, String> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
