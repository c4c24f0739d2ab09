package dev.lading.tests;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Just enough HTTP/1.1 framing for {@link FaultProxy} to pass messages through byte for byte. */
final class HttpWire {
    private static final int MAX_LINE = 64 * 1024;

    private HttpWire() {
    }

    /** A request or response head: the start line and the header lines, in order and as sent. */
    record Head(String startLine, List<String> headerLines) {
        /** The next head on the stream, or empty at a clean end of stream between messages. */
        static Optional<Head> read(InputStream in) throws IOException {
            String start = readLine(in);
            if (start == null) {
                return Optional.empty();
            }
            List<String> lines = new ArrayList<>();
            for (String line = readLine(in); ; line = readLine(in)) {
                if (line == null) {
                    throw new EOFException("the stream ended inside a message head");
                }
                if (line.isEmpty()) {
                    return Optional.of(new Head(start, List.copyOf(lines)));
                }
                lines.add(line);
            }
        }

        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(l -> l.substring(prefix.length()).trim()).findFirst();
        }

        boolean hasToken(String name, String token) {
            return header(name).map(v -> v.toLowerCase(Locale.ROOT).contains(token)).orElse(false);
        }

        Head without(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return new Head(startLine, headerLines.stream()
                    .filter(l -> !l.toLowerCase(Locale.ROOT).startsWith(prefix)).toList());
        }

        /** The method of a request or the status code of a response. */
        String first() {
            return startLine.split(" ", 3)[0];
        }

        String second() {
            String[] parts = startLine.split(" ", 3);
            return parts.length > 1 ? parts[1] : "";
        }

        byte[] bytes() {
            StringBuilder text = new StringBuilder(startLine).append("\r\n");
            headerLines.forEach(line -> text.append(line).append("\r\n"));
            return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        /** How a request's body is delimited (RFC 9112 6.3): chunked, a length, or none. */
        Framing requestFraming() {
            if (hasToken("Transfer-Encoding", "chunked")) {
                return new Chunked();
            }
            return header("Content-Length").map(v -> (Framing) new Fixed(Long.parseLong(v))).orElse(new Fixed(0));
        }

        /** How a response to {@code method} is delimited; without length or chunking it runs to the close. */
        Framing responseFraming(String method) {
            int status = Integer.parseInt(second());
            if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
                return new Fixed(0);
            }
            if (hasToken("Transfer-Encoding", "chunked")) {
                return new Chunked();
            }
            return header("Content-Length").map(v -> (Framing) new Fixed(Long.parseLong(v))).orElse(new UntilClose());
        }
    }

    sealed interface Framing permits Fixed, Chunked, UntilClose {
    }

    record Fixed(long length) implements Framing {
    }

    record Chunked() implements Framing {
    }

    record UntilClose() implements Framing {
    }

    /** Copies one body, framing included (chunk sizes, trailers), so the receiver sees the sender's bytes. */
    static void copyBody(InputStream in, OutputStream out, Framing framing) throws IOException {
        if (framing instanceof Fixed fixed) {
            copyExactly(in, out, fixed.length());
        } else if (framing instanceof UntilClose) {
            in.transferTo(out);
        } else {
            copyChunks(in, out);
        }
    }

    private static void copyChunks(InputStream in, OutputStream out) throws IOException {
        for (String size = readLine(in); ; size = readLine(in)) {
            if (size == null) {
                throw new EOFException("the stream ended inside a chunked body");
            }
            writeLine(out, size);
            long length = Long.parseLong(size.split(";", 2)[0].trim(), 16);
            if (length == 0) {
                break;
            }
            copyExactly(in, out, length + 2);
        }
        for (String trailer = readLine(in); trailer != null; trailer = readLine(in)) {
            writeLine(out, trailer);
            if (trailer.isEmpty()) {
                break;
            }
        }
    }

    static byte[] readBody(InputStream in, Framing framing) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        copyBody(in, body, framing);
        return body.toByteArray();
    }

    /** A complete response with a small body, e.g. an injected error. */
    static byte[] response(int status, String reason, List<String> headerLines, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(headerLines);
        lines.add("Content-Length: " + bytes.length);
        byte[] head = new Head("HTTP/1.1 " + status + " " + reason, lines).bytes();
        byte[] message = new byte[head.length + bytes.length];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(bytes, 0, message, head.length, bytes.length);
        return message;
    }

    private static void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        for (long left = length; left > 0; ) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException((length - left) + " of " + length + " bytes, then the stream ended");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    /** A line without its CRLF (a bare LF is tolerated), or null at end of stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("the stream ended inside a line");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("a line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
}
