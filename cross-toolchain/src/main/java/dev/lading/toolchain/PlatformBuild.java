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
 */
public record PlatformBuild(Platform platform, Path outputDirectory, String toolchain, NativeToolchain facts,
                            List<String> steps, Duration took) {
    public PlatformBuild {
        steps = List.copyOf(steps);
    }

    /** A short account for progress output: {@code up to date} or {@code 2 steps run}. */
    public String detail() {
        return steps.isEmpty() ? "up to date" : steps.size() + (steps.size() == 1 ? " step run" : " steps run");
    }
}
