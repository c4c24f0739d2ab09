package dev.lading.toolchain;

import dev.lading.core.io.TempFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where the compiles that Ninja runs reach the build's {@link CompileCache}: a server on the loopback interface,
 * open for the build. A platform's wrappers find it through {@code tools/compile-server} (the port and a random
 * token, readable by the user alone), which exists only while lading builds the platform; the wrappers themselves
 * never change, so CMake never configures again because of the server. A request is the token, the client's
 * physical working directory, the number of words and the command's words, each NUL-terminated; the reply is the
 * exit code on a line, then what the compiler printed, in one write. A request the server cannot answer is closed without a reply, and the client runs
 * the compiler itself.
 */
final class CompileServer implements AutoCloseable {
    /** The file beside the wrappers that names the server. */
    static final String FILE = "compile-server";
    /** No compile command is this long; a longer request is not one of the wrappers'. */
    private static final int MAX_REQUEST = 16 << 20;
    private static final int MAX_WORDS = 1 << 16;

    private final ServerSocket socket;
    private final String token;
    private final Map<Path, Served> wrappers = new ConcurrentHashMap<>();
    private final ExecutorService connections;

    /** A platform's wrappers being served; closing it removes the server file. */
    interface Serving extends AutoCloseable {
        Serving NONE = () -> {
        };

        @Override
        void close() throws IOException;
    }

    /** A platform's wrappers and how their compiles run. */
    private record Served(CompileCache.Scope scope, CompileCache.Runner runner) {
    }

    private CompileServer(ServerSocket socket, String token) {
        this.socket = socket;
        this.token = token;
        this.connections = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "lading-compile-server");
            thread.setDaemon(true);
            return thread;
        });
    }

    static CompileServer start() throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        CompileServer server = new CompileServer(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()),
                HexFormat.of().formatHex(random));
        server.connections.execute(server::accept);
        return server;
    }

    /**
     * Serves the compiles of a platform's C and C++ wrappers until the returned handle is closed, which also
     * removes the server file.
     *
     * @param runner runs a wrapper itself, as the client would when no server listens
     */
    Serving serve(Wrappers platform, CompileCache.Scope scope, CompileCache.Runner runner) throws IOException {
        List<Path> served = new ArrayList<>();
        for (Path wrapper : List.of(platform.cc(), platform.cxx())) {
            for (Path name : List.of(wrapper.toAbsolutePath().normalize(), wrapper.toRealPath())) {
                wrappers.put(name, new Served(scope, runner));
                served.add(name);
            }
        }
        Path file = platform.cc().resolveSibling(FILE);
        Path temp = TempFiles.createFile(file.getParent(), FILE);
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(temp, socket.getLocalPort() + " " + token + "\n");
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return () -> {
            Files.deleteIfExists(file);
            served.forEach(wrappers::remove);
        };
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.execute(() -> answer(connection));
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                return; // closed
            }
        }
    }

    private void answer(Socket connection) {
        try (connection) {
            connection.setSoTimeout(60_000); // for the request; the compile and the reply take what they take
            InputStream in = new BufferedInputStream(connection.getInputStream());
            if (!token.equals(field(in, '\0'))) {
                return;
            }
            Path directory = Path.of(field(in, '\0'));
            int count = Integer.parseInt(field(in, '\0'));
            if (count < 1 || count > MAX_WORDS) {
                return;
            }
            List<String> command = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                command.add(field(in, '\0'));
            }
            Served served = command.isEmpty() || !directory.isAbsolute() ? null
                    : wrappers.get(directory.resolve(command.get(0)).normalize());
            if (served == null) {
                return;
            }
            Commands.Outcome outcome = served.scope().compile(command, directory, served.runner());
            // one write, sent at once: a small reply must not wait for an acknowledgement (Nagle's algorithm)
            connection.setTcpNoDelay(true);
            OutputStream out = connection.getOutputStream();
            out.write((outcome.exitCode() + "\n" + outcome.output()).getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            // no reply: the client compiles by itself
        }
    }

    /** One field of a request, up to its terminator; what is not a request of the client ends the connection. */
    private static String field(InputStream in, char terminator) throws IOException {
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        for (int c = in.read(); c != terminator; c = in.read()) {
            if (c < 0 || field.size() >= MAX_REQUEST) {
                throw new IOException("not a request of the compile client");
            }
            field.write(c);
        }
        return field.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        connections.shutdownNow();
    }
}
