package dev.lading.cli.progress;

import dev.lading.core.layer.Layer;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Platform;
import dev.lading.core.output.OutputSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One line per finished step, with its duration, on standard error: readable in CI logs. Each line starts with the
 * time since the command began, as buildx's plain mode, so that a slow step shows in a log without timestamps.
 * Transfers get a line when they end, never one per chunk of bytes.
 */
final class PlainProgress implements Progress {
    private final PrintWriter err;
    private final LongSupplier nanos;
    private final long start;
    /** Who needs each blob in flight: only blobStarted says so, and the line comes at blobDone. */
    private final Map<Digest, String> labels = new ConcurrentHashMap<>();

    PlainProgress(PrintWriter err) {
        this(err, System::nanoTime);
    }

    PlainProgress(PrintWriter err, LongSupplier nanos) {
        this.err = err;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    @Override
    public void layerBuilt(String layerName, List<Platform> platforms, Layer layer, long contentBytes, Duration took) {
        line(BuildText.layer(layerName, platforms, layer, contentBytes, took));
    }

    @Override
    public void nativeBuilt(Platform platform, String toolchain, String detail, Duration took) {
        line(BuildText.nativeBuilt(platform, toolchain, detail, took));
    }

    @Override
    public void outputWritten(OutputSpec output, Duration took) {
        line(BuildText.output(output, took));
    }

    @Override
    public void packagesPrepared(Platform platform, String detail, Duration took) {
        line(BuildText.packagesPrepared(platform, detail, took));
    }

    @Override
    public void cacheImported(String location, int entries, int fetched, long fetchedBytes, Duration took) {
        line(BuildText.cacheImported(location, entries, fetched, fetchedBytes, took));
    }

    @Override
    public void cacheExported(String location, Descriptor manifest, int entries, int sent, boolean changed,
                              Duration took) {
        line(BuildText.cacheExported(location, manifest, entries, sent, changed, took, false));
    }

    @Override
    public void compileCache(Platform platform, int hits, int misses) {
        line(BuildText.compileCache(platform, hits, misses));
    }

    @Override
    public void warning(String message) {
        line("warning: " + message);
    }

    @Override
    public void blobStarted(Descriptor blob, String label) {
        labels.put(blob.digest(), label == null ? "" : label);
    }

    @Override
    public void blobDone(Descriptor blob, Outcome outcome, Duration took) {
        line(TransferText.blobDone(blob, outcome, labels.remove(blob.digest()), took));
    }

    @Override
    public void manifestPushed(Descriptor manifest, String reference, Duration took) {
        line(TransferText.manifest(manifest, reference, took));
    }

    @Override
    public void retrying(String operation, int attempt, Duration wait, String reason) {
        line(TransferText.retry(operation, attempt, wait, reason));
    }

    /** Synchronized so that lines from upload threads neither interleave nor go back in time. */
    private synchronized void line(String text) {
        double elapsed = (nanos.getAsLong() - start) / 1e9;
        err.printf(Locale.ROOT, "[%7.2fs] %s%n", elapsed, SafeText.of(text));
        err.flush();
    }
}
