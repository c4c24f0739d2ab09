package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import dev.lading.core.model.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the host lacks is found before anything compiles, and said once with the packages that bring it. */
class HostCheckTest {
    private static final Platform S390X = Platform.parse("linux/s390x");
    private static final Platform RISCV64 = Platform.parse("linux/riscv64");

    @TempDir
    Path dir;

    private CrossBuilder builder(Path sysroot, Path... path) {
        return new CrossBuilder(new CrossBuilder.Settings(ToolchainKind.CLANG, null, sysroot, dir.resolve("cache"), 0,
                2, Map.of("PATH", String.join(":", Stream.of(path).map(Path::toString).toList()))));
    }

    private Path sources() throws Exception {
        return Fixtures.write(dir.resolve("project"), "lading.yaml",
                "build:\n  executables:\n    - name: app\n      sources: [main.c]\nlayers:\n  - files:\n"
                        + "      - artifact: app\n        dest: /app\n", "main.c", "int main(void) { return 0; }\n");
    }

    @RequiresToolchain
    @Test
    void everyPlatformBuildsWithClangOnThisHost() throws Exception {
        ClangToolchain clang = (ClangToolchain) Toolchains.find(ToolchainKind.CLANG, null, null, dir,
                Map.of("PATH", System.getenv("PATH")));
        for (ToolchainTarget target : ToolchainTargets.ALL) {
            assertEquals(List.of(), clang.shortfall(target, new Toolchain.Needs(true, true)).missing(),
                    target.platform().toString());
        }
    }

    @Test
    void missingLinkersOfSeveralPlatformsAreOneErrorBeforeAnyCompile() throws Exception {
        Path project = sources();
        LadingException e = assertThrows(LadingException.class, () -> Fixtures.build(builder(null, Fixtures.clangOnly(dir)),
                project, Fixtures.ARM64, RISCV64, S390X));
        assertFalse(e instanceof InputException, "a failure, not bad input");
        String message = e.getMessage();
        assertTrue(message.startsWith("cannot build the native code with clang "), message);
        assertTrue(message.contains("\n  linux/arm64: missing a linker: lld or GNU ld aarch64-linux-gnu-ld\n"), message);
        assertTrue(message.contains("\n  linux/riscv64: missing a linker: lld 15 or later"), message);
        assertTrue(message.contains("\n  linux/s390x: missing the linker GNU ld s390x-linux-gnu-ld"), message);
        assertTrue(message.contains("\ninstall what is missing: apt-get install lld lld-16 binutils-s390x-linux-gnu\n"),
                message);
        assertTrue(message.contains("or build with zig"), message);
        assertFalse(Files.exists(dir.resolve("cache")), "nothing was built, not even a build directory made");
    }

    @Test
    void clangNotFindingTheCLibraryNamesTheSysrootPackages() throws Exception {
        // Answers -print-file-name=X with X, which is what clang says when it does not find X.
        Path clang = Fixtures.script(dir.resolve("fake/clang"), "for a do last=$a; done\necho \"${last#*=}\"\n");
        Path root = Files.createDirectories(dir.resolve("root"));
        ClangToolchain toolchain = new ClangToolchain(clang, clang, "14.0.6", null, null, root,
                new ClangLinkers(Path.of("/usr/bin/ld.lld"), 14, null, new SearchPath(List.of())));
        Toolchain.Shortfall shortfall = toolchain.shortfall(ToolchainTargets.of(Fixtures.ARM64), new Toolchain.Needs(true, false));
        assertEquals(List.of("the static C library (libc.a) for aarch64-linux-gnu in --sysroot " + root),
                shortfall.missing());
        assertEquals(List.of("libc6-dev-arm64-cross", "libstdc++-12-dev-arm64-cross"), shortfall.packages());
        Toolchain.Shortfall amd64 = toolchain.shortfall(ToolchainTargets.of(Fixtures.AMD64), new Toolchain.Needs(false, true));
        assertEquals(List.of("libc6-dev", "libstdc++-12-dev", "llvm"), amd64.packages(), "native packages on amd64");
    }

    @Test
    void aCMakeProjectWithoutCMakeSaysSo() throws Exception {
        Path project = Fixtures.copyExample(dir.resolve("hk"));
        LadingException e = assertThrows(LadingException.class, () -> Fixtures.build(
                builder(null, Fixtures.clangOnly(dir), Path.of("/usr/lib/llvm-14/bin")), project, Fixtures.ARM64));
        assertTrue(e.getMessage().contains("\n  missing cmake, for the build file's cmake: project\n"
                + "  missing ninja or make, which run CMake's builds\n"), e.getMessage());
        assertTrue(e.getMessage().contains("\ninstall what is missing: apt-get install cmake ninja-build\n"),
                e.getMessage());
    }
}
