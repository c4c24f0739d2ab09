package dev.lading.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lading.core.model.Json;
import dev.lading.registry.auth.Credential;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One registry as lading reaches it: its base URL (HTTPS, or plain HTTP for loopback and insecure hosts), its
 * auth state, and the one place requests are sent, so that auth, redirect policy and error mapping are the same
 * for every endpoint.
 */
final class RegistryHost {
    private static final int MAX_ERROR_BYTES = 64 << 10;
    /** The code of a {@link RegistryException} for a TLS server whose certificate is not trusted. */
    static final String CERTIFICATE_REFUSED = "CERTIFICATE_REFUSED";
    private static final java.time.Duration PING_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final String registry;
    private final String apiHost;
    private final Clients clients;
    private final RegistryAuth auth;
    private volatile HttpUrl base;

    /**
     * The HTTP clients of one registry: plain HTTP is cheap to set up, TLS (trust store, socket factory) is made
     * only when an HTTPS URL is first used. {@code insecure} registries get TLS without verification.
     */
    record Clients(OkHttpClient plain, Supplier<OkHttpClient> verified, Supplier<OkHttpClient> unverified,
                   boolean insecure) {
        OkHttpClient forUrl(HttpUrl url) {
            return !url.isHttps() ? plain : insecure ? unverified.get() : verified.get();
        }
    }

    RegistryHost(String registry, Clients clients, Optional<Credential> credential) {
        this.registry = registry;
        this.apiHost = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        this.clients = clients;
        this.auth = new RegistryAuth(registry, clients::forUrl, credential);
    }

    String registry() {
        return registry;
    }

    RegistryAuth auth() {
        return auth;
    }

    /** {@code scheme://host/v2/} after the first contact; pings the registry to learn its scheme and challenge. */
    HttpUrl base(String repository) throws IOException {
        HttpUrl known = base;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (base == null) {
                base = ping(repository);
            }
            return base;
        }
    }

    /**
     * Finds the scheme: HTTPS, except that loopback registries are tried over plain HTTP first (the contract's
     * default for them, and no TLS set-up to pay) and insecure ones fall back to it, as docker does.
     */
    private HttpUrl ping(String repository) throws IOException {
        HttpUrl https = HttpUrl.get("https://" + apiHost + "/v2/");
        HttpUrl plain = https.newBuilder().scheme("http").port(https.port() == 443 ? 80 : https.port()).build();
        boolean loopback = isLoopback(registry);
        if (!loopback && !clients.insecure()) {
            pingAt(https, repository);
            return https;
        }
        List<HttpUrl> order = loopback ? List.of(plain, https) : List.of(https, plain);
        try {
            pingAt(order.get(0), repository);
            return order.get(0);
        } catch (RegistryException first) {
            if (first.status() > 0 && first.status() != 400) {
                throw first;
            }
            try {
                pingAt(order.get(1), repository);
                return order.get(1);
            } catch (RegistryException second) {
                // neither worked: the HTTPS failure (say, an untrusted certificate) is what the user can act on, but
                // the plain answer decides a retry: with the HTTPS status (-1) a plain-HTTP registry's 503 or 429
                // failed the whole push at once (RegistryFaultsTest)
                RegistryException tls = order.get(0).isHttps() ? first : second;
                RegistryException plainFailure = tls == first ? second : first;
                // a server that showed an untrusted certificate speaks TLS: its dropped plain connection is no reason
                // to retry. Otherwise the server speaks plain HTTP and that attempt's failure (a 503, a dropped
                // connection) decides whether to try again.
                RegistryException decides = CERTIFICATE_REFUSED.equals(tls.code()) && plainFailure.status() <= 0
                        ? tls : plainFailure;
                throw new RegistryException(tls.getMessage() + "; plain HTTP failed too ("
                        + plainFailure.getMessage().replaceFirst("^.*?: ", "") + ")", registry, repository,
                        decides.status(), decides.code(), decides.retryAfter().orElse(null), tls);
            }
        }
    }

    private void pingAt(HttpUrl url, String repository) throws IOException {
        // a short wait: a server that never answers this scheme (say, a ClientHello sent to plain HTTP) must not
        // hold the first contact for the minutes a large upload may take
        OkHttpClient probe = clients.forUrl(url).newBuilder().readTimeout(PING_TIMEOUT).build();
        try (Response response = probe.newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (response.code() == 401) {
                auth.challenged(response.challenges());
            } else if (!response.isSuccessful() && response.code() != 404) {
                // a TLS registry answers plain HTTP with 400: the caller then tries HTTPS
                throw error(response, repository, "GET " + url.encodedPath());
            }
        } catch (IOException e) {
            throw unreachable(url, repository, e);
        }
    }

    /**
     * Sends a request with this registry's auth and returns a successful (2xx) or expected response; the caller
     * closes it. A 401 refreshes the token once and sends the request again, which is why the request comes
     * from a supplier: a streamed body is made anew for the second try.
     *
     * @param expected statuses besides 2xx the caller handles itself (e.g. 404 for an existence check)
     */
    Response send(Supplier<Request.Builder> request, Scopes scopes, String repository, int... expected)
            throws IOException {
        Scopes current = scopes;
        for (int attempt = 1; ; attempt++) {
            Request.Builder builder = request.get();
            // an upload Location or a Link may lead to another host (storage, or a hostile server): the
            // registry's credentials stay with the registry, and that host's challenges are not taken up
            boolean own = isOwn(builder.build().url());
            String header = own ? auth.header(current, repository) : null;
            if (header != null) {
                builder.header("Authorization", header);
            }
            Request built = builder.build();
            Response response;
            try {
                response = clients.forUrl(built.url()).newCall(built).execute();
            } catch (ContentBody.SourceException e) {
                throw (IOException) e.getCause();
            } catch (IOException e) {
                throw unreachable(built.url(), repository, e);
            }
            int code = response.code();
            if (code == 401 && attempt == 1 && own) {
                response.close();
                auth.challenged(response.challenges());
                auth.invalidate(current);
                current = current.plus(response.challenges().stream()
                        .filter(c -> c.scheme().equalsIgnoreCase("bearer"))
                        .map(c -> c.authParams().get("scope")).filter(java.util.Objects::nonNull) // none on /v2/
                        .findFirst().orElse(null));
                continue;
            }
            if (response.isRedirect()) {
                response.close();
                throw redirectRefused(built.url(), response.header("Location"), repository);
            }
            if (response.isSuccessful() || contains(expected, code)) {
                return response;
            }
            try (response) {
                throw error(response, repository, built.method() + " " + built.url().encodedPath());
            }
        }
    }

    /** Whether {@code url} is on this registry's host and port, as learnt on first contact. */
    private boolean isOwn(HttpUrl url) {
        HttpUrl known = base;
        return known != null && known.host().equals(url.host()) && known.port() == url.port();
    }

    /**
     * OkHttp follows redirects within a scheme itself (dropping Authorization on other hosts); one that changes
     * scheme reaches here. Going from HTTPS down to HTTP would expose content and tokens, so it is refused.
     */
    private RegistryException redirectRefused(HttpUrl from, String location, String repository) {
        HttpUrl to = location == null ? null : from.resolve(location);
        String target = to == null ? "'" + location + "'" : to.scheme() + "://" + to.host() + ":" + to.port();
        return new RegistryException(registry + ": refusing to follow a redirect from " + from.scheme() + "://"
                + from.host() + ":" + from.port() + " to " + target
                + (to != null && !to.isHttps() ? " (HTTPS down to plain HTTP)" : " (a change of scheme)"),
                registry, repository, -1, "REDIRECT_REFUSED", null, null);
    }

    RegistryException error(Response response, String repository, String what) {
        int code = response.code();
        String errorCode = null;
        String message = response.message();
        ResponseBody body = response.body();
        if (!"HEAD".equals(response.request().method())) {
            try {
                byte[] bytes = body.source().peek().readByteArray(Math.min(MAX_ERROR_BYTES,
                        Math.max(0, body.contentLength() < 0 ? MAX_ERROR_BYTES : body.contentLength())));
                JsonNode first = Json.mapper().readTree(bytes).path("errors").path(0);
                if (first.hasNonNull("code")) {
                    errorCode = first.get("code").asText();
                    message = first.path("message").asText(message);
                }
            } catch (IOException | RuntimeException e) {
                // not a JSON error body: the status line says enough
            }
        }
        String subject = repository.isEmpty() ? registry : registry + "/" + repository;
        String text = switch (code) {
            case 401 -> subject + ": authentication failed (401 " + describe(errorCode, message) + ")"
                    + auth.credential().map(c -> " with " + RegistryAuth.describe(c))
                            .orElse("; no credentials for " + registry + " were found (lading login " + registry + ")");
            case 403 -> subject + ": access denied (403 " + describe(errorCode, message) + ")"
                    + auth.credential().map(c -> " for " + RegistryAuth.describe(c)).orElse(" to anonymous users");
            default -> subject + ": " + what + " failed: " + code + " " + describe(errorCode, message);
        };
        return new RegistryException(text, registry, repository, code, errorCode, retryAfter(response), null);
    }

    private RegistryException unreachable(HttpUrl url, String repository, IOException e) {
        String reason = e instanceof UnknownHostException ? "unknown host"
                : e instanceof SSLException ? "TLS failed: " + e.getMessage()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new RegistryException("cannot reach registry " + registry + " (" + url.scheme() + "://" + url.host()
                + ":" + url.port() + "): " + reason, registry, repository,
                // no retry helps a name that does not resolve or a TLS handshake that failed
                e instanceof SSLException || e instanceof UnknownHostException ? -1 : 0,
                certificateRefused(e) ? CERTIFICATE_REFUSED : null, null, e);
    }

    /** The server spoke TLS and its certificate was not trusted (as opposed to a server that speaks no TLS). */
    private static boolean certificateRefused(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(String code, String message) {
        if (code == null) {
            return message == null || message.isEmpty() ? "" : message;
        }
        return code + (message == null || message.isEmpty() ? "" : ": " + message);
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(Response response) {
        String value = response.header("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(), when);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }

    /** localhost, 127.0.0.0/8 and ::1, with or without a port: registries the contract reaches over plain HTTP. */
    static boolean isLoopback(String registry) {
        String host = registry.startsWith("[") ? registry.substring(1, registry.indexOf(']'))
                : registry.replaceFirst(":\\d+$", "");
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
