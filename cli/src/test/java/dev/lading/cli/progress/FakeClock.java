package dev.lading.cli.progress;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Nanoseconds that move only when a test says so; from any thread. Starts far from zero, as System.nanoTime. */
final class FakeClock implements LongSupplier {
    private final AtomicLong nanos = new AtomicLong(7_000_000_000_000L);

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
