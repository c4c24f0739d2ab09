package dev.lading.core.job;

import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.buildfile.BuildFile;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Compiles the {@code build:} section of a build file once per platform. The cross-toolchain module implements
 * it; core only needs to know where each platform's outputs ended up.
 */
@FunctionalInterface
public interface NativeBuilder {
    /**
     * @param context  the directory the build file's paths are relative to
     * @param packages the platforms' sysroots from the build file's {@code packages:}, or null when it has none
     * @param cache    the build's cache: compile results, zig's builds
     * @return where the {@code artifact:} paths of each platform are found
     */
    ArtifactSource build(BuildFile file, Path context, List<Platform> platforms, TargetPackages.Prepared packages,
                         CacheSession cache, BuildListener listener) throws IOException;

    /**
     * Whether this build can use a cache entry, so that an import fetches only those: a build with clang has no use
     * for zig's libc builds.
     */
    default boolean uses(CacheEntry entry, BuildFile file) {
        return true;
    }

    /** For callers without a toolchain: a build file with a {@code build:} section is refused. */
    NativeBuilder NONE = (file, context, platforms, packages, cache, listener) -> {
        throw new dev.lading.core.InputException(
                "the build file has a build: section, which needs the cross-toolchain this caller does not provide");
    };
}
