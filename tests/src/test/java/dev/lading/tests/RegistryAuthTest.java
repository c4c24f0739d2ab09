package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lading.tests.RegistryServer.Setup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lading CLI against registries that want credentials: htpasswd (Basic), a token server (Bearer, with a
 * password or a refresh token, and anonymous pulls), HTTPS with a private CA. Credentials come the way users give
 * them, through {@code lading login} or a docker {@code config.json}, and no secret ever shows in what lading
 * prints or writes.
 */
class RegistryAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String USER = "alice";
    /** Random, so that finding one in the output can only mean lading printed it. */
    private static final String PASSWORD = "pw-" + randomHex();
    private static final String REFRESH_TOKEN = "refresh-" + randomHex();
    private static final String BASIC = base64(USER + ":" + PASSWORD);

    @TempDir
    Path dir;
    private Lading lading;
    private Path context;
    /** What lading printed (both streams) and wrote (metadata files) in this test, for the secrets check. */
    private final List<String> transcript = new ArrayList<>();

    @BeforeEach
    void smallImage() throws Exception {
        lading = new Lading(dir.resolve("home"));
        context = SmallImage.context(dir.resolve("context"), 2000);
    }

    @Test
    void htpasswdRegistryLoginPushAndLogout() throws Exception {
        try (RegistryServer registry = RegistryServer.start(Setup.htpasswd(USER, PASSWORD))) {
            String host = registry.host();
            Path layout = dir.resolve("oci");
            String digest = SmallImage.layout(lading, context, layout);
            Path docker = dir.resolve("docker");
            Map<String, String> env = env(docker);

            Tool.Result anonymous = run(env, 1, "push", "oci:" + layout, registry.reference("team/app:v1"),
                    "--progress", "json");
            assertTrue(anonymous.stderr().contains(host + "/team/app") && anonymous.stderr().contains("401")
                    && anonymous.stderr().contains("authentication"), anonymous.stderr());

            Tool.Result login = record(lading.run(env, PASSWORD.getBytes(StandardCharsets.UTF_8),
                    "login", "-u", USER, "--password-stdin", host));
            assertEquals(0, login.exitCode(), login.toString());
            assertTrue(login.stdout().contains("Login Succeeded"), login.stdout());
            assertEquals(BASIC, auths(docker).path(host).path("auth").asText(), "config.json holds the login");

            Tool.Result push = buildAndPush(env, 0, registry.reference("team/app:v1"));
            assertTrue(push.stdout().contains("pushed " + host + "/team/app@" + digest), push.stdout());
            assertEquals(digest, SmallImage.digestInRegistry(registry, "team/app:v1", "--creds", USER + ":" + PASSWORD));

            Tool.Result logout = run(env, 0, "logout", host);
            assertTrue(logout.stdout().contains("Removing login credentials for " + host), logout.stdout());
            assertFalse(auths(docker).has(host), "the entry is gone: " + auths(docker));
            Tool.Result after = run(env, 1, "inspect", registry.reference("team/app:v1"));
            assertTrue(after.stderr().contains("401"), "logged out, refused again: " + after.stderr());

            String wrongPassword = "wrong-" + randomHex();
            Path elsewhere = dir.resolve("docker-wrong");
            Tool.Result wrong = record(lading.run(env(elsewhere), wrongPassword.getBytes(StandardCharsets.UTF_8),
                    "login", "-u", USER, "--password-stdin", host));
            assertEquals(1, wrong.exitCode(), wrong.toString());
            assertTrue(wrong.stderr().contains("401"), wrong.stderr());
            assertFalse(Files.exists(elsewhere.resolve("config.json")), "a refused login writes nothing");
            assertFalse(wrong.toString().contains(wrongPassword), "the wrong password was printed: " + wrong);
            assertNoSecrets(List.of());
        }
    }

    @Test
    void tokenRegistryWithPasswordRefreshTokenAndAnonymousPulls() throws Exception {
        try (TokenServer tokens = TokenServer.start().addUser(USER, PASSWORD).addRefreshToken(REFRESH_TOKEN, USER)
                .anonymousPull("public/");
                RegistryServer registry = RegistryServer.start(Setup.token(tokens))) {
            String digest = SmallImage.layout(lading, context, dir.resolve("oci"));
            Map<String, String> password = env(dockerConfig(dir.resolve("docker-password"), registry.host(),
                    Map.of("auth", BASIC)));

            buildAndPush(password, 0, registry.reference("team/app:v1"));
            List<TokenServer.Request> requests = tokens.requests();
            assertTrue(requests.stream().anyMatch(r -> r.method().equals("GET") && r.authorization()
                    && r.user().orElse("").equals(USER) && r.scopes().contains("repository:team/app:push,pull")),
                    "a Basic-authenticated token request for push,pull: " + requests);
            assertTrue(requests.stream().allMatch(r -> r.status() == 200), requests.toString());
            assertEquals(digest, SmallImage.digestInRegistry(registry, "team/app:v1", "--creds", USER + ":" + PASSWORD));
            Tool.Result inspect = run(password, 0, "inspect", registry.reference("team/app:v1"));
            assertTrue(inspect.stdout().contains("Digest:    " + digest), inspect.stdout());

            tokens.clearRequests();
            Map<String, String> refresh = env(dockerConfig(dir.resolve("docker-refresh"), registry.host(),
                    Map.of("identitytoken", REFRESH_TOKEN)));
            buildAndPush(refresh, 0, registry.reference("team/refreshed:v1"));
            List<TokenServer.Request> oauth = tokens.requests();
            assertFalse(oauth.isEmpty());
            assertTrue(oauth.stream().allMatch(r -> r.method().equals("POST") && r.status() == 200
                    && r.grantType().orElse("").equals("refresh_token") && r.user().orElse("").equals(USER)),
                    "the refresh token is exchanged by OAuth2 POSTs: " + oauth);
            assertEquals(digest, SmallImage.digestInRegistry(registry, "team/refreshed:v1",
                    "--creds", USER + ":" + PASSWORD));

            buildAndPush(password, 0, registry.reference("public/app:v1"));
            Map<String, String> nobody = env(dir.resolve("docker-none"));
            Tool.Result anonymous = run(nobody, 0, "inspect", registry.reference("public/app:v1"));
            assertTrue(anonymous.stdout().contains("Digest:    " + digest), anonymous.stdout());
            Tool.Result refused = run(nobody, 1, "inspect", registry.reference("team/app:v1"));
            assertTrue(refused.stderr().contains(registry.host() + "/team/app") && refused.stderr().contains("401"),
                    refused.stderr());
            assertTrue(tokens.issuedTokens().size() >= 3, "the server issued tokens: " + tokens.issuedTokens().size());

            Path loggedIn = dir.resolve("docker-login");
            Tool.Result login = record(lading.run(env(loggedIn), PASSWORD.getBytes(StandardCharsets.UTF_8),
                    "login", "-u", USER, "--password-stdin", registry.host()));
            assertEquals(0, login.exitCode(), login.toString());
            assertEquals(BASIC, auths(loggedIn).path(registry.host()).path("auth").asText());
            tokens.forgeTokens();
            Path forged = dir.resolve("docker-forged");
            Tool.Result refusedToken = record(lading.run(env(forged), PASSWORD.getBytes(StandardCharsets.UTF_8),
                    "login", "-u", USER, "--password-stdin", registry.host()));
            assertEquals(1, refusedToken.exitCode(), "a token the registry refuses is no login: " + refusedToken);
            assertTrue(refusedToken.stderr().contains("401"), refusedToken.stderr());
            assertFalse(Files.exists(forged.resolve("config.json")), "a refused login writes nothing");
            assertNoSecrets(tokens.issuedTokens());
        }
    }

    @Test
    void tlsRegistryIsVerifiedAgainstTheGivenCaOrNotAtAllWhenInsecure() throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        try (RegistryServer registry = RegistryServer.start(Setup.htpasswd(USER, PASSWORD).withTls(ca))) {
            String digest = SmallImage.layout(lading, context, dir.resolve("oci"));
            Map<String, String> env = env(dockerConfig(dir.resolve("docker"), registry.host(), Map.of("auth", BASIC)));

            buildAndPush(env, 0, registry.reference("tls/app:verified"), "--ca-cert", ca.caPem().toString());
            assertEquals(digest, SmallImage.digestInRegistry(registry, "tls/app:verified",
                    "--creds", USER + ":" + PASSWORD));

            Tool.Result untrusted = buildAndPush(env, 1, registry.reference("tls/app:untrusted"));
            assertTrue(untrusted.stderr().contains("TLS") && untrusted.stderr().matches("(?s).*(certif|PKIX).*"),
                    "says the certificate is the problem: " + untrusted.stderr());

            buildAndPush(env, 0, registry.reference("tls/app:insecure"), "--insecure-registry", registry.host());
            assertEquals(digest, SmallImage.digestInRegistry(registry, "tls/app:insecure",
                    "--creds", USER + ":" + PASSWORD));
            assertNoSecrets(List.of());
        }
    }

    @Test
    void unknownHostsAndMalformedReferencesAreTheUsersToFix() throws Exception {
        try (RegistryServer registry = RegistryServer.start(Setup.anonymous())) {
            Path layout = dir.resolve("oci");
            SmallImage.layout(lading, context, layout);
            Map<String, String> env = env(dir.resolve("docker"));
            // names resolve from a hosts file of loopback alone (a JDK option), so no DNS server is asked
            Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
            Map<String, String> noDns = new java.util.HashMap<>(env);
            noDns.put("JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hosts);
            Tool.Result unknown = run(noDns, 1, "push", "oci:" + layout, "nosuch.invalid/x:1", "--retries", "0");
            assertTrue(unknown.stderr().contains("cannot reach registry nosuch.invalid")
                    && unknown.stderr().contains("unknown host"), unknown.stderr());
            assertTrue(unknown.stderr().contains("Picked up JAVA_TOOL_OPTIONS: -Djdk.net.hosts.file="),
                    "the JVM took the hosts file: " + unknown.stderr());
            for (String reference : List.of(registry.reference("UPPER:tag"), registry.reference("repo:bad tag!"))) {
                Tool.Result malformed = run(env, 2, "push", "oci:" + layout, reference);
                assertTrue(malformed.stderr().startsWith("error: malformed"), malformed.stderr());
            }
            String catalog = Tool.ok("curl", "-sS", "--max-time", "20", registry.url("/v2/_catalog"));
            assertEquals("{\"repositories\":[]}", catalog.trim(), "nothing was pushed");
        }
    }

    // --- helpers

    /** Credentials from {@code docker} alone: no podman auth.json of the machine's user is read. */
    private static Map<String, String> env(Path docker) {
        return Map.of("DOCKER_CONFIG", docker.toString(), "REGISTRY_AUTH_FILE", docker.resolve("auth.json").toString());
    }

    /** A docker config directory whose config.json has {@code entry} in {@code auths} for {@code host}. */
    private static Path dockerConfig(Path docker, String host, Map<String, String> entry) throws Exception {
        Files.createDirectories(docker);
        JSON.writeValue(docker.resolve("config.json").toFile(), Map.of("auths", Map.of(host, entry)));
        return docker;
    }

    private static JsonNode auths(Path docker) throws Exception {
        return JSON.readTree(docker.resolve("config.json").toFile()).path("auths");
    }

    /** Runs lading, insisting on the exit code and on a message rather than a stack trace; kept for the secrets check. */
    private Tool.Result run(Map<String, String> env, int exitCode, String... args) throws Exception {
        return record(lading.fails(env, exitCode, args));
    }

    /** {@code lading build --push} of the test's image, with JSON progress and a metadata file, both kept. */
    private Tool.Result buildAndPush(Map<String, String> env, int exitCode, String reference, String... extra)
            throws Exception {
        Path metadata = dir.resolve("metadata-" + transcript.size() + ".json");
        List<String> args = new ArrayList<>(List.of("build", context.toString(), "-t", reference, "--push",
                "--progress", "json", "--metadata-file", metadata.toString()));
        args.addAll(List.of(extra));
        Tool.Result result = run(env, exitCode, args.toArray(String[]::new));
        if (Files.exists(metadata)) {
            String written = Files.readString(metadata);
            transcript.add(written);
            assertEquals(reference, JSON.readTree(written).path("image.name").asText(), written);
        }
        if (exitCode == 0) {
            assertTrue(Files.exists(metadata), "metadata is written when the push succeeds");
        }
        return result;
    }

    private Tool.Result record(Tool.Result result) {
        transcript.add(result.stdout());
        transcript.add(result.stderr());
        return result;
    }

    /** Neither the password (nor its Basic form), the refresh token nor {@code more} shows in the transcript. */
    private void assertNoSecrets(List<String> more) {
        List<String> secrets = Stream.concat(Stream.of(PASSWORD, BASIC, REFRESH_TOKEN), more.stream()).toList();
        assertTrue(transcript.size() > 4, "there is output to check");
        for (String text : transcript) {
            for (String secret : secrets) {
                assertFalse(text.contains(secret), "a secret (" + secret.substring(0, 6) + "...) in:\n" + text);
            }
        }
    }

    private static String randomHex() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
