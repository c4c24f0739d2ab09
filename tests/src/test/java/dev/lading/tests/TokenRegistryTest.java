package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lading.tests.RegistryServer.Setup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README's GitHub and GitLab recipes do, against a real registry set up like theirs: token auth (the
 * registry sends clients to a token server for a Bearer token) with both the registry and the token server on
 * HTTPS, trusted here through {@code --ca-cert}. {@code lading login}, then a build pushed with the stored login.
 */
class TokenRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "ci-bot";
    private static final String PASSWORD = "tok-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    @Test
    void loginAndPushToATokenRegistryOverTls() throws Exception {
        Lading lading = new Lading(dir.resolve("home"));
        TestCa ca = TestCa.create(dir.resolve("ca"));
        String caCert = ca.caPem().toString();
        try (TokenServer tokens = TokenServer.startTls(ca).addUser(USER, PASSWORD);
                RegistryServer registry = RegistryServer.start(Setup.token(tokens).withTls(ca))) {
            assertTrue(tokens.realm().startsWith("https://"), tokens.realm());
            String host = registry.host();
            Path docker = dir.resolve("docker");
            Map<String, String> env = Map.of("DOCKER_CONFIG", docker.toString(),
                    "REGISTRY_AUTH_FILE", docker.resolve("auth.json").toString());
            byte[] password = PASSWORD.getBytes(StandardCharsets.UTF_8);

            Tool.Result untrusted = lading.run(env, password, "login", "-u", USER, "--password-stdin", host);
            assertEquals(1, untrusted.exitCode(), untrusted.toString());
            assertTrue(untrusted.stderr().matches("(?s).*(certif|PKIX).*"), untrusted.stderr());
            assertFalse(Files.exists(docker.resolve("config.json")), "a failed login writes nothing");
            assertEquals(List.of(), tokens.requests(), "nothing reached the token server");

            Tool.Result login = lading.run(env, password, "login", "-u", USER, "--password-stdin", "--ca-cert",
                    caCert, host);
            assertEquals(0, login.exitCode(), login.toString());
            assertTrue(login.stdout().contains("Login Succeeded"), login.stdout());
            assertEquals(Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)),
                    JSON.readTree(docker.resolve("config.json").toFile()).path("auths").path(host).path("auth")
                            .asText());
            assertTrue(tokens.requests().stream().anyMatch(r -> r.status() == 200
                    && r.user().orElse("").equals(USER)), "the login was checked with a token: " + tokens.requests());

            tokens.clearRequests();
            Path context = SmallImage.context(dir.resolve("context"), 3000);
            String digest = SmallImage.layout(lading, context, dir.resolve("oci"));
            Tool.Result push = lading.run(env, "build", context.toString(), "-t", registry.reference("team/app:v1"),
                    "--push", "--ca-cert", caCert, "--progress", "plain");
            assertEquals(0, push.exitCode(), push.toString());
            assertTrue(tokens.requests().stream().anyMatch(r -> r.method().equals("GET") && r.authorization()
                    && r.user().orElse("").equals(USER) && r.scopes().contains("repository:team/app:push,pull")),
                    "a token for push,pull, asked with the stored login: " + tokens.requests());
            assertTrue(tokens.requests().stream().allMatch(r -> r.status() == 200), tokens.requests().toString());
            assertEquals(digest, SmallImage.digestInRegistry(registry, "team/app:v1", "--creds", USER + ":" + PASSWORD));
            for (Tool.Result result : List.of(untrusted, login, push)) {
                assertFalse(result.toString().contains(PASSWORD), "the password was printed: " + result);
            }
        }
    }
}
