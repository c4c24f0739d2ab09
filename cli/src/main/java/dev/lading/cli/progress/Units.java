package dev.lading.cli.progress;

import dev.lading.core.model.Digest;
import java.time.Duration;
import java.util.Locale;

/** How progress shows sizes, rates, durations and digests: the same in every renderer, whatever the locale. */
public final class Units {
    private static final String[] BINARY = {"KiB", "MiB", "GiB"};
    private static final double MIB = 1024.0 * 1024.0;
    /** Hex digits of a short digest: enough to tell a push's few blobs apart, and short enough for 80 columns. */
    private static final int SHORT_HEX = 8;

    private Units() {
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 12.3 MiB}, {@code 2.0 GiB}: one decimal once past bytes. */
    public static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        double value = count / 1024.0;
        int unit = 0;
        // moves up before rounding would show 1024.0 of a unit
        while (unit < BINARY.length - 1 && value >= 1023.95) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BINARY[unit]);
    }

    /** Mean rate in MiB/s, one decimal; {@code -} before any time has passed, where a rate means nothing. */
    static String rate(long bytes, long nanos) {
        if (nanos <= 0) {
            return "- MiB/s";
        }
        return String.format(Locale.ROOT, "%.1f MiB/s", bytes / MIB / (nanos / 1e9));
    }

    /** A finished step's duration: two decimals, as the build lines have always had. */
    static String seconds(Duration took) {
        return String.format(Locale.ROOT, "%.2fs", took.toNanos() / 1e9);
    }

    /** A running step's age: one decimal, since it changes ten times a second. */
    static String elapsed(long nanos) {
        return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
    }

    static String shortDigest(Digest digest) {
        return digest.algorithm() + ':' + digest.hex().substring(0, SHORT_HEX) + '…';
    }
}
