package dev.lading.cli.progress;

import dev.lading.core.layer.Layer;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Platform;
import dev.lading.core.output.OutputSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code --progress tty}: a live region on standard error, redrawn ten times a second, with a line per blob in
 * flight; finished steps leave it as permanent lines. Events only change a {@link TtyState}; one daemon thread draws,
 * so upload threads never wait for the terminal.
 */
final class TtyProgress implements Progress {
    private static final long FRAME_MILLIS = 100;
    private static final int DEFAULT_WIDTH = 80;

    private final PrintWriter err;
    private final LongSupplier nanos;
    private final TtyState state;
    private final TtyRenderer renderer;
    /** Guarded by itself, as are the writes to {@code err}: the ticker and close() both draw. */
    private final TtyScreen screen = new TtyScreen();
    private final CountDownLatch stop = new CountDownLatch(1);
    private Thread ticker;
    private boolean closed;

    /** Draws only when {@link #draw} is called; {@link #start} adds the thread. */
    TtyProgress(PrintWriter err, LongSupplier nanos, int width) {
        this.err = err;
        this.nanos = nanos;
        this.state = new TtyState(nanos.getAsLong());
        this.renderer = new TtyRenderer(width);
    }

    static TtyProgress start(PrintWriter err, Map<String, String> env) {
        TtyProgress progress = new TtyProgress(err, System::nanoTime, width(env));
        progress.animate();
        return progress;
    }

    /** {@code COLUMNS} when it is a positive number, else 80: Java cannot ask the terminal itself. */
    static int width(Map<String, String> env) {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
            return columns > 0 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    synchronized void animate() {
        if (ticker != null) {
            return;
        }
        ticker = new Thread(() -> {
            try {
                do {
                    draw();
                } while (!stop.await(FRAME_MILLIS, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lading-progress");
        // a daemon, so that a command that forgets to close its progress can still exit
        ticker.setDaemon(true);
        ticker.start();
    }

    synchronized boolean animating() {
        return ticker != null && ticker.isAlive();
    }

    @Override
    public void layerBuilt(String layerName, List<Platform> platforms, Layer layer, long contentBytes, Duration took) {
        state.finished(BuildText.layerBrief(layerName, platforms, layer, took));
    }

    @Override
    public void nativeBuilt(Platform platform, String toolchain, String detail, Duration took) {
        state.finished(BuildText.nativeBuilt(platform, toolchain, detail, took));
    }

    @Override
    public void outputWritten(OutputSpec output, Duration took) {
        state.finished(BuildText.output(output, took));
    }

    @Override
    public void packagesPrepared(Platform platform, String detail, Duration took) {
        state.finished(BuildText.packagesPrepared(platform, detail, took));
    }

    @Override
    public void cacheImported(String location, int entries, int fetched, long fetchedBytes, Duration took) {
        state.finished(BuildText.cacheImported(location, entries, fetched, fetchedBytes, took));
    }

    @Override
    public void cacheExported(String location, Descriptor manifest, int entries, int sent, boolean changed,
                              Duration took) {
        state.finished(BuildText.cacheExported(location, manifest, entries, sent, changed, took, true));
    }

    @Override
    public void compileCache(Platform platform, int hits, int misses) {
        state.finished(BuildText.compileCache(platform, hits, misses));
    }

    @Override
    public void warning(String message) {
        state.finished("warning: " + message);
    }

    @Override
    public void blobStarted(Descriptor blob, String label) {
        state.started(blob, label, nanos.getAsLong());
    }

    @Override
    public void blobProgress(Digest digest, long bytesSent, long total) {
        state.progress(digest, bytesSent, total);
    }

    @Override
    public void blobDone(Descriptor blob, Outcome outcome, Duration took) {
        state.finished(TransferText.blobDone(blob, outcome, state.remove(blob.digest()), took));
    }

    @Override
    public void manifestPushed(Descriptor manifest, String reference, Duration took) {
        state.finished(TransferText.manifest(manifest, reference, took));
    }

    @Override
    public void retrying(String operation, int attempt, Duration wait, String reason) {
        state.note(TransferText.retry(operation, attempt, wait, reason));
    }

    /** One frame: new permanent lines, then the live region. Nothing once closed. */
    void draw() {
        synchronized (screen) {
            if (!closed()) {
                TtyState.Snapshot snapshot = state.take();
                write(screen.frame(renderer.permanent(snapshot), renderer.live(snapshot, nanos.getAsLong())));
            }
        }
    }

    /** Stops the thread and draws the last frame: every line permanent, no live region left on the screen. */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            thread = ticker;
        }
        stop.countDown();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(1).toMillis());
            } catch (InterruptedException e) {
                // the last frame still follows: the screen lock keeps it apart from a frame being drawn
                Thread.currentThread().interrupt();
            }
        }
        synchronized (screen) {
            TtyState.Snapshot snapshot = state.take();
            List<String> last = new ArrayList<>(renderer.permanent(snapshot));
            last.addAll(renderer.unfinished(snapshot, nanos.getAsLong()));
            write(screen.frame(last, List.of()));
        }
    }

    private synchronized boolean closed() {
        return closed;
    }

    private void write(String frame) {
        if (!frame.isEmpty()) {
            err.print(frame);
            err.flush();
        }
    }
}
