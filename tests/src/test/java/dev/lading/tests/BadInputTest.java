package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear message and exit code 2, and leaves nothing half-written behind. */
class BadInputTest {
    @TempDir
    Path dir;
    Lading lading;
    Path project;

    @BeforeEach
    void setUp() throws Exception {
        lading = new Lading(dir.resolve("home"));
        project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("app.conf"), "x=1\n");
    }

    private Tool.Result buildWith(String yaml, String... extra) throws Exception {
        Files.writeString(project.resolve("lading.yaml"), yaml);
        String[] args = Stream.concat(Stream.of("build", project.toString(), "--output",
                "type=oci,dest=" + dir.resolve("out")), Stream.of(extra)).toArray(String[]::new);
        Tool.Result result = lading.fails(2, args);
        assertFalse(Files.exists(dir.resolve("out")), "a failed build wrote its output");
        return result;
    }

    private static void says(Tool.Result result, String... parts) {
        for (String part : parts) {
            assertTrue(result.stderr().contains(part), "expected '" + part + "' in:\n" + result.stderr());
        }
    }

    private static final String GOOD_LAYER = "layers:\n  - name: app\n    files:\n      - src: app.conf\n        dest: /etc/app.conf\n";

    /** Each usage error stops the command with exit 2 before any work, and says what is wrong. */
    @Test
    void usageErrorsAreExitTwo() throws Exception {
        Files.writeString(project.resolve("lading.yaml"), "from: scratch\n" + GOOD_LAYER);
        says(lading.fails(2, "build", project.toString(), "--push"), "--push needs a -t/--tag");
        says(lading.fails(2, "inspect", "--raw", "--json", "oci:" + dir.resolve("none")), "--raw and --json");
        says(lading.fails(2, "index", "create", "-t", "localhost:1/x:1"), "Missing required parameter: 'SOURCE'");
        says(lading.fails(2, "lock", project.toString()), "no packages: section");
        Path packages = Projects.copy("tests/projects/zlib-sources", dir.resolve("packages"));
        says(lading.fails(2, "lock", packages.toString(), "--package-mirror", "ftp://mirror/debian"),
                "--package-mirror: not an http(s) URL");
        assertFalse(Files.exists(packages.resolve("lading.lock")));
    }

    @Test
    void logoutWhenNotLoggedInSaysSoAndSucceeds() throws Exception {
        Tool.Result logout = lading.run(Map.of("DOCKER_CONFIG", dir.resolve("docker").toString()),
                "logout", "localhost:5999");
        assertEquals(0, logout.exitCode(), logout.toString());
        assertTrue(logout.stdout().contains("Not logged in to localhost:5999"), logout.stdout());
    }

    @Test
    void missingBuildFile() throws Exception {
        says(lading.fails(2, "build", project.toString()), "lading.yaml");
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() throws Exception {
        says(buildWith("from: scratch\nlayers:\n  - name: [unclosed\n"), "lading.yaml:");
    }

    @Test
    void unknownKeySuggestsTheRightOne() throws Exception {
        says(buildWith("form: scratch\n" + GOOD_LAYER), "lading.yaml:1", "form", "did you mean 'from'");
    }

    @Test
    void unknownPlatformInFlagAndInFile() throws Exception {
        says(buildWith(GOOD_LAYER, "--platform", "linux/mips"), "linux/mips", "supported");
        says(buildWith("platforms: [linux/amd64, linux/sparc]\n" + GOOD_LAYER), "lading.yaml:1", "linux/sparc");
    }

    @Test
    void missingSrc() throws Exception {
        says(buildWith(GOOD_LAYER.replace("app.conf\n", "nope.conf\n")), "lading.yaml:4", "nope.conf", "does not exist");
    }

    @Test
    void relativeOrEscapingOrCollidingDest() throws Exception {
        says(buildWith(GOOD_LAYER.replace("/etc/app.conf", "etc/app.conf")), "lading.yaml:5", "dest");
        says(buildWith(GOOD_LAYER.replace("/etc/app.conf", "/etc/../../app.conf")), "lading.yaml:5", "..");
        says(buildWith(GOOD_LAYER + "      - src: app.conf\n        dest: /etc/app.conf\n"), "collides");
    }

    @Test
    void modeThatIsNotOctal() throws Exception {
        says(buildWith(GOOD_LAYER + "        mode: \"0958\"\n"), "lading.yaml:6", "mode");
    }

    @Test
    void symlinkOutsideTheContext() throws Exception {
        Files.createSymbolicLink(project.resolve("link"), Path.of("/etc/hostname"));
        says(buildWith("layers:\n  - name: app\n    files:\n      - src: link\n        dest: /link\n"),
                "lading.yaml:4", "points outside", "allowOutsideSymlinks");
    }

    @Test
    void outputDestThatIsNotALayoutIsLeftAlone() throws Exception {
        Files.writeString(project.resolve("lading.yaml"), GOOD_LAYER);
        Path precious = Files.createDirectories(dir.resolve("precious"));
        Files.writeString(precious.resolve("notes.txt"), "mine");
        says(lading.fails(2, "build", project.toString(), "--output", "type=oci,dest=" + precious),
                "not an OCI image layout");
        assertEquals("mine", Files.readString(precious.resolve("notes.txt")));
        try (Stream<Path> files = Files.list(precious)) {
            assertEquals(1, files.count());
        }
    }

    private Tool.Result refused(String... outputs) throws Exception {
        Stream<String> flags = Stream.of(outputs).flatMap(output -> Stream.of("--output", output));
        return lading.fails(2, Stream.concat(Stream.of("build", project.toString()), flags).toArray(String[]::new));
    }

    @Test
    void outputsThatWouldOverwriteInputsOrEachOtherAreRefusedBeforeAnyWork() throws Exception {
        Files.writeString(Files.createDirectories(project.resolve("conf")).resolve("c.conf"), "y=2\n");
        String yaml = GOOD_LAYER + "      - src: conf\n        dest: /etc/conf\n";
        Files.writeString(project.resolve("lading.yaml"), yaml);
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), project);
        Path hardLink = Files.createLink(dir.resolve("hard.conf"), project.resolve("app.conf"));
        Path both = dir.resolve("both.tar");

        says(refused("type=oci-archive,dest=" + project.resolve("lading.yaml")),
                "--output type=oci-archive,dest=" + project.resolve("lading.yaml"), "would overwrite the build file");
        says(refused("type=oci-archive,dest=" + alias.resolve("conf/new.tar")), "would write into src 'conf'");
        says(refused("type=docker,dest=" + project.resolve("app.conf")), "would overwrite src 'app.conf'",
                "lading.yaml:4");
        says(refused("type=docker,dest=" + hardLink), "would overwrite src 'app.conf'");
        says(refused("type=oci-archive,dest=" + project.resolve("conf/all.tar")), "would write into src 'conf'");
        says(refused("type=oci,dest=" + project), "would replace the directory holding the build file");
        says(refused("type=oci,dest=" + dir.resolve("home/store")), "would overwrite lading's store");
        says(refused("type=oci-archive,dest=" + both, "type=docker,dest=" + dir.resolve("./both.tar")),
                "would write over each other");

        assertEquals(yaml, Files.readString(project.resolve("lading.yaml")));
        assertEquals("x=1\n", Files.readString(project.resolve("app.conf")));
        try (Stream<Path> files = Files.list(project.resolve("conf"))) {
            assertEquals(1, files.count());
        }
        assertFalse(Files.exists(both));
        assertFalse(Files.exists(dir.resolve("home/store")), "refused only after the store was opened");
    }

    @Test
    void malformedFlags() throws Exception {
        Files.writeString(project.resolve("lading.yaml"), GOOD_LAYER);
        says(lading.fails(2, "build", project.toString(), "--output", "type=tarball,dest=x"), "unknown type");
        says(lading.fails(2, "build", project.toString(), "--output", "dest=x"), "missing type");
        says(lading.fails(2, "build", project.toString(), "-t", "Bad/Name"), "malformed repository");
        says(lading.fails(2, "build", project.toString(), "--compression", "lz4"), "lz4");
        says(lading.fails(2, "build", project.toString(), "--platform", "amd64,arm64",
                "--output", "type=docker,dest=" + dir.resolve("d.tar")), "one platform");
        says(lading.fails(2, "build", project.toString(), "--no-such-flag"), "no-such-flag");
        says(lading.run(java.util.Map.of("SOURCE_DATE_EPOCH", "yesterday"), "build", project.toString()),
                "SOURCE_DATE_EPOCH");
        says(lading.fails(2, "inspect", "oci:" + dir.resolve("nowhere")), "does not exist");
    }

    @Test
    void badValuesStopBeforeAnyWork() throws Exception {
        Files.writeString(project.resolve("lading.yaml"), GOOD_LAYER);
        Tool.Result uploads = lading.fails(2, "build", project.toString(), "--parallel-uploads", "0",
                "--output", "type=oci,dest=" + dir.resolve("out"));
        says(uploads, "--parallel-uploads must be 1 or more, got 0");
        assertFalse(Files.exists(dir.resolve("out")) || Files.exists(dir.resolve("home/store")),
                "the build ran before the flag was refused");
        says(lading.fails(2, "push", "oci:" + dir, "localhost:1/x", "--retries", "-1"), "--retries must be 0 or more");
        says(buildWith(GOOD_LAYER.replace("dest: /etc/app.conf", "dest: \"/etc/app\\0conf\"")), "lading.yaml:5",
                "must not contain a NUL character");
        says(buildWith("env: {\"MY VAR\": x}\n" + GOOD_LAYER), "lading.yaml:1", "spaces or control characters");
        says(buildWith("workdir: app\n" + GOOD_LAYER), "lading.yaml:1", "workdir", "absolute path");
        says(buildWith("user: \"1:2:3\"\n" + GOOD_LAYER), "lading.yaml:1", "user", "user:group or uid:gid");

        Path layout = Files.createDirectories(dir.resolve("future/blobs/sha256")).getParent().getParent();
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
        says(lading.fails(2, "inspect", "oci:" + layout), "imageLayoutVersion '2.0.0'", "version 1.x");
    }

    @Test
    void helpOnEverySubcommandAndNoPasswordEchoed() throws Exception {
        for (String[] help : new String[][] {{"build", "--help"}, {"push", "--help"}, {"index", "create", "--help"}}) {
            Tool.Result result = lading.run(help);
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.stdout().startsWith("Usage: lading " + help[0]), result.stdout());
        }
        String secret = "s3cret-" + System.nanoTime();
        for (String flag : new String[] {"-p" + secret, "--password=" + secret}) {
            Tool.Result login = lading.fails(2, "login", "-u", "me", flag, "localhost:1");
            says(login, "--password-stdin");
            assertFalse(login.toString().contains(secret), "the password was echoed: " + login);
        }
        Tool.Result keygen = lading.fails(java.util.Map.of("LADING_KEY_PASSWORD", "pw"), 1, "keygen", "--out",
                dir.resolve("missing/dir/k").toString());
        says(keygen, dir.resolve("missing/dir/k.key") + ": no such file or directory");
    }

    @Test
    void badToolchainFlagsAndBuildSections() throws Exception {
        String sources = "build:\n  executables:\n    - name: app\n      sources: [main.c]\n";
        Files.writeString(project.resolve("main.c"), "int main(void) { return 0; }\n");
        says(buildWith(sources + GOOD_LAYER, "--toolchain", "gcc"), "--toolchain 'gcc': expected auto, zig or clang");
        says(buildWith(sources + GOOD_LAYER, "--zig", dir.resolve("no-zig").toString()),
                "--zig " + dir.resolve("no-zig") + ": not an executable file");
        says(buildWith(sources.replace("main.c", "main.f90") + GOOD_LAYER), "lading.yaml:3", "build.executables[0]",
                "'main.f90' is neither C (.c) nor C++");
        says(buildWith("toolchain: gcc\n" + sources + GOOD_LAYER), "lading.yaml:1", "toolchain");
    }

    @Test
    void aFailedBuildLeavesNoTemporaryFilesInTheStore() throws Exception {
        buildWith(GOOD_LAYER + "      - src: missing\n        dest: /m\n");
        Path store = dir.resolve("home/store");
        try (Stream<Path> files = Files.walk(store)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".tmp-")));
        }
    }
}
