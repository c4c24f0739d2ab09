package dev.lading.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Digest;
import dev.lading.registry.auth.Credential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** Basic and token auth against registries and token servers that refuse, narrow scopes or sit elsewhere. */
class AuthTest extends FakeRegistryTest {
    private static final String PASSWORD = "s3cret-Passw0rd";
    private static final Credential ALICE = Credential.password("alice", PASSWORD);

    private Repository pullAs(Credential credential) {
        clientWith(credential);
        return pull("x");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static MockResponse challenge(String header) {
        return new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", header)
                .addHeader("Content-Type", "application/json")
                .body("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}").build();
    }

    private String bearerChallenge(String extra) {
        return "Bearer realm=\"http://" + registry.registry() + "/token\",service=\"fake-registry\"" + extra;
    }

    private static MockResponse token(String json) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(json).build();
    }

    private static MockResponse manifest() {
        return new MockResponse.Builder().code(200).body(FakeRegistry.MANIFEST).build();
    }

    /** Token auth: the ping and any request without {@code accepted} are challenged; manifests are served. */
    private void requireToken(String accepted) {
        registry.on("GET", "/v2/", request -> challenge(bearerChallenge("")));
        registry.on("GET", "/v2/x/manifests/", request -> accepted.equals(request.getHeaders().get("Authorization"))
                ? manifest() : challenge(bearerChallenge(",scope=\"repository:x:pull\"")));
    }

    private List<RecordedRequest> tokenRequests() {
        return registry.requests().stream().filter(r -> r.getUrl().encodedPath().equals("/token")).toList();
    }

    @Test
    void basicAuthWithAWrongPasswordFailsNamingRegistryAndRepositoryButNeverThePassword() {
        registry.on("GET", "/v2/", request -> challenge("Basic realm=\"fake\""));
        registry.on("GET", "/v2/x/manifests/", request -> challenge("Basic realm=\"fake\""));
        Repository repository = pullAs(ALICE);

        RegistryException e = assertThrows(RegistryException.class, () -> repository.manifest("latest"));

        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains(registry.registry() + "/x"), e.getMessage());
        assertTrue(e.getMessage().contains("user 'alice'"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        assertFalse(e.getMessage().contains(basic("alice", PASSWORD).substring(6)), e.getMessage());
        List<RecordedRequest> tries = registry.requests("GET", "/v2/x/manifests/");
        assertTrue(tries.size() <= 2, "at most one retry after the 401: " + tries.size());
        tries.forEach(r -> assertEquals(basic("alice", PASSWORD), r.getHeaders().get("Authorization")));
    }

    @Test
    void tokenRequestAsksForEveryScopePushFirstWithBasicCredentials() throws IOException {
        registry.on("GET", "/v2/", request -> challenge(bearerChallenge("")));
        registry.on("GET", "/token", request -> token("{\"token\":\"t1\",\"expires_in\":300}"));
        registry.on("HEAD", "/v2/x/blobs/", request -> "Bearer t1".equals(request.getHeaders().get("Authorization"))
                ? FakeRegistry.status(404) : challenge(bearerChallenge("")));
        Repository repository = clientWith(ALICE).push(registry.repository("x"), List.of("library/base", "x"));

        assertEquals(Optional.empty(), repository.blobSize(Digest.sha256(new byte[0])));

        HttpUrl url = tokenRequests().get(0).getUrl();
        assertEquals(List.of("repository:x:push,pull", "repository:library/base:pull"),
                url.queryParameterValues("scope"));
        assertEquals("fake-registry", url.queryParameter("service"));
        assertEquals(basic("alice", PASSWORD), tokenRequests().get(0).getHeaders().get("Authorization"));
    }

    @Test
    void tokenGivenAsAccessTokenAloneIsUsed() throws IOException {
        requireToken("Bearer t2");
        registry.on("GET", "/token", request -> token("{\"access_token\":\"t2\"}"));

        assertEquals(FakeRegistry.MANIFEST.length(), pullAs(ALICE).manifest("latest").bytes().length);
    }

    @Test
    void tokenIsCachedAndFetchedAgainOnceWhenTheRegistryWantsAnotherScope() throws IOException {
        AtomicInteger tokens = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        registry.on("GET", "/token", request -> token("{\"token\":\"t" + tokens.incrementAndGet() + "\"}"));
        registry.on("GET", "/v2/", request -> challenge(bearerChallenge("")));
        // t1 opens two reads; then the registry wants a scope t1 lacks
        registry.on("GET", "/v2/x/manifests/", request -> {
            String header = request.getHeaders().get("Authorization");
            boolean ok = "Bearer t2".equals(header) || "Bearer t1".equals(header) && served.get() < 2;
            if (ok) {
                served.incrementAndGet();
                return manifest();
            }
            return challenge(bearerChallenge(",scope=\"repository:x:pull repository:y:pull\""
                    + ",error=\"insufficient_scope\""));
        });
        Repository repository = pullAs(null);

        repository.manifest("latest");
        repository.manifest("latest");
        assertEquals(1, tokenRequests().size(), "the token is reused");

        repository.manifest("latest");

        assertEquals(2, tokenRequests().size());
        assertEquals(List.of("repository:x:pull", "repository:y:pull"),
                tokenRequests().get(1).getUrl().queryParameterValues("scope"));
        assertEquals(4, registry.requests("GET", "/v2/x/manifests/").size(), "exactly one retry");
    }

    @Test
    void registryRefusingTheFreshTokenAsWellFailsAfterOneRetry() {
        registry.on("GET", "/token", request -> token("{\"token\":\"t\"}"));
        requireToken("never");
        Repository repository = pullAs(ALICE);

        RegistryException e = assertThrows(RegistryException.class, () -> repository.manifest("latest"));

        assertEquals(401, e.status());
        assertEquals(2, registry.requests("GET", "/v2/x/manifests/").size(), "exactly one retry");
        assertEquals(2, tokenRequests().size());
    }

    @Test
    void identityTokenIsExchangedByAPostedRefreshTokenGrant() throws IOException {
        requireToken("Bearer t3");
        registry.on("POST", "/token", request -> token("{\"access_token\":\"t3\",\"expires_in\":60}"));

        pullAs(new Credential(Credential.Kind.IDENTITY_TOKEN, "", "refresh-me")).manifest("latest");

        RecordedRequest exchange = tokenRequests().get(0);
        assertEquals("POST", exchange.getMethod());
        assertTrue(exchange.getHeaders().get("Content-Type").startsWith("application/x-www-form-urlencoded"));
        HttpUrl form = HttpUrl.get("http://form/?" + exchange.getBody().utf8());
        assertEquals("refresh_token", form.queryParameter("grant_type"));
        assertEquals("refresh-me", form.queryParameter("refresh_token"));
        assertEquals("fake-registry", form.queryParameter("service"));
        assertEquals("repository:x:pull", form.queryParameter("scope"));
        assertEquals("lading", form.queryParameter("client_id"));
        assertNull(exchange.getHeaders().get("Authorization"));
    }

    @Test
    void anonymousTokenRequestCarriesNoAuthorization() throws IOException {
        requireToken("Bearer anonymous");
        registry.on("GET", "/token", request -> token("{\"token\":\"anonymous\"}"));

        pullAs(null).manifest("latest");

        RecordedRequest tokenRequest = tokenRequests().get(0);
        assertNull(tokenRequest.getHeaders().get("Authorization"));
        assertEquals(List.of("repository:x:pull"), tokenRequest.getUrl().queryParameterValues("scope"));
    }

    @Test
    void credentialsAreNotSentToAPlainHttpRealmOnAnotherHost() throws IOException {
        try (FakeRegistry elsewhere = FakeRegistry.start()) {
            String realm = "http://localhost:" + elsewhere.port() + "/token";
            registry.on("GET", "/v2/", request -> challenge("Bearer realm=\"" + realm + "\",service=\"fake\""));
            Repository repository = pullAs(ALICE);

            RegistryException e = assertThrows(RegistryException.class, () -> repository.manifest("latest"));

            assertTrue(e.getMessage().contains("plain HTTP on another host"), e.getMessage());
            assertEquals(List.of(), elsewhere.requests());
            assertEquals(List.of(), listener.retries, "asking again cannot change the realm");
        }
    }

    @Test
    void tokenServerRejectingTheCredentialsIsAClearError() {
        requireToken("Bearer t");
        registry.on("GET", "/token", request -> FakeRegistry.status(401));
        Repository repository = pullAs(ALICE);

        RegistryException e = assertThrows(RegistryException.class, () -> repository.manifest("latest"));

        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("the token server 127.0.0.1 rejected the credentials of user 'alice'"),
                e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD));
    }
}
