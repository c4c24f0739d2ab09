package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real {@code lading} jar as a user would: a separate process, its own environment and exit code. */
final class Lading {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path JAR = REPO.resolve("cli/target/lading.jar");

    private final Path home;
    private final Duration timeout;

    /** @param home the LADING_HOME of these runs, so tests never share a store with the user's */
    Lading(Path home) {
        this(home, Tool.DEFAULT_TIMEOUT);
    }

    /** @param timeout how long one run may take: cross-compiling for every platform takes minutes */
    Lading(Path home, Duration timeout) {
        this.home = home;
        this.timeout = timeout;
    }

    Tool.Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    Tool.Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(env, new byte[0], args);
    }

    /** With {@code input} on standard input, e.g. the password of {@code login --password-stdin}. */
    Tool.Result run(Map<String, String> env, byte[] input, String... args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("build the jar first (mvn package): " + JAR);
        }
        List<String> command = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.putIfAbsent("LADING_HOME", home.toString());
        // Each run has its own home, but zig's libc and libc++ builds (minutes per target) are shared by all,
        // through the cache scripts/test.sh names for every module, else one of this module's own.
        if (System.getenv("ZIG_GLOBAL_CACHE_DIR") == null) {
            environment.putIfAbsent("ZIG_GLOBAL_CACHE_DIR", REPO.resolve("tests/target/zig-cache").toString());
        }
        return Tool.run(REPO, environment, command, timeout, input);
    }

    /** Runs and insists on exit code 0; the result's output is returned for further checks. */
    Tool.Result ok(String... args) throws IOException, InterruptedException {
        return ok(Map.of(), args);
    }

    Tool.Result ok(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Tool.Result result = run(env, args);
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    /** Runs, insists on the exit code, and checks the error is a message rather than a stack trace. */
    Tool.Result fails(int exitCode, String... args) throws IOException, InterruptedException {
        return fails(Map.of(), exitCode, args);
    }

    Tool.Result fails(Map<String, String> env, int exitCode, String... args) throws IOException, InterruptedException {
        Tool.Result result = run(env, args);
        assertEquals(exitCode, result.exitCode(), result.toString());
        assertFalse(result.stderr().contains("\tat "), "a stack trace reached the user:\n" + result.stderr());
        return result;
    }
}
