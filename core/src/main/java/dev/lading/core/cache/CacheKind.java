package dev.lading.core.cache;

import java.util.Arrays;
import java.util.Optional;

/** What an entry holds; each kind has its own key scheme, decided by the code that makes and uses the entries. */
public enum CacheKind {
    /** One compiler run: the object, its depfile and the files the compiler read, keyed by what decides them. */
    COMPILE("compile"),
    /** Files zig added to its global cache (per-target libc, libc++, compiler-rt builds), keyed by zig's version. */
    ZIG("zig"),
    /** A downloaded package file, keyed by its own SHA-256. */
    PACKAGE("package"),
    /** CMake's compiler detection for a platform, keyed by the toolchain and what the drivers decide. */
    CMAKE("cmake"),
    /** A compressed layer, keyed by its files' paths, metadata and content, its time and its media type. */
    LAYER("layer");

    private final String label;

    CacheKind(String label) {
        this.label = label;
    }

    /** The kind's name in indexes and progress; unknown names (a newer lading's kinds) give empty. */
    public static Optional<CacheKind> named(String label) {
        return Arrays.stream(values()).filter(kind -> kind.label.equals(label)).findFirst();
    }

    @Override
    public String toString() {
        return label;
    }
}
