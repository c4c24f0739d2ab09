package dev.lading.cli;

import dev.lading.core.build.BuildListener;
import dev.lading.core.layer.Layer;
import dev.lading.core.model.Platform;
import dev.lading.core.output.OutputSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

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

    /** Without this line a push that waits out a 429 or a lost connection looks hung in a CI log (RegistryFaultsTest). */
    @Override
    public synchronized void retrying(String operation, int attempt, Duration wait, String reason) {
        err.printf(Locale.ROOT, "retry %s (attempt %d in %.1fs): %s%n", operation, attempt, wait.toMillis() / 1000.0,
                reason);
        err.flush();
    }
}
