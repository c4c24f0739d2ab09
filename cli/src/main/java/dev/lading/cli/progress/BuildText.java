package dev.lading.cli.progress;

import dev.lading.core.layer.Layer;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Platform;
import dev.lading.core.output.OutputSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The permanent lines of a build's steps, shared by the plain and the tty renderer. */
public final class BuildText {
    private BuildText() {
    }

    /** The plain form: the full digest and exact sizes, for logs that are searched and compared. */
    static String layer(String layerName, List<Platform> platforms, Layer layer, long contentBytes, Duration took) {
        return String.format(Locale.ROOT, "layer %s (%s): %s, %d bytes from %d, %s", layerName, platforms(platforms),
                layer.descriptor().digest(), layer.descriptor().size(), contentBytes, Units.seconds(took));
    }

    /** The tty form: a short digest and a rounded size, so that the line fits a terminal's width. */
    static String layerBrief(String layerName, List<Platform> platforms, Layer layer, Duration took) {
        return "layer " + layerName + " (" + platforms(platforms) + ")  " + Units.shortDigest(layer.descriptor().digest())
                + "  " + Units.bytes(layer.descriptor().size()) + "  " + Units.seconds(took);
    }

    static String nativeBuilt(Platform platform, String toolchain, String detail, Duration took) {
        return "native " + platform + " (" + toolchain + "): " + detail + ", " + Units.seconds(took);
    }

    public static String packagesPrepared(Platform platform, String detail, Duration took) {
        return "packages " + platform + ": " + detail + ", " + Units.seconds(took);
    }

    static String output(OutputSpec output, Duration took) {
        return "output " + output.type() + ' ' + output.dest() + ": " + Units.seconds(took);
    }

    static String cacheImported(String location, int entries, int fetched, long fetchedBytes, Duration took) {
        return "cache from " + location + ": " + entries + " entries, " + fetched + " blobs fetched ("
                + Units.bytes(fetchedBytes) + "), " + Units.seconds(took);
    }

    /** @param brief a short digest, so that the line fits a terminal's width; the full one for logs */
    static String cacheExported(String location, Descriptor manifest, int entries, int sent, boolean changed,
                                Duration took, boolean brief) {
        return "cache to " + location + ": " + (brief ? Units.shortDigest(manifest.digest()) : manifest.digest())
                + ", " + entries + " entries, " + (changed ? sent + " blobs sent" : "unchanged") + ", "
                + Units.seconds(took);
    }

    static String compileCache(Platform platform, int hits, int misses) {
        return "compile cache " + platform + ": " + hits + " hits, " + misses + " misses";
    }

    private static String platforms(List<Platform> platforms) {
        return String.join(", ", platforms.stream().map(Platform::toString).toList());
    }
}
