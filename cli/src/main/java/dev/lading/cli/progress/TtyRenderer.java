package dev.lading.cli.progress;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link TtyState.Snapshot} and the time into the lines of a frame: no I/O and no clock of its own, so
 * that tests can check every line. Every line is made safe for the terminal and cut to its width, since a line
 * that wraps would take two rows and the live region's cursor movement counts one per line.
 */
final class TtyRenderer {
    /** Blob lines shown at most: a live region taller than the screen cannot be redrawn in place. */
    static final int MAX_BLOB_LINES = 10;
    private static final int MIN_BAR = 10;
    private static final int MAX_BAR = 20;
    private static final String STEP = "=> ";

    private final int width;

    TtyRenderer(int width) {
        this.width = width;
    }

    /** Finished steps, each shown once, above the live region. */
    List<String> permanent(TtyState.Snapshot snapshot) {
        return snapshot.finished().stream().map(line -> cut(STEP + line)).toList();
    }

    /** The live region: a header with the elapsed time, then a line per blob in flight. */
    List<String> live(TtyState.Snapshot snapshot, long nowNanos) {
        List<TtyState.Blob> blobs = snapshot.inFlight();
        String header = "[+] " + Units.elapsed(nowNanos - snapshot.startNanos()) + "  " + snapshot.done() + " done";
        if (!blobs.isEmpty()) {
            header += ", " + blobs.size() + " in flight";
        }
        if (blobs.size() > MAX_BLOB_LINES) {
            header += " (" + MAX_BLOB_LINES + " shown)";
        }
        List<String> lines = new ArrayList<>();
        lines.add(cut(header));
        blobs.stream().limit(MAX_BLOB_LINES).forEach(blob -> lines.add(blobLine(blob, nowNanos)));
        return lines;
    }

    /** For the last frame: blobs still in flight when the command ends, which would otherwise leave no trace. */
    List<String> unfinished(TtyState.Snapshot snapshot, long nowNanos) {
        return snapshot.inFlight().stream()
                .map(blob -> cut(STEP + "unfinished " + TransferText.blob(blob.descriptor(), blob.label()) + "  "
                        + Units.bytes(blob.sent()) + " / " + Units.bytes(blob.total()) + "  "
                        + Units.elapsed(nowNanos - blob.startedNanos())))
                .toList();
    }

    /**
     * e.g. {@code => sha256:0123abcd… linux/amd64 [#####-----]  6.1 MiB / 12.3 MiB  4.1 MiB/s  1.5s}. The numbers
     * matter most, so when the width is short the bar shrinks first, then the label.
     */
    String blobLine(TtyState.Blob blob, long nowNanos) {
        long age = nowNanos - blob.startedNanos();
        String head = STEP + Units.shortDigest(blob.descriptor().digest());
        String tail = "  " + Units.bytes(blob.sent()) + " / " + Units.bytes(blob.total()) + "  "
                + Units.rate(blob.sent(), age) + "  " + Units.elapsed(age);
        String label = SafeText.of(blob.label());
        // what is left for the label, the bar and their brackets and spaces
        int room = width - columns(head) - columns(tail) - 4;
        int bar = Math.max(MIN_BAR, Math.min(MAX_BAR, room - columns(label)));
        String shown = squeeze(label, room - bar);
        return cut(head + (shown.isEmpty() ? "" : " " + shown) + " [" + bar(blob.sent(), blob.total(), bar) + ']' + tail);
    }

    /** {@code size} cells, filled in proportion to what is sent; an empty or unknown total shows an empty bar. */
    static String bar(long sent, long total, int size) {
        int filled = total <= 0 ? 0 : (int) Math.min(size, Math.max(0, sent) * size / total);
        return "#".repeat(filled) + "-".repeat(size - filled);
    }

    /** Text shortened to {@code room} columns, its end replaced by {@code …}; nothing when there is no room. */
    private static String squeeze(String text, int room) {
        if (columns(text) <= room) {
            return text;
        }
        return room <= 1 ? "" : text.substring(0, text.offsetByCodePoints(0, room - 1)) + '…';
    }

    String cut(String line) {
        String safe = SafeText.of(line);
        return columns(safe) <= width ? safe : safe.substring(0, safe.offsetByCodePoints(0, Math.max(0, width)));
    }

    /** One column per code point: true of what these lines hold (ASCII, {@code …}, paths and labels in Latin). */
    private static int columns(String text) {
        return text.codePointCount(0, text.length());
    }
}
