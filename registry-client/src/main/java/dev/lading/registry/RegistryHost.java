package dev.lading.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lading.core.model.Json;
import dev.lading.core.model.RepositoryName;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;

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
    private final Limits limits;
    private final RegistryAuth auth;
    private volatile HttpUrl base;

    /**
     * The HTTP clients of one registry, each made on first use: plain HTTP when a registry is first met, TLS (trust
     * store, socket factory) only when an HTTPS URL is. {@code insecure} registries get TLS without verification.
     */
    record Clients(Supplier<OkHttpClient> plain, Supplier<OkHttpClient> verified, Supplier<OkHttpClient> unverified,
                   boolean insecure) {
        OkHttpClient forUrl(HttpUrl url) {
            return !url.isHttps() ? plain.get() : insecure ? unverified.get() : verified.get();
        }
    }

    /** What bounds the requests of one client's work: its retries, its deadlines, and the timer of its watches. */
    record Limits(Retries retries, Deadlines deadlines, ScheduledExecutorService timer) {
    }

    RegistryHost(String registry, Clients clients, Limits limits, Optional<Credential> credential) {
        this.registry = registry;
        this.apiHost = registry.equals(RepositoryName.DOCKER_HUB) ? "registry-1.docker.io" : registry;
        this.clients = clients;
        this.limits = limits;
        this.auth = new RegistryAuth(registry, clients::forUrl, credential);
    }

    String registry() {
        return registry;
    }

    RegistryAuth auth() {
        return auth;
    }

    /**
     * {@code scheme://host/v2/} after the first contact; pings the registry to learn its scheme and challenge.
     *
     * @param repository what the contact is for, named by its failures; null for the registry as a whole (a login)
     */
    HttpUrl base(RepositoryName repository) throws IOException {
        HttpUrl known = base;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (base == null) {
                base = limits.retries().run("GET /v2/", () -> ping(repository));
            }
            return base;
        }
    }

    /**
     * Finds the scheme: HTTPS, except that loopback registries are tried over plain HTTP first (the contract's
     * default for them, and no TLS set-up to pay) and insecure ones fall back to it, as docker does.
     */
    private HttpUrl ping(RepositoryName repository) throws IOException {
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
            if (first.kind() == RegistryException.Kind.ANSWERED && first.status() != 400) {
                throw first;
            }
            try {
                pingAt(order.get(1), repository);
                return order.get(1);
            } catch (RegistryException second) {
                // neither worked: the HTTPS failure (say, an untrusted certificate) is what the user can act on, but
                // the plain answer decides a retry: with the HTTPS status (-1) a plain-HTTP registry's 503 or 429
                // would fail the whole push at once
                RegistryException tls = order.get(0).isHttps() ? first : second;
                RegistryException plainFailure = tls == first ? second : first;
                // a server that showed an untrusted certificate speaks TLS: its dropped plain connection is no reason
                // to retry. Otherwise the server speaks plain HTTP and that attempt's failure (a 503, a dropped
                // connection) decides whether to try again.
                RegistryException decides = CERTIFICATE_REFUSED.equals(tls.code())
                        && plainFailure.kind() != RegistryException.Kind.ANSWERED ? tls : plainFailure;
                throw decides.withMessage(tls.getMessage() + "; plain HTTP failed too ("
                        + plainFailure.getMessage().replaceFirst("^.*?: ", "") + ")", tls);
            }
        }
    }

    private void pingAt(HttpUrl url, RepositoryName repository) throws IOException {
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
     * The check {@code lading login} makes, as docker's: {@code /v2/} answered with the credentials, a token
     * first for token auth. A token alone proves little: some realms hand one to anyone, and only the registry
     * says whether it accepts it.
     *
     * @param repository the repository the scopes are for; null for the registry as a whole
     */
    void checkAccess(Scopes scopes, RepositoryName repository) throws IOException {
        HttpUrl url = base(repository);
        exchange(() -> new Request.Builder().url(url).get(), scopes, repository, response -> null);
    }

    /** What a caller does with a response, inside the retries: a read that breaks off is tried again. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Response response) throws IOException;
    }

    /** The blob a request fetches or closes, for its deadline: a bodiless final PUT makes the registry hash it. */
    record BlobSize(long bytes) {
    }

    /**
     * Sends a request, retried where it failed, and reads its successful (2xx) or expected response with
     * {@code reader}. Every request of the API may be sent again except two that {@link Uploads} sends with
     * {@link #exchangeOnce} and retries its own way: a PATCH, which could append its bytes twice, is resumed from the
     * registry's {@code Range}; and the PUT that closes an upload, whose lost answer may hide a stored blob, is sent
     * again only when a HEAD does not find the blob. (The POST that opens an upload session is harmless to repeat:
     * the session left behind expires.)
     *
     * @param expected statuses besides 2xx the caller handles itself (e.g. 404 for an existence check)
     */
    <T> T exchange(Supplier<Request.Builder> request, Scopes scopes, RepositoryName repository, Reader<T> reader,
                   int... expected) throws IOException {
        Request first = request.get().build();
        return limits.retries().run(first.method() + " " + first.url().encodedPath(),
                () -> exchangeOnce(request, scopes, repository, reader, expected));
    }

    /** {@link #exchange} without retries. */
    <T> T exchangeOnce(Supplier<Request.Builder> request, Scopes scopes, RepositoryName repository, Reader<T> reader,
                       int... expected) throws IOException {
        try (Response response = send(request, scopes, repository, expected)) {
            return reader.read(response);
        }
    }

    Retries retries() {
        return limits.retries();
    }

    /**
     * Sends a request once with this registry's auth and returns a successful (2xx) or expected response; the caller
     * closes it, and a failure while its body is read arrives as a {@link RegistryException}. A 401 refreshes the
     * token once and sends the request again, which is why the request comes from a supplier: a streamed body is
     * made anew for the second try.
     */
    Response send(Supplier<Request.Builder> request, Scopes scopes, RepositoryName repository, int... expected)
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
            Response response = execute(builder.build(), repository);
            Request built = response.request();
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

    /**
     * One call within its deadline ({@link Deadlines}: the document time plus the time its bytes take at the
     * minimum rate), and for a blob's bytes under a {@link RateWatch}. Failures, also those while the body is read
     * later, become {@link RegistryException}s that say which limit was hit.
     */
    private Response execute(Request request, RepositoryName repository) throws IOException {
        Deadlines deadlines = limits.deadlines();
        RequestBody body = request.body();
        long bodyBytes = body == null ? 0 : Math.max(0, body.contentLength());
        BlobSize blob = request.tag(BlobSize.class);
        boolean fetchesBlob = blob != null && request.method().equals("GET");
        RateWatch watch = bodyBytes > 0 || fetchesBlob ? new RateWatch(limits.timer(), deadlines) : null;
        Request sent = watch != null && bodyBytes > 0
                // once the bytes are out, the registry may take its time to store them: the deadline bounds that
                ? request.newBuilder().method(request.method(), new CountedBody(body, watch::moved, watch::close))
                        .build() : request;
        Duration deadline = deadlines.forBytes(bodyBytes + (blob == null ? 0 : blob.bytes()));
        Call call = clients.forUrl(sent.url()).newCall(sent);
        call.timeout().timeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
        Failures failures = new Failures(sent, repository, deadline, System.nanoTime(), watch);
        if (watch != null) {
            watch.start(call);
        }
        Response response;
        try {
            response = call.execute();
        } catch (ContentBody.SourceException e) {
            closeQuietly(watch);
            throw (IOException) e.getCause();
        } catch (IOException e) {
            closeQuietly(watch);
            throw failures.of(e);
        }
        ResponseBody original = response.body();
        Source read = new ForwardingSource(original.source()) {
            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                long n;
                try {
                    n = super.read(sink, byteCount);
                } catch (IOException e) {
                    throw failures.of(e);
                }
                if (n > 0 && fetchesBlob) {
                    watch.moved(n);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                closeQuietly(watch);
                super.close();
            }
        };
        return response.newBuilder().body(ResponseBody.create(Okio.buffer(read), original.contentType(),
                original.contentLength())).build();
    }

    private static void closeQuietly(RateWatch watch) {
        if (watch != null) {
            watch.close();
        }
    }

    /** Turns what went wrong with one call into the registry error that names the limit it hit. */
    private final class Failures {
        private final Request request;
        private final RepositoryName repository;
        private final Duration deadline;
        private final long started;
        private final RateWatch watch;

        Failures(Request request, RepositoryName repository, Duration deadline, long started, RateWatch watch) {
            this.request = request;
            this.repository = repository;
            this.deadline = deadline;
            this.started = started;
            this.watch = watch;
        }

        RegistryException of(IOException e) {
            String what = request.method() + " " + request.url().encodedPath();
            if (watch != null && watch.stalled()) {
                return RegistryException.stalled(registry + ": " + what + " stalled: under "
                        + limits.deadlines().describeRate(), registry, repository, e);
            }
            if (System.nanoTime() - started >= deadline.toNanos()) {
                return RegistryException.stalled(registry + ": " + what + " stalled: no complete answer within "
                        + deadline.toSeconds() + " s", registry, repository, e);
            }
            return unreachable(request.url(), repository, e);
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
    private RegistryException redirectRefused(HttpUrl from, String location, RepositoryName repository) {
        HttpUrl to = location == null ? null : from.resolve(location);
        String target = to == null ? "'" + location + "'" : to.scheme() + "://" + to.host() + ":" + to.port();
        return RegistryException.refused(registry + ": refusing to follow a redirect from " + from.scheme() + "://"
                + from.host() + ":" + from.port() + " to " + target
                + (to != null && !to.isHttps() ? " (HTTPS down to plain HTTP)" : " (a change of scheme)"),
                registry, repository, "REDIRECT_REFUSED", null);
    }

    RegistryException error(Response response, RepositoryName repository, String what) {
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
        String subject = repository == null ? registry : repository.toString();
        String text = switch (code) {
            case 401 -> subject + ": authentication failed (401 " + describe(errorCode, message) + ")"
                    + auth.credential().map(c -> " with " + RegistryAuth.describe(c))
                            .orElse("; no credentials for " + registry + " were found (lading login " + registry + ")");
            case 403 -> subject + ": access denied (403 " + describe(errorCode, message) + ")"
                    + auth.credential().map(c -> " for " + RegistryAuth.describe(c)).orElse(" to anonymous users");
            default -> subject + ": " + what + " failed: " + code + " " + describe(errorCode, message);
        };
        return RegistryException.answered(text, registry, repository, code, errorCode, retryAfter(response));
    }

    private RegistryException unreachable(HttpUrl url, RepositoryName repository, IOException e) {
        String reason = e instanceof UnknownHostException ? "unknown host"
                : e instanceof SSLException ? "TLS failed: " + e.getMessage()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String message = "cannot reach registry " + registry + " (" + url.scheme() + "://" + url.host() + ":"
                + url.port() + "): " + reason;
        // no retry helps a name that does not resolve or a TLS handshake that failed
        return e instanceof SSLException || e instanceof UnknownHostException
                ? RegistryException.refused(message, registry, repository,
                        certificateRefused(e) ? CERTIFICATE_REFUSED : null, e)
                : RegistryException.noAnswer(message, registry, repository, e);
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
