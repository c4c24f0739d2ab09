package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.cache.LocalCache;
import dev.lading.core.cache.CacheListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated wrappers and client against the server, with a stand-in compiler that says whether it was run
 * through the server and writes the object and depfile a compile names.
 */
class CompileServerTest {
    @TempDir
    Path dir;
    Wrappers wrappers;
    final List<List<String>> served = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Path compiler = Fixtures.script(dir.resolve("bin/compiler"), """
                shift
                out= dep=
                while [ $# -gt 0 ]; do
                  case $1 in -o) out=$2; shift ;; -MF) dep=$2; shift ;; esac
                  shift
                done
                echo "object of $PWD" > "$out"
                echo "$out: main.c" > "$dep"
                echo "direct=${LADING_COMPILE_DIRECT:-no}"
                exit 3
                """);
        ZigToolchain toolchain = new ZigToolchain(compiler, "0.14.0", dir.resolve("zig-cache"));
        wrappers = Wrappers.write(dir.resolve("tools"), toolchain, ToolchainTargets.of(Fixtures.ARM64), List.of(),
                Map.of());
        Files.writeString(dir.resolve("main.c"), "int main(void) { return 0; }\n");
    }

    /** Runs the C wrapper as Ninja would; returns the exit code and what it printed. */
    private Commands.Outcome compile() throws Exception {
        return Commands.run(List.of(wrappers.cc().toString(), "-MD", "-MF", "main.o.d", "-c", "main.c", "-o",
                "main.o"), dir, Map.of());
    }

    private CompileCache.Scope scope() throws Exception {
        CompileCache cache = new CompileCache(LocalCache.open(dir.resolve("local")).session(false), "zig 0.14.0",
                CacheListener.NONE);
        return cache.scope(Fixtures.ARM64, CompileCache.Roots.of(dir, dir, Optional.empty(), Optional.empty()));
    }

    @Test
    void aServedCompileRunsInTheServerAndItsOutcomeReachesTheCaller() throws Exception {
        try (CompileServer server = CompileServer.start()) {
            try (CompileServer.Serving serving = server.serve(wrappers, scope(), (command, directory) -> {
                served.add(command);
                return Commands.run(command, directory, Map.of("LADING_COMPILE_DIRECT", "1"));
            })) {
                Path file = dir.resolve("tools").resolve(CompileServer.FILE);
                assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
                Commands.Outcome outcome = compile();
                assertEquals(3, outcome.exitCode(), outcome.output());
                assertTrue(outcome.output().contains("direct=1"), outcome.output());
                assertEquals(1, served.size());
                assertEquals(wrappers.cc().toString(), served.get(0).get(0));

                Files.writeString(file, Files.readString(file).replaceAll(" .*", " wrong-token\n"));
                outcome = compile();
                assertEquals(3, outcome.exitCode());
                assertEquals(1, served.size(), "a request without the token is not served");
                assertTrue(outcome.output().contains("direct=1"), "the client ran the wrapper itself");
            }
            assertTrue(Files.notExists(dir.resolve("tools").resolve(CompileServer.FILE)));
            Commands.Outcome outcome = compile();
            assertTrue(outcome.output().contains("direct=no"), "no server, no client: " + outcome.output());
            assertEquals(1, served.size());
        }
    }

    @Test
    void theWrappersAreTheSameWhetherServedOrNot() throws Exception {
        byte[] before = Files.readAllBytes(wrappers.cc());
        try (CompileServer server = CompileServer.start();
             CompileServer.Serving serving = server.serve(wrappers, scope(), (command, directory) -> null)) {
            assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(wrappers.cc()));
        }
    }
}
