package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Platform;
import dev.lading.core.platform.Target;
import dev.lading.core.platform.Targets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CMakeToolchainFileTest {
    private static final Target ARM_V7 = Targets.of(Platform.parse("linux/arm/v7"));
    private static final Wrappers WRAPPERS = new Wrappers(Path.of("/b/tools/cc"), Path.of("/b/tools/c++"),
            Path.of("/b/tools/ar"), Path.of("/b/tools/ranlib"));

    @Test
    void zigFileNamesTheSystemTheWrappersAndDeterministicArchives() {
        String text = CMakeToolchainFile.text(new ZigToolchain(Path.of("/z/zig"), "0.14.0", Path.of("/c")), ARM_V7,
                WRAPPERS);
        for (String line : List.of("set(CMAKE_SYSTEM_NAME Linux)", "set(CMAKE_SYSTEM_PROCESSOR armv7l)",
                "set(CMAKE_C_COMPILER \"/b/tools/cc\")", "set(CMAKE_CXX_COMPILER \"/b/tools/c++\")",
                "set(CMAKE_AR \"/b/tools/ar\" CACHE FILEPATH \"Archiver\" FORCE)",
                "set(CMAKE_RANLIB \"/b/tools/ranlib\" CACHE FILEPATH \"Ranlib\" FORCE)",
                "  set(CMAKE_${lang}_ARCHIVE_CREATE \"<CMAKE_AR> qcD <TARGET> <LINK_FLAGS> <OBJECTS>\")",
                "  set(CMAKE_${lang}_ARCHIVE_FINISH \"<CMAKE_RANLIB> -D <TARGET>\")",
                "  set(CMAKE_${lang}_LINKER_DEPFILE_SUPPORTED FALSE)",
                "set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)", "set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)")) {
            assertTrue(text.lines().anyMatch(line::equals), "missing " + line + " in\n" + text);
        }
        assertTrue(text.startsWith("# lading: zig 0.14.0 -target arm-linux-musleabihf"), text);
        assertFalse(text.contains("CMAKE_FIND_ROOT_PATH \""), "zig has no sysroot to search");
    }

    @Test
    void clangSearchesTheDebianCrossSysrootOrTheOneGiven() {
        ClangLinkers linkers = new ClangLinkers(Path.of("/usr/bin/ld.lld"), 14, null, new SearchPath(List.of()));
        ClangToolchain debian = new ClangToolchain(Path.of("/usr/bin/clang"), Path.of("/usr/bin/clang++"), "14.0.6",
                Path.of("/usr/bin/llvm-ar"), Path.of("/usr/bin/llvm-ranlib"), null, linkers);
        assertTrue(CMakeToolchainFile.text(debian, ARM_V7, WRAPPERS)
                .contains("set(CMAKE_FIND_ROOT_PATH \"/usr/arm-linux-gnueabihf\")"));
        ClangToolchain own = new ClangToolchain(Path.of("/usr/bin/clang"), Path.of("/usr/bin/clang++"), "14.0.6",
                Path.of("/usr/bin/llvm-ar"), Path.of("/usr/bin/llvm-ranlib"), Path.of("/opt/root $x"), linkers);
        assertTrue(CMakeToolchainFile.text(own, ARM_V7, WRAPPERS)
                .contains("set(CMAKE_FIND_ROOT_PATH \"/opt/root \\$x\")"));
    }
}
