package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which toolchain is found for --toolchain, --zig, LADING_ZIG and PATH, and what is said when none is. */
class ToolchainsTest {
    @TempDir
    Path dir;
    Path cache;
    Path empty;

    @BeforeEach
    void setUp() throws Exception {
        cache = dir.resolve("cache/zig");
        empty = Files.createDirectories(dir.resolve("empty"));
    }

    private Path fakeZig(String directory, String version) throws Exception {
        return Fixtures.script(dir.resolve(directory).resolve("zig"), "echo " + version + "\n");
    }

    private static Map<String, String> path(Path... directories) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", String.join(":", java.util.Arrays.stream(directories).map(Path::toString).toList()));
        return environment;
    }

    @Test
    void zigOnPathIsFoundWithItsVersionAndCache() throws Exception {
        Path zig = fakeZig("path-bin", "0.14.0-dev.1");
        Toolchain found = Toolchains.find(ToolchainKind.AUTO, null, null, cache, path(zig.getParent()));
        assertEquals(new ZigToolchain(zig, "0.14.0-dev.1", cache), found);
        assertEquals("zig 0.14.0-dev.1", found.name());
    }

    @Test
    void theZigOptionWinsOverLadingZigWhichWinsOverPath() throws Exception {
        Map<String, String> environment = path(fakeZig("path-bin", "1.0.0").getParent());
        environment.put("LADING_ZIG", fakeZig("variable-bin", "2.0.0").toString());
        assertEquals("2.0.0", Toolchains.find(ToolchainKind.ZIG, null, null, cache, environment).version());
        Path option = fakeZig("option-bin", "3.0.0");
        assertEquals("3.0.0", Toolchains.find(ToolchainKind.ZIG, option, null, cache, environment).version());
    }

    /** zig builds no newer glibc than it knows; asked for one, it warns on every compile and builds its newest. */
    @Test
    void zigWithPackagesTargetsTheOlderOfTheSuitesGlibcAndItsNewest() throws Exception {
        Path zig = Fixtures.script(dir.resolve("glibc-bin/zig"), "case $1 in\n"
                + "  targets) echo '{\"glibc\": [\"2.9.0\", \"2.40.0\", \"2.17.0\"], \"abi\": []}' ;;\n"
                + "  *) echo 0.14.0 ;;\nesac\n");
        ZigToolchain found = (ZigToolchain) Toolchains.find(ToolchainKind.ZIG, null, null, cache,
                path(zig.getParent()));
        assertEquals("2.40", found.newestGlibc());
        var arm64 = ToolchainTargets.of(Fixtures.ARM64);
        assertEquals("aarch64-linux-gnu.2.40", found.withPackages(
                Map.of(Fixtures.ARM64, new PackageSysroot(dir, "2.41"))).triple(arm64));
        assertEquals("aarch64-linux-gnu.2.36", found.withPackages(
                Map.of(Fixtures.ARM64, new PackageSysroot(dir, "2.36"))).triple(arm64));
        assertEquals("aarch64-linux-musl", found.triple(arm64));
    }

    @Test
    void zigsOwnCacheVariableIsHonoured() throws Exception {
        Map<String, String> environment = path(fakeZig("path-bin", "1.0.0").getParent());
        environment.put("ZIG_GLOBAL_CACHE_DIR", dir.resolve("elsewhere").toString());
        ZigToolchain zig = (ZigToolchain) Toolchains.find(ToolchainKind.ZIG, null, null, cache, environment);
        assertEquals(dir.resolve("elsewhere"), zig.cache());
    }

    @Test
    void aZigPathThatIsNoProgramIsBadInput() throws Exception {
        InputException option = assertThrows(InputException.class,
                () -> Toolchains.find(ToolchainKind.AUTO, dir.resolve("nope"), null, cache, path(empty)));
        assertTrue(option.getMessage().startsWith("--zig " + dir.resolve("nope") + ": not an executable file"),
                option.getMessage());
        Map<String, String> environment = path(empty);
        environment.put("LADING_ZIG", empty.toString());
        InputException variable = assertThrows(InputException.class,
                () -> Toolchains.find(ToolchainKind.ZIG, null, null, cache, environment));
        assertTrue(variable.getMessage().startsWith("LADING_ZIG=" + empty), variable.getMessage());
    }

    @Test
    void zigAskedForButMissingSaysHowToGetIt() {
        LadingException e = assertThrows(LadingException.class,
                () -> Toolchains.find(ToolchainKind.ZIG, null, null, cache, path(empty, Path.of("/usr/bin"))));
        assertFalse(e instanceof InputException, "a failure, not bad input");
        assertEquals("toolchain zig: zig is not on PATH; get zig from https://ziglang.org/download/ and put it on"
                + " PATH, set LADING_ZIG=/path/to/zig or pass --zig /path/to/zig", e.getMessage());
    }

    @Test
    void autoTakesClangWithoutZigAndClangIsFoundWithItsTools() throws Exception {
        Toolchain found = Toolchains.find(ToolchainKind.AUTO, null, null, cache, path(Path.of("/usr/bin")));
        ClangToolchain clang = assertInstanceOf(ClangToolchain.class, found);
        assertTrue(clang.version().matches("\\d+\\.\\d+\\.\\d+"), clang.version());
        assertEquals(Path.of("/usr/bin/llvm-ar"), clang.llvmAr());
        assertEquals(Path.of("/usr/bin/ld.lld-16"), clang.linkers().newerLld());
    }

    @Test
    void clangAskedForIsTakenEvenWhenZigIsThere() throws Exception {
        Path zig = fakeZig("path-bin", "1.0.0");
        Toolchain found = Toolchains.find(ToolchainKind.CLANG, null, null, cache, path(zig.getParent(), Fixtures.clangOnly(dir)));
        assertEquals(ToolchainKind.CLANG, found.kind());
        assertEquals(null, ((ClangToolchain) found).llvmAr());
    }

    @Test
    void neitherCompilerSaysHowToGetEither() {
        LadingException auto = assertThrows(LadingException.class,
                () -> Toolchains.find(ToolchainKind.AUTO, null, null, cache, path(empty)));
        assertTrue(auto.getMessage().startsWith("no C/C++ cross-compiler: neither zig nor clang is on PATH; get zig")
                && auto.getMessage().endsWith(", or apt-get install clang lld llvm"), auto.getMessage());
        LadingException clang = assertThrows(LadingException.class,
                () -> Toolchains.find(ToolchainKind.CLANG, null, null, cache, path(empty)));
        assertEquals("toolchain clang: clang and clang++ are not on PATH; install them: apt-get install clang lld llvm",
                clang.getMessage());
    }

    @Test
    void aSysrootIsForClangOnlyAndMustExist() throws Exception {
        Path zig = fakeZig("path-bin", "1.0.0");
        InputException withZig = assertThrows(InputException.class,
                () -> Toolchains.find(ToolchainKind.AUTO, null, empty, cache, path(zig.getParent())));
        assertTrue(withZig.getMessage().startsWith("--sysroot is for clang"), withZig.getMessage());
        InputException missing = assertThrows(InputException.class,
                () -> Toolchains.find(ToolchainKind.CLANG, null, dir.resolve("no-root"), cache, path(Fixtures.clangOnly(dir))));
        assertEquals("--sysroot " + dir.resolve("no-root") + " is not a directory", missing.getMessage());
        ClangToolchain clang = (ClangToolchain) Toolchains.find(ToolchainKind.CLANG, null, empty, cache,
                path(Fixtures.clangOnly(dir)));
        assertEquals(empty, clang.sysroot());
    }

    @Test
    void toolchainNamesAreParsedStrictly() {
        assertEquals(ToolchainKind.ZIG, ToolchainKind.parse("zig", "--toolchain"));
        InputException e = assertThrows(InputException.class, () -> ToolchainKind.parse("gcc", "--toolchain"));
        assertEquals("--toolchain 'gcc': expected auto, zig or clang", e.getMessage());
    }
}
