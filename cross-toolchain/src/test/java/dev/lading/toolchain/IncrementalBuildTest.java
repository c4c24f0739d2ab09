package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A rebuild does only what the change needs: one source changed, one compile and one link; no change, nothing. */
@RequiresToolchain
class IncrementalBuildTest {
    static final String MAIN = "#include <stdio.h>\n#include \"greet.h\"\n#include \"count.h\"\n"
            + "int main(void) { printf(\"%s %d\\n\", greeting(), count()); return 0; }\n";

    @TempDir
    Path dir;

    /** Three C sources; main.c and greet.c include greet.h. */
    static Path project(Path dir, String build) throws Exception {
        return Fixtures.write(dir, "lading.yaml", build + "layers:\n  - files:\n      - artifact: app\n"
                        + "        dest: /app\n",
                "main.c", MAIN, "greet.h", "const char *greeting(void);\n",
                "greet.c", "#include \"greet.h\"\nconst char *greeting(void) { return \"hello\"; }\n",
                "count.h", "int count(void);\n", "count.c", "int count(void) { return 1; }\n");
    }

    static final String SOURCES = "build:\n  executables:\n    - name: app\n      sources: [main.c, greet.c, count.c]\n"
            + "      flags: [-O2, -g]\n      libs: [pthread]\n";

    private PlatformBuild last;

    private List<String> build(CrossBuilder builder, Path project) throws Exception {
        last = Fixtures.build(builder, project, Fixtures.AMD64).get(0);
        return last.steps();
    }

    @ParameterizedTest
    @EnumSource(value = ToolchainKind.class, names = {"CLANG", "ZIG"})
    void plainSourcesRebuildOnlyWhatChanged(ToolchainKind kind) throws Exception {
        Path project = project(dir.resolve("p"), SOURCES);
        CrossBuilder builder = Fixtures.builder(kind, dir.resolve("cache"));
        assertEquals(List.of("compile main.c", "compile greet.c", "compile count.c", "link app"),
                build(builder, project));
        assertEquals(List.of(), build(builder, project), "nothing changed");

        Fixtures.write(project, "count.c", "int count(void) { return 22; }\n");
        assertEquals(List.of("compile count.c", "link app"), build(builder, project));
        Fixtures.write(project, "greet.h", "const char *greeting(void); /* now longer */\n");
        assertEquals(List.of("compile main.c", "compile greet.c", "link app"), build(builder, project));
        assertEquals(List.of(), build(builder, project));

        assertEquals("hello 22\n", Fixtures.run(Fixtures.AMD64, last.outputDirectory().resolve("app")));
    }

    @Test
    void newFlagsRecompileEverything() throws Exception {
        Path project = project(dir.resolve("p"), SOURCES);
        CrossBuilder builder = Fixtures.builder(ToolchainKind.CLANG, dir.resolve("cache"));
        build(builder, project);
        project(project, SOURCES.replace("[-O2, -g]", "[-O1, -g]"));
        assertEquals(List.of("compile main.c", "compile greet.c", "compile count.c", "link app"),
                build(builder, project));
    }

    @Test
    void aCMakeRebuildRunsOneCompileAndOneLinkForOneChangedSource() throws Exception {
        Path project = project(dir.resolve("p"), "build:\n  cmake:\n    defines: {CMAKE_BUILD_TYPE: Release}\n");
        Fixtures.write(project, "CMakeLists.txt",
                "cmake_minimum_required(VERSION 3.16)\nproject(app C)\nadd_executable(app main.c greet.c count.c)\n");
        CrossBuilder builder = Fixtures.builder(ToolchainKind.CLANG, dir.resolve("cache"));
        List<String> first = build(builder, project);
        assertEquals("configure", first.get(0));
        assertEquals(5, first.size(), first.toString());
        assertEquals(List.of(), build(builder, project));
        Fixtures.write(project, "count.c", "int count(void) { return 333; }\n");
        List<String> steps = build(builder, project);
        assertEquals(2, steps.size(), steps.toString());
        assertTrue(steps.get(0).matches("Building C object CMakeFiles/app.dir/count.c.o"), steps.toString());
        assertTrue(steps.get(1).startsWith("Linking C executable app"), steps.toString());

        Fixtures.write(project, "lading.yaml", Files.readString(project.resolve("lading.yaml"))
                .replace("{CMAKE_BUILD_TYPE: Release}", "{CMAKE_BUILD_TYPE: Release, UNUSED: 1}"));
        assertEquals(List.of("configure"), build(builder, project), "a new define configures again, compiles nothing");
    }

    @Test
    void aNoOpRebuildOfFourPlatformsRunsNothing() throws Exception {
        Path project = Fixtures.copyExample(dir.resolve("hk"));
        CrossBuilder builder = Fixtures.builder(ToolchainKind.CLANG, dir.resolve("cache"));
        Platform[] four = {Fixtures.AMD64, Fixtures.ARM64, Platform.parse("linux/arm/v7"),
                Platform.parse("linux/riscv64")};
        Fixtures.build(builder, project, four);
        long started = System.nanoTime();
        List<PlatformBuild> again = Fixtures.build(builder, project, four);
        long millis = (System.nanoTime() - started) / 1_000_000;
        again.forEach(build -> assertEquals("up to date", build.detail(), build.platform().toString()));
        // how long it took is the benchmark's business (bench/toolchain-bench.sh), not a pass mark on a shared machine
        System.out.println("no-op rebuild of 4 platforms: " + millis + " ms");
    }
}
