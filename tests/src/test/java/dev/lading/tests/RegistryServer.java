package dev.lading.tests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real registry, {@code docker-registry} (CNCF distribution 2.8), on an ephemeral loopback port with its own
 * configuration and storage in a temporary directory that {@link #close()} removes. Several can run at once.
 */
final class RegistryServer implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who may use the registry. */
    sealed interface Auth permits Anonymous, Htpasswd, Token {
    }

    record Anonymous() implements Auth {
    }

    /** HTTP Basic against an htpasswd file holding this one user. */
    record Htpasswd(String user, String password) implements Auth {
    }

    /** Bearer tokens from {@code tokens}, whose signing certificate the registry trusts. */
    record Token(TokenServer tokens) implements Auth {
    }

    /** How to run a registry: who may use it and, when {@code tls} is present, HTTPS with that CA's certificate. */
    record Setup(Auth auth, Optional<TestCa> tls) {
        static Setup anonymous() {
            return new Setup(new Anonymous(), Optional.empty());
        }

        static Setup htpasswd(String user, String password) {
            return new Setup(new Htpasswd(user, password), Optional.empty());
        }

        static Setup token(TokenServer tokens) {
            return new Setup(new Token(tokens), Optional.empty());
        }

        Setup withTls(TestCa ca) {
            return new Setup(auth, Optional.of(ca));
        }
    }

    private final Setup setup;
    private final Path dir;
    private final Process process;
    private final int port;
    /** Stops the registry when the JVM exits without {@link #close()}: a test run must not leave registries behind. */
    private final Thread reaper;

    private RegistryServer(Setup setup, Path dir, Process process, int port) {
        this.setup = setup;
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.reaper = new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
                deleteTree(dir);
            } catch (InterruptedException | RuntimeException e) {
                // the JVM is going down: what could not be removed stays in the temporary directory
            }
        }, "registry-reaper-" + port);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts a registry and waits until {@code /v2/} answers. The port is found by binding port 0 and letting go;
     * another process may take it in between, so a start that loses that race is retried on a new port.
     */
    static RegistryServer start(Setup setup) throws IOException, InterruptedException {
        return start(setup, READY_TIMEOUT);
    }

    /** As {@link #start(Setup)}, waiting {@code readyTimeout} for the registry to answer. */
    static RegistryServer start(Setup setup, Duration readyTimeout) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("lading-registry-");
        try {
            Path config = writeFiles(dir, setup);
            String failures = "";
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = freePort();
                Files.writeString(config, config(dir, setup, port));
                Path log = dir.resolve("registry.log");
                ProcessBuilder builder = new ProcessBuilder("docker-registry", "serve", config.toString())
                        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
                // REGISTRY_* variables override the file; the tests' registries must not inherit any
                builder.environment().keySet().removeIf(name -> name.startsWith("REGISTRY_"));
                Process process = builder.start();
                RegistryServer registry = new RegistryServer(setup, dir, process, port);
                boolean ready = false;
                try {
                    ready = registry.awaitReady(readyTimeout);
                } finally {
                    if (!ready) {
                        registry.stop();
                    }
                }
                if (ready) {
                    return registry;
                }
                String text = Files.readString(log);
                Files.move(log, dir.resolve("registry-attempt-" + attempt + ".log"));
                failures += "\n--- attempt " + attempt + " on port " + port + "\n" + tail(text);
                if (!text.contains("address already in use")) {
                    break;
                }
            }
            throw new IllegalStateException("docker-registry did not start within " + readyTimeout + failures);
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    Setup setup() {
        return setup;
    }

    int port() {
        return port;
    }

    /** The registry process's id. */
    long pid() {
        return process.pid();
    }

    /** {@code 127.0.0.1:PORT}: clients treat a loopback registry as plain HTTP unless told otherwise. */
    String host() {
        return "127.0.0.1:" + port;
    }

    /** {@code host()/repository}, optionally with {@code :tag}: the reference clients push to. */
    String reference(String repository) {
        return host() + "/" + repository;
    }

    String url(String path) {
        return (setup.tls().isPresent() ? "https://" : "http://") + host() + path;
    }

    Path storageDirectory() {
        return dir.resolve("storage");
    }

    /** What the registry printed so far: its own log and an access log line per request. */
    String log() {
        try {
            return Files.readString(dir.resolve("registry.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * skopeo's transport options for this registry, {@code prefix} being {@code ""} (inspect), {@code "dest-"} or
     * {@code "src-"} (copy): plain HTTP must be allowed explicitly, and HTTPS is verified against the test CA.
     */
    List<String> skopeoTransport(String prefix) {
        if (setup.tls().isEmpty()) {
            return List.of("--" + prefix + "tls-verify=false");
        }
        return List.of("--" + prefix + "cert-dir", dir.resolve("certs.d").toString());
    }

    @Override
    public void close() {
        stop();
        deleteTree(dir);
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is exiting already: the hook runs and finds the process gone
        }
    }

    /**
     * Ready when this process says it listens on our port and {@code /v2/} answers 200 or 401 there; checking the
     * log too keeps us from mistaking another server that took the port for ours.
     */
    private boolean awaitReady(Duration timeout) throws InterruptedException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        setup.tls().ifPresent(ca -> builder.sslContext(ca.sslContext()));
        HttpClient client = builder.build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create(url("/v2/"))).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (log().contains("listening on " + host())) {
                try {
                    int status = client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200 || status == 401) {
                        return true;
                    }
                } catch (IOException e) {
                    // not accepting yet, or still setting up TLS: ask again until the deadline
                }
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** The files the configuration names, other than storage (the registry creates it). */
    private static Path writeFiles(Path dir, Setup setup) throws IOException {
        if (setup.auth() instanceof Htpasswd htpasswd) {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            // cost 5: the registry compares on every request, and these passwords guard nothing
            String hash = OpenBSDBCrypt.generate("2y", htpasswd.password().toCharArray(), salt, 5);
            Files.writeString(dir.resolve("htpasswd"), htpasswd.user() + ":" + hash + "\n");
        } else if (setup.auth() instanceof Token token) {
            Files.writeString(dir.resolve("token-signer.pem"), token.tokens().signingCertificatePem());
        }
        if (setup.tls().isPresent()) {
            setup.tls().get().writeCertDir(dir.resolve("certs.d"));
        }
        return dir.resolve("config.yml");
    }

    private static String config(Path dir, Setup setup, int port) {
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        StringBuilder yaml = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: info\n  formatter: text\n")
                .append("storage:\n")
                .append("  filesystem:\n    rootdirectory: ").append(quoted(dir.resolve("storage"))).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append("http:\n")
                .append("  addr: 127.0.0.1:").append(port).append('\n')
                .append("  secret: ").append(HexFormat.of().formatHex(secret)).append('\n');
        setup.tls().ifPresent(ca -> yaml
                .append("  tls:\n")
                .append("    certificate: ").append(quoted(ca.serverPem())).append('\n')
                .append("    key: ").append(quoted(ca.serverKey())).append('\n'));
        if (setup.auth() instanceof Htpasswd) {
            yaml.append("auth:\n  htpasswd:\n    realm: lading-tests\n")
                    .append("    path: ").append(quoted(dir.resolve("htpasswd"))).append('\n');
        } else if (setup.auth() instanceof Token token) {
            yaml.append("auth:\n  token:\n")
                    .append("    realm: ").append(quoted(token.tokens().realm())).append('\n')
                    .append("    service: ").append(TokenServer.SERVICE).append('\n')
                    .append("    issuer: ").append(TokenServer.ISSUER).append('\n')
                    .append("    rootcertbundle: ").append(quoted(dir.resolve("token-signer.pem"))).append('\n');
        }
        return yaml.toString();
    }

    /** A JSON string is a YAML double-quoted scalar: safe for any path. */
    private static String quoted(Object value) {
        try {
            return JSON.writeValueAsString(value.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + root, e);
        }
    }
}
