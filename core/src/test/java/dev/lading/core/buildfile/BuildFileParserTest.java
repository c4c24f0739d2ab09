package dev.lading.core.buildfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildFileParserTest {
    private static final Path FILE = Path.of("proj", "lading.yaml");

    /** The example of CONTRACT.md, verbatim. */
    static final String CONTRACT_EXAMPLE = """
            from: scratch                     # or an image reference; a multi-arch base is resolved per platform
            platforms: [linux/amd64, linux/arm64]
            toolchain: auto                   # auto | zig | clang
            build:                            # optional: omit to image prebuilt files only
              cmake:                          # a CMake project, cross-compiled once per platform
                source: .                     # directory with CMakeLists.txt, relative to this file
                targets: [HelloKittyexe]      # default: all
                defines: {CMAKE_BUILD_TYPE: Release}
              # or, without CMake:
              # executables:
              #   - name: hello
              #     sources: [main.cpp]
              #     flags: [-O2]
              #     libs: [pthread]
            layers:                           # in order; each becomes one layer of every platform's image
              - name: app
                files:
                  - artifact: HelloKittyexe   # a path relative to the platform's build output directory
                    dest: /app/HelloKittyexe
                  - src: etc/app.conf         # a file or directory relative to this file, the same on every platform
                    dest: /etc/app/app.conf
                    mode: "0644"              # optional; default 0755 for executables and directories, 0644 otherwise
                    owner: "0:0"              # optional uid:gid; default 0:0
            entrypoint: [/app/HelloKittyexe]
            cmd: []
            env: {LANG: C.UTF-8}
            workdir: /app
            user: "65532:65532"
            labels: {org.example.team: cats}
            exposedPorts: ["8080/tcp"]
            annotations: {org.opencontainers.image.source: https://example.org/hellokitty}
            """;

    private static Origin at(String field, int line) {
        return new Origin(FILE, field, line);
    }

    @Test
    void contractExampleParsesToItsValues() {
        BuildFile parsed = BuildFileParser.parse(CONTRACT_EXAMPLE, FILE);

        BuildFile expected = new BuildFile(
                new Located<>("scratch", at("from", 1)),
                List.of(new Located<>("linux/amd64", at("platforms[0]", 2)),
                        new Located<>("linux/arm64", at("platforms[1]", 2))),
                "auto",
                new Build(new CMake(".", List.of("HelloKittyexe"), Map.of("CMAKE_BUILD_TYPE", "Release"),
                        at("build.cmake", 5)), List.of()),
                null,
                List.of(new LayerSpec("app", List.of(
                        new FileSpec(null, "HelloKittyexe", "/app/HelloKittyexe", null, null, false,
                                at("layers[0].files[0]", 18)),
                        new FileSpec("etc/app.conf", null, "/etc/app/app.conf", 0644, new Owner(0, 0), false,
                                at("layers[0].files[1]", 20))),
                        at("layers[0]", 16))),
                List.of("/app/HelloKittyexe"),
                List.of(),
                Map.of("LANG", "C.UTF-8"),
                "/app",
                "65532:65532",
                Map.of("org.example.team", "cats"),
                List.of("8080/tcp"),
                Map.of("org.opencontainers.image.source", "https://example.org/hellokitty"));
        assertEquals(expected, parsed);
        assertEquals(List.of("linux/amd64", "linux/arm64"), parsed.platformNames());
        assertEquals(20, parsed.layers().get(0).files().get(1).line());
        assertTrue(parsed.layers().get(0).files().get(0).isArtifact());
    }

    @Test
    void absentKeysTakeTheirDefaults() {
        BuildFile parsed = BuildFileParser.parse("from: alpine:3\n", FILE);

        assertEquals("alpine:3", parsed.from().value());
        assertEquals(1, parsed.from().line());
        assertEquals(List.of(), parsed.platforms());
        assertEquals("auto", parsed.toolchain());
        assertNull(parsed.build());
        assertEquals(List.of(), parsed.layers());
        assertEquals(List.of(), parsed.entrypoint());
        assertEquals(Map.of(), parsed.env());
        assertEquals("", parsed.workdir());
        assertEquals("", parsed.user());
        assertEquals(List.of(), parsed.exposedPorts());
    }

    @Test
    void fromDefaultsToScratchAtNoLine() {
        BuildFile parsed = BuildFileParser.parse("user: nobody\n", FILE);

        assertEquals(new Located<>("scratch", at("from", 0)), parsed.from());
    }

    @Test
    void nullValuesCountAsAbsent() {
        BuildFile parsed = BuildFileParser.parse("from:\ntoolchain: ~\ncmd:\nbuild:\n", FILE);

        assertEquals("scratch", parsed.from().value());
        assertEquals("auto", parsed.toolchain());
        assertEquals(List.of(), parsed.cmd());
        assertNull(parsed.build());
    }

    @Test
    void executablesBuildKeepsItsFields() {
        String yaml = """
                build:
                  executables:
                    - name: hello
                      sources: [main.cpp, util.cpp]
                      flags: [-O2]
                      libs: [pthread]
                    - name: tool
                      sources: [tool.c]
                """;
        Build build = BuildFileParser.parse(yaml, FILE).build();

        assertNull(build.cmake());
        assertEquals(List.of(
                new Executable("hello", List.of("main.cpp", "util.cpp"), List.of("-O2"), List.of("pthread"),
                        at("build.executables[0]", 3)),
                new Executable("tool", List.of("tool.c"), List.of(), List.of(), at("build.executables[1]", 7))),
                build.executables());
    }

    @Test
    void cmakeWithoutSettingsUsesTheDefaults() {
        CMake cmake = BuildFileParser.parse("build:\n  cmake:\n", FILE).build().cmake();

        assertEquals(new CMake(".", List.of(), Map.of(), at("build.cmake", 2)), cmake);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'0644'    | 420", "0644      | 420", "644       | 420", "'644'     | 420", "0o644     | 420",
        "755       | 493", "0755      | 493", "'4755'    | 2541", "0         | 0", "07777     | 4095",
        "'00000644' | 420", "7         | 7"})
    void modeIsAlwaysReadAsOctalDigits(String written, int expected) {
        String yaml = "layers:\n  - files:\n      - src: a\n        dest: /a\n        mode: " + written + "\n";

        FileSpec file = BuildFileParser.parse(yaml, FILE).layers().get(0).files().get(0);

        assertEquals(expected, file.mode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'0:0'           | 0     | 0", "0:0 | 0 | 0", "1000:1000 | 1000 | 1000", "'65532:100' | 65532 | 100",
        "1:30            | 1     | 30"})
    void ownerIsReadAsWrittenEvenWhereYamlSeesABase60Number(String written, int uid, int gid) {
        String yaml = "layers:\n  - files:\n      - src: a\n        dest: /a\n        owner: " + written + "\n";

        FileSpec file = BuildFileParser.parse(yaml, FILE).layers().get(0).files().get(0);

        assertEquals(new Owner(uid, gid), file.owner());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/app/bin          | /app/bin", "/app//bin  | /app/bin", "/app/bin/  | /app/bin",
        "//app/./bin//     | /app/bin", "/a         | /a", "'/with space/x' | /with space/x",
        "/                 | /", "//./              | /"})
    void destIsNormalised(String written, String expected) {
        String yaml = "layers:\n  - files:\n      - src: a\n        dest: " + written + "\n";

        assertEquals(expected, BuildFileParser.parse(yaml, FILE).layers().get(0).files().get(0).dest());
    }

    @Test
    void layersWithoutNameAreNumberedFromOne() {
        String yaml = """
                layers:
                  - files: [{src: a, dest: /a}]
                  - name: named
                    files: [{src: b, dest: /b}]
                  - files: [{artifact: c, dest: /c, allowOutsideSymlinks: true}]
                """;
        List<LayerSpec> layers = BuildFileParser.parse(yaml, FILE).layers();

        assertEquals(List.of("layer-1", "named", "layer-3"), layers.stream().map(LayerSpec::name).toList());
        assertEquals(at("layers[2].files[0]", 5), layers.get(2).files().get(0).origin());
        assertTrue(layers.get(2).files().get(0).allowOutsideSymlinks());
        assertFalse(layers.get(0).files().get(0).allowOutsideSymlinks());
    }

    @Test
    void envKeepsItsOrderWhileLabelsAndAnnotationsAreSorted() {
        String yaml = """
                env: {ZED: "1", ALPHA: "2", MID: "3"}
                labels: {z: "1", a: "2"}
                annotations: {y: "1", b: "2"}
                """;
        BuildFile parsed = BuildFileParser.parse(yaml, FILE);

        assertEquals(List.of("ZED", "ALPHA", "MID"), List.copyOf(parsed.env().keySet()));
        assertEquals(List.of("a", "z"), List.copyOf(parsed.labels().keySet()));
        assertEquals(List.of("b", "y"), List.copyOf(parsed.annotations().keySet()));
    }

    @Test
    void scalarsAreKeptAsWritten() {
        BuildFile parsed = BuildFileParser.parse("env: {DEBUG: yes, RATIO: 1.10, N: 0x1F}\n", FILE);

        assertEquals(Map.of("DEBUG", "yes", "RATIO", "1.10", "N", "0x1F"), parsed.env());
    }

    @Test
    void portsAreNormalisedToTheirProtocol() {
        BuildFile parsed = BuildFileParser.parse("exposedPorts: [80, \"443/tcp\", 53/udp, 65535]\n", FILE);

        assertEquals(List.of("80/tcp", "443/tcp", "53/udp", "65535/tcp"), parsed.exposedPorts());
    }

    @Test
    void leadingByteOrderMarkIsIgnored() {
        assertEquals("alpine", BuildFileParser.parse("\uFEFFfrom: alpine\n", FILE).from().value());
    }

    @Test
    void resultIsImmutable() {
        BuildFile parsed = BuildFileParser.parse(CONTRACT_EXAMPLE, FILE);

        assertThrows(UnsupportedOperationException.class, () -> parsed.env().put("X", "y"));
        assertThrows(UnsupportedOperationException.class, () -> parsed.labels().put("X", "y"));
        assertThrows(UnsupportedOperationException.class, () -> parsed.layers().get(0).files().clear());
        assertThrows(UnsupportedOperationException.class, () -> parsed.build().cmake().defines().clear());
    }

    @Test
    void readsAFileFromDisk(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lading.yaml");
        Files.writeString(file, CONTRACT_EXAMPLE);

        BuildFile parsed = BuildFileParser.parse(file);

        assertEquals(file, parsed.layers().get(0).origin().file());
        assertEquals("app", parsed.layers().get(0).name());
    }

    @Test
    void missingDefaultFileNamesTheDirectory(@TempDir Path dir) {
        InputException e = assertThrows(InputException.class, () -> BuildFileParser.parse(dir.resolve("lading.yaml")));

        assertEquals(dir.resolve("lading.yaml") + ": cannot read build file: no lading.yaml in " + dir
                + " (name another file with -f)", e.getMessage());
    }

    @Test
    void missingOtherFileSaysSo(@TempDir Path dir) {
        Path file = dir.resolve("other.yaml");

        InputException e = assertThrows(InputException.class, () -> BuildFileParser.parse(file));

        assertEquals(file + ": cannot read build file: no such file", e.getMessage());
    }

    @Test
    void directoryIsNotABuildFile(@TempDir Path dir) {
        InputException e = assertThrows(InputException.class, () -> BuildFileParser.parse(dir));

        assertEquals(dir + ": cannot read build file: it is a directory", e.getMessage());
    }

    @Test
    void nonUtf8FileIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lading.yaml");
        Files.write(file, new byte[] {'f', 'r', 'o', 'm', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});

        InputException e = assertThrows(InputException.class, () -> BuildFileParser.parse(file));

        assertEquals(file + ": cannot read build file: not UTF-8 text", e.getMessage());
    }
}
