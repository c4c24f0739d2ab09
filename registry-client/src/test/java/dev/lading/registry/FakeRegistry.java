package dev.lading.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lading.core.model.Digest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.RepositoryName;
import dev.lading.registry.auth.CredentialSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import okio.ByteString;

/**
 * A registry played by MockWebServer, for the corner cases a real one never produces. Requests are routed by method
 * and path prefix, the route added last winning, so a test replaces one endpoint of the well-behaved registry that
 * {@link #acceptPushes} sets up. The TLS ClientHello that a loopback client sends before falling back to plain HTTP
 * never reaches the routes; every request that does is kept, in order, for assertions.
 */
final class FakeRegistry implements AutoCloseable {
    /** The smallest document that reads as an OCI image manifest. */
    static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\"}";

    /** Quiet about the connections {@link PlainHttpOnly} ends, which it reports as requests never made. */
    private static final Logger SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

    static {
        SERVER_LOG.setLevel(Level.SEVERE);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Short waits, so that retried tests stay fast. */
    static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(10), 2, Duration.ofSeconds(2), 30);

    /** Answers a request, or returns null to leave it to the routes added before. */
    @FunctionalInterface
    interface Handler {
        MockResponse answer(RecordedRequest request) throws Exception;
    }

    private record Route(String method, String pathPrefix, Handler handler) {
    }

    private final MockWebServer server = new MockWebServer();
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile MockResponse announced;
    /** Blobs and manifests stored by the routes of {@link #acceptPushes}, by digest and by reference. */
    final Map<Digest, ByteString> blobs = new ConcurrentHashMap<>();
    final Map<String, ByteString> manifests = new ConcurrentHashMap<>();

    private FakeRegistry() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return route(request, 0);
            }

            /** MockWebServer asks before reading a body what the answer will do to it. */
            @Override
            public MockResponse peek() {
                MockResponse next = announced;
                return next != null ? next : super.peek();
            }
        });
        on("GET", "/v2/", request -> status(200));
    }

    /** A plain HTTP registry on 127.0.0.1, which the client reaches after its HTTPS attempt fails. */
    static FakeRegistry start() throws IOException {
        return start(null);
    }

    /** A registry on 127.0.0.1 speaking HTTPS with the given server certificates, or plain HTTP for null. */
    static FakeRegistry start(SSLSocketFactory tls) throws IOException {
        return start(tls, InetAddress.getByName("127.0.0.1"));
    }

    static FakeRegistry start(SSLSocketFactory tls, InetAddress address) throws IOException {
        FakeRegistry registry = new FakeRegistry();
        if (tls != null) {
            registry.server.useHttps(tls);
        } else {
            registry.server.setServerSocketFactory(new PlainHttpOnly());
        }
        registry.server.start(address, 0);
        return registry;
    }

    /** {@code host:port} as a reference names this registry. */
    String registry() {
        return server.getSocketAddress().getAddress().getHostAddress() + ":" + server.getPort();
    }

    /** The repository {@code path} of this registry. */
    RepositoryName repository(String path) {
        return new RepositoryName(registry(), path);
    }

    int port() {
        return server.getPort();
    }

    /** Answers requests of {@code method} whose path starts with {@code pathPrefix}, before earlier routes. */
    FakeRegistry on(String method, String pathPrefix, Handler handler) {
        routes.add(0, new Route(method, pathPrefix, handler));
        return this;
    }

    /**
     * Lets the routes added so far answer, then changes their answer, e.g. to drop the connection instead of
     * sending it.
     */
    FakeRegistry then(String method, String pathPrefix, UnaryOperator<MockResponse> change) {
        int earlier = routes.size();
        return on(method, pathPrefix, request -> change.apply(route(request, routes.size() - earlier)));
    }

    /**
     * Until {@link #stopBreakingBodies}, the connection of every request with a body is shut down half-way
     * through that body, as a network failure mid-upload would.
     */
    void breakBodies() {
        announced = new MockResponse.Builder().onRequestBody(SocketEffect.ShutdownConnection.INSTANCE).build();
    }

    void stopBreakingBodies() {
        announced = null;
    }

    /** Every request the routes saw, the ping included. */
    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    List<RecordedRequest> requests(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.getMethod().equals(method)
                && r.getUrl().encodedPath().startsWith(pathPrefix)).toList();
    }

    /** {@code METHOD path} of each request, in order. */
    List<String> log() {
        return requests.stream().map(r -> r.getMethod() + " " + r.getUrl().encodedPath()).toList();
    }

    private MockResponse route(RecordedRequest request, int from) {
        for (Route route : routes.subList(from, routes.size())) {
            if (route.method().equals(request.getMethod())
                    && request.getUrl().encodedPath().startsWith(route.pathPrefix())) {
                try {
                    MockResponse answer = route.handler().answer(request);
                    if (answer != null) {
                        return answer;
                    }
                } catch (Exception e) {
                    return error(500, "UNKNOWN", "the fake registry failed: " + e);
                }
            }
        }
        return error(404, "NOT_FOUND", "no route for " + request.getMethod() + " " + request.getTarget());
    }

    /**
     * Routes that behave as the distribution spec says for {@code repository}: blob existence, monolithic and
     * streamed uploads (relative Locations with a {@code _state} that must come back), upload status, manifests.
     */
    FakeRegistry acceptPushes(String repository) {
        String v2 = "/v2/" + repository;
        Map<String, Buffer> sessions = new ConcurrentHashMap<>();
        AtomicInteger ids = new AtomicInteger();
        on("HEAD", v2 + "/blobs/", request -> {
            ByteString blob = blobs.get(Digest.parse(last(request)));
            return blob == null ? status(404)
                    : new MockResponse.Builder().code(200).addHeader("Content-Length", blob.size()).build();
        });
        on("GET", v2 + "/blobs/", request -> {
            ByteString blob = blobs.get(Digest.parse(last(request)));
            return blob == null ? error(404, "BLOB_UNKNOWN", "no such blob")
                    : new MockResponse.Builder().code(200).body(new Buffer().write(blob)).build();
        });
        on("POST", v2 + "/blobs/uploads/", request -> {
            String id = "u" + ids.incrementAndGet();
            sessions.put(id, new Buffer());
            return uploadSession(v2, id, 0);
        });
        on("PATCH", v2 + "/blobs/uploads/", request -> {
            Buffer session = sessions.get(last(request));
            if (session == null || !stateMatches(request, session)) {
                return error(404, "BLOB_UPLOAD_UNKNOWN", "no such upload");
            }
            session.write(request.getBody());
            return uploadSession(v2, last(request), session.size());
        });
        on("GET", v2 + "/blobs/uploads/", request -> {
            Buffer session = sessions.get(last(request));
            return session == null ? error(404, "BLOB_UPLOAD_UNKNOWN", "no such upload")
                    : uploadSession(v2, last(request), session.size()).newBuilder().code(204).build();
        });
        on("PUT", v2 + "/blobs/uploads/", request -> {
            Buffer session = sessions.remove(last(request));
            if (session == null || !stateMatches(request, session)) {
                return error(404, "BLOB_UPLOAD_UNKNOWN", "no such upload");
            }
            ByteString bytes = session.write(request.getBody()).readByteString();
            Digest digest = Digest.sha256(bytes.toByteArray());
            if (!digest.toString().equals(request.getUrl().queryParameter("digest"))) {
                return error(400, "DIGEST_INVALID", "the content hashes to " + digest);
            }
            blobs.put(digest, bytes);
            return new MockResponse.Builder().code(201).addHeader("Docker-Content-Digest", digest).build();
        });
        on("PUT", v2 + "/manifests/", request -> {
            manifests.put(last(request), request.getBody());
            return new MockResponse.Builder().code(201)
                    .addHeader("Docker-Content-Digest", Digest.sha256(request.getBody().toByteArray())).build();
        });
        return this;
    }

    /**
     * HEAD and GET of the manifests {@link #acceptPushes} stored, by tag or digest, as a registry answers them:
     * the stored bytes, their {@code mediaType} as the content type, and their digest.
     */
    FakeRegistry serveManifests(String repository) {
        Handler read = request -> {
            ByteString stored = manifests.get(last(request));
            if (stored == null) {
                return error(404, "MANIFEST_UNKNOWN", "manifest unknown to registry");
            }
            MockResponse.Builder answer = new MockResponse.Builder().code(200)
                    .addHeader("Content-Type", JSON.readTree(stored.utf8()).path("mediaType").asText())
                    .addHeader("Docker-Content-Digest", Digest.sha256(stored.toByteArray()));
            return "HEAD".equals(request.getMethod())
                    ? answer.addHeader("Content-Length", stored.size()).build()
                    : answer.body(new Buffer().write(stored)).build();
        };
        on("HEAD", "/v2/" + repository + "/manifests/", read);
        on("GET", "/v2/" + repository + "/manifests/", read);
        return this;
    }

    /**
     * The referrers API of the OCI distribution spec 1.1 for {@code repository}, on top of {@link #acceptPushes}.
     * A manifest put with a {@code subject} is indexed under the subject's digest and answered with the header
     * {@code OCI-Subject: <subject digest>}. {@code GET /v2/<name>/referrers/<digest>} answers 200 with an OCI
     * image index (that content type) of a descriptor per referrer: its media type, digest and size, its
     * {@code artifactType} (else, for an image manifest, its config's media type; an index without one has none)
     * and its annotations; a subject nobody refers to gets an empty {@code manifests} list, never a 404; a
     * malformed digest gets a 400. {@code ?artifactType=} filters the list, and the answer then says so with
     * {@code OCI-Filters-Applied: artifactType}. Without this, the fake is a registry that predates the API (as
     * docker-registry 2.8 does): the referrers path is a 404 and no {@code OCI-Subject} comes back.
     */
    FakeRegistry serveReferrers(String repository) {
        String v2 = "/v2/" + repository;
        Map<Digest, Map<Digest, ObjectNode>> referrers = new ConcurrentHashMap<>();
        on("PUT", v2 + "/manifests/", request -> {
            ByteString body = request.getBody();
            JsonNode document = JSON.readTree(body.utf8());
            if (!document.path("subject").has("digest")) {
                return null;
            }
            Digest subject = Digest.parse(document.get("subject").get("digest").asText());
            Digest digest = Digest.sha256(body.toByteArray());
            ObjectNode descriptor = JSON.createObjectNode().put("mediaType", document.path("mediaType").asText())
                    .put("digest", digest.toString()).put("size", body.size());
            String artifactType = document.path("artifactType").asText("");
            if (artifactType.isEmpty() && document.has("config")) {
                artifactType = document.get("config").path("mediaType").asText("");
            }
            if (!artifactType.isEmpty()) {
                descriptor.put("artifactType", artifactType);
            }
            if (document.has("annotations")) {
                descriptor.set("annotations", document.get("annotations"));
            }
            manifests.put(last(request), body);
            referrers.computeIfAbsent(subject, key -> java.util.Collections.synchronizedMap(
                    new java.util.LinkedHashMap<>())).put(digest, descriptor);
            return new MockResponse.Builder().code(201).addHeader("Docker-Content-Digest", digest)
                    .addHeader("OCI-Subject", subject).build();
        });
        on("GET", v2 + "/referrers/", request -> {
            Digest subject;
            try {
                subject = Digest.parse(last(request));
            } catch (RuntimeException e) {
                return error(400, "DIGEST_INVALID", "not a digest: " + last(request));
            }
            String filter = request.getUrl().queryParameter("artifactType");
            ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
            var listed = index.putArray("manifests");
            List<ObjectNode> all;
            Map<Digest, ObjectNode> known = referrers.getOrDefault(subject, Map.of());
            synchronized (known) {
                all = List.copyOf(known.values());
            }
            all.stream().filter(d -> filter == null || filter.equals(d.path("artifactType").asText(null)))
                    .forEach(listed::add);
            MockResponse.Builder answer = new MockResponse.Builder().code(200)
                    .addHeader("Content-Type", MediaTypes.OCI_INDEX).body(JSON.writeValueAsString(index));
            if (filter != null) {
                answer.addHeader("OCI-Filters-Applied", "artifactType");
            }
            return answer.build();
        });
        return this;
    }

    /** An open upload: {@code Location} relative, with the state of {@code received} bytes in its query. */
    private static MockResponse uploadSession(String v2, String id, long received) {
        return new MockResponse.Builder().code(202)
                .addHeader("Location", v2 + "/blobs/uploads/" + id + "?_state=" + id + "-" + received)
                .addHeader("Range", "0-" + Math.max(0, received - 1)).build();
    }

    /** The distribution registry refuses a session URL whose state is not the one it handed out last. */
    private static boolean stateMatches(RecordedRequest request, Buffer session) {
        return (last(request) + "-" + session.size()).equals(request.getUrl().queryParameter("_state"));
    }

    /** The last path segment: the digest, reference or upload id. */
    static String last(RecordedRequest request) {
        List<String> segments = request.getUrl().pathSegments();
        return segments.get(segments.size() - 1);
    }

    static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).build();
    }

    /** An error answer with the JSON body of the distribution spec. */
    static MockResponse error(int code, String errorCode, String message) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
                .body("{\"errors\":[{\"code\":\"" + errorCode + "\",\"message\":\"" + message + "\"}]}").build();
    }

    /** A client for this registry (any registry, in fact) with fast retries, reporting to {@code listener}. */
    static RegistryClient client(CredentialSource credentials, TransferListener listener) {
        return new RegistryClient(options(credentials, listener));
    }

    static RegistryOptions options(CredentialSource credentials, TransferListener listener) {
        return RegistryOptions.defaults(credentials).withRetry(FAST_RETRY).withListener(listener);
    }

    /** Requests as {@code METHOD path}, for a readable assertion message. */
    static List<String> describe(List<RecordedRequest> requests) {
        List<String> lines = new ArrayList<>();
        requests.forEach(r -> lines.add(r.getMethod() + " " + r.getTarget()));
        return lines;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /**
     * Server sockets whose connections end at once when the client opens with a TLS record, as a plain HTTP server
     * that rejects the ClientHello would. MockWebServer itself waits for a line end, which a ClientHello may never
     * contain: the client's HTTPS attempt would then hang instead of failing over to plain HTTP.
     */
    private static final class PlainHttpOnly extends ServerSocketFactory {
        private static final int TLS_HANDSHAKE_RECORD = 0x16;

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new ServerSocket() {
                @Override
                public Socket accept() throws IOException {
                    Socket socket = new TlsRefusingSocket();
                    implAccept(socket);
                    return socket;
                }
            };
        }

        @Override
        public ServerSocket createServerSocket(int port) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) {
            throw new UnsupportedOperationException();
        }

        private static final class TlsRefusingSocket extends Socket {
            private InputStream in;

            @Override
            public synchronized InputStream getInputStream() throws IOException {
                if (in == null) {
                    PushbackInputStream source = new PushbackInputStream(super.getInputStream(), 1);
                    in = new FilterInputStream(source) {
                        private boolean checked;

                        @Override
                        public int read() throws IOException {
                            byte[] one = new byte[1];
                            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                        }

                        @Override
                        public int read(byte[] buffer, int offset, int length) throws IOException {
                            if (!checked) {
                                checked = true;
                                int first = source.read();
                                if (first == TLS_HANDSHAKE_RECORD) {
                                    TlsRefusingSocket.this.close();
                                    return -1;
                                }
                                if (first >= 0) {
                                    source.unread(first);
                                }
                            }
                            return super.read(buffer, offset, length);
                        }
                    };
                }
                return in;
            }
        }
    }
}
