package dev.lading.cli.progress;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tty renderer shows: changed by events from build and upload threads, read by the drawing thread. One
 * lock guards it all; every event holds it for a map or list operation only.
 */
final class TtyState {
    /** A blob in flight, as last reported. */
    record Blob(Descriptor descriptor, String label, long startedNanos, long sent, long total) {
    }

    /**
     * A copy of the state to draw from.
     *
     * @param finished permanent lines since the last snapshot; each is handed out once
     * @param done     steps finished since the start, for the header
     */
    record Snapshot(long startNanos, List<Blob> inFlight, List<String> finished, int done) {
    }

    private final long startNanos;
    /** In start order, so that lines keep their place on the screen while their blobs are in flight. */
    private final Map<Digest, Blob> inFlight = new LinkedHashMap<>();
    private final List<String> finished = new ArrayList<>();
    private int done;

    TtyState(long startNanos) {
        this.startNanos = startNanos;
    }

    synchronized void started(Descriptor blob, String label, long nowNanos) {
        inFlight.put(blob.digest(), new Blob(blob, label == null ? "" : label, nowNanos, 0, blob.size()));
    }

    /** A blob not in flight (never started, or done) is ignored: a late report must not bring its line back. */
    synchronized void progress(Digest digest, long sent, long total) {
        inFlight.computeIfPresent(digest,
                (key, blob) -> new Blob(blob.descriptor(), blob.label(), blob.startedNanos(), sent, total));
    }

    /** Takes a blob out of the live region; its label, or {@code null} if it was not in flight. */
    synchronized String remove(Digest digest) {
        Blob blob = inFlight.remove(digest);
        return blob == null ? null : blob.label();
    }

    /** A finished step's permanent line. */
    synchronized void finished(String line) {
        finished.add(line);
        done++;
    }

    /** A permanent line that is no step of its own, such as a retry. */
    synchronized void note(String line) {
        finished.add(line);
    }

    synchronized Snapshot take() {
        Snapshot snapshot = new Snapshot(startNanos, List.copyOf(inFlight.values()), List.copyOf(finished), done);
        finished.clear();
        return snapshot;
    }
}
