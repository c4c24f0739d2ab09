package dev.lading.core.job;

import dev.lading.core.buildfile.BuildFile;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.io.Compression;
import dev.lading.core.model.ImageFormat;
import dev.lading.core.model.Platform;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one build needs besides the store.
 *
 * @param context          the directory {@code src} paths are relative to
 * @param sourceDateEpoch  the time of every file and config, in seconds since the epoch
 * @param threads          compression threads
 * @param packages         the platforms' packages, for the runtime layer; null when the build file has none
 * @param cache            the build cache, whose layer entries serve layers the store has not built before
 */
public record BuildRequest(Path context, BuildFile buildFile, List<Platform> platforms, long sourceDateEpoch,
                           Compression compression, ImageFormat format, int threads, ArtifactSource artifacts,
                           TargetPackages.Prepared packages, BuildListener listener, CacheSession cache) {
    public BuildRequest {
        if (platforms.isEmpty()) {
            throw new IllegalArgumentException("a build needs at least one platform");
        }
        platforms = List.copyOf(platforms);
        format.layerType(compression);
    }

    /** A request of a build without the build cache. */
    public BuildRequest(Path context, BuildFile buildFile, List<Platform> platforms, long sourceDateEpoch,
                        Compression compression, ImageFormat format, int threads, ArtifactSource artifacts,
                        TargetPackages.Prepared packages, BuildListener listener) {
        this(context, buildFile, platforms, sourceDateEpoch, compression, format, threads, artifacts, packages,
                listener, CacheSession.disabled());
    }
}
