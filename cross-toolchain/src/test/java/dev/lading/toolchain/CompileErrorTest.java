package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A compile error fails the build (exit 1) with the compiler's words per platform and where the full log is. */
@RequiresToolchain
class CompileErrorTest {
    @TempDir
    Path dir;

    private static void assertLogHolds(String message, String text) throws Exception {
        int at = message.indexOf("full log: ");
        assertTrue(at > 0, message);
        Path log = Path.of(message.substring(at + "full log: ".length()).lines().findFirst().orElseThrow());
        assertTrue(Files.readString(log).contains(text), log.toString());
    }

    @ParameterizedTest
    @EnumSource(value = ToolchainKind.class, names = {"CLANG", "ZIG"})
    void plainSources(ToolchainKind kind) throws Exception {
        Path project = IncrementalBuildTest.project(dir.resolve("p"), IncrementalBuildTest.SOURCES);
        Fixtures.write(project, "count.c", "int count(void) { return undeclared_thing; }\n");
        LadingException e = assertThrows(LadingException.class, () -> Fixtures.build(
                Fixtures.builder(kind, dir.resolve("cache")), project, Fixtures.AMD64, Fixtures.ARM64));
        assertFalse(e instanceof InputException, "a failure, not bad input");
        String message = e.getMessage();
        assertTrue(message.startsWith("native build failed for 2 of 2 platforms:\nlinux/amd64 (" + kind + " "),
                message);
        assertTrue(message.contains("): compiling count.c failed\n    "), message);
        assertTrue(message.contains("count.c:1:26: error: use of undeclared identifier 'undeclared_thing'"), message);
        assertTrue(message.contains("\nlinux/arm64 ("), message);
        assertLogHolds(message, "undeclared_thing");
    }

    @Test
    void cmakeProject() throws Exception {
        Path project = Fixtures.copyExample(dir.resolve("hk"));
        Fixtures.write(project, "main.cpp", "int main() { return kitty; }\n");
        LadingException e = assertThrows(LadingException.class, () -> Fixtures.build(
                Fixtures.builder(ToolchainKind.CLANG, dir.resolve("cache")), project, Fixtures.ARM64));
        assertFalse(e instanceof InputException, "a failure, not bad input");
        assertTrue(e.getMessage().contains("): building the CMake project failed\n"
                + "    " + project.resolve("main.cpp") + ":1:21: error: use of undeclared identifier 'kitty'"),
                e.getMessage());
        assertLogHolds(e.getMessage(), "FAILED: CMakeFiles/HelloKittyexe.dir/main.cpp.o");
    }
}
