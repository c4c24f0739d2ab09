package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.buildfile.BuildFile;
import dev.lading.core.buildfile.BuildFileParser;
import dev.lading.core.cache.CacheArtifact;
import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheIndex;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.cache.EntryArchive;
import dev.lading.core.cache.LocalCache;
import dev.lading.core.job.BuildListener;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Builds of one project in several checkouts, each with its own (fresh) build directories and one local cache: a
 * checkout whose sources are the same compiles nothing, and its outputs are the bytes a compile makes.
 */
@RequiresToolchain
class CompileCacheBuildTest {
    @TempDir
    Path dir;
    LocalCache local;

    /**
     * What one build did and said.
     *
     * @param build    the first platform's build
     * @param reported the platforms whose counts the listener was told, each once
     */
    record Built(PlatformBuild build, List<PlatformBuild> builds, int hits, int misses, List<Platform> reported,
                 List<String> warnings, CacheIndex used) {
    }

    private Built build(Path project, Path cacheDirectory) throws IOException {
        return build(ToolchainKind.CLANG, project, cacheDirectory);
    }

    private Built build(ToolchainKind kind, Path project, Path cacheDirectory, Platform... platforms)
            throws IOException {
        local = local != null ? local : LocalCache.open(dir.resolve("local-cache"));
        CacheSession session = local.session(false);
        int[] counts = new int[2];
        List<Platform> reported = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        BuildListener listener = new BuildListener() {
            @Override
            public void compileCache(Platform platform, int hits, int misses) {
                reported.add(platform);
                counts[0] += hits;
                counts[1] += misses;
            }

            @Override
            public void cacheWarning(String message) {
                warnings.add(message);
            }
        };
        BuildFile file = BuildFileParser.parse(project.resolve("lading.yaml"));
        List<PlatformBuild> built = Fixtures.builder(kind, cacheDirectory).build(file.build(), file.toolchain(),
                project, platforms.length == 0 ? List.of(Fixtures.AMD64) : List.of(platforms), listener, Map.of(),
                session);
        session.commit();
        return new Built(built.get(0), built, counts[0], counts[1], reported, warnings, session.used());
    }

    private Path checkout(String name) throws Exception {
        return IncrementalBuildTest.project(dir.resolve(name).resolve("project"), IncrementalBuildTest.SOURCES);
    }

    /** The objects and executables of a build, by path below the build directory. */
    private static Map<String, byte[]> outputs(PlatformBuild build) throws IOException {
        Path root = build.outputDirectory().getParent();
        Map<String, byte[]> outputs = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".o")
                    || f.getParent().equals(build.outputDirectory())).toList()) {
                outputs.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return outputs;
    }

    private static void assertSameOutputs(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
    }

    @ParameterizedTest
    @EnumSource(value = ToolchainKind.class, names = {"CLANG", "ZIG"})
    void anotherCheckoutCompilesOnlyWhatDiffers(ToolchainKind kind) throws Exception {
        Built first = build(kind, checkout("a"), dir.resolve("a/cache"));
        assertEquals(0, first.hits());
        assertEquals(3, first.misses());
        Map<String, byte[]> outputs = outputs(first.build());
        assertEquals(4, outputs.size(), outputs.keySet().toString());

        Built second = build(kind, checkout("b"), dir.resolve("b/cache"));
        assertEquals(3, second.hits());
        assertEquals(0, second.misses(), "no compiler ran");
        assertSameOutputs(outputs, outputs(second.build()));
        assertEquals("1 of 4 steps run, 3 compiles from cache", second.build().detail());
        assertEquals("hello 1\n", Fixtures.run(Fixtures.AMD64, second.build().outputDirectory().resolve("app")));

        Path edited = checkout("c");
        Fixtures.write(edited, "count.c", "int count(void) { return 7; }\n");
        Built source = build(kind, edited, dir.resolve("c/cache"));
        assertEquals(2, source.hits());
        assertEquals(1, source.misses(), "count.c alone");
        assertEquals("hello 7\n", Fixtures.run(Fixtures.AMD64, source.build().outputDirectory().resolve("app")));

        Path header = checkout("d");
        Fixtures.write(header, "greet.h", "const char *greeting(void); /* edited */\n");
        Built includers = build(kind, header, dir.resolve("d/cache"));
        assertEquals(1, includers.hits(), "count.c does not include greet.h");
        assertEquals(2, includers.misses(), "main.c and greet.c do");
        assertTrue(List.of(first, second, source, includers).stream().allMatch(b -> b.warnings().isEmpty()));
    }

    @Test
    void aTamperedEntryIsAMissAndTheBuildIsRight() throws Exception {
        Map<String, byte[]> outputs = outputs(build(checkout("a"), dir.resolve("a/cache")).build());
        try (Stream<Path> blobs = Files.walk(local.directory().resolve("blobs"))) {
            for (Path blob : blobs.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(blob);
                bytes[bytes.length / 2] ^= 1;
                Files.write(blob, bytes);
            }
        }
        Built again = build(checkout("b"), dir.resolve("b/cache"));
        assertEquals(0, again.hits());
        assertEquals(3, again.misses());
        assertSameOutputs(outputs, outputs(again.build()));
    }

    @Test
    void aCacheThatCannotBeWrittenIsOneWarningAndACorrectBuild() throws Exception {
        local = LocalCache.open(dir.resolve("local-cache"));
        // where the blobs go is a file: every write of an entry fails, as on a full disk
        Path blobs = local.directory().resolve("blobs/sha256");
        try (Stream<Path> files = Files.walk(blobs)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        Files.writeString(blobs, "not a directory");
        Built built = build(checkout("a"), dir.resolve("a/cache"));
        assertEquals(3, built.misses());
        assertEquals(1, built.warnings().size(), built.warnings().toString());
        assertTrue(built.warnings().get(0).startsWith("compile cache: "), built.warnings().get(0));
        assertEquals("hello 1\n", Fixtures.run(Fixtures.AMD64, built.build().outputDirectory().resolve("app")));
    }

    private Path cmakeCheckout(String name) throws Exception {
        Path project = IncrementalBuildTest.project(dir.resolve(name).resolve("project"),
                "build:\n  cmake:\n    defines: {CMAKE_BUILD_TYPE: Release}\n");
        return Fixtures.write(project, "CMakeLists.txt", "cmake_minimum_required(VERSION 3.16)\nproject(app C)\n"
                + "add_library(count STATIC count.c)\nadd_executable(app main.c greet.c)\n"
                + "target_link_libraries(app count)\n");
    }

    @Test
    void aCMakeProjectInAnotherCheckoutCompilesNothing() throws Exception {
        Built first = build(ToolchainKind.CLANG, cmakeCheckout("a"), dir.resolve("a/cache"), Fixtures.AMD64,
                Fixtures.ARM64);
        assertEquals(0, first.hits());
        assertEquals(6, first.misses());

        Built second = build(ToolchainKind.CLANG, cmakeCheckout("b"), dir.resolve("b/cache"), Fixtures.AMD64,
                Fixtures.ARM64);
        assertEquals(6, second.hits(), "every compile of both platforms came from the cache");
        assertEquals(0, second.misses());
        assertEquals(Set.of(Fixtures.AMD64, Fixtures.ARM64), Set.copyOf(second.reported()));
        assertEquals(2, second.reported().size());
        assertTrue(second.warnings().isEmpty(), second.warnings().toString());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(Files.readAllBytes(first.builds().get(i).outputDirectory().resolve("app")),
                    Files.readAllBytes(second.builds().get(i).outputDirectory().resolve("app")));
        }
        assertEquals("hello 1\n", Fixtures.run(Fixtures.ARM64, second.builds().get(1).outputDirectory()
                .resolve("app")));
        assertEquals("hello 1\n", Fixtures.run(Fixtures.AMD64, second.build().outputDirectory().resolve("app")));
        Path tools = second.build().outputDirectory().resolveSibling("tools");
        assertTrue(Files.exists(tools.resolve(Wrappers.CLIENT)));
        assertTrue(Files.notExists(tools.resolve(CompileServer.FILE)), "the server file goes with the server");
    }

    @Test
    void ninjaRunByHandCompilesWithoutTheServer() throws Exception {
        Path out = build(cmakeCheckout("a"), dir.resolve("a/cache")).build().outputDirectory();
        byte[] built = Files.readAllBytes(out.resolve("app"));
        Path tools = out.resolveSibling("tools");
        for (boolean staleServerFile : new boolean[] {false, true}) {
            if (staleServerFile) {
                // a build that was killed leaves the file, naming a port nobody listens on
                Files.writeString(tools.resolve(CompileServer.FILE), "1 0123\n");
            }
            try (Stream<Path> objects = Files.walk(out)) {
                for (Path object : objects.filter(f -> f.toString().endsWith(".c.o")).toList()) {
                    Files.delete(object);
                }
            }
            Files.delete(out.resolve("app"));
            Process ninja = new ProcessBuilder("ninja", "-C", out.toString()).redirectErrorStream(true).start();
            String printed = new String(ninja.getInputStream().readAllBytes());
            assertEquals(0, ninja.waitFor(), printed);
            assertArrayEquals(built, Files.readAllBytes(out.resolve("app")), printed);
        }
    }

    /**
     * A project that enables C (and C++: clang's builds; zig's would build libc++ for it) and runs configure checks,
     * whose results the detection must not change.
     */
    private Path detectingCheckout(String name, ToolchainKind kind) throws Exception {
        Path project = IncrementalBuildTest.project(dir.resolve(name).resolve("project"),
                "build:\n  cmake:\n    defines: {CMAKE_BUILD_TYPE: Release}\n");
        return Fixtures.write(project, "CMakeLists.txt", "cmake_minimum_required(VERSION 3.16)\nproject(app C"
                + (kind == ToolchainKind.CLANG ? " CXX" : "") + ")\n"
                + "include(CheckIncludeFile)\ninclude(CheckCSourceCompiles)\n"
                + "check_include_file(stdint.h HAVE_STDINT_H)\ncheck_include_file(no/such.h HAVE_NO_SUCH_H)\n"
                + "check_c_source_compiles(\"int main(void) { return sizeof(void *) > 2 ? 0 : 1; }\" HAVE_POINTERS)\n"
                + "add_library(count STATIC count.c)\nadd_executable(app main.c greet.c)\n"
                + "target_link_libraries(app count)\n");
    }

    /** CMake's {@code CMakeFiles/<version>} of a build, where its detection is written. */
    private static Path platformInfo(PlatformBuild build) throws IOException {
        try (Stream<Path> dirs = Files.list(build.outputDirectory().resolve("CMakeFiles"))) {
            return dirs.filter(d -> Files.exists(d.resolve("CMakeSystem.cmake"))).findFirst().orElseThrow();
        }
    }

    /** The lines of CMakeCache.txt that configure checks and the detection decide. */
    private static List<String> checked(PlatformBuild build) throws IOException {
        return Files.readAllLines(build.outputDirectory().resolve("CMakeCache.txt")).stream()
                .filter(line -> line.startsWith("HAVE_") || line.startsWith("CMAKE_EXECUTABLE_FORMAT")).toList();
    }

    private static List<CacheEntry> detections(CacheIndex index) {
        return index.entries().stream().filter(entry -> entry.is(CacheKind.CMAKE)).toList();
    }

    @ParameterizedTest
    @EnumSource(value = ToolchainKind.class, names = {"CLANG", "ZIG"})
    void cmakeDetectionFromTheCacheConfiguresAsCMakeWouldHave(ToolchainKind kind) throws Exception {
        // zig for one platform: another would cost the suite a build of its libc
        Platform[] platforms = kind == ToolchainKind.CLANG ? new Platform[] {Fixtures.AMD64, Fixtures.ARM64}
                : new Platform[] {Fixtures.AMD64};
        Built first = build(kind, detectingCheckout("a", kind), dir.resolve("a/cache"), platforms);
        assertEquals(platforms.length, detections(first.used()).size(), "one detection a platform");
        Path checkout = detectingCheckout("b", kind);
        Built second = build(kind, checkout, dir.resolve("b/cache"), platforms);
        assertTrue(second.warnings().isEmpty(), second.warnings().toString());
        assertEquals(detections(first.used()), detections(second.used()), "the second build used the first's");
        for (int i = 0; i < platforms.length; i++) {
            PlatformBuild detected = first.builds().get(i);
            PlatformBuild restored = second.builds().get(i);
            Path tools = restored.outputDirectory().resolveSibling("tools");
            assertTrue(Files.exists(tools.resolve(CMakeDetection.FILE)));
            assertFalse(Files.exists(detected.outputDirectory().resolveSibling("tools").resolve(CMakeDetection.FILE)));
            assertTrue(Files.isDirectory(platformInfo(detected).resolve("CompilerIdC")));
            assertFalse(Files.exists(platformInfo(restored).resolve("CompilerIdC")), "C was not identified again");
            assertFalse(Files.exists(platformInfo(restored).resolve("CompilerIdCXX")), "nor C++");
            assertTrue(Files.exists(platformInfo(detected).resolve("CMakeDetermineCompilerABI_C.bin")));
            assertFalse(Files.exists(platformInfo(restored).resolve("CMakeDetermineCompilerABI_C.bin")),
                    "nor its ABI");
            String from = detected.outputDirectory().getParent().toString();
            String to = restored.outputDirectory().getParent().toString();
            for (String language : kind == ToolchainKind.CLANG ? List.of("C", "CXX") : List.of("C")) {
                String file = "CMake" + language + "Compiler.cmake";
                assertEquals(Files.readString(platformInfo(detected).resolve(file)).replace(from, to),
                        Files.readString(platformInfo(restored).resolve(file)), file);
            }
            assertEquals(checked(detected), checked(restored));
            assertTrue(checked(restored).contains("HAVE_POINTERS:INTERNAL=1"), checked(restored).toString());
            assertArrayEquals(Files.readAllBytes(detected.outputDirectory().resolve("app")),
                    Files.readAllBytes(restored.outputDirectory().resolve("app")));
        }

        Built warm = build(kind, checkout, dir.resolve("b/cache"), platforms);
        assertEquals(List.of(), warm.builds().get(0).steps(), "nothing configured or compiled again");
        assertEquals(detections(first.used()), detections(warm.used()),
                "a warm checkout still counts its detections as used, for an export");
    }

    /** Replaces the first build's detection entry in the local cache by one of the same key holding {@code c}. */
    private void replaceDetection(String c) throws Exception {
        build(ToolchainKind.CLANG, detectingCheckout("a", ToolchainKind.CLANG), dir.resolve("a/cache"), Fixtures.AMD64);
        CacheEntry good = detections(local.index()).get(0);
        Map<String, byte[]> replaced = Map.of("C", c.getBytes(), "executable-format", "ELF".getBytes());
        var blob = local.put(CacheArtifact.ENTRY_TYPE, EntryArchive.ofBytes(CacheKind.CMAKE, good.key(), replaced),
                null);
        local.update(index -> new CacheIndex(index.entries().stream().map(entry -> entry.equals(good)
                ? new CacheEntry(good.kind(), good.key(), good.platform(), blob, good.lastUsed()) : entry).toList()));
    }

    /** A second checkout after {@link #replaceDetection}: one warning that names CMake, and CMake detected itself. */
    private Built detectedDespiteTheEntry(String warning) throws Exception {
        Built second = build(ToolchainKind.CLANG, detectingCheckout("b", ToolchainKind.CLANG), dir.resolve("b/cache"),
                Fixtures.AMD64);
        assertEquals(1, second.warnings().size(), second.warnings().toString());
        assertTrue(second.warnings().get(0).contains(warning), second.warnings().get(0));
        assertTrue(Files.isDirectory(platformInfo(second.build()).resolve("CompilerIdC")), "CMake detected itself");
        Path tools = second.build().outputDirectory().resolveSibling("tools");
        assertFalse(Files.exists(tools.resolve(CMakeDetection.FILE)), "the entry's detection is gone");
        assertEquals("hello 1\n", Fixtures.run(Fixtures.AMD64, second.build().outputDirectory().resolve("app")));
        return second;
    }

    @Test
    void aDetectionThatBreaksTheConfigureIsDetectedAgain() throws Exception {
        // facts alone, but an if without its endif: CMake refuses the file
        replaceDetection("if(CMAKE_C_COMPILER_ID_RUN)\nset(CMAKE_C_COMPILER_ID_RUN 1)\n");
        detectedDespiteTheEntry("CMake did not configure with the compiler detection");
    }

    /** A cache is written by whoever may push to its ref: an entry must not make the configure run a program. */
    @ParameterizedTest
    @ValueSource(strings = {"execute_process(COMMAND touch RAN)", "set(CMAKE_C_COMPILER_LAUNCHER touch;RAN)",
            "set(CMAKE_C_COMPILER_ID \"../../../RAN\")"})
    void aDetectionThatWouldRunAProgramIsRefused(String hostile) throws Exception {
        Path ran = dir.resolve("ran");
        replaceDetection("set(CMAKE_C_COMPILER_ID_RUN 1)\n" + hostile.replace("RAN", ran.toString()) + "\n");
        detectedDespiteTheEntry("says more than a detection");
        assertFalse(Files.exists(ran), "nothing ran");
    }
}
