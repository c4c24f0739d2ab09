package dev.lading.core.buildfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input names the file, the field and the exact line, in one clean line. */
class BuildFileErrorsTest {
    private static final Path FILE = Path.of("proj", "bad.yaml");

    private static final String FILE_ENTRY = "layers:\n  - files:\n      - src: a\n        dest: /a\n";

    /** A file entry (at line 3) with one more key. */
    private static String fileWith(String keyAndValue) {
        return FILE_ENTRY + "        " + keyAndValue + "\n";
    }

    private static String fileEntry(String firstKeyAndValue, String more) {
        return "layers:\n  - files:\n      - " + firstKeyAndValue + "\n" + more;
    }

    private static Arguments bad(String yaml, int line, String field, String fragment) {
        return Arguments.of(yaml, line, field, fragment);
    }

    /** A file entry with a bad value for one more key, at line 5. */
    private static Arguments badFileKey(String key, String value, String fragment) {
        return bad(fileWith(key + ": " + value), 5, "layers[0].files[0]." + key, fragment);
    }

    /** A file entry whose dest, at line 4, is bad. */
    private static Arguments badDest(String value, String fragment) {
        return bad(fileEntry("src: a", "        dest: " + value + "\n"), 4, "layers[0].files[0].dest", fragment);
    }

    /** Entries under build.executables, which starts at line 2. */
    private static Arguments badExecutables(String items, int line, String field, String fragment) {
        return bad("build:\n  executables:\n" + items, line, "build.executables" + field, fragment);
    }

    private static Arguments badPort(String written) {
        return bad("exposedPorts: [" + written + "]\n", 1, "exposedPorts[0]",
                "expected a port 1-65535 as N, N/tcp or N/udp, got '" + written.replace("\"", "") + "'");
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                // YAML syntax
                bad("from: [a, b\n", 1, null, "invalid YAML: expected ',' or ']'"),
                bad("from: a\n\tlayers: []\n", 2, null, "invalid YAML: found character '\\t(TAB)'"),
                bad("user: x\nfrom: 'abc\n", 2, null, "invalid YAML: found unexpected end of stream"),
                bad("from: a\n  user: b\n", 2, null, "invalid YAML: mapping values are not allowed here"),
                bad("? [a]\n: 1\n", 1, null, "a mapping key must be a plain value"),
                bad("from: a\n---\nuser: b\n", 3, null, "only one YAML document is allowed"),
                bad("from: &base x\nuser: *base\n", 2, "user", "YAML aliases (*name) are not supported"),
                bad("from: a\nuser: b\nfrom: c\n", 3, "from", "duplicate key (first at line 1)"),
                bad("- from: a\n", 1, null, "must be a mapping of keys such as from and layers, got a list"),
                bad("", 0, null, "the build file is empty"),
                bad("# nothing but a comment\n", 0, null, "the build file is empty"),
                // unknown keys
                bad("from: a\nplatfroms: [amd64]\n", 2, "platfroms",
                        "unknown key 'platfroms'; did you mean 'platforms'?"),
                bad("Entrypoint: [x]\n", 1, "Entrypoint", "did you mean 'entrypoint'?"),
                bad("exposed_ports: [80]\n", 1, "exposed_ports", "did you mean 'exposedPorts'?"),
                bad("from: a\n\nbogus: 1\n", 3, "bogus", "unknown key 'bogus'; expected one of: from, platforms, "
                        + "toolchain, build, packages, layers, entrypoint, cmd, env, workdir, user, labels, exposedPorts, "
                        + "annotations"),
                bad("build:\n  cmak: {}\n", 2, "build.cmak", "did you mean 'cmake'?"),
                bad("build:\n  cmake:\n    define: {A: b}\n", 3, "build.cmake.define", "did you mean 'defines'?"),
                badExecutables("    - name: a\n      source: [a.c]\n", 4, "[0].source",
                        "did you mean 'sources'?"),
                bad("layers:\n  - nmae: x\n", 2, "layers[0].nmae", "did you mean 'name'?"),
                badFileKey("mdoe", "'0644'", "did you mean 'mode'?"),
                bad("\"bad\\nkey\": 1\n", 1, "bad\\nkey", "unknown key 'bad\\nkey'; expected one of"),
                bad(fileWith("deep.dest: /b"), 5, "layers[0].files[0].deep.dest",
                        "unknown key 'deep.dest'; expected one of"),
                // wrong types
                bad("platforms: linux/amd64\n", 1, "platforms", "expected a list, got 'linux/amd64'"),
                bad("platforms: [linux/amd64, {os: linux}]\n", 1, "platforms[1]", "expected a string, got a mapping"),
                bad("cmd: {a: b}\n", 1, "cmd", "expected a list, got a mapping"),
                bad("env: [A=b]\n", 1, "env", "expected a mapping, got a list"),
                bad("from: [a]\n", 1, "from", "expected a string, got a list"),
                bad("entrypoint:\n  - /bin/sh\n  - [x]\n", 3, "entrypoint[1]", "expected a string, got a list"),
                bad("layers: {files: []}\n", 1, "layers", "expected a list, got a mapping"),
                bad("layers:\n  - just-a-string\n", 2, "layers[0]", "expected a mapping, got 'just-a-string'"),
                bad("layers:\n  - files: /a\n", 2, "layers[0].files", "expected a list, got '/a'"),
                bad(fileEntry("src: [a, b]", "        dest: /x\n"), 3, "layers[0].files[0].src",
                        "expected a string, got a list"),
                bad("workdir:\n  a: b\n", 1, "workdir", "expected a string, got a mapping"),
                bad("build: yes\n", 1, "build", "expected a mapping, got 'yes'"),
                bad("build:\n  cmake:\n    targets: all\n", 3, "build.cmake.targets", "expected a list, got 'all'"),
                bad("build:\n  cmake:\n    defines: [A]\n", 3, "build.cmake.defines", "expected a mapping, got a list"),
                bad("build:\n  cmake: [a]\n", 2, "build.cmake", "expected a mapping, got a list"),
                // mode
                badFileKey("mode", "abc", "must be octal digits such as \"0644\" or \"755\", got 'abc'"),
                badFileKey("mode", "0888", "must be octal digits"),
                badFileKey("mode", "0x1A4", "must be octal digits"),
                badFileKey("mode", "-1", "must be octal digits"),
                badFileKey("mode", "1_000", "must be octal digits"),
                badFileKey("mode", "\"\"", "must be octal digits"),
                badFileKey("mode", "10000", "out of range: at most 07777, got '10000'"),
                badFileKey("mode", "\"077777\"", "out of range"),
                badFileKey("mode", "[644]", "expected a string, got a list"),
                // owner
                badFileKey("owner", "root:root", "must be uid:gid with non-negative numbers"),
                badFileKey("owner", "0", "must be uid:gid"),
                badFileKey("owner", "\"-1:0\"", "must be uid:gid"),
                badFileKey("owner", "\"1:2:3\"", "must be uid:gid"),
                badFileKey("owner", "\"99999999999:0\"", "uid or gid out of range"),
                // src, artifact, dest
                bad("layers:\n  - files:\n      - dest: /a\n", 3, "layers[0].files[0]",
                        "needs src (a file in the context) or artifact"),
                bad(fileWith("artifact: b"), 3, "layers[0].files[0]", "give either src or artifact, not both"),
                bad(fileEntry("src: a", ""), 3, "layers[0].files[0].dest", "is required"),
                bad(fileEntry("src: a", "        dest:\n"), 4, "layers[0].files[0].dest", "is required"),
                badDest("app/x", "must be an absolute path starting with '/', got 'app/x'"),
                badDest("\"\"", "must be an absolute path"),
                badDest("/app/../etc", "must not contain '..'"),
                bad(fileEntry("src: /etc/passwd", "        dest: /a\n"), 3, "layers[0].files[0].src",
                        "must be a path relative to the build file's directory"),
                bad(fileEntry("artifact: /out/x", "        dest: /a\n"), 3, "layers[0].files[0].artifact",
                        "must be a path relative to the build output directory"),
                bad(fileEntry("src: \"\"", "        dest: /a\n"), 3, "layers[0].files[0].src", "must not be empty"),
                badFileKey("allowOutsideSymlinks", "yes", "expected true or false, got 'yes'"),
                // toolchain
                bad("toolchain: gcc\n", 1, "toolchain", "unknown toolchain 'gcc'; expected one of: auto, zig, clang"),
                bad("from: a\ntoolchain: zgi\n", 2, "toolchain", "unknown toolchain 'zgi'; did you mean 'zig'?"),
                // exposed ports
                badPort("0"),
                bad("exposedPorts:\n  - 80\n  - 65536\n", 3, "exposedPorts[1]", "got '65536'"),
                badPort("80/sctp"),
                badPort("http"),
                badPort("\"08080\""),
                badPort("80/TCP"),
                bad("exposedPorts:\n  - 80\n  - 80/tcp\n", 3, "exposedPorts[1]",
                        "duplicate port '80/tcp' (first at line 2)"),
                // env, labels, annotations
                bad("env:\n  A: [1]\n", 2, "env.A", "expected a string, got a list"),
                bad("env:\n  LANG: C\n  A:\n", 3, "env.A", "expected a string, got nothing (null)"),
                bad("env: {\"A=B\": c}\n", 1, "env.A=B", "key 'A=B' must not be empty or contain '='"),
                bad("labels:\n  team: {name: cats}\n", 2, "labels.team", "expected a string, got a mapping"),
                bad("labels: {\"\": x}\n", 1, "labels.", "key '' must not be empty"),
                bad("annotations:\n  a: b\n  c: [d]\n", 3, "annotations.c", "expected a string, got a list"),
                // texts that no tar header, config or command line can carry
                badDest("\"/a\\0b\"", "must not contain a NUL character"),
                bad("labels: {team: \"a\\0b\"}\n", 1, "labels.team", "must not contain a NUL character"),
                bad("env: {\"A B\": x}\n", 1, "env.A B", "must not be empty or contain '=', spaces or control"),
                bad("workdir: app\n", 1, "workdir", "must be an absolute path starting with '/', got 'app'"),
                bad("user: \"1:2:3\"\n", 1, "user", "must be user, uid, user:group or uid:gid"),
                bad("user: \"bob:\"\n", 1, "user", "must be user, uid, user:group or uid:gid"),
                bad("user: \":5\"\n", 1, "user", "must be user, uid, user:group or uid:gid"),
                bad("user: a b\n", 1, "user", "must be user, uid, user:group or uid:gid"),
                // build
                bad("build:\n  cmake: {}\n  executables: []\n", 1, "build",
                        "give either cmake or executables, not both"),
                bad("build: {}\n", 1, "build", "needs cmake (a CMake project) or executables"),
                bad("build:\n  cmake:\n    source: \"\"\n", 3, "build.cmake.source", "must not be empty"),
                bad("build:\n  executables: []\n", 2, "build.executables", "needs at least one executable"),
                bad("build:\n  executables:\n", 2, "build.executables", "expected a list, got nothing (null)"),
                badExecutables("    - sources: [a.c]\n", 3, "[0].name", "is required"),
                badExecutables("    - name: a\n", 3, "[0].sources", "is required"),
                badExecutables("    - name: a\n      sources: []\n", 4, "[0].sources",
                        "needs at least one source"),
                badExecutables("    - name: bin/a\n      sources: [a.c]\n", 3, "[0].name",
                        "must be a plain file name, got 'bin/a'"),
                bad("build:\n  executables:\n    - {name: a, sources: [a.c]}\n    - {name: a, sources: [b.c]}\n", 4,
                        "build.executables[1].name", "duplicate executable 'a' (first at line 3)"),
                // layers
                bad("layers:\n  - name: \"\"\n    files: [{src: a, dest: /a}]\n", 2, "layers[0].name",
                        "must not be empty"),
                bad("layers:\n  - name: app\n    files: [{src: a, dest: /a}]\n"
                        + "  - name: app\n    files: [{src: b, dest: /b}]\n", 4, "layers[1].name",
                        "duplicate layer 'app' (first at line 2)"),
                bad("layers:\n  - name: layer-2\n    files: [{src: a, dest: /a}]\n  - files: [{src: b, dest: /b}]\n",
                        4, "layers[1]", "duplicate layer 'layer-2' (first at line 2)"),
                bad("layers:\n  - name: app\n", 2, "layers[0].files", "is required"),
                bad("layers:\n  - name: app\n    files: []\n", 3, "layers[0].files",
                        "a layer needs at least one file"));
    }

    /** Control characters in a key are shown escaped, so the message stays one readable line. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"A\\0B", "A\\tB", "A\\nB"})
    void envKeysWithControlCharactersAreRefused(String escaped) {
        InputException e = assertThrows(InputException.class,
                () -> BuildFileParser.parse("env: {\"" + escaped + "\": x}\n", FILE));
        assertTrue(e.getMessage().contains("must not be empty or contain '=', spaces or control characters"),
                e.getMessage());
        assertEquals(1, e.line());
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\0"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputNamesFileFieldAndLine(String yaml, int line, String field, String fragment) {
        InputException e = assertThrows(InputException.class, () -> BuildFileParser.parse(yaml, FILE));

        String prefix = FILE + (line > 0 ? ":" + line : "") + ": " + (field == null ? "" : field + ": ");
        assertTrue(e.getMessage().startsWith(prefix), () -> "expected prefix '" + prefix + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
        assertEquals(line, e.line());
        assertEquals(Optional.ofNullable(field), e.field());
        assertEquals(Optional.of(FILE), e.file());
        assertFalse(e.getMessage().contains("\n"), () -> "not one line: " + e.getMessage());
        assertFalse(e.getMessage().contains("org.yaml") || e.getMessage().contains("jackson"), e::getMessage);
    }
}
