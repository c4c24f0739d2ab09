package dev.lading.registry;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;

/**
 * Watches one blob transfer: once per window it compares the bytes moved with the least the {@link Deadlines}
 * allow and cancels the call when they fell short, so that a dripping registry fails the transfer instead of
 * holding it. Closed with the transfer's response.
 */
final class RateWatch implements AutoCloseable {
    private final AtomicLong moved = new AtomicLong();
    private volatile boolean stalled;

    private final ScheduledExecutorService timer;
    private final Deadlines deadlines;
    private volatile ScheduledFuture<?> check;
    private volatile boolean closed;

    RateWatch(ScheduledExecutorService timer, Deadlines deadlines) {
        this.timer = timer;
        this.deadlines = deadlines;
    }

    /** Starts watching {@code call}, whose bytes are counted with {@link #moved}. */
    void start(Call call) {
        long window = deadlines.window().toMillis();
        long least = deadlines.leastPerWindow();
        AtomicLong atLastCheck = new AtomicLong();
        check = timer.scheduleAtFixedRate(() -> {
            long now = moved.get();
            if (!closed && now - atLastCheck.getAndSet(now) < least) {
                stalled = true;
                call.cancel();
            }
        }, window, window, TimeUnit.MILLISECONDS);
    }

    void moved(long bytes) {
        moved.addAndGet(bytes);
    }

    /** Whether this watch cancelled the call: its failure is then a stall, not a dropped connection. */
    boolean stalled() {
        return stalled;
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> started = check;
        if (started != null) {
            started.cancel(false);
        }
    }
}
