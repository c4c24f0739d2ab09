package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external program (skopeo, umoci, tar, gzip, qemu) and captures what it printed. */
final class Tool {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout() + "\n--- stderr\n" + stderr;
        }
    }

    private Tool() {
    }

    static Result run(Path workingDirectory, Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        return run(workingDirectory, env, command, DEFAULT_TIMEOUT);
    }

    /**
     * Both streams go to files rather than pipes, so a program that hangs with its output open (a livelocked
     * emulator, say) still meets the timeout instead of blocking the test forever.
     */
    static Result run(Path workingDirectory, Map<String, String> env, List<String> command, Duration timeout)
            throws IOException, InterruptedException {
        return run(workingDirectory, env, command, timeout, new byte[0]);
    }

    /** As above, with {@code input} on the program's standard input (then closed), as a shell's pipe gives it. */
    static Result run(Path workingDirectory, Map<String, String> env, List<String> command, Duration timeout,
            byte[] input) throws IOException, InterruptedException {
        return run(workingDirectory, env, command, timeout, input, true);
    }

    /** As above, with exactly {@code environment}: nothing of the test JVM's own environment is inherited. */
    static Result runSealed(Path workingDirectory, Map<String, String> environment, List<String> command,
            Duration timeout, byte[] input) throws IOException, InterruptedException {
        return run(workingDirectory, environment, command, timeout, input, false);
    }

    private static Result run(Path workingDirectory, Map<String, String> env, List<String> command, Duration timeout,
            byte[] input, boolean inherit) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        if (!inherit) {
            builder.environment().clear();
        }
        // a null value unsets the variable, e.g. LANG for a run in the POSIX locale
        env.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Path stdoutFile = Files.createTempFile("tool-stdout", ".txt");
        Path stderrFile = Files.createTempFile("tool-stderr", ".txt");
        try {
            builder.redirectOutput(stdoutFile.toFile()).redirectError(stderrFile.toFile());
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException e) {
                // the program ended without reading it all: its exit code and output tell the test what happened
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + command
                        + "\n--- stderr so far\n" + Files.readString(stderrFile));
            }
            return new Result(process.exitValue(), Files.readAllBytes(stdoutFile), Files.readString(stderrFile));
        } finally {
            Files.deleteIfExists(stdoutFile);
            Files.deleteIfExists(stderrFile);
        }
    }

    /** Runs a tool that must succeed and returns its standard output. */
    static String ok(String... command) throws IOException, InterruptedException {
        Result result = run(Path.of("."), Map.of(), List.of(command));
        assertEquals(0, result.exitCode(), String.join(" ", command) + "\n" + result);
        return result.stdout();
    }
}
