package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.attest.NativeToolchain;
import dev.lading.core.job.ArtifactSource;
import dev.lading.core.buildfile.BuildFileParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the cross-toolchain tells the attestations: the compiler, target, flags and sources of each platform. */
class NativeToolchainFactsTest {
    private static final String LAYERS = "layers:\n  - files:\n      - artifact: app\n        dest: /app\n";

    @TempDir
    Path dir;

    @RequiresToolchain
    @Test
    void aCMakeProjectReadsTheSourcesAndProjectHeadersItsCompilerNamedNotEveryFileOfItsTree() throws Exception {
        Path project = dir.resolve("project");
        Fixtures.write(project, "lading.yaml", "build:\n  cmake:\n    source: src\n    targets: [app]\n" + LAYERS,
                "src/CMakeLists.txt", "cmake_minimum_required(VERSION 3.16)\nproject(p C)\nadd_executable(app main.c)\n",
                "src/main.c", "#include \"lib/util.h\"\nint main(void) { return VALUE; }\n",
                "src/lib/util.h", "#define VALUE 0\n", "src/lib/unused.h", "", "src/app.conf", "", "notes.txt", "");
        ArtifactSource built = Fixtures.builder(ToolchainKind.ZIG, dir.resolve("cache"))
                .build(BuildFileParser.parse(project.resolve("lading.yaml")), project, List.of(Fixtures.ARM64), null, dev.lading.core.cache.CacheSession.disabled(),
                        dev.lading.core.job.BuildListener.NONE);
        assertEquals(List.of(Path.of("src/lib/util.h"), Path.of("src/main.c")),
                built.toolchain(Fixtures.ARM64).orElseThrow().sources());
    }

    @Test
    void withMakeTheCMakeSourcesComeFromTheDepfilesBesideTheObjects() throws Exception {
        Path project = dir.resolve("project");
        Fixtures.write(project, "lading.yaml", "build:\n  cmake:\n    source: .\n" + LAYERS, "CMakeLists.txt", "",
                "main.c", "", "lib/util.h", "", "lading.yaml.orig", "");
        CMakeProject found = (CMakeProject) Project.of(BuildFileParser.parse(project.resolve("lading.yaml")).build(),
                project, SearchPath.of(System.getenv()));
        CMakeProject make = new CMakeProject(found.spec(), found.sourceDirectory(), found.cmake(), "Unix Makefiles",
                found.make());
        BuildDirectory directory = new BuildDirectory(dir.resolve("cache"));
        // as the compiler wrote it for make: relative to the binary directory, a generated and a system header too
        Fixtures.write(directory.output(), "CMakeFiles/app.dir/main.c.o.d", "CMakeFiles/app.dir/main.c.o: "
                + project.resolve("main.c") + " \\\n " + directory.output().relativize(project.resolve("lib/util.h"))
                + " generated/config.h /usr/include/stdio.h\n", "generated/config.h", "");
        assertEquals(List.of(project.resolve("lib/util.h"), project.resolve("main.c")), make.sources(directory));
    }

    @Test
    void executablesReadTheirSourcesAndTheProjectHeadersTheirDepfilesName() throws Exception {
        Path project = dir.resolve("project");
        Fixtures.write(project, "lading.yaml", "build:\n  executables:\n    - name: app\n      sources: [main.c]\n"
                + LAYERS, "main.c", "", "include/util.h", "");
        Project sources = Project.of(BuildFileParser.parse(project.resolve("lading.yaml")).build(), project,
                SearchPath.of(System.getenv()));
        BuildDirectory directory = new BuildDirectory(dir.resolve("cache"));
        // as the compiler wrote it: relative to the objects directory, with a system header beside the project's
        Fixtures.write(directory.objects(), "app/main.c.o.d", "app/main.c.o: " + project.resolve("main.c") + " \\\n "
                + project.resolve("include/util.h") + " /usr/include/stdio.h\n");
        assertEquals(List.of(project.resolve("include/util.h"), project.resolve("main.c")),
                sources.sources(directory));
    }

    @RequiresToolchain
    @Test
    void zigReportsItsTargetFlagsAndTheSourcesOfTheBuild() throws Exception {
        Path project = dir.resolve("project");
        Fixtures.write(project, "lading.yaml", "build:\n  executables:\n    - name: app\n      sources: [main.c]\n"
                + LAYERS, "main.c", "#include \"include/util.h\"\nint main(void) { return VALUE; }\n",
                "include/util.h", "#define VALUE 0\n", "unused.h", "");
        ArtifactSource built = Fixtures.builder(ToolchainKind.ZIG, dir.resolve("cache"))
                .build(BuildFileParser.parse(project.resolve("lading.yaml")), project, List.of(Fixtures.ARM64), null, dev.lading.core.cache.CacheSession.disabled(),
                        dev.lading.core.job.BuildListener.NONE);
        NativeToolchain facts = built.toolchain(Fixtures.ARM64).orElseThrow();
        assertEquals("zig", facts.kind());
        assertFalse(facts.version().isEmpty());
        assertEquals("aarch64-linux-musl", facts.target());
        assertTrue(facts.compileFlags().containsAll(List.of("-target", "aarch64-linux-musl")), facts.toString());
        assertTrue(facts.linkFlags().contains("-Wl,--build-id=sha1"), facts.toString());
        assertEquals(List.of(Path.of("include/util.h"), Path.of("main.c")), facts.sources());
        assertTrue(facts.compileFlags().stream().noneMatch(flag -> flag.contains(dir.toString())),
                "no path of this machine: " + facts.compileFlags());
        assertTrue(Files.isRegularFile(project.resolve(facts.sources().get(0))));
        assertTrue(built.toolchain(Fixtures.AMD64).isEmpty(), "nothing was built for amd64");
    }
}
