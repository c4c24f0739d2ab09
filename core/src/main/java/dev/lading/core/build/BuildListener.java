package dev.lading.core.build;

import dev.lading.core.layer.Layer;
import dev.lading.core.model.Platform;
import dev.lading.core.output.OutputSpec;
import java.time.Duration;
import java.util.List;

/** Progress of a build, for whoever shows it. Every hook does nothing unless overridden. */
public interface BuildListener {
    BuildListener NONE = new BuildListener() {
    };

    default void layerBuilt(String layerName, List<Platform> platforms, Layer layer, long contentBytes, Duration took) {
    }

    default void outputWritten(OutputSpec output, Duration took) {
    }
}
