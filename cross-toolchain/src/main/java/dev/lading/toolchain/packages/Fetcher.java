package dev.lading.toolchain.packages;

import dev.lading.core.LadingException;
import dev.lading.core.io.TempFiles;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP GETs from a package mirror, retried when the failure may pass (connection errors, 408, 429, 5xx, bodies cut
 * short) and never when it will not (a wrong hash or size is the mirror's answer, not an accident). Every request
 * made is counted, so a caller can show that a build needed none.
 */
final class Fetcher {
    private final OkHttpClient http;
    private final int attempts;
    private final Duration firstBackoff;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    Fetcher(OkHttpClient http, int attempts, Duration firstBackoff) {
        this.http = http;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
    }

    long requests() {
        return requests.get();
    }

    /** Body bytes received so far, of every attempt. */
    long received() {
        return received.get();
    }

    /** The body of {@code url} (at most {@code maxSize} bytes), or null when the server has no such file. */
    byte[] bytes(URI url, long maxSize, String what) {
        ByteArrayOutputStream[] body = new ByteArrayOutputStream[1];
        boolean found = fetch(url, what, in -> {
            body[0] = new ByteArrayOutputStream();
            long copied = copy(in, body[0], maxSize + 1, null);
            if (copied > maxSize) {
                throw new LadingException(url + ": " + what + " is larger than " + maxSize + " bytes");
            }
            return true;
        });
        return found ? body[0].toByteArray() : null;
    }

    /**
     * Downloads {@code url} to {@code target} once its size and SHA-256 are {@code size} and {@code sha256}; the
     * file appears complete or not at all.
     *
     * @return false when the server has no such file (404 or 410); nothing is written then
     * @throws LadingException naming {@code what} when the content does not match, or the download kept failing
     */
    boolean toFile(URI url, long size, String sha256, Path target, String what) {
        try {
            Files.createDirectories(target.getParent());
            Path temp = TempFiles.createFile(target.getParent(), target.getFileName().toString());
            try {
                boolean found = fetch(url, what, in -> {
                    MessageDigest digest = sha256();
                    long copied;
                    try (OutputStream out = Files.newOutputStream(temp)) {
                        copied = copy(in, out, size + 1, digest);
                    }
                    if (copied < size) {
                        return false; // cut short: worth another attempt
                    }
                    if (copied > size) {
                        throw new LadingException(what + ": size mismatch: " + url + " sent more than the "
                                + size + " bytes the index vouches for");
                    }
                    String actual = HexFormat.of().formatHex(digest.digest());
                    if (!actual.equals(sha256)) {
                        throw new LadingException(what + ": SHA-256 mismatch: " + url + " has " + actual
                                + ", the index vouches for " + sha256);
                    }
                    return true;
                });
                if (found) {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                return found;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new LadingException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** What reads one response body; false when it was cut short and another attempt may do better. */
    private interface Body {
        boolean read(InputStream in) throws IOException;
    }

    private boolean fetch(URI url, String what, Body body) {
        Request request = new Request.Builder().url(url.toString()).build();
        String lastFailure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(firstBackoff.multipliedBy(1L << (attempt - 2)));
            }
            requests.incrementAndGet();
            try (Response response = http.newCall(request).execute()) {
                int code = response.code();
                if (code == 404 || code == 410) {
                    return false;
                }
                if (code == 408 || code == 429 || code >= 500) {
                    lastFailure = "HTTP " + code;
                    continue;
                }
                if (code != 200) {
                    throw new LadingException(what + ": " + url + " answered HTTP " + code);
                }
                ResponseBody responseBody = response.body();
                try (InputStream in = responseBody.byteStream()) {
                    if (body.read(in)) {
                        return true;
                    }
                }
                lastFailure = "the body was cut short";
            } catch (IOException e) {
                lastFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        throw new LadingException(what + ": download from " + url + " failed " + attempts + " times; last: "
                + lastFailure);
    }

    /** Copies at most {@code limit} bytes, hashing them when {@code digest} is given; returns how many. */
    private long copy(InputStream in, OutputStream out, long limit, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long copied = 0;
        int read;
        while (copied < limit && (read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - copied))) > 0) {
            out.write(buffer, 0, read);
            if (digest != null) {
                digest.update(buffer, 0, read);
            }
            copied += read;
            received.addAndGet(read);
        }
        return copied;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LadingException("interrupted while waiting to retry a download");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
