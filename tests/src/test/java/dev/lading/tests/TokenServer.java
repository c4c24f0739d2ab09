package dev.lading.tests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A token server speaking the Docker token protocol (distribution's {@code spec/auth/token.md}, GET with optional
 * Basic credentials) and its OAuth2 variant ({@code oauth.md}, POST of a form), issuing ES256 JWTs that a real
 * {@code docker-registry} configured with {@link #signingCertificatePem()} as its {@code rootcertbundle} accepts.
 *
 * <p>The registry (2.8's {@code registry/auth/token}) takes the signing key from the {@code x5c} header and verifies
 * that certificate against the bundle, any key usage allowed; with {@code x5c} present it needs no {@code kid}. It
 * checks {@code iss}, {@code aud} (a string), {@code exp} and {@code nbf} (a minute's leeway each way) and the
 * ES256 signature, which JWS wants as the raw r||s pair.
 *
 * <p>An authenticated user gets whatever it asks for on any repository; an anonymous caller gets {@code pull} on
 * the repositories under {@link #anonymousPull(String)}, nothing elsewhere (an empty grant is still a 200, as the
 * spec wants). Every request is recorded for assertions, without its password.
 */
final class TokenServer implements AutoCloseable {
    static final String SERVICE = "lading-test-registry";
    static final String ISSUER = "lading-test-token-server";

    /** Which of the two token fields a GET answer carries: servers differ, clients must read both. */
    enum TokenFields { BOTH, TOKEN_ONLY, ACCESS_TOKEN_ONLY }

    /** One request as the server saw it; {@code user} is empty for anonymous and rejected callers. */
    record Request(String method, String service, List<String> scopes, Optional<String> grantType,
            boolean authorization, Optional<String> user, int status) {
    }

    /** One entry of a token's {@code access} claim. */
    record Access(String type, String name, List<String> actions) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(Daemons.named("token-server"));
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private volatile String anonymousPullPrefix;
    private volatile long expiresIn = 300;
    private volatile TokenFields tokenFields = TokenFields.BOTH;
    private volatile boolean getOnly;
    private volatile KeyPair forger;

    private TokenServer(HttpServer server, KeyPair keys, X509Certificate certificate) {
        this.server = server;
        this.keys = keys;
        this.certificate = certificate;
    }

    static TokenServer start() throws IOException {
        return start(null);
    }

    /** A token server on HTTPS with {@code tls}'s server certificate, as public registries' token servers are. */
    static TokenServer startTls(TestCa tls) throws IOException {
        return start(tls);
    }

    private static TokenServer start(TestCa tls) throws IOException {
        try {
            KeyPair keys = TestCa.ecKeyPair();
            X509Certificate certificate = TestCa.selfSigned(keys, "lading test token signer", false);
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            HttpServer http;
            if (tls == null) {
                http = HttpServer.create(loopback, 0);
            } else {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(loopback, 0);
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls.serverSslContext()));
                http = https;
            }
            TokenServer tokens = new TokenServer(http, keys, certificate);
            http.createContext("/token", tokens::handle);
            http.setExecutor(tokens.executor);
            http.start();
            return tokens;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a signing key for the token server", e);
        }
    }

    String realm() {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The registry's {@code rootcertbundle}: the self-signed certificate whose key signs every token. */
    String signingCertificatePem() {
        return TestCa.pem(certificate);
    }

    TokenServer addUser(String name, String password) {
        passwords.put(name, password);
        return this;
    }

    /** An identity token (OAuth2 refresh token), as {@code docker login} stores for some registries. */
    TokenServer addRefreshToken(String token, String user) {
        refreshTokens.put(token, user);
        return this;
    }

    /** Lets anonymous callers pull the repositories whose names start with {@code prefix}. */
    TokenServer anonymousPull(String prefix) {
        anonymousPullPrefix = prefix;
        return this;
    }

    /** Signs every later token with a key the registry does not trust: tokens it hands out, the registry refuses. */
    TokenServer forgeTokens() {
        try {
            forger = TestCa.ecKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a key for forged tokens", e);
        }
        return this;
    }

    TokenServer expiresIn(long seconds) {
        expiresIn = seconds;
        return this;
    }

    TokenServer tokenFields(TokenFields fields) {
        tokenFields = fields;
        return this;
    }

    /** Answers POST with 404, as token servers without OAuth2 do; clients must fall back to GET. */
    TokenServer useGetOnly() {
        getOnly = true;
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every token this server signed (and every refresh token it handed out), for checks that none leaks. */
    List<String> issuedTokens() {
        return List.copyOf(issued);
    }

    void clearRequests() {
        requests.clear();
    }

    /**
     * Signs a token as this server would: for tests that hand a registry a token directly, or one this server's
     * registry must refuse (another server's, another audience's).
     */
    String issue(String subject, String audience, List<Access> access) {
        Instant now = Instant.now();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "ES256");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("aud", audience);
        claims.put("exp", now.getEpochSecond() + expiresIn);
        claims.put("nbf", now.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", randomId());
        claims.put("access", access);
        try {
            header.put("x5c", List.of(Base64.getEncoder().encodeToString(certificate.getEncoded())));
            String signed = base64Url(JSON.writeValueAsBytes(header)) + "." + base64Url(JSON.writeValueAsBytes(claims));
            // JWS wants r||s, 32 bytes each (RFC 7518 3.4), not the DER sequence plain SHA256withECDSA produces
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign((forger != null ? forger : keys).getPrivate());
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            String token = signed + "." + base64Url(signature.sign());
            issued.add(token);
            return token;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("signing a token", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "GET" -> get(exchange);
                case "POST" -> post(exchange);
                default -> answer(exchange, 405, Map.of("error", "unsupported method"));
            }
        }
    }

    private void get(HttpExchange exchange) throws IOException {
        Form query = Form.parse(exchange.getRequestURI().getRawQuery());
        List<String> scopes = query.all("scope").stream().flatMap(s -> Arrays.stream(s.split(" ")))
                .filter(s -> !s.isEmpty()).toList();
        String service = query.first("service");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Optional<String> user = Optional.empty();
        if (authorization != null) {
            user = basicUser(authorization);
            if (user.isEmpty()) {
                reject(exchange, "GET", service, scopes, Optional.empty(), true);
                return;
            }
        }
        List<Access> granted = grant(user, scopes);
        String token = issue(user.orElse(""), service, granted);
        Map<String, Object> body = new LinkedHashMap<>();
        if (tokenFields != TokenFields.ACCESS_TOKEN_ONLY) {
            body.put("token", token);
        }
        if (tokenFields != TokenFields.TOKEN_ONLY) {
            body.put("access_token", token);
        }
        body.put("expires_in", expiresIn);
        body.put("issued_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (user.isPresent() && "true".equals(query.first("offline_token"))) {
            body.put("refresh_token", newRefreshToken(user.get()));
        }
        record("GET", service, scopes, Optional.empty(), authorization != null, user, 200);
        answer(exchange, 200, body);
    }

    private void post(HttpExchange exchange) throws IOException {
        Form form = Form.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String service = form.first("service");
        List<String> scopes = Arrays.stream(form.first("scope").split(" ")).filter(s -> !s.isEmpty()).toList();
        Optional<String> grantType = Optional.of(form.first("grant_type")).filter(g -> !g.isEmpty());
        boolean authorization = exchange.getRequestHeaders().containsKey("Authorization");
        if (getOnly) {
            record("POST", service, scopes, grantType, authorization, Optional.empty(), 404);
            answer(exchange, 404, Map.of("error", "not found"));
            return;
        }
        Optional<String> user = switch (grantType.orElse("")) {
            case "password" -> Optional.of(form.first("username"))
                    .filter(name -> passwordMatches(name, form.first("password")));
            case "refresh_token" -> Optional.ofNullable(refreshTokens.get(form.first("refresh_token")));
            default -> Optional.empty();
        };
        if (user.isEmpty()) {
            reject(exchange, "POST", service, scopes, grantType, authorization);
            return;
        }
        List<Access> granted = grant(user, scopes);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issue(user.get(), service, granted));
        body.put("expires_in", expiresIn);
        body.put("scope", String.join(" ", granted.stream()
                .map(a -> a.type() + ":" + a.name() + ":" + String.join(",", a.actions())).toList()));
        body.put("issued_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (grantType.get().equals("password") && "offline".equals(form.first("access_type"))) {
            body.put("refresh_token", newRefreshToken(user.get()));
        }
        record("POST", service, scopes, grantType, authorization, user, 200);
        answer(exchange, 200, body);
    }

    private void reject(HttpExchange exchange, String method, String service, List<String> scopes,
            Optional<String> grantType, boolean authorization) throws IOException {
        record(method, service, scopes, grantType, authorization, Optional.empty(), 401);
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + ISSUER + "\"");
        answer(exchange, 401, Map.of("details", "incorrect username, password or refresh token"));
    }

    private void record(String method, String service, List<String> scopes,
            Optional<String> grantType, boolean authorization, Optional<String> user, int status) {
        requests.add(new Request(method, service, scopes, grantType, authorization, user, status));
    }

    /** The user named by {@code Authorization: Basic}, when the password is right. */
    private Optional<String> basicUser(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String name = decoded.substring(0, colon);
        return passwordMatches(name, decoded.substring(colon + 1)) ? Optional.of(name) : Optional.empty();
    }

    private boolean passwordMatches(String user, String password) {
        return !password.isEmpty() && password.equals(passwords.get(user));
    }

    /** Scopes are {@code type:name:actions}; the name may hold a {@code host:port}, so split at the outer colons. */
    private List<Access> grant(Optional<String> user, List<String> scopes) {
        List<Access> granted = new ArrayList<>();
        for (String scope : scopes) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first < 0 || first == last) {
                continue;
            }
            String type = scope.substring(0, first);
            String name = scope.substring(first + 1, last);
            List<String> actions = List.of(scope.substring(last + 1).split(","));
            if (user.isPresent()) {
                granted.add(new Access(type, name, actions));
            } else if (type.equals("repository") && actions.contains("pull") && anonymousPullPrefix != null
                    && name.startsWith(anonymousPullPrefix)) {
                granted.add(new Access(type, name, List.of("pull")));
            }
        }
        return granted;
    }

    private String newRefreshToken(String user) {
        String token = randomId();
        refreshTokens.put(token, user);
        issued.add(token);
        return token;
    }

    private static void answer(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** An {@code application/x-www-form-urlencoded} query or body; a missing field reads as empty. */
    private record Form(List<Map.Entry<String, String>> fields) {
        static Form parse(String raw) {
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    if (!pair.isEmpty()) {
                        int equals = pair.indexOf('=');
                        String name = equals < 0 ? pair : pair.substring(0, equals);
                        String value = equals < 0 ? "" : pair.substring(equals + 1);
                        fields.add(Map.entry(decode(name), decode(value)));
                    }
                }
            }
            return new Form(fields);
        }

        List<String> all(String name) {
            return fields.stream().filter(f -> f.getKey().equals(name)).map(Map.Entry::getValue).toList();
        }

        String first(String name) {
            return all(name).stream().findFirst().orElse("");
        }

        private static String decode(String text) {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
    }
}
