package dev.lading.toolchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * What a project's build for one platform works with.
 *
 * @param environment variables of every command, such as {@code SOURCE_DATE_EPOCH}
 * @param jobs        how many compiles may run at once
 * @param compiles    where compiles of builds without CMake run, shared by all platforms
 * @param cache       the platform's share of the build's compile cache
 */
record PlatformSetup(ToolchainTarget target, Toolchain toolchain, BuildDirectory directory, Wrappers wrappers,
                     Map<String, String> environment, int jobs, ExecutorService compiles, CompileCache.Scope cache) {
    PlatformSetup {
        environment = Map.copyOf(environment);
    }

    /** A setup whose compiles always run. */
    PlatformSetup(ToolchainTarget target, Toolchain toolchain, BuildDirectory directory, Wrappers wrappers,
                  Map<String, String> environment, int jobs, ExecutorService compiles) {
        this(target, toolchain, directory, wrappers, environment, jobs, compiles, CompileCache.disabled()
                .scope(target.platform(), CompileCache.Roots.of(directory.root(), directory.root(), Optional.empty(),
                        Optional.empty())));
    }

    /** Runs a compile step as {@link #run} does, or restores its outputs from the compile cache. */
    Commands.Outcome compile(List<String> command, Path directory) throws IOException {
        return cache.compile(command, directory, this::run);
    }

    /**
     * Runs a step and appends what it printed to the build log. A known race in zig's cache, which only concurrent
     * first builds hit, gets one more try.
     */
    Commands.Outcome run(List<String> command, Path directory) throws IOException {
        Commands.Outcome outcome = Commands.run(command, directory, environment);
        log(command, outcome);
        if (!outcome.ok() && toolchain.isCacheRace(outcome.output())) {
            outcome = Commands.run(command, directory, environment);
            log(command, outcome);
        }
        return outcome;
    }

    private synchronized void log(List<String> command, Commands.Outcome outcome) throws IOException {
        String entry = "$" + Wrappers.quoted(command) + "\n" + outcome.output()
                + (outcome.ok() ? "" : "(exit " + outcome.exitCode() + ")\n");
        Files.writeString(directory.log(), entry, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
