package dev.lading.toolchain;

import dev.lading.core.attest.NativeToolchain;
import dev.lading.core.model.Platform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One platform's finished native build.
 *
 * @param outputDirectory where the build file's {@code artifact:} paths are found
 * @param toolchain       what compiled it, e.g. {@code zig 0.14.0 -target aarch64-linux-musl}
 * @param facts           the same for the attestations: compiler, target, flags and the sources read
 * @param steps           the steps that ran, e.g. {@code compile main.c}; empty when all was up to date
 * @param cachedCompiles  how many of the steps were compiles whose outputs came from the compile cache
 */
public record PlatformBuild(Platform platform, Path outputDirectory, String toolchain, NativeToolchain facts,
                            List<String> steps, int cachedCompiles, Duration took) {
    public PlatformBuild {
        steps = List.copyOf(steps);
    }

    public PlatformBuild(Platform platform, Path outputDirectory, String toolchain, NativeToolchain facts,
                         List<String> steps, Duration took) {
        this(platform, outputDirectory, toolchain, facts, steps, 0, took);
    }

    /**
     * A short account for progress output: {@code up to date}, {@code 2 steps run} or, with the compile cache,
     * {@code 12 of 52 steps run, 40 compiles from cache}.
     */
    public String detail() {
        if (steps.isEmpty()) {
            return "up to date";
        }
        if (cachedCompiles == 0) {
            return steps.size() + (steps.size() == 1 ? " step run" : " steps run");
        }
        return (steps.size() - cachedCompiles) + " of " + steps.size() + " steps run, " + cachedCompiles
                + (cachedCompiles == 1 ? " compile" : " compiles") + " from cache";
    }
}
