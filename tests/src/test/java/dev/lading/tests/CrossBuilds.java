package dev.lading.tests;

import dev.lading.core.platform.Targets;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Cross builds through the real command, all in one LADING_HOME under target/ (mvn clean clears it). zig's
 * cache, where it builds libc and libc++ once per target (about a minute each on two cores), is shared by every
 * run of every test through {@link Lading}'s ZIG_GLOBAL_CACHE_DIR, so the matrix pays that once.
 */
final class CrossBuilds {
    static final Path HOME = Path.of("target/cross-home").toAbsolutePath();
    static final Lading LADING = new Lading(HOME, Duration.ofMinutes(25));
    static final List<String> TOOLCHAINS = List.of("clang", "zig");
    static final String ALL_PLATFORMS = Targets.ALL.stream().map(t -> t.platform().toString())
            .collect(Collectors.joining(","));

    private CrossBuilds() {
    }

    /** Builds a copy of the project in {@code context} for the platforms with the toolchain, to an OCI layout. */
    static Tool.Result build(CrossProject project, Path context, String toolchain, String platforms, Path layout,
                             String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("build", context.toString(),
                "-f", context.resolve(project.buildFile).toString(), "--toolchain", toolchain,
                "--platform", platforms, "--output", "type=oci,dest=" + layout));
        args.addAll(List.of(extra));
        return LADING.run(args.toArray(String[]::new));
    }
}
