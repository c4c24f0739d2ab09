package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external program (skopeo, umoci, tar, gzip) and captures what it printed. */
final class Tool {
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
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().putAll(env);
        Path stderrFile = Files.createTempFile("tool-stderr", ".txt");
        try {
            builder.redirectError(stderrFile.toFile());
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Result(process.exitValue(), stdout, Files.readString(stderrFile));
        } finally {
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
