package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.model.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The same project in two directories, built with two caches, gives the same bytes. */
@RequiresToolchain
class ReproducibleBuildTest {
    @TempDir
    Path dir;

    private static void assertSameBytes(List<PlatformBuild> one, List<PlatformBuild> two, String program)
            throws Exception {
        for (PlatformBuild build : one) {
            Path first = build.outputDirectory().resolve(program);
            Path second = Fixtures.of(two, build.platform()).outputDirectory().resolve(program);
            assertEquals(-1, Files.mismatch(first, second), build.platform() + ": " + first + " vs " + second);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ToolchainKind.class, names = {"CLANG", "ZIG"})
    void theExampleInTwoDirectoriesGivesIdenticalBinaries(ToolchainKind kind) throws Exception {
        Platform[] platforms = {Fixtures.AMD64, Fixtures.ARM64};
        List<PlatformBuild> one = Fixtures.build(Fixtures.builder(kind, dir.resolve("cache-1")),
                Fixtures.copyExample(dir.resolve("a/hellokitty")), platforms);
        List<PlatformBuild> two = Fixtures.build(Fixtures.builder(kind, dir.resolve("cache-2")),
                Fixtures.copyExample(dir.resolve("b/nested/elsewhere")), platforms);
        assertSameBytes(one, two, "HelloKittyexe");
    }

    @ParameterizedTest
    @EnumSource(value = ToolchainKind.class, names = {"CLANG", "ZIG"})
    void debugInfoNamesNeitherTheSourceNorTheBuildDirectory(ToolchainKind kind) throws Exception {
        List<PlatformBuild> one = Fixtures.build(Fixtures.builder(kind, dir.resolve("cache-1")),
                IncrementalBuildTest.project(dir.resolve("a/p"), IncrementalBuildTest.SOURCES), Fixtures.ARM64);
        List<PlatformBuild> two = Fixtures.build(Fixtures.builder(kind, dir.resolve("cache-2")),
                IncrementalBuildTest.project(dir.resolve("b/q"), IncrementalBuildTest.SOURCES), Fixtures.ARM64);
        assertSameBytes(one, two, "app");
    }

    /**
     * zig's libc and compiler-rt carry debug info naming zig's cache directory; links without -g drop it. Two fresh
     * caches cost a first musl build each (about a minute).
     */
    @Test
    void zigOutputsDoNotDependOnWhereItsCacheIs() throws Exception {
        String sources = IncrementalBuildTest.SOURCES.replace("[-O2, -g]", "[-O2]");
        List<List<PlatformBuild>> builds = new java.util.ArrayList<>();
        for (String name : List.of("one", "two")) {
            Map<String, String> environment = new java.util.HashMap<>(Fixtures.environment());
            environment.put("ZIG_GLOBAL_CACHE_DIR", dir.resolve(name + "/zig").toString());
            builds.add(Fixtures.build(Fixtures.builder(ToolchainKind.ZIG, dir.resolve(name + "/cache"), environment),
                    IncrementalBuildTest.project(dir.resolve(name + "/project"), sources), Fixtures.ARM64));
        }
        assertSameBytes(builds.get(0), builds.get(1), "app");
    }
}
