package dev.lading.toolchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * What a project's build for one platform works with.
 *
 * @param environment variables of every command, such as {@code SOURCE_DATE_EPOCH}
 * @param jobs        how many compiles may run at once
 * @param compiles    where compiles of builds without CMake run, shared by all platforms
 * @param cache       the platform's share of the build's compile cache, or null when its compiles always run
 * @param server      where the wrappers hand their compiles to the cache, or null when they compile by themselves
 */
record PlatformSetup(ToolchainTarget target, Toolchain toolchain, BuildDirectory directory, Wrappers wrappers,
                     Map<String, String> environment, int jobs, ExecutorService compiles, CompileCache.Scope cache,
                     CompileServer server) {
    PlatformSetup {
        environment = Map.copyOf(environment);
    }

    /** A setup whose compiles always run. */
    PlatformSetup(ToolchainTarget target, Toolchain toolchain, BuildDirectory directory, Wrappers wrappers,
                  Map<String, String> environment, int jobs, ExecutorService compiles) {
        this(target, toolchain, directory, wrappers, environment, jobs, compiles, null, null);
    }

    /** Runs a compile step as {@link #run} does, or restores its outputs from the compile cache. */
    Commands.Outcome compile(List<String> command, Path directory) throws IOException {
        return cache == null ? run(command, directory) : cache.compile(command, directory, this::run);
    }

    /**
     * Runs a step and appends what it printed to the build log. A known race in zig's cache, which only concurrent
     * first builds hit, gets one more try.
     */
    Commands.Outcome run(List<String> command, Path directory) throws IOException {
        return run(command, directory, environment, true);
    }

    /**
     * Lets the wrappers hand their compiles to the compile cache while the returned handle is open, around a run
     * of the build tool; does nothing without a server.
     */
    CompileServer.Serving serveCompiles() throws IOException {
        return server == null || cache == null ? CompileServer.Serving.NONE
                : server.serve(wrappers, cache, this::runDirectly);
    }

    /**
     * Runs a wrapper by itself, never through the compile server, and out of the build log: a compile a wrapper
     * handed over (the build tool's output has it for the log), or a question to the compiler driver.
     */
    Commands.Outcome runDirectly(List<String> command, Path directory) throws IOException {
        Map<String, String> direct = new HashMap<>(environment);
        direct.put("LADING_COMPILE_DIRECT", "1");
        return run(command, directory, direct, false);
    }

    private Commands.Outcome run(List<String> command, Path directory, Map<String, String> variables,
                                 boolean logged) throws IOException {
        Commands.Outcome outcome = Commands.run(command, directory, variables);
        if (logged) {
            log(command, outcome);
        }
        if (!outcome.ok() && toolchain.isCacheRace(outcome.output())) {
            outcome = Commands.run(command, directory, variables);
            if (logged) {
                log(command, outcome);
            }
        }
        return outcome;
    }

    private synchronized void log(List<String> command, Commands.Outcome outcome) throws IOException {
        String entry = "$" + Wrappers.quoted(command) + "\n" + outcome.output()
                + (outcome.ok() ? "" : "(exit " + outcome.exitCode() + ")\n");
        Files.writeString(directory.log(), entry, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
