package dev.lading.registry.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A home directory and an environment of its own, so no test reads the real ~/.docker, and on request the fake
 * credential helper (a shell script, see the resource {@code docker-credential-fake}) first on that PATH.
 */
final class AuthFixture {
    /** A password plain enough that a parser quoting it in an error would quote it whole. */
    static final String SECRET = "s3cr3tPa55word";

    final Path root;
    final Path home;
    final Map<String, String> env = new HashMap<>();

    AuthFixture(Path root) {
        this.root = root;
        this.home = root.resolve("home");
        env.put("PATH", System.getenv("PATH"));
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }

    DockerCredentials credentials() {
        return new DockerCredentials(env, home);
    }

    DockerConfigFile configFile() {
        return new DockerConfigFile(env, home);
    }

    Path dockerConfig() {
        return home.resolve(".docker").resolve("config.json");
    }

    Path write(Path file, String json) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, json);
    }

    /** Installs {@code docker-credential-fake}; returns the fixture for chaining. */
    AuthFixture withHelper() throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path helper = bin.resolve("docker-credential-fake");
        try (InputStream script = AuthFixture.class.getResourceAsStream("docker-credential-fake")) {
            Files.copy(script, helper);
        }
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        env.put("FAKE_HELPER_STORE", Files.createDirectories(root.resolve("helper-store")).toString());
        return this;
    }

    CredentialHelper helper() {
        return new CredentialHelper("fake", env);
    }

    /** What the helper was asked, as {@code "<action> <server URL>"} lines. */
    List<String> helperCalls() {
        try {
            Path calls = root.resolve("helper-store").resolve("calls");
            return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
