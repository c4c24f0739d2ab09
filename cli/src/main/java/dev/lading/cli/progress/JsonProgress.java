package dev.lading.cli.progress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lading.core.layer.Layer;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Json;
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
 * {@code --progress json}: one JSON object per event and line, on standard error, for tools to read. Strings go
 * out exactly as the events carry them (JSON escapes what a terminal would act on). Byte progress is throttled to
 * one event per blob a second, since an upload reports every chunk.
 */
final class JsonProgress implements Progress {
    private static final long PROGRESS_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final PrintWriter err;
    private final LongSupplier nanos;
    private final Map<Digest, InFlight> inFlight = new ConcurrentHashMap<>();

    /** A blob between blobStarted and blobDone: who needs it, and when its last progress event went out. */
    private record InFlight(String label, boolean progressed, long lastProgress) {
        boolean due(long now) {
            return !progressed || now - lastProgress >= PROGRESS_INTERVAL_NANOS;
        }
    }

    JsonProgress(PrintWriter err) {
        this(err, System::nanoTime);
    }

    JsonProgress(PrintWriter err, LongSupplier nanos) {
        this.err = err;
        this.nanos = nanos;
    }

    @Override
    public void layerBuilt(String layerName, List<Platform> platforms, Layer layer, long contentBytes, Duration took) {
        ObjectNode event = event("layer", took);
        event.put("name", layerName);
        platforms.forEach(platform -> event.withArray("platforms").add(platform.toString()));
        event.put("digest", layer.descriptor().digest().toString());
        event.put("size", layer.descriptor().size());
        event.put("contentBytes", contentBytes);
        print(event);
    }

    @Override
    public void nativeBuilt(Platform platform, String toolchain, String detail, Duration took) {
        ObjectNode event = event("native", took);
        event.put("platform", platform.toString());
        event.put("toolchain", toolchain);
        event.put("detail", detail);
        print(event);
    }

    @Override
    public void packagesPrepared(Platform platform, String detail, Duration took) {
        ObjectNode event = event("packages", took);
        event.put("platform", platform.toString());
        event.put("detail", detail);
        print(event);
    }

    @Override
    public void cacheImported(String location, int entries, int fetched, long fetchedBytes, Duration took) {
        ObjectNode event = event("cacheImported", took);
        event.put("location", location);
        event.put("entries", entries);
        event.put("blobsFetched", fetched);
        event.put("bytesFetched", fetchedBytes);
        print(event);
    }

    @Override
    public void cacheExported(String location, Descriptor manifest, int entries, int sent, boolean changed,
                              Duration took) {
        ObjectNode event = event("cacheExported", took);
        event.put("location", location);
        blob(event, manifest);
        event.put("entries", entries);
        event.put("blobsSent", sent);
        event.put("changed", changed);
        print(event);
    }

    @Override
    public void compileCache(Platform platform, int hits, int misses) {
        ObjectNode event = event("compileCache");
        event.put("platform", platform.toString());
        event.put("hits", hits);
        event.put("misses", misses);
        print(event);
    }

    @Override
    public void warning(String message) {
        ObjectNode event = event("warning", Duration.ZERO);
        event.put("message", message);
        print(event);
    }

    @Override
    public void outputWritten(OutputSpec output, Duration took) {
        ObjectNode event = event("output", took);
        event.put("type", output.type().toString());
        event.put("dest", output.dest().toString());
        print(event);
    }

    @Override
    public void blobStarted(Descriptor blob, String label) {
        inFlight.put(blob.digest(), new InFlight(label, false, 0));
        ObjectNode event = blob(event("blobStarted"), blob);
        event.put("label", label);
        print(event);
    }

    @Override
    public void blobProgress(Digest digest, long bytesSent, long total) {
        long now = nanos.getAsLong();
        // printed inside the map's lock on this blob, so that blobDone's removal waits for it: no progress event
        // can follow its blob's blobDone, and a blob already done (or never started) is absent and stays silent
        inFlight.computeIfPresent(digest, (key, blob) -> {
            if (!blob.due(now)) {
                return blob;
            }
            ObjectNode event = event("blobProgress");
            event.put("digest", digest.toString());
            event.put("bytesSent", bytesSent);
            event.put("total", total);
            print(event);
            return new InFlight(blob.label(), true, now);
        });
    }

    @Override
    public void blobDone(Descriptor blob, Outcome outcome, Duration took) {
        InFlight started = inFlight.remove(blob.digest());
        ObjectNode event = blob(event("blobDone", took), blob);
        event.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
        if (started != null) {
            event.put("label", started.label());
        }
        print(event);
    }

    @Override
    public void manifestPushed(Descriptor manifest, String reference, Duration took) {
        ObjectNode event = event("manifestPushed", took);
        event.put("reference", reference);
        print(blob(event, manifest));
    }

    @Override
    public void retrying(String operation, int attempt, Duration wait, String reason) {
        ObjectNode event = event("retrying");
        event.put("operation", operation);
        event.put("attempt", attempt);
        event.put("waitSeconds", wait.toNanos() / 1e9);
        event.put("reason", reason);
        print(event);
    }

    private static ObjectNode event(String kind) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("event", kind);
        return event;
    }

    private static ObjectNode event(String kind, Duration took) {
        ObjectNode event = event(kind);
        event.put("seconds", took.toNanos() / 1e9);
        return event;
    }

    /** A descriptor's identity; never its annotations, which are the image's business and not progress. */
    private static ObjectNode blob(ObjectNode event, Descriptor blob) {
        event.put("digest", blob.digest().toString());
        event.put("mediaType", blob.mediaType());
        event.put("size", blob.size());
        return event;
    }

    /** PrintWriter locks each println, so events from upload threads never share a line. */
    private void print(ObjectNode event) {
        err.println(event);
        err.flush();
    }
}
