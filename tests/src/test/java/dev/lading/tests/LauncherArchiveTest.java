package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data-sharing archive, made in a copy of the checkout's launcher and jar: the archive is cut
 * from the classes a first run loaded, so only a run that did its work may leave one, and a later good run does.
 */
class LauncherArchiveTest {
    @TempDir
    Path dir;

    @Test
    void aFailedFirstRunLeavesNoArchiveAndTheNextGoodRunMakesOne() throws Exception {
        Path root = dir.resolve("checkout");
        Path target = Files.createDirectories(root.resolve("cli/target"));
        Files.copy(Lading.REPO.resolve("lading"), root.resolve("lading"));
        Files.copy(Lading.JAR, target.resolve("lading.jar"));
        Map<String, String> env = Lading.environment(System.getenv(), Map.of(), dir.resolve("home"),
                Files.createDirectories(dir.resolve("user")));

        Tool.Result typo = launch(root, env, "build", dir.resolve("no-such-context").toString());
        assertEquals(2, typo.exitCode(), typo.toString());
        // the dump would start in the background at once and keep its class list until it ends
        assertEquals(List.of("lading.jar"), names(target), "after a failed run");

        Path context = Files.createDirectories(dir.resolve("context"));
        Files.writeString(context.resolve("hello.txt"), "hello\n");
        Files.writeString(context.resolve("lading.yaml"), """
                from: scratch
                platforms: [linux/amd64]
                layers:
                  - {name: hello, files: [{src: hello.txt, dest: /hello.txt}]}
                """);
        Tool.Result good = launch(root, env, "build", context.toString());
        assertEquals(0, good.exitCode(), good.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (names(target).stream().noneMatch(name -> name.matches("lading-\\d+\\.jsa"))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<String> after = names(target);
        assertTrue(after.stream().anyMatch(name -> name.matches("lading-\\d+\\.jsa")), after.toString());
        assertTrue(Files.size(target.resolve(after.stream().filter(name -> name.endsWith(".jsa")).findFirst()
                .orElseThrow())) > 1 << 20, "an archive of a build's classes, megabytes: " + after);
    }

    private static Tool.Result launch(Path root, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = Stream.concat(Stream.of(root.resolve("lading").toString()), Stream.of(args)).toList();
        return Tool.runSealed(root, env, command, Tool.DEFAULT_TIMEOUT, new byte[0]);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
