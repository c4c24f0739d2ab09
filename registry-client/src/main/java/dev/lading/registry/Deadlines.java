package dev.lading.registry;

import java.time.Duration;

/**
 * How long lading waits for a registry: a request gets {@code document} plus the time its bytes take at
 * {@code minRate}, and a blob transfer is also given up when fewer than {@code minRate × window} bytes moved in a
 * whole {@code window} — a registry that drips a byte now and then would otherwise hold a push for hours, each
 * byte restarting the socket's read timeout.
 *
 * @param document      the time for a request without a large body: a manifest, a HEAD, a token, a ping
 * @param minRate       bytes per second below which a blob transfer counts as stalled
 * @param window        how long a transfer may stay below {@code minRate} before it is given up
 */
public record Deadlines(Duration document, long minRate, Duration window) {
    public static final Deadlines DEFAULT = new Deadlines(Duration.ofSeconds(30), 8 << 10, Duration.ofSeconds(30));

    public Deadlines {
        if (document.isNegative() || document.isZero() || minRate < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("deadlines must be positive: " + document + ", " + minRate + " B/s, "
                    + window);
        }
    }

    /** The deadline of a request that moves {@code bytes} (its body, or the blob it fetches or closes). */
    public Duration forBytes(long bytes) {
        return document.plusMillis(Math.max(0, bytes) * 1000 / minRate);
    }

    /** The least number of bytes a transfer moves in one window. */
    long leastPerWindow() {
        return minRate * window.toMillis() / 1000;
    }

    /** For messages: {@code 8 KiB/s for 30 s}. */
    String describeRate() {
        String rate = minRate % 1024 == 0 ? (minRate >> 10) + " KiB/s" : minRate + " B/s";
        return rate + " for " + window.toSeconds() + " s";
    }
}
