package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lading.tests.RegistryServer.Setup;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lading against a docker credential helper written from docker-credential-helpers' documented protocol, not from
 * what lading sends: the action is the only argument; {@code get} and {@code erase} read the server URL on stdin,
 * {@code get} answers {@code {"ServerURL":…,"Username":…,"Secret":…}} on stdout (or "credentials not found in
 * native keychain" with a non-zero exit); {@code store} reads that same JSON on stdin. The helper here answers
 * {@code get} with a fixed JSON written before lading ever ran, and records every call's stdin.
 */
class CredentialHelperProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "alice";
    private static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    @Test
    void getStoreAndEraseSpeakTheDocumentedFields() throws Exception {
        Lading lading = new Lading(dir.resolve("home"));
        try (RegistryServer registry = RegistryServer.start(Setup.htpasswd(USER, PASSWORD))) {
            String host = registry.host();
            Path calls = Files.createDirectories(dir.resolve("calls"));
            Path bin = Files.createDirectories(dir.resolve("bin"));
            String answer = "{\"ServerURL\":\"" + host + "\",\"Username\":\"" + USER + "\",\"Secret\":\"" + PASSWORD
                    + "\"}";
            writeHelper(bin.resolve("docker-credential-fixture"), calls, host, answer);
            Path docker = Files.createDirectories(dir.resolve("docker"));
            Files.writeString(docker.resolve("config.json"), "{\"credsStore\": \"fixture\"}");
            Map<String, String> env = Map.of("DOCKER_CONFIG", docker.toString(),
                    "REGISTRY_AUTH_FILE", docker.resolve("auth.json").toString(),
                    "PATH", bin + File.pathSeparator + System.getenv("PATH"));

            // get: nothing was stored, the helper's fixed answer is the only way to the password
            Path context = SmallImage.context(dir.resolve("context"), 2000);
            Tool.Result push = lading.run(env, "build", context.toString(), "-t", registry.reference("team/app:v1"),
                    "--push", "--progress", "plain");
            assertEquals(0, push.exitCode(), push.toString());
            List<Call> gets = calls(calls).stream().filter(c -> c.action().equals("get")).toList();
            assertFalse(gets.isEmpty(), "the helper was asked: " + calls(calls));
            assertTrue(gets.stream().allMatch(c -> c.stdin().equals(host)), "get reads the bare server URL: " + gets);

            // store: exactly the documented fields, with the login's values
            clear(calls);
            Tool.Result login = lading.run(env, PASSWORD.getBytes(StandardCharsets.UTF_8),
                    "login", "-u", USER, "--password-stdin", host);
            assertEquals(0, login.exitCode(), login.toString());
            List<Call> stores = calls(calls).stream().filter(c -> c.action().equals("store")).toList();
            assertEquals(1, stores.size(), calls(calls).toString());
            JsonNode stored = JSON.readTree(stores.get(0).stdin());
            List<String> fields = new ArrayList<>();
            for (Iterator<String> names = stored.fieldNames(); names.hasNext(); ) {
                fields.add(names.next());
            }
            assertEquals(List.of("ServerURL", "Username", "Secret"), fields, stores.get(0).stdin());
            assertEquals(host, stored.get("ServerURL").asText());
            assertEquals(USER, stored.get("Username").asText());
            assertEquals(PASSWORD, stored.get("Secret").asText());
            String config = Files.readString(docker.resolve("config.json"));
            assertFalse(config.contains(PASSWORD) || config.contains(base64(USER + ":" + PASSWORD)),
                    "the secret stays with the helper: " + config);

            // erase: the bare server URL on stdin
            clear(calls);
            Tool.Result logout = lading.run(env, "logout", host);
            assertEquals(0, logout.exitCode(), logout.toString());
            List<Call> erases = calls(calls).stream().filter(c -> c.action().equals("erase")).toList();
            assertEquals(1, erases.size(), calls(calls).toString());
            assertEquals(host, erases.get(0).stdin());
            for (Tool.Result result : List.of(push, login, logout)) {
                assertFalse(result.toString().contains(PASSWORD), "the password was printed: " + result);
            }
        }
    }

    /**
     * A helper answering {@code get} with the user name {@code <token>}, which docker's credential store uses for an
     * identity token: the secret is an OAuth2 refresh token, exchanged at the token server, never sent as a password.
     */
    @Test
    void aGetAnswerWithTheTokenUserIsAnIdentityToken() throws Exception {
        Lading lading = new Lading(dir.resolve("home"));
        String refresh = "refresh-" + Long.toHexString(System.nanoTime());
        try (TokenServer tokens = TokenServer.start().addUser(USER, PASSWORD).addRefreshToken(refresh, USER);
                RegistryServer registry = RegistryServer.start(Setup.token(tokens))) {
            String host = registry.host();
            Path calls = Files.createDirectories(dir.resolve("calls"));
            Path bin = Files.createDirectories(dir.resolve("bin"));
            writeHelper(bin.resolve("docker-credential-fixture"), calls, host,
                    "{\"ServerURL\":\"" + host + "\",\"Username\":\"<token>\",\"Secret\":\"" + refresh + "\"}");
            Path docker = Files.createDirectories(dir.resolve("docker"));
            Files.writeString(docker.resolve("config.json"), "{\"credHelpers\": {\"" + host + "\": \"fixture\"}}");
            Map<String, String> env = Map.of("DOCKER_CONFIG", docker.toString(),
                    "REGISTRY_AUTH_FILE", docker.resolve("auth.json").toString(),
                    "PATH", bin + File.pathSeparator + System.getenv("PATH"));

            Path context = SmallImage.context(dir.resolve("context"), 2000);
            Tool.Result push = lading.run(env, "build", context.toString(), "-t", registry.reference("team/app:v1"),
                    "--push", "--progress", "plain");
            assertEquals(0, push.exitCode(), push.toString());
            assertTrue(calls(calls).stream().anyMatch(c -> c.action().equals("get") && c.stdin().equals(host)),
                    calls(calls).toString());
            List<TokenServer.Request> requests = tokens.requests();
            assertFalse(requests.isEmpty());
            assertTrue(requests.stream().allMatch(r -> r.method().equals("POST") && r.status() == 200
                    && r.grantType().orElse("").equals("refresh_token") && r.user().orElse("").equals(USER)),
                    "the secret went to the token server as a refresh token: " + requests);
            assertFalse(push.toString().contains(refresh), "the token was printed: " + push);
        }
    }

    /** One call of the helper: its action and what it read on stdin. */
    private record Call(String action, String stdin) {
    }

    /**
     * The helper: every call leaves a file {@code <time>-<pid>-<action>} holding its stdin; {@code get} of
     * {@code host} prints {@code answer}, of anything else the documented not-found message.
     */
    private static void writeHelper(Path helper, Path calls, String host, String answer) throws Exception {
        String script = "#!/bin/sh\n"
                + "set -eu\n"
                + "record=" + shellQuoted(calls.toString()) + "/$(date +%s%N)-$$-$1\n"
                + "cat > \"$record\"\n"
                + "case \"$1\" in\n"
                + "  get)\n"
                + "    if [ \"$(cat \"$record\")\" = " + shellQuoted(host) + " ]; then\n"
                + "      printf '%s\\n' " + shellQuoted(answer) + "\n"
                + "    else\n"
                + "      echo 'credentials not found in native keychain'; exit 1\n"
                + "    fi ;;\n"
                + "  store|erase) ;;\n"
                + "  list) printf '%s\\n' " + shellQuoted("{\"" + host + "\":\"" + USER + "\"}") + " ;;\n"
                + "  *) echo \"unknown action: $1\"; exit 1 ;;\n"
                + "esac\n";
        Files.writeString(helper, script);
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static List<Call> calls(Path calls) throws Exception {
        try (Stream<Path> files = Files.list(calls)) {
            List<Call> result = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                result.add(new Call(name.substring(name.lastIndexOf('-') + 1), Files.readString(file)));
            }
            return result;
        }
    }

    private static void clear(Path calls) throws Exception {
        try (Stream<Path> files = Files.list(calls)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    private static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
