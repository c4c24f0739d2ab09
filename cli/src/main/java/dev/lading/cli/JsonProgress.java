package dev.lading.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lading.core.build.BuildListener;
import dev.lading.core.layer.Layer;
import dev.lading.core.model.Json;
import dev.lading.core.model.Platform;
import dev.lading.core.output.OutputSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** {@code --progress json}: one JSON object per finished step and line, on standard error, for tools to read. */
final class JsonProgress implements Progress {
    private final PrintWriter err;

    JsonProgress(PrintWriter err) {
        this.err = err;
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
    public void outputWritten(OutputSpec output, Duration took) {
        ObjectNode event = event("output", took);
        event.put("type", output.type().toString());
        event.put("dest", output.dest().toString());
        print(event);
    }

    private static ObjectNode event(String kind, Duration took) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("event", kind);
        event.put("seconds", took.toNanos() / 1e9);
        return event;
    }

    private void print(ObjectNode event) {
        err.println(event);
        err.flush();
    }
}
