package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CMakeToolchainFileTest {
    private static final ToolchainTarget ARM_V7 = ToolchainTargets.of(Platform.parse("linux/arm/v7"));
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
    void packagesAreTheFindRootWithDebiansMultiarchAndTheirPkgConfig() {
        ToolchainTarget i386 = ToolchainTargets.of(Platform.parse("linux/386"));
        Map<Platform, PackageSysroot> packages = Map.of(i386.platform(), new PackageSysroot(Path.of("/sr"), "2.41"));
        Wrappers wrappers = new Wrappers(Path.of("/b/tools/cc"), Path.of("/b/tools/c++"), Path.of("/b/tools/ar"),
                Path.of("/b/tools/ranlib"), Path.of("/b/tools/pkg-config"));
        ClangLinkers linkers = new ClangLinkers(Path.of("/usr/bin/ld.lld"), 14, null, new SearchPath(List.of()));
        Toolchain clang = new ClangToolchain(Path.of("/usr/bin/clang"), Path.of("/usr/bin/clang++"), "14.0.6",
                Path.of("/usr/bin/llvm-ar"), Path.of("/usr/bin/llvm-ranlib"), null, linkers).withPackages(packages);
        Toolchain zig = new ZigToolchain(Path.of("/z/zig"), "0.14.0", Path.of("/c")).withPackages(packages);
        for (Toolchain toolchain : List.of(clang, zig)) {
            List<String> lines = CMakeToolchainFile.text(toolchain, i386, wrappers).lines().toList();
            for (String line : List.of("set(CMAKE_FIND_ROOT_PATH \"/sr\")",
                    "set(CMAKE_LIBRARY_ARCHITECTURE i386-linux-gnu)",
                    "set(PKG_CONFIG_EXECUTABLE \"/b/tools/pkg-config\" CACHE FILEPATH \"pkg-config of the packages\""
                            + " FORCE)",
                    "set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)", "set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)",
                    "set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)", "set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)")) {
                assertTrue(lines.contains(line), toolchain.kind() + ": missing " + line + " in\n" + lines);
            }
            // zig keeps its own libc: CMake must not hand it the sysroot as --sysroot
            assertEquals(toolchain == clang, lines.contains("set(CMAKE_SYSROOT \"/sr\")"), toolchain.kind().toString());
        }
        // a platform without packages keeps the Debian cross sysroot
        assertTrue(CMakeToolchainFile.text(clang, ARM_V7, WRAPPERS)
                .contains("set(CMAKE_FIND_ROOT_PATH \"/usr/arm-linux-gnueabihf\")"));
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
