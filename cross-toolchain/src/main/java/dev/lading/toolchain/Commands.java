package dev.lading.toolchain;

import dev.lading.core.LadingException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the toolchain's programs and captures what they print. */
final class Commands {
    /**
     * Variables that would change what the compilers do behind the build file's back, so that the same build file
     * gives the same binaries in any shell; the build file's flags and defines are the way to pass flags.
     */
    private static final List<String> IGNORED_ENVIRONMENT = List.of("CC", "CXX", "ASM", "CFLAGS", "CXXFLAGS",
            "CPPFLAGS", "LDFLAGS", "ASMFLAGS", "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "LIBRARY_PATH");

    /** @param output standard output and error, interleaved as a terminal would show them */
    record Outcome(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Commands() {
    }

    /** @param environment variables to set on top of this process's environment */
    static Outcome run(List<String> command, Path directory, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        IGNORED_ENVIRONMENT.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            return new Outcome(process.waitFor(), new String(output, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running " + command.get(0));
        }
    }

    /** The output of a query such as {@code zig version}, which must succeed. */
    static String query(List<String> command) {
        Outcome outcome;
        try {
            outcome = run(command, null, Map.of());
        } catch (IOException e) {
            throw new LadingException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        if (!outcome.ok()) {
            throw new LadingException(String.join(" ", command) + " failed (exit " + outcome.exitCode() + "): "
                    + outcome.output().strip());
        }
        return outcome.output();
    }
}
