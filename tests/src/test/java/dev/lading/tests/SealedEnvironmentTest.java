package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness that runs the CLI keeps the machine out: a user's docker config with a credential helper, a
 * {@code SOURCE_DATE_EPOCH}, {@code LADING_*} variables or XDG directories of the test JVM's environment never
 * reach a run, and a jar older than the sources is refused instead of tested.
 */
class SealedEnvironmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Everything a developer's or CI machine's environment might hold that would change what lading does. */
    private static Map<String, String> hostileParent(Path fakeHome) {
        Map<String, String> parent = new HashMap<>();
        parent.put("PATH", fakeHome.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
        parent.put("TMPDIR", "/tmp");
        parent.put("HOME", fakeHome.toString());
        parent.put("USER", "someone");
        parent.put("DOCKER_CONFIG", fakeHome.resolve(".docker").toString());
        parent.put("REGISTRY_AUTH_FILE", fakeHome.resolve(".config/containers/auth.json").toString());
        parent.put("XDG_CONFIG_HOME", fakeHome.resolve(".config").toString());
        parent.put("XDG_CACHE_HOME", fakeHome.resolve(".cache").toString());
        parent.put("XDG_RUNTIME_DIR", fakeHome.resolve("run").toString());
        parent.put("SOURCE_DATE_EPOCH", "1");
        parent.put("LADING_ZIG", "/nonexistent");
        parent.put("LADING_HOME", fakeHome.resolve("lading").toString());
        parent.put("LADING_PACKAGE_MIRROR", "http://127.0.0.1:9/debian");
        parent.put("LADING_KEY_PASSWORD", "users-password");
        parent.put("LANG", "de_DE.ISO-8859-1");
        parent.put("LC_ALL", "de_DE.ISO-8859-1");
        parent.put("JAVA_TOOL_OPTIONS", "-Xmx8m");
        parent.put("TERM", "xterm-256color");
        parent.put("COLUMNS", "20");
        return parent;
    }

    @Test
    void aRunKeepsOnlyTheAllowedVariablesOfTheParent() {
        Path fakeHome = dir.resolve("user");
        Map<String, String> parent = hostileParent(fakeHome);
        parent.put("ZIG_GLOBAL_CACHE_DIR", "/shared/zig");
        Path ladingHome = dir.resolve("lading-home");
        Path userHome = dir.resolve("clean-home");

        Map<String, String> sealed = Lading.environment(parent, Map.of(), ladingHome, userHome);
        assertEquals(Map.of("PATH", parent.get("PATH"), "TMPDIR", "/tmp", "ZIG_GLOBAL_CACHE_DIR", "/shared/zig",
                "LANG", "C.UTF-8", "HOME", userHome.toString(), "LADING_HOME", ladingHome.toString()), sealed);

        // what a test sets itself goes through, and a null unsets even a default
        Map<String, String> own = new HashMap<>();
        own.put("SOURCE_DATE_EPOCH", "1700000000");
        own.put("DOCKER_CONFIG", "/test/docker");
        own.put("LANG", null);
        Map<String, String> set = Lading.environment(parent, own, ladingHome, userHome);
        assertEquals("1700000000", set.get("SOURCE_DATE_EPOCH"));
        assertEquals("/test/docker", set.get("DOCKER_CONFIG"));
        assertFalse(set.containsKey("LANG"), set.toString());
        assertFalse(set.containsKey("LC_ALL") || set.containsKey("LADING_ZIG") || set.containsKey("XDG_CONFIG_HOME"),
                set.toString());

        // without the shared zig cache in the parent, every run still shares one: the module's own
        parent.remove("ZIG_GLOBAL_CACHE_DIR");
        assertEquals(Lading.REPO.resolve("tests/target/zig-cache").toString(),
                Lading.environment(parent, Map.of(), ladingHome, userHome).get("ZIG_GLOBAL_CACHE_DIR"));
        // the JVM takes its home from the password database unless told: the clean home is passed to it too
        assertTrue(Lading.command(userHome.toString()).contains("-Duser.home=" + userHome));
    }

    /** The process gets exactly the environment built for it: the test JVM's own is not inherited. */
    @Test
    void aSealedProcessSeesOnlyItsOwnVariables() throws Exception {
        Tool.Result env = Tool.runSealed(dir, Map.of("ONLY", "this"), List.of("/usr/bin/env"), Duration.ofSeconds(30),
                new byte[0]);
        assertEquals(0, env.exitCode(), env.toString());
        assertEquals("ONLY=this\n", env.stdout());
    }

    /**
     * A real push through the harness, made from a parent whose home has a docker config (and podman auth file)
     * naming a credential helper that leaves a marker, with {@code SOURCE_DATE_EPOCH=1} and a broken
     * {@code LADING_ZIG}: the helper is never run and the image keeps lading's own timestamp. A run the test
     * points at that config itself does run the helper, so the marker is a live witness.
     */
    @Test
    void aPushFromAHostileParentNeverRunsTheUsersCredentialHelper() throws Exception {
        Path fakeHome = dir.resolve("user");
        Path marker = dir.resolve("evil-helper-ran");
        Path helper = fakeHome.resolve("bin/docker-credential-evil");
        Files.createDirectories(helper.getParent());
        Files.writeString(helper, "#!/bin/sh\necho \"$1\" >> '" + marker + "'\ncat > /dev/null\n"
                + "echo '{\"ServerURL\":\"\",\"Username\":\"evil\",\"Secret\":\"evil\"}'\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path config : List.of(fakeHome.resolve(".docker/config.json"),
                fakeHome.resolve(".config/containers/auth.json"), fakeHome.resolve("run/containers/auth.json"))) {
            Files.createDirectories(config.getParent());
            Files.writeString(config, "{\"credsStore\":\"evil\"}");
        }
        Map<String, String> parent = new HashMap<>(System.getenv());
        parent.putAll(hostileParent(fakeHome));
        parent.remove("JAVA_TOOL_OPTIONS");
        Lading lading = new Lading(dir.resolve("home"), Duration.ofMinutes(2), parent);

        try (RegistryServer registry = RegistryServer.start(RegistryServer.Setup.anonymous())) {
            SmallImage.Layout image = SmallImage.build(lading, dir.resolve("image"), 1000);
            lading.ok("push", image.source(), registry.reference("sealed/app:v1"), "--progress", "quiet");
            assertFalse(Files.exists(marker), "the parent's credential helper ran");
            assertEquals(image.digest(), SmallImage.digestInRegistry(registry, "sealed/app:v1"));
            assertEquals("1970-01-01T00:00:00Z", created(image.dir()), "SOURCE_DATE_EPOCH=1 of the parent leaked");

            lading.run(Map.of("DOCKER_CONFIG", fakeHome.resolve(".docker").toString()), "push", image.source(),
                    registry.reference("sealed/app:v2"), "--progress", "quiet");
            assertTrue(Files.exists(marker), "a config the test names itself is read, and its helper run");
        }
    }

    /** The jar under test must be newer than every source it is built from, else the run says so and stops. */
    @Test
    void aJarOlderThanTheSourcesIsRefused() throws Exception {
        Path repo = dir.resolve("repo");
        Path source = write(repo.resolve("core/src/main/java/A.java"));
        Path modulePom = write(repo.resolve("core/pom.xml"));
        write(repo.resolve("pom.xml"));
        Path resource = write(repo.resolve("cli/src/main/resources/x.properties"));
        write(repo.resolve("cli/pom.xml"));
        Path testSource = write(repo.resolve("core/src/test/java/ATest.java"));
        Path integrationTest = write(repo.resolve("tests/src/test/java/T.java"));
        write(repo.resolve("tests/pom.xml"));
        Path jar = write(repo.resolve("cli/target/lading.jar"));
        Instant built = Instant.parse("2026-01-02T00:00:00Z");
        try (var files = Files.walk(repo)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.from(built.minusSeconds(60)));
            }
        }
        Files.setLastModifiedTime(jar, FileTime.from(built));
        assertEquals(Optional.empty(), Lading.newerSource(jar, repo));

        // tests change without a rebuild of the jar
        for (Path test : List.of(testSource, integrationTest, repo.resolve("tests/pom.xml"))) {
            Files.setLastModifiedTime(test, FileTime.from(built.plusSeconds(1)));
        }
        assertEquals(Optional.empty(), Lading.newerSource(jar, repo));

        for (Path changed : List.of(source, modulePom, resource)) {
            Files.setLastModifiedTime(changed, FileTime.from(built.plusSeconds(1)));
            assertEquals(Optional.of(changed), Lading.newerSource(jar, repo));
            Files.setLastModifiedTime(changed, FileTime.from(built.minusSeconds(60)));
        }
        String message = Lading.staleMessage(jar, repo, source);
        assertTrue(message.startsWith("cli/target/lading.jar is older than core/src/main/java/A.java")
                && message.contains("mvn -pl cli -am package"), message);

        // and the jar these tests run is not stale
        assertEquals(Optional.empty(), Lading.newerSource(Lading.JAR, Lading.REPO));
    }

    private static Path write(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
        return file;
    }

    /** The {@code created} of the first platform image's config in the layout. */
    private static String created(Path layout) throws Exception {
        JsonNode index = blob(layout, JSON.readTree(layout.resolve("index.json").toFile())
                .get("manifests").get(0).get("digest").asText());
        JsonNode manifest = blob(layout, index.get("manifests").get(0).get("digest").asText());
        return blob(layout, manifest.get("config").get("digest").asText()).get("created").asText();
    }

    private static JsonNode blob(Path layout, String digest) throws Exception {
        return JSON.readTree(layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())).toFile());
    }
}
