package dev.lading.core.job;

import dev.lading.core.cache.CacheListener;
import dev.lading.core.layer.Layer;
import dev.lading.core.model.Platform;
import dev.lading.core.output.OutputSpec;
import java.time.Duration;
import java.util.List;

/** Progress of a build, for whoever shows it. Every hook does nothing unless overridden. */
public interface BuildListener extends CacheListener {
    BuildListener NONE = new BuildListener() {
    };

    default void layerBuilt(String layerName, List<Platform> platforms, Layer layer, long contentBytes, Duration took) {
    }

    default void outputWritten(OutputSpec output, Duration took) {
    }

    /**
     * One platform's native build finished.
     *
     * @param toolchain what compiled it, e.g. {@code clang 14.0.6 --target=aarch64-linux-gnu}
     * @param detail    a short account such as {@code 3 of 12 steps run} or {@code up to date}
     */
    default void nativeBuilt(Platform platform, String toolchain, String detail, Duration took) {
    }

    /** Something the user should know that does not stop the build, one line, e.g. a maintainer script not run. */
    default void warning(String message) {
    }

    /** A cache that could not be used is shown as any other warning. */
    @Override
    default void cacheWarning(String message) {
        warning(message);
    }

    /**
     * The build file's packages are ready for a platform.
     *
     * @param detail e.g. {@code 23 packages, sysroot unpacked} or {@code 23 packages, up to date}
     */
    default void packagesPrepared(Platform platform, String detail, Duration took) {
    }
}
