package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.tests.RegistryServer.Setup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The test registries never outlive their use: not after a start that failed, not after the JVM exits. */
class RegistryServerLifecycleTest {

    @Test
    void aStartThatGivesUpStopsTheRegistryItStarted() throws Exception {
        Set<Long> before = registryChildren();
        // no time to become ready: the registry process is alive when the start gives up on it
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RegistryServer.start(Setup.anonymous(), Duration.ZERO));
        assertTrue(e.getMessage().startsWith("docker-registry did not start within PT0S"), e.getMessage());
        Set<Long> left = registryChildren();
        left.removeAll(before);
        assertEquals(Set.of(), left, "docker-registry processes left by the failed start");
    }

    @Test
    void aJvmThatExitsWithoutClosingStopsItsRegistry() throws Exception {
        // a JVM of its own starts a registry, prints its pid and exits without closing it
        Tool.Result orphan = Tool.run(Path.of("."), Map.of(), List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path"), Orphan.class.getName()),
                Duration.ofMinutes(1));
        assertEquals(0, orphan.exitCode(), orphan.toString());
        String[] printed = orphan.stdout().strip().split(" ", 2);
        long pid = Long.parseLong(printed[0]);
        Path dir = Path.of(printed[1]);
        Optional<ProcessHandle> registry = ProcessHandle.of(pid);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (registry.map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        boolean alive = registry.map(ProcessHandle::isAlive).orElse(false);
        registry.ifPresent(ProcessHandle::destroyForcibly);
        assertFalse(alive, "the registry " + pid + " outlived the JVM that started it");
        assertFalse(java.nio.file.Files.exists(dir), "its directory is gone too: " + dir);
    }

    /** Starts a registry and leaves it open. */
    static final class Orphan {
        public static void main(String[] args) throws Exception {
            RegistryServer registry = RegistryServer.start(Setup.anonymous());
            System.out.println(registry.pid() + " " + registry.storageDirectory().getParent());
            System.exit(0);
        }
    }

    private static Set<Long> registryChildren() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("docker-registry")).orElse(false))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
