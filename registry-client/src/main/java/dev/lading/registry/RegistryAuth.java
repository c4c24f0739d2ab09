package dev.lading.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lading.core.model.Json;
import dev.lading.core.model.RepositoryName;
import dev.lading.registry.auth.Credential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import okhttp3.Challenge;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The {@code Authorization} header for one registry: none, Basic, or a Bearer token fetched from the realm the
 * registry's challenge names, cached per scope set until shortly before it expires. Credentials go to the
 * registry itself (Basic) or to its token realm, never over plain HTTP to another host.
 */
final class RegistryAuth {
    private static final int MAX_TOKEN_BYTES = 64 << 10;
    private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

    private final String registry;
    private final Function<HttpUrl, OkHttpClient> clients;
    private final Optional<Credential> credential;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile Challenge challenge;

    private record Token(String value, Instant expires) {
    }

    /** @param clients the client for a URL (its scheme decides whether TLS is set up) */
    RegistryAuth(String registry, Function<HttpUrl, OkHttpClient> clients, Optional<Credential> credential) {
        this.registry = registry;
        this.clients = clients;
        this.credential = credential;
    }

    Optional<Credential> credential() {
        return credential;
    }

    /** Takes the scheme the registry asked for; Bearer is preferred when it offers several, as containerd does. */
    void challenged(List<Challenge> challenges) {
        challenges.stream().filter(c -> c.scheme().equalsIgnoreCase("bearer")).findFirst()
                .or(() -> challenges.stream().filter(c -> c.scheme().equalsIgnoreCase("basic")).findFirst())
                .ifPresent(c -> challenge = c);
    }

    boolean bearer() {
        Challenge current = challenge;
        return current != null && current.scheme().equalsIgnoreCase("bearer");
    }

    /** The header for a request needing {@code scopes}, fetching a token first when needed; null for none. */
    String header(Scopes scopes, RepositoryName repository) throws IOException {
        Challenge current = challenge;
        if (current == null) {
            return null;
        }
        if (current.scheme().equalsIgnoreCase("basic")) {
            return credential.filter(c -> c.kind() == Credential.Kind.PASSWORD)
                    .map(c -> basic(c.username(), c.secret())).orElse(null);
        }
        if (credential.isPresent() && credential.get().kind() == Credential.Kind.REGISTRY_TOKEN) {
            return "Bearer " + credential.get().secret();
        }
        String key = scopes.key();
        Token token = tokens.get(key);
        if (token == null || Instant.now().isAfter(token.expires())) {
            token = fetchToken(current, scopes, repository);
            tokens.put(key, token);
        }
        return "Bearer " + token.value();
    }

    /** Forgets the cached token for these scopes, after the registry refused it. */
    void invalidate(Scopes scopes) {
        tokens.remove(scopes.key());
    }

    private Token fetchToken(Challenge bearer, Scopes scopes, RepositoryName repository) throws IOException {
        String realm = bearer.authParams().get("realm");
        HttpUrl url = realm == null ? null : HttpUrl.parse(realm);
        if (url == null) {
            throw refused("its Bearer challenge names no usable realm", repository);
        }
        checkRealm(url, repository);
        String service = bearer.authParams().get("service");
        Request request;
        if (credential.isPresent() && credential.get().kind() == Credential.Kind.IDENTITY_TOKEN) {
            FormBody.Builder form = new FormBody.Builder().add("grant_type", "refresh_token")
                    .add("refresh_token", credential.get().secret()).add("client_id", "lading")
                    .add("scope", String.join(" ", scopes.values()));
            if (service != null) {
                form.add("service", service);
            }
            request = new Request.Builder().url(url).post(form.build()).build();
        } else {
            HttpUrl.Builder query = url.newBuilder();
            if (service != null) {
                query.addQueryParameter("service", service);
            }
            scopes.values().forEach(scope -> query.addQueryParameter("scope", scope));
            Request.Builder builder = new Request.Builder().url(query.build()).get();
            credential.filter(c -> c.kind() == Credential.Kind.PASSWORD)
                    .ifPresent(c -> builder.header("Authorization", basic(c.username(), c.secret())));
            request = builder.build();
        }
        try (Response response = clients.apply(request.url()).newCall(request).execute()) {
            if (response.code() == 401 || response.code() == 403) {
                throw RegistryException.answered(registry + ": " + (credential.isPresent()
                        ? "the token server " + url.host() + " rejected the credentials of "
                                + describe(credential.get()) + " (" + response.code() + ")"
                        : "the token server " + url.host() + " refused an anonymous token (" + response.code()
                                + "); log in with: lading login " + registry), registry, repository, response.code(),
                        null, null);
            }
            if (!response.isSuccessful()) {
                throw RegistryException.answered(registry + ": the token server " + url.host() + " answered "
                        + response.code(), registry, repository, response.code(), null, RegistryHost.retryAfter(response));
            }
            return parseToken(response.body(), url, repository);
        } catch (RegistryException e) {
            throw e;
        } catch (IOException e) {
            throw RegistryException.noAnswer(registry + ": cannot reach the token server " + url.host() + ": "
                    + e.getMessage(), registry, repository, e);
        }
    }

    private Token parseToken(ResponseBody body, HttpUrl url, RepositoryName repository) throws IOException {
        byte[] bytes = body.source().readByteArray(Math.min(body.contentLength() < 0 ? MAX_TOKEN_BYTES
                : body.contentLength(), MAX_TOKEN_BYTES));
        JsonNode json;
        try {
            json = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw refused("the token server " + url.host() + " sent no JSON", repository);
        }
        String value = json.path("token").asText(json.path("access_token").asText(""));
        if (value.isEmpty()) {
            throw refused("the token server " + url.host() + " sent neither token nor access_token", repository);
        }
        Duration lifetime = json.path("expires_in").asLong(0) > 0
                ? Duration.ofSeconds(json.path("expires_in").asLong()) : DEFAULT_LIFETIME;
        Instant issued = Instant.now();
        if (json.hasNonNull("issued_at")) {
            try {
                Instant stated = OffsetDateTime.parse(json.get("issued_at").asText()).toInstant();
                // a server clock ahead of ours must not stretch the lifetime
                issued = stated.isBefore(issued) ? stated : issued;
            } catch (RuntimeException e) {
                // an unparsable issued_at counts from receipt, as the spec says for a missing one
            }
        }
        Duration margin = lifetime.compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(20) : lifetime.dividedBy(4);
        return new Token(value, issued.plus(lifetime).minus(margin));
    }

    /** Refuses to send credentials to another host over plain HTTP, where anyone on the way could read them. */
    private void checkRealm(HttpUrl realm, RepositoryName repository) {
        if (realm.isHttps() || credential.isEmpty()) {
            return;
        }
        String registryHost = registry.replaceFirst(":\\d+$", "").replaceAll("[\\[\\]]", "");
        if (!realm.host().equals(registryHost)) {
            throw refused("its token realm " + realm.scheme() + "://" + realm.host() + ":" + realm.port()
                    + " is plain HTTP on another host; lading will not send the credentials of " + registry
                    + " there", repository);
        }
    }

    /** lading will not take what the token server or the challenge offered. */
    private RegistryException refused(String what, RepositoryName repository) {
        return RegistryException.refused(registry + ": " + what, registry, repository, null, null);
    }

    static String describe(Credential credential) {
        return credential.username().isEmpty() || credential.kind() != Credential.Kind.PASSWORD
                ? "the stored " + credential.kind().name().toLowerCase().replace('_', ' ')
                : "user '" + credential.username() + "'";
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
