package dev.lading.tests;

import dev.lading.tests.HttpWire.Fixed;
import dev.lading.tests.HttpWire.Framing;
import dev.lading.tests.HttpWire.Head;
import dev.lading.tests.HttpWire.UntilClose;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reverse proxy in front of a plain-HTTP registry that breaks requests the way networks and busy registries
 * do, as its {@link FaultPlan} says. It passes messages through byte for byte, {@code Host} included, so the
 * registry's {@code Location} URLs lead back through the proxy.
 */
final class FaultProxy implements AutoCloseable {
    /** What happens to one request. */
    enum Fault {
        /** Forwarded, answered as the registry answered. */
        PASS,
        /** 503, not forwarded. */
        SERVICE_UNAVAILABLE,
        /** 429 with {@code Retry-After}, not forwarded. */
        TOO_MANY_REQUESTS,
        /** Part of the request body is read, then the connection closes; nothing reaches the registry. */
        DROP_REQUEST_BODY,
        /** The registry gets the whole request and answers, but the answer is lost: the connection closes. */
        DROP_AFTER_UPSTREAM,
        /** Forwarded; the client gets the head and half the body (half the head if there is no body). */
        TRUNCATE_RESPONSE,
        /**
         * The head and the first {@link #cutAfter(long)} bytes of the body reach the registry, then both connections
         * close: the registry holds part of the body, the client gets no answer.
         */
        CUT_REQUEST_BODY
    }

    /** One request, what the plan did to it and how many bytes of its body (as framed on the wire) reached the registry. */
    record Exchange(String method, String target, Fault fault, AtomicLong forwarded) {
        long bodyBytes() {
            return forwarded.get();
        }

        @Override
        public String toString() {
            return method + " " + target + " " + fault + (forwarded.get() > 0 ? " (" + forwarded.get() + " bytes)" : "");
        }
    }

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final String upstreamHost;
    private final int upstreamPort;
    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(Daemons.named("fault-proxy"));
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private volatile FaultPlan plan;
    private volatile int retryAfterSeconds = 1;
    private volatile long cutAfter = 1 << 20;

    private FaultProxy(String upstream, FaultPlan plan) throws IOException {
        int colon = upstream.lastIndexOf(':');
        this.upstreamHost = upstream.substring(0, colon);
        this.upstreamPort = Integer.parseInt(upstream.substring(colon + 1));
        this.plan = plan;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** @param upstream {@code host:port} of a plain-HTTP server, e.g. {@link RegistryServer#host()} */
    static FaultProxy start(String upstream, FaultPlan plan) throws IOException {
        FaultProxy proxy = new FaultProxy(upstream, plan);
        proxy.connections.execute(proxy::accept);
        return proxy;
    }

    /** Replaces the plan, for the requests from now on. */
    FaultProxy plan(FaultPlan next) {
        plan = next;
        return this;
    }

    FaultProxy retryAfter(int seconds) {
        retryAfterSeconds = seconds;
        return this;
    }

    /** How many body bytes {@link Fault#CUT_REQUEST_BODY} lets through. */
    FaultProxy cutAfter(long bytes) {
        cutAfter = bytes;
        return this;
    }

    int port() {
        return server.getLocalPort();
    }

    String host() {
        return "127.0.0.1:" + port();
    }

    String url(String path) {
        return "http://" + host() + path;
    }

    List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    int count(Fault fault) {
        return (int) exchanges.stream().filter(e -> e.fault() == fault).count();
    }

    Map<Fault, Integer> counts() {
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        Arrays.stream(Fault.values()).forEach(f -> counts.put(f, count(f)));
        return counts;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        connections.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One client connection: requests one after another (keep-alive), over one upstream connection. */
    private void serve(Socket client) {
        Upstream upstream = new Upstream();
        try (client; upstream) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            if (startsTls(in)) {
                // a client trying HTTPS first (skopeo without TLS verification does) would otherwise wait for
                // an answer to its hello until it times out; refusing at once lets it fall back to plain HTTP
                out.write(HttpWire.response(400, "Bad Request", List.of("Connection: close"), "plain HTTP only"));
                out.flush();
                return;
            }
            for (Optional<Head> head = Head.read(in); head.isPresent(); head = Head.read(in)) {
                Head request = head.get();
                Fault fault = plan.decide(request.first() + " " + request.second());
                Exchange exchange = new Exchange(request.first(), request.second(), fault, new AtomicLong());
                exchanges.add(exchange);
                if (!handle(exchange, request, in, out, upstream) || request.hasToken("Connection", "close")) {
                    break;
                }
            }
        } catch (IOException e) {
            // the client or the registry went away; so does this connection
        } finally {
            sockets.remove(client);
        }
    }

    /** A TLS record starts with the handshake content type, 22; no HTTP method does. */
    private static boolean startsTls(InputStream in) throws IOException {
        in.mark(1);
        int first = in.read();
        in.reset();
        return first == 0x16;
    }

    /** @return whether the client connection stays open for another request */
    private boolean handle(Exchange exchange, Head request, InputStream in, OutputStream out, Upstream upstream)
            throws IOException {
        Fault fault = exchange.fault();
        Framing body = request.requestFraming();
        boolean expectsContinue = request.hasToken("Expect", "100-continue");
        switch (fault) {
            case SERVICE_UNAVAILABLE, TOO_MANY_REQUESTS -> {
                // unread body bytes would make closing the socket a reset that can destroy the answer in flight;
                // a client waiting for 100 Continue has sent none, and the connection ends after the answer
                if (!expectsContinue) {
                    HttpWire.copyBody(in, OutputStream.nullOutputStream(), body);
                }
                out.write(injected(fault, expectsContinue, request.first().equals("HEAD")));
                out.flush();
                return !expectsContinue;
            }
            case DROP_REQUEST_BODY -> {
                allowBody(expectsContinue, out);
                long half = body instanceof Fixed fixed ? fixed.length() / 2 : 1;
                in.readNBytes((int) Math.min(half, 1 << 20));
                return false;
            }
            case CUT_REQUEST_BODY -> {
                allowBody(expectsContinue, out);
                Socket socket = upstream.open(upstreamHost, upstreamPort);
                OutputStream toRegistry = new BufferedOutputStream(socket.getOutputStream());
                toRegistry.write(request.without("Expect").bytes());
                // the first bytes of the body as framed on the wire, whatever the framing: the registry sees it end early
                HttpWire.copyBody(in, new Counting(toRegistry, exchange.forwarded()), new Fixed(cutAfter));
                toRegistry.flush();
                return false; // closing both connections here is the fault
            }
            default -> {
                allowBody(expectsContinue, out);
                return forward(exchange, request.without("Expect"), body, in, out, upstream);
            }
        }
    }

    /** The proxy answers {@code Expect: 100-continue} itself and forwards the request without it. */
    private static void allowBody(boolean expectsContinue, OutputStream out) throws IOException {
        if (expectsContinue) {
            out.write(CONTINUE);
            out.flush();
        }
    }

    private boolean forward(Exchange exchange, Head request, Framing body, InputStream in, OutputStream out,
            Upstream upstream) throws IOException {
        Fault fault = exchange.fault();
        Socket socket = upstream.open(upstreamHost, upstreamPort);
        OutputStream toRegistry = new BufferedOutputStream(socket.getOutputStream());
        toRegistry.write(request.bytes());
        HttpWire.copyBody(in, new Counting(toRegistry, exchange.forwarded()), body);
        toRegistry.flush();
        InputStream fromRegistry = upstream.in();
        Head response = Head.read(fromRegistry).orElseThrow(() -> new SocketException("the registry hung up"));
        Framing responseBody = response.responseFraming(request.first());
        switch (fault) {
            case DROP_AFTER_UPSTREAM -> {
                HttpWire.readBody(fromRegistry, responseBody);
                return false;
            }
            case TRUNCATE_RESPONSE -> {
                byte[] head = response.bytes();
                byte[] bytes = HttpWire.readBody(fromRegistry, responseBody);
                if (bytes.length > 1) {
                    out.write(head);
                    out.write(bytes, 0, bytes.length / 2);
                } else {
                    out.write(head, 0, head.length / 2);
                }
                out.flush();
                return false;
            }
            default -> {
                out.write(response.bytes());
                HttpWire.copyBody(fromRegistry, out, responseBody);
                out.flush();
                // when the registry ends its connection, this one ends too: the client reconnects as it would
                return !(responseBody instanceof UntilClose) && !response.hasToken("Connection", "close");
            }
        }
    }

    /**
     * An error in the registry's own format, so clients read the code as they would a real one. The answer to a HEAD
     * has the body's length but not the body (RFC 9110 9.3.2): a client reads none, so bytes sent would be taken for
     * the start of the next answer on the connection.
     */
    private byte[] injected(Fault fault, boolean close, boolean head) {
        List<String> headers = new ArrayList<>(List.of("Content-Type: application/json",
                "Docker-Distribution-Api-Version: registry/2.0"));
        if (close) {
            headers.add("Connection: close");
        }
        boolean throttled = fault == Fault.TOO_MANY_REQUESTS;
        if (throttled) {
            headers.add("Retry-After: " + retryAfterSeconds);
        }
        String body = "{\"errors\":[{\"code\":\"" + (throttled ? "TOOMANYREQUESTS" : "UNAVAILABLE")
                + "\",\"message\":\"injected by the fault proxy\"}]}";
        byte[] message = throttled ? HttpWire.response(429, "Too Many Requests", headers, body)
                : HttpWire.response(503, "Service Unavailable", headers, body);
        return head ? Arrays.copyOf(message, message.length - body.getBytes(StandardCharsets.UTF_8).length) : message;
    }

    /** The registry connection of one client connection, opened on its first forwarded request. */
    private final class Upstream implements AutoCloseable {
        private Socket socket;
        private InputStream in;

        Socket open(String host, int port) throws IOException {
            if (socket == null) {
                socket = new Socket(host, port);
                sockets.add(socket);
                in = new BufferedInputStream(socket.getInputStream());
            }
            return socket;
        }

        InputStream in() {
            return in;
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                sockets.remove(socket);
                socket.close();
            }
        }
    }

    /** Counts the bytes written through it. */
    private static final class Counting extends java.io.FilterOutputStream {
        private final AtomicLong count;

        Counting(OutputStream out, AtomicLong count) {
            super(out);
            this.count = count;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count.incrementAndGet();
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count.addAndGet(length);
        }
    }
}
