package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lading inspect} against a registry that answers its first contact and then drips an answer a byte at a
 * time, each byte restarting any socket timeout: the command fails with exit 1 in seconds, naming the registry and
 * what stalled. The limits are shortened with the hidden {@code --stall-limits}; the defaults are checked by
 * {@code DeadlinesTest} of the registry client.
 */
class StalledRegistryTest {
    private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    /** A config of this size at the drip's rate would take over 9 hours. */
    private static final int CONFIG_BYTES = 64 << 10;

    @TempDir
    Path work;

    @Test
    void drippedManifestFailsAtTheDocumentDeadline() throws Exception {
        try (DripServer server = DripServer.start(target -> target.contains("/manifests/") ? Answer.DRIP
                : Answer.NOT_FOUND)) {
            Run run = inspect(server, "--stall-limits", "3,1024,30");

            assertTrue(run.result().stderr().contains(server.host()), run.result().toString());
            assertTrue(run.result().stderr().contains("GET /v2/app/manifests/v1 stalled: no complete answer within"
                    + " 3 s"), run.result().toString());
            assertTrue(run.took().compareTo(Duration.ofSeconds(30)) < 0, "took " + run.took());
        }
    }

    @Test
    void drippedConfigBlobFailsUnderTheMinimumRate() throws Exception {
        byte[] config = new byte[CONFIG_BYTES];
        java.util.Arrays.fill(config, (byte) ' ');
        config[0] = '{';
        config[config.length - 1] = '}';
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + sha256(config)
                + "\",\"size\":" + config.length + "},\"layers\":[]}";
        try (DripServer server = DripServer.start(target -> target.contains("/manifests/") ? Answer.of(manifest)
                : target.contains("/blobs/") ? Answer.DRIP : Answer.NOT_FOUND)) {
            // the document deadline (30 s plus the config's 64 s at 1 KiB/s) is far off: the rate decides
            Run run = inspect(server, "--stall-limits", "30,1024,2");

            assertTrue(run.result().stderr().contains(server.host()), run.result().toString());
            assertTrue(run.result().stderr().contains("/blobs/sha256:" + sha256(config) + " stalled: under 1 KiB/s"
                    + " for 2 s"), run.result().toString());
            assertTrue(run.took().compareTo(Duration.ofSeconds(30)) < 0, "took " + run.took());
        }
    }

    private record Run(Tool.Result result, Duration took) {
    }

    private Run inspect(DripServer server, String... options) throws Exception {
        Lading lading = new Lading(work.resolve("home"));
        List<String> args = new java.util.ArrayList<>(List.of("inspect", server.host() + "/app:v1", "--retries", "0"));
        args.addAll(List.of(options));
        long started = System.nanoTime();
        Tool.Result result = lading.fails(1, args.toArray(String[]::new));
        return new Run(result, Duration.ofNanos(System.nanoTime() - started));
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** How the server answers one request. */
    private record Answer(int status, String body, boolean drip) {
        static final Answer NOT_FOUND = new Answer(404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}", false);
        static final Answer DRIP = new Answer(200, " ".repeat(CONFIG_BYTES), true);

        static Answer of(String body) {
            return new Answer(200, body, false);
        }
    }

    /** Which answer a request target ({@code /v2/...}) gets; the first contact, {@code /v2/}, is always answered. */
    @FunctionalInterface
    private interface Route {
        Answer answer(String target);
    }

    /**
     * A loopback HTTP server that answers at once or drips: the head at once, then one body byte every half second
     * (at most a minute's worth, so that a client that never gives up does not hold the test forever).
     */
    private static final class DripServer implements AutoCloseable {
        private static final int MAX_DRIPS = 120;
        private final ServerSocket server;
        private final Route route;
        private final ExecutorService connections = Executors.newCachedThreadPool(Daemons.named("drip-server"));

        private DripServer(Route route) throws IOException {
            this.route = route;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }

        static DripServer start(Route route) throws IOException {
            DripServer drip = new DripServer(route);
            drip.connections.execute(drip::accept);
            return drip;
        }

        String host() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    connections.execute(() -> serve(client));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (client) {
                InputStream in = new BufferedInputStream(client.getInputStream());
                OutputStream out = client.getOutputStream();
                for (Optional<HttpWire.Head> head = HttpWire.Head.read(in); head.isPresent();
                        head = HttpWire.Head.read(in)) {
                    String target = head.get().second();
                    Answer answer = target.equals("/v2/") ? Answer.of("{}") : route.answer(target);
                    String type = target.contains("/manifests/") ? MANIFEST_TYPE : "application/json";
                    List<String> headers = List.of("Content-Type: " + type,
                            "Docker-Distribution-Api-Version: registry/2.0");
                    byte[] message = HttpWire.response(answer.status(), answer.status() == 200 ? "OK" : "Not Found",
                            headers, answer.body());
                    if (!answer.drip()) {
                        out.write(message);
                        out.flush();
                        continue;
                    }
                    int headLength = message.length - answer.body().getBytes(StandardCharsets.UTF_8).length;
                    out.write(message, 0, headLength);
                    out.flush();
                    for (int i = 0; i < MAX_DRIPS; i++) {
                        out.write(' ');
                        out.flush();
                        Thread.sleep(500);
                    }
                    return;
                }
            } catch (IOException e) {
                // the client gave up: what the test waits for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            connections.shutdownNow();
        }
    }
}
