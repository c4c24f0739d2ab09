package dev.lading.cli.progress;

import dev.lading.core.layer.Layer;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.registry.TransferListener;
import dev.lading.registry.TransferListener.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/** Synthetic events for the renderers, and a standard error to read back. */
final class Events {
    static final Platform AMD64 = Platform.parse("linux/amd64");
    static final Platform ARM64 = Platform.parse("linux/arm64");
    static final String BOTH = "linux/amd64, linux/arm64";
    static final long MIB = 1024 * 1024;
    /** An annotation no progress line has any business showing. */
    static final String ANNOTATION = "do-not-print-this-annotation";

    private Events() {
    }

    /** {@code sha256:} and the number's 8 hex digits eight times: its short form shows the number. */
    static Digest digest(int n) {
        return Digest.parse("sha256:" + String.format("%08x", n).repeat(8));
    }

    static Descriptor layer(int n, long size) {
        return new Descriptor(MediaTypes.OCI_LAYER_GZIP, digest(n), size)
                .withAnnotations(Map.of("org.opencontainers.image.title", ANNOTATION));
    }

    static Descriptor manifest(int n) {
        return new Descriptor(MediaTypes.OCI_MANIFEST, digest(n), 1234);
    }

    static Descriptor index(int n) {
        return new Descriptor(MediaTypes.OCI_INDEX, digest(n), 567);
    }

    static Layer builtLayer(int n, long size) {
        return new Layer(layer(n, size), digest(n + 1000));
    }

    /**
     * What an upload thread reports for one blob: its start, {@code chunks + 1} reports of bytes sent from none to
     * all, {@code afterChunk} after each (to move a clock, or to let a drawing thread in), and its end.
     */
    static void upload(TransferListener listener, Descriptor blob, String label, int chunks, Runnable afterChunk,
                       Outcome outcome) {
        listener.blobStarted(blob, label);
        for (int chunk = 0; chunk <= chunks; chunk++) {
            listener.blobProgress(blob.digest(), blob.size() * chunk / chunks, blob.size());
            afterChunk.run();
        }
        listener.blobDone(blob, outcome, Duration.ofMillis(10L * chunks));
    }

    /** Runs {@code task(0..threads-1)} on as many threads at once and waits for all; rethrows the first failure. */
    static void concurrently(int threads, IntConsumer task) throws InterruptedException {
        List<Thread> started = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < threads; i++) {
            int n = i;
            Thread thread = new Thread(() -> task.accept(n), "upload-" + i);
            thread.setUncaughtExceptionHandler((t, e) -> failures.add(e));
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.get(0));
        }
    }

    /** A standard error that tests read back as text. */
    static final class Err {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintWriter writer = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);

        String text() {
            writer.flush();
            return bytes.toString(StandardCharsets.UTF_8);
        }

        List<String> lines() {
            return text().lines().toList();
        }
    }
}
