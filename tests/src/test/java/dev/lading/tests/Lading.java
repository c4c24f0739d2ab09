package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs the real {@code lading} jar as a user would: a separate process, its own exit code, and an environment of
 * its own sealed from the machine's (a clean home, none of the user's docker config or {@code LADING_*} variables).
 * The jar is checked to be newer than the sources, so that a plain {@code mvn test} cannot test an old build.
 */
final class Lading {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path JAR = REPO.resolve("cli/target/lading.jar");

    /** What every run may take from the test JVM's environment; the rest of the machine stays out. */
    static final List<String> PASSED_THROUGH = List.of("PATH", "TMPDIR", "ZIG_GLOBAL_CACHE_DIR");
    private static boolean jarChecked;

    private final Path home;
    private final Duration timeout;
    private final Map<String, String> parent;
    private Path userHome;

    /** @param home the LADING_HOME of these runs, so tests never share a store with the user's */
    Lading(Path home) {
        this(home, Tool.DEFAULT_TIMEOUT);
    }

    /** @param timeout how long one run may take: cross-compiling for every platform takes minutes */
    Lading(Path home, Duration timeout) {
        this(home, timeout, System.getenv());
    }

    /** @param parent the environment the runs are made from, in place of the test JVM's own */
    Lading(Path home, Duration timeout, Map<String, String> parent) {
        this.home = home;
        this.timeout = timeout;
        this.parent = Map.copyOf(parent);
    }

    Tool.Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    Tool.Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(env, new byte[0], args);
    }

    /** With {@code input} on standard input, e.g. the password of {@code login --password-stdin}. */
    Tool.Result run(Map<String, String> env, byte[] input, String... args) throws IOException, InterruptedException {
        Map<String, String> environment = environment(env);
        List<String> command = new ArrayList<>(command(environment.getOrDefault("HOME", userHome().toString())));
        command.addAll(List.of(args));
        return Tool.runSealed(REPO, environment, command, timeout, input);
    }

    /**
     * {@code java} and its options up to the jar, for a run whose home is {@code userHome}: the JDK takes
     * {@code user.home} from the password database, not from {@code HOME}, so the home is given to it as well.
     */
    static List<String> command(String userHome) {
        return List.of("java", "-XX:+UseSerialGC", "-Duser.home=" + userHome, "-jar", JAR.toString());
    }

    /**
     * The whole environment of a run with the test's variables {@code env} (a null value unsets one): built from
     * the test JVM's environment by {@link #environment(Map, Map, Path, Path)}, with a home of this harness's own.
     */
    Map<String, String> environment(Map<String, String> env) throws IOException {
        requireFreshJar();
        return environment(parent, env, home, userHome());
    }

    /**
     * The variables of a CLI run, sealed from the machine: of {@code parent} only {@link #PASSED_THROUGH} is kept
     * (the user's docker config and credential helpers, {@code SOURCE_DATE_EPOCH}, {@code LADING_*}, XDG and
     * locale variables are not), {@code HOME} is {@code userHome}, {@code LADING_HOME} is {@code ladingHome},
     * the locale is {@code C.UTF-8}, and {@code ZIG_GLOBAL_CACHE_DIR} is the parent's or one of this module's,
     * shared by every run because zig's libc and libc++ builds take minutes per target. Then the test's own
     * {@code env} is applied: set variables win, null ones are removed.
     */
    static Map<String, String> environment(Map<String, String> parent, Map<String, String> env, Path ladingHome,
            Path userHome) {
        Map<String, String> environment = new TreeMap<>();
        for (String name : PASSED_THROUGH) {
            String value = parent.get(name);
            if (value != null && !value.isEmpty()) {
                environment.put(name, value);
            }
        }
        environment.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.putIfAbsent("ZIG_GLOBAL_CACHE_DIR", REPO.resolve("tests/target/zig-cache").toString());
        environment.put("LANG", "C.UTF-8");
        environment.put("HOME", userHome.toString());
        environment.put("LADING_HOME", ladingHome.toString());
        env.forEach((name, value) -> {
            if (value == null) {
                environment.remove(name);
            } else {
                environment.put(name, value);
            }
        });
        return environment;
    }

    /** An empty home of this harness's own, made on first use under target/ (mvn clean removes it). */
    private synchronized Path userHome() throws IOException {
        if (userHome == null) {
            Path homes = REPO.resolve("tests/target/user-homes");
            Files.createDirectories(homes);
            userHome = Files.createTempDirectory(homes, "home");
        }
        return userHome;
    }

    /** Fails at the first run of a test JVM whose jar is older than lading's sources. */
    private static synchronized void requireFreshJar() throws IOException {
        if (jarChecked) {
            return;
        }
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("build the jar first (mvn -pl cli -am package -DskipTests): " + JAR);
        }
        Optional<Path> newer = newerSource(JAR, REPO);
        if (newer.isPresent()) {
            throw new IllegalStateException(staleMessage(JAR, REPO, newer.get()));
        }
        jarChecked = true;
    }

    static String staleMessage(Path jar, Path repo, Path newer) {
        return repo.relativize(jar) + " is older than " + repo.relativize(newer) + ": the tests would run an old"
                + " lading; rebuild it (mvn -pl cli -am package -DskipTests) or run them with mvn -pl tests -am verify";
    }

    /**
     * A file the jar is built from that changed after it: under a module's {@code src/main} or one of the
     * build's {@code pom.xml} files (not the tests module's own). Empty when the jar is newer than all of them.
     */
    static Optional<Path> newerSource(Path jar, Path repo) throws IOException {
        FileTime built = Files.getLastModifiedTime(jar);
        List<Path> roots = new ArrayList<>();
        roots.add(repo.resolve("pom.xml"));
        try (Stream<Path> modules = Files.list(repo)) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                if (!module.getFileName().toString().equals("tests") && Files.isRegularFile(module.resolve("pom.xml"))) {
                    roots.add(module.resolve("pom.xml"));
                    roots.add(module.resolve("src/main"));
                }
            }
        }
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                Optional<Path> newer = files.filter(Files::isRegularFile).filter(file -> {
                    try {
                        return Files.getLastModifiedTime(file).compareTo(built) > 0;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).findFirst();
                if (newer.isPresent()) {
                    return newer;
                }
            }
        }
        return Optional.empty();
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
