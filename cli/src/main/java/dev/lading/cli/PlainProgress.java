package dev.lading.cli;

import dev.lading.core.build.BuildListener;
import dev.lading.core.layer.Layer;
import dev.lading.core.model.Platform;
import dev.lading.core.output.OutputSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** One line per finished step, with its duration, on standard error: readable in CI logs. */
final class PlainProgress implements Progress {
    private final PrintWriter err;

    PlainProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void layerBuilt(String layerName, List<Platform> platforms, Layer layer, long contentBytes, Duration took) {
        err.printf("layer %s (%s): %s, %d bytes from %d, %.2fs%n", layerName,
                String.join(", ", platforms.stream().map(Platform::toString).toList()),
                layer.descriptor().digest(), layer.descriptor().size(), contentBytes, took.toMillis() / 1000.0);
        err.flush();
    }

    @Override
    public void nativeBuilt(Platform platform, String toolchain, String detail, Duration took) {
        err.printf("native %s (%s): %s, %.2fs%n", platform, toolchain, detail, took.toMillis() / 1000.0);
        err.flush();
    }

    @Override
    public void outputWritten(OutputSpec output, Duration took) {
        err.printf("output %s %s: %.2fs%n", output.type(), output.dest(), took.toMillis() / 1000.0);
        err.flush();
    }
}
