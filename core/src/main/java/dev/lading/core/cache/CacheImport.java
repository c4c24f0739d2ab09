package dev.lading.core.cache;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An import under way: its entries are known from the start, their blobs arrive in the background while the build
 * runs, so that fetching them overlaps with what the build does first (setting up toolchains, configuring). A
 * build that needs a blob before its turn fetches it in its own thread ({@link #await}); one that failed to arrive
 * is one the cache does not have. {@link #finish} waits for the rest and reports the import once.
 */
public final class CacheImport {
    /** An import that has nothing to fetch: no cache there, or one that could not be read. */
    static final CacheImport NONE = new CacheImport("", List.of(), CacheListener.NONE, 0);

    private final String where;
    private final List<CacheEntry> entries;
    private final Map<Digest, Fetch> fetches = new LinkedHashMap<>();
    private final CacheListener listener;
    private final long started;
    private final AtomicLong lastArrival = new AtomicLong(System.nanoTime());
    private ExecutorService pool;
    /** What {@link #finish} found, once it ran. */
    private CacheIndex result;

    /** Brings one blob into the local cache: true when it came over, false when it was here already. */
    @FunctionalInterface
    interface Fetcher {
        boolean fetch(Descriptor blob) throws IOException;
    }

    private record Fetch(Descriptor blob, FutureTask<Boolean> task) {
    }

    private CacheImport(String where, List<CacheEntry> entries, CacheListener listener, long started) {
        this.where = where;
        this.entries = List.copyOf(entries);
        this.listener = listener;
        this.started = started;
    }

    /**
     * Starts fetching the entries' blobs, each once, on {@code parallel} threads.
     *
     * @param started {@link System#nanoTime()} at the import's start (the index is read by now)
     */
    static CacheImport start(String where, List<CacheEntry> entries, Fetcher fetcher, int parallel,
                             CacheListener listener, long started) {
        CacheImport running = new CacheImport(where, entries, listener, started);
        for (CacheEntry entry : entries) {
            Descriptor blob = entry.blob();
            running.fetches.computeIfAbsent(blob.digest(), digest -> new Fetch(blob, new FutureTask<>(() -> {
                try {
                    return fetcher.fetch(blob);
                } finally {
                    running.lastArrival.accumulateAndGet(System.nanoTime(), Math::max);
                }
            })));
        }
        if (!running.fetches.isEmpty()) {
            running.pool = Executors.newFixedThreadPool(Math.min(parallel, running.fetches.size()),
                    CacheTransfer.daemon("lading-cache-import"));
            running.fetches.values().forEach(fetch -> running.pool.execute(fetch.task()));
        }
        return running;
    }

    /** Every entry the import brings, whether or not its blob has arrived yet. */
    public CacheIndex entries() {
        return new CacheIndex(entries);
    }

    /**
     * Returns once the blob is here or will not come: runs its fetch in this thread when no import thread has
     * started it yet, so that a build never waits behind blobs it does not need now.
     */
    void await(Descriptor blob) {
        Fetch fetch = fetches.get(blob.digest());
        if (fetch == null) {
            return;
        }
        fetch.task().run();
        try {
            fetch.task().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // reported by finish(); the entry is one the cache does not have
        }
    }

    /**
     * Waits for every blob, says once what arrived (and what could not be used, as one warning) and ends the
     * import's threads.
     *
     * @return the entries whose blobs are here now
     */
    public synchronized CacheIndex finish() {
        if (result != null) {
            return result;
        }
        Set<Digest> usable = new HashSet<>();
        List<String> failures = new ArrayList<>();
        int fetched = 0;
        long fetchedBytes = 0;
        try {
            for (Fetch fetch : fetches.values()) {
                try {
                    boolean came = fetch.task().get();
                    usable.add(fetch.blob().digest());
                    if (came) {
                        fetched++;
                        fetchedBytes += fetch.blob().size();
                    }
                } catch (ExecutionException e) {
                    failures.add(CacheTransfer.message(e.getCause() instanceof Exception cause ? cause : e));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        result = new CacheIndex(entries.stream().filter(entry -> usable.contains(entry.blob().digest())).toList());
        if (!failures.isEmpty()) {
            listener.cacheWarning("the cache at " + where + ": " + failures.size() + " of " + fetches.size()
                    + " blobs could not be used (" + failures.get(0) + "); building without them");
        }
        if (this != NONE) {
            listener.cacheImported(where, result.entries().size(), fetched, fetchedBytes,
                    Duration.ofNanos(lastArrival.get() - started));
        }
        return result;
    }
}
