package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lading.tests.FaultPlan.Rule;
import dev.lading.tests.FaultProxy.Fault;
import dev.lading.tests.RegistryServer.Setup;
import dev.lading.tests.TokenServer.Access;
import dev.lading.tests.TokenServer.TokenFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry test harness, proven with tools no one here wrote: skopeo pushes and reads the busybox base
 * through every set-up, and curl meets every fault the proxy injects.
 */
class RegistryHarnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String PASSWORD = "correct-horse-battery";

    @TempDir
    static Path work;
    static BusyboxBase.Layout busybox;

    @BeforeAll
    static void buildTheBase() throws Exception {
        busybox = BusyboxBase.build(work);
        assertEquals(BusyboxBase.ARCHES, List.copyOf(busybox.manifestDigests().keySet()));
    }

    @Test
    void twoAnonymousRegistriesAtOnceEachTakeThePush() throws Exception {
        List<CompletableFuture<RegistryServer>> starting = IntStream.range(0, 2).mapToObj(i ->
                CompletableFuture.supplyAsync(() -> start(Setup.anonymous()))).toList();
        try (RegistryServer first = starting.get(0).join(); RegistryServer second = starting.get(1).join()) {
            assertNotEquals(first.port(), second.port());
            for (RegistryServer registry : List.of(first, second)) {
                pushAndReadBack(registry, List.of());
                assertTrue(Files.isDirectory(registry.storageDirectory()
                        .resolve("docker/registry/v2/repositories/busybox")), "pushed into its own storage");
            }
            assertEquals("200", curlStatus(first.url("/v2/")));
        }
    }

    @Test
    void htpasswdRegistryWantsThePassword() throws Exception {
        try (RegistryServer registry = RegistryServer.start(Setup.htpasswd("alice", PASSWORD))) {
            String challenge = curl("-sS", "-o", "/dev/null", "-D", "-", registry.url("/v2/")).stdout();
            assertTrue(challenge.startsWith("HTTP/1.1 401"), challenge);
            assertTrue(challenge.contains("Www-Authenticate: Basic realm=\"lading-tests\""), challenge);

            Tool.Result wrong = push(registry, List.of("--dest-creds", "alice:wrong"));
            assertNotEquals(0, wrong.exitCode(), wrong.toString());
            assertTrue(wrong.stderr().contains("unauthorized"), wrong.stderr());

            pushAndReadBack(registry, List.of("--creds", "alice:" + PASSWORD));
        }
    }

    @Test
    void tokenRegistryAcceptsTheTokenServersTokens() throws Exception {
        try (TokenServer tokens = TokenServer.start().addUser("alice", PASSWORD);
                RegistryServer registry = RegistryServer.start(Setup.token(tokens))) {
            String challenge = curl("-sS", "-o", "/dev/null", "-D", "-", registry.url("/v2/busybox/tags/list"))
                    .stdout();
            assertTrue(challenge.contains("Www-Authenticate: Bearer realm=\"" + tokens.realm() + "\",service=\""
                    + TokenServer.SERVICE + "\",scope=\"repository:busybox:pull\""), challenge);

            Tool.Result wrong = push(registry, List.of("--dest-creds", "alice:wrong"));
            assertNotEquals(0, wrong.exitCode(), wrong.toString());
            assertTrue(tokens.requests().stream().anyMatch(r -> r.status() == 401), tokens.requests().toString());

            tokens.clearRequests();
            pushAndReadBack(registry, List.of("--creds", "alice:" + PASSWORD));
            List<TokenServer.Request> requests = tokens.requests();
            assertTrue(requests.stream().anyMatch(r -> r.method().equals("GET") && r.authorization()
                    && r.user().orElse("").equals("alice") && r.service().equals(TokenServer.SERVICE)
                    && r.scopes().contains("repository:busybox:pull,push")), requests.toString());
            assertTrue(requests.stream().allMatch(r -> r.status() == 200), requests.toString());
            assertFalse(requests.toString().contains(PASSWORD), "no password in the token server's record");
            assertFalse(registry.log().contains(PASSWORD), "no password in the registry's log");
        }
    }

    @Test
    void tokenRegistryRefusesTokensItShouldNot() throws Exception {
        try (TokenServer tokens = TokenServer.start(); TokenServer rogue = TokenServer.start();
                RegistryServer registry = RegistryServer.start(Setup.token(tokens))) {
            List<Access> pull = List.of(new Access("repository", "busybox", List.of("pull")));
            assertEquals("200", bearerStatus(registry, "/v2/", tokens.issue("alice", TokenServer.SERVICE, pull)));
            assertEquals("401", bearerStatus(registry, "/v2/", rogue.issue("alice", TokenServer.SERVICE, pull)),
                    "signed by a key the registry does not trust");
            assertEquals("401", bearerStatus(registry, "/v2/", tokens.issue("alice", "another-service", pull)),
                    "meant for another service");
            String expired = tokens.expiresIn(-120).issue("alice", TokenServer.SERVICE, pull);
            tokens.expiresIn(300);
            assertEquals("401", bearerStatus(registry, "/v2/", expired), "expired beyond the minute of leeway");
            String pullOnly = tokens.issue("alice", TokenServer.SERVICE, pull);
            assertEquals("401", curlStatus("-X", "POST", "-H", "Authorization: Bearer " + pullOnly,
                    registry.url("/v2/busybox/blobs/uploads/")), "a pull token cannot start an upload");
            String push = tokens.issue("alice", TokenServer.SERVICE,
                    List.of(new Access("repository", "busybox", List.of("pull", "push"))));
            assertEquals("202", curlStatus("-X", "POST", "-H", "Authorization: Bearer " + push,
                    registry.url("/v2/busybox/blobs/uploads/")));
        }
    }

    @Test
    void tokenServerSpeaksBothProtocols() throws Exception {
        try (TokenServer tokens = TokenServer.start().addUser("alice", PASSWORD).anonymousPull("public/");
                RegistryServer registry = RegistryServer.start(Setup.token(tokens))) {
            String query = "?service=" + TokenServer.SERVICE + "&scope=repository:public/app:pull,push"
                    + "&scope=repository:private/app:pull";
            JsonNode anonymous = curlJson(tokens.realm() + query);
            assertEquals(anonymous.get("token").asText(), anonymous.get("access_token").asText());
            assertEquals(List.of(Map.of("type", "repository", "name", "public/app", "actions", List.of("pull"))),
                    claims(anonymous.get("token").asText()).get("access"), "anonymous: pull under the prefix only");
            assertFalse(anonymous.has("refresh_token"));
            TokenServer.Request seen = tokens.requests().get(0);
            assertEquals(List.of("repository:public/app:pull,push", "repository:private/app:pull"), seen.scopes());
            assertFalse(seen.authorization() || seen.user().isPresent(), seen.toString());

            JsonNode offline = curlJson("-u", "alice:" + PASSWORD, tokens.realm() + query
                    + "&offline_token=true&client_id=harness");
            String refresh = offline.get("refresh_token").asText();
            assertEquals(2, ((List<?>) claims(offline.get("access_token").asText()).get("access")).size());

            JsonNode oauth = curlJson("--data-urlencode", "grant_type=refresh_token", "--data-urlencode",
                    "refresh_token=" + refresh, "--data-urlencode", "service=" + TokenServer.SERVICE,
                    "--data-urlencode", "client_id=harness", "--data-urlencode", "scope=repository:busybox:pull,push",
                    tokens.realm());
            assertEquals("repository:busybox:pull,push", oauth.get("scope").asText());
            assertEquals("202", curlStatus("-X", "POST", "-H", "Authorization: Bearer "
                    + oauth.get("access_token").asText(), registry.url("/v2/busybox/blobs/uploads/")));
            assertEquals("401", curlStatus("-d", "grant_type=password&username=alice&password=wrong&service=x"
                    + "&client_id=harness", tokens.realm()));

            tokens.tokenFields(TokenFields.ACCESS_TOKEN_ONLY).expiresIn(120).useGetOnly();
            JsonNode only = curlJson(tokens.realm() + query);
            assertFalse(only.has("token"), only.toString());
            assertEquals(120, only.get("expires_in").asInt());
            assertEquals("404", curlStatus("-d", "grant_type=refresh_token&refresh_token=" + refresh,
                    tokens.realm()));
            assertFalse(tokens.requests().toString().contains(PASSWORD));
            assertTrue(tokens.requests().stream().anyMatch(r -> r.grantType().orElse("").equals("refresh_token")
                    && r.user().orElse("").equals("alice")), tokens.requests().toString());
        }
    }

    @Test
    void tlsRegistryWithHtpasswdIsVerifiedAgainstTheTestCa() throws Exception {
        TestCa ca = TestCa.create(work.resolve("ca"));
        try (RegistryServer registry = RegistryServer.start(Setup.htpasswd("alice", PASSWORD).withTls(ca))) {
            assertTrue(registry.url("/v2/").startsWith("https://"));
            pushAndReadBack(registry, List.of("--creds", "alice:" + PASSWORD));
            for (String host : List.of("127.0.0.1", "localhost")) {
                assertEquals("401", curlStatus("--cacert", ca.caPem().toString(),
                        "https://" + host + ":" + registry.port() + "/v2/"), host + " is in the certificate");
            }
            assertEquals(60, curl("-sS", registry.url("/v2/")).exitCode(), "curl without the CA refuses");
        }
    }

    @Test
    void proxyPassesRequestsThroughByteForByte() throws Exception {
        try (RegistryServer registry = start(Setup.anonymous());
                FaultProxy proxy = FaultProxy.start(registry.host(), FaultPlan.none())) {
            byte[] blob = "a blob through the proxy\n".repeat(4000).getBytes(StandardCharsets.UTF_8);
            String digest = BusyboxBase.digest(blob);
            String started = curl("-sS", "-X", "POST", "-o", "/dev/null", "-D", "-",
                    proxy.url("/v2/proxied/blobs/uploads/")).stdout();
            String location = header(started, "Location");
            assertTrue(location.startsWith(proxy.url("/v2/proxied/blobs/uploads/")), "built for the proxy: " + started);
            // a chunked PATCH body, then a PUT with Expect: 100-continue, which the proxy answers itself
            String half = "@" + Files.write(work.resolve("proxy-blob-half"), Arrays.copyOf(blob, blob.length / 2));
            String patched = curl("-sS", "-X", "PATCH", "-o", "/dev/null", "-D", "-", "-H",
                    "Transfer-Encoding: chunked", "-H", "Content-Type: application/octet-stream",
                    "--data-binary", half, location).stdout();
            assertTrue(patched.startsWith("HTTP/1.1 202"), patched);
            Path rest = Files.write(work.resolve("proxy-blob-rest"),
                    Arrays.copyOfRange(blob, blob.length / 2, blob.length));
            String finished = curl("-sS", "-X", "PUT", "-o", "/dev/null", "-D", "-", "-H", "Expect: 100-continue",
                    "-H", "Content-Type: application/octet-stream", "--data-binary", "@" + rest,
                    header(patched, "Location") + "&digest=" + digest).stdout();
            assertTrue(finished.startsWith("HTTP/1.1 100 Continue") && finished.contains("HTTP/1.1 201"), finished);
            assertTrue(finished.contains("Location: " + proxy.url("/v2/proxied/blobs/" + digest)), finished);
            // HEAD then GET on one kept-alive connection: the HEAD's Content-Length has no body behind it
            String blobUrl = proxy.url("/v2/proxied/blobs/" + digest);
            Path got = work.resolve("proxy-got");
            String written = "%{http_code} %{num_connects}\\n";
            Tool.Result both = curl("-sS", "-I", "-o", "/dev/null", "-w", written, blobUrl,
                    "--next", "-sS", "-o", got.toString(), "-w", written, blobUrl);
            assertEquals("200 1\n200 0\n", both.stdout(), both.toString());
            assertEquals(digest, BusyboxBase.digest(Files.readAllBytes(got)));
            assertEquals(0, proxy.exchanges().size() - proxy.count(Fault.PASS));
        }
    }

    @Test
    void skopeoPushesThroughTheProxy() throws Exception {
        try (RegistryServer registry = start(Setup.anonymous());
                FaultProxy proxy = FaultProxy.start(registry.host(), FaultPlan.none())) {
            Tool.Result push = BusyboxBase.pushWithSkopeo(busybox.dir(), proxy.host() + "/busybox:" + busybox.tag(),
                    List.of("--dest-tls-verify=false"));
            assertEquals(0, push.exitCode(), push + "\n" + registry.log());
            assertTrue(proxy.exchanges().stream().anyMatch(e -> e.method().equals("PUT")
                    && e.target().equals("/v2/busybox/manifests/" + busybox.tag())), proxy.exchanges().toString());
            assertEquals(busybox.indexDigest(), BusyboxBase.digest(skopeoRaw(registry, List.of())));
        }
    }

    @Test
    void curlMeetsEveryInjectedFault() throws Exception {
        try (RegistryServer registry = start(Setup.anonymous())) {
            assertEquals(0, push(registry, List.of()).exitCode());
            String amd64 = busybox.manifestDigests().get("amd64");
            Path manifest = Files.write(work.resolve("amd64-manifest.json"), busybox.blob(amd64));
            FaultPlan plan = FaultPlan.scripted(
                    Rule.next(1, "^GET /v2/$", Fault.SERVICE_UNAVAILABLE),
                    Rule.next(1, "^GET /v2/$", Fault.TOO_MANY_REQUESTS),
                    Rule.next(1, "^PUT /v2/busybox/manifests/lost$", Fault.DROP_REQUEST_BODY),
                    Rule.next(1, "^PUT /v2/busybox/manifests/dropped$", Fault.DROP_AFTER_UPSTREAM),
                    Rule.next(1, "^GET /v2/busybox/manifests/", Fault.TRUNCATE_RESPONSE));
            try (FaultProxy proxy = FaultProxy.start(registry.host(), plan).retryAfter(7)) {
                assertEquals("503", curlStatus(proxy.url("/v2/")));
                String limited = curl("-sS", "-o", "/dev/null", "-D", "-", proxy.url("/v2/")).stdout();
                assertTrue(limited.startsWith("HTTP/1.1 429") && limited.contains("Retry-After: 7"), limited);
                assertEquals("200", curlStatus(proxy.url("/v2/")), "the script is used up: requests pass");

                List<String> putManifest = List.of("-sS", "-X", "PUT", "-H", "Content-Type: " + OCI_MANIFEST,
                        "--data-binary", "@" + manifest);
                Tool.Result lost = curl(concat(putManifest, List.of(proxy.url("/v2/busybox/manifests/lost"))));
                assertTrue(List.of(52, 56).contains(lost.exitCode()), lost.toString());
                assertEquals("404", curlStatus(registry.url("/v2/busybox/manifests/lost")), "never reached it");

                Tool.Result dropped = curl(concat(putManifest, List.of(proxy.url("/v2/busybox/manifests/dropped"))));
                assertEquals(52, dropped.exitCode(), "an empty reply: " + dropped);
                String stored = curl("-sS", "-I", "-H", "Accept: " + OCI_MANIFEST,
                        registry.url("/v2/busybox/manifests/dropped")).stdout();
                assertTrue(stored.startsWith("HTTP/1.1 200"), "the registry acted although the answer was lost");
                assertEquals(amd64, header(stored, "Docker-Content-Digest"));

                Tool.Result truncated = curl("-sS", "-H", "Accept: " + OCI_MANIFEST,
                        proxy.url("/v2/busybox/manifests/dropped"));
                assertEquals(18, truncated.exitCode(), "a partial body: " + truncated);

                for (Fault fault : List.of(Fault.SERVICE_UNAVAILABLE, Fault.TOO_MANY_REQUESTS,
                        Fault.DROP_REQUEST_BODY, Fault.DROP_AFTER_UPSTREAM, Fault.TRUNCATE_RESPONSE)) {
                    assertEquals(1, proxy.count(fault), fault + " in " + proxy.exchanges());
                }
                assertEquals(1, proxy.count(Fault.PASS));
            }
        }
    }

    @Test
    void randomPlansRepeatForASeed() {
        List<String> requests = IntStream.range(0, 400).mapToObj(i -> "GET /v2/r/blobs/" + i).toList();
        List<Fault> first = decisions(FaultPlan.random(42, 0.25, Fault.SERVICE_UNAVAILABLE, Fault.DROP_REQUEST_BODY),
                requests);
        assertEquals(first, decisions(FaultPlan.random(42, 0.25, Fault.SERVICE_UNAVAILABLE, Fault.DROP_REQUEST_BODY),
                requests));
        long faulted = first.stream().filter(f -> f != Fault.PASS).count();
        assertTrue(faulted > 60 && faulted < 140, faulted + " of 400 at a rate of 0.25");
        assertTrue(first.contains(Fault.SERVICE_UNAVAILABLE) && first.contains(Fault.DROP_REQUEST_BODY));
        assertTrue(decisions(FaultPlan.random(1, 0, Fault.TRUNCATE_RESPONSE), requests).stream()
                .allMatch(f -> f == Fault.PASS));
        assertTrue(decisions(FaultPlan.none(), requests).stream().allMatch(f -> f == Fault.PASS));
    }

    // --- helpers

    private static RegistryServer start(Setup setup) {
        try {
            return RegistryServer.start(setup);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Tool.Result push(RegistryServer registry, List<String> destinationArgs) throws Exception {
        return BusyboxBase.pushWithSkopeo(busybox.dir(), registry.reference("busybox:" + busybox.tag()),
                concat(registry.skopeoTransport("dest-"), destinationArgs));
    }

    /**
     * Pushes the base with skopeo and reads it back: the index byte for byte, and arm64's manifest by platform.
     * {@code creds} are skopeo's inspect options ({@code --creds U:P}); for the copy they become {@code --dest-creds}.
     */
    private static void pushAndReadBack(RegistryServer registry, List<String> creds) throws Exception {
        Tool.Result push = push(registry, creds.stream().map(a -> a.replace("--creds", "--dest-creds")).toList());
        assertEquals(0, push.exitCode(), push + "\n--- registry log\n" + registry.log());
        byte[] raw = skopeoRaw(registry, creds);
        assertEquals(busybox.indexDigest(), BusyboxBase.digest(raw), "the index arrived unchanged");
        assertEquals(2, JSON.readTree(raw).get("manifests").size());

        List<String> inspect = new ArrayList<>(List.of("skopeo", "--override-os", "linux", "--override-arch",
                "arm64", "inspect"));
        inspect.addAll(concat(registry.skopeoTransport(""), creds));
        inspect.add("docker://" + registry.reference("busybox:" + busybox.tag()));
        JsonNode arm64 = JSON.readTree(Tool.ok(inspect.toArray(String[]::new)));
        assertEquals("arm64", arm64.get("Architecture").asText());
        // skopeo reports the digest it was asked for (the index's) and the layers of the platform it picked
        assertEquals(busybox.indexDigest(), arm64.get("Digest").asText());
        JsonNode manifest = JSON.readTree(busybox.blob(busybox.manifestDigests().get("arm64")));
        assertEquals(manifest.get("layers").get(0).get("digest").asText(), arm64.get("Layers").get(0).asText());
    }

    private static byte[] skopeoRaw(RegistryServer registry, List<String> creds) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--raw"));
        command.addAll(concat(registry.skopeoTransport(""), creds));
        command.add("docker://" + registry.reference("busybox:" + busybox.tag()));
        Tool.Result result = Tool.run(work, Map.of(), command, Duration.ofMinutes(1));
        assertEquals(0, result.exitCode(), result.toString());
        return result.stdoutBytes();
    }

    private static Tool.Result curl(String... args) throws Exception {
        return curl(List.of(args));
    }

    private static Tool.Result curl(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "--max-time", "20"));
        command.addAll(args);
        return Tool.run(work, Map.of(), command, Duration.ofSeconds(30));
    }

    /** The status code curl received, {@code 000} when it received none. */
    private static String curlStatus(String... args) throws Exception {
        return curl(concat(List.of("-s", "-o", "/dev/null", "-w", "%{http_code}"), List.of(args))).stdout();
    }

    private static String bearerStatus(RegistryServer registry, String path, String token) throws Exception {
        return curlStatus("-H", "Authorization: Bearer " + token, registry.url(path));
    }

    private static JsonNode curlJson(String... args) throws Exception {
        Tool.Result result = curl(concat(List.of("-sS", "--fail"), List.of(args)));
        assertEquals(0, result.exitCode(), result.toString());
        return JSON.readTree(result.stdout());
    }

    /** The claims of a JWT, not verified: the registry does that. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(String jwt) throws Exception {
        return JSON.readValue(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
    }

    private static String header(String head, String name) {
        return head.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(l -> l.substring(name.length() + 1).trim()).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in\n" + head));
    }

    private static List<Fault> decisions(FaultPlan plan, List<String> requests) {
        return requests.stream().map(plan::decide).toList();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
