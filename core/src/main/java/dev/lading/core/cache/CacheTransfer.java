package dev.lading.core.cache;

import dev.lading.core.concurrent.Futures;
import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.store.DigestMismatchException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Moves entries between the {@link LocalCache} and a {@link CacheLocation}. Neither direction ever fails the
 * build: whatever goes wrong is one {@link CacheListener#cacheWarning} line and the build carries on with what it
 * has. Every blob is checked against its digest as it arrives, an index against its size and version.
 *
 * <p>An export merges: it reads the artifact there, adds this build's entries, bounds the whole least recently
 * used first, sends the blobs the location lacks and writes the new manifest. Registries have no compare-and-swap
 * for tags, so it reads the artifact again just before writing, and merges again when another runner wrote
 * meanwhile; after writing it reads the artifact back, at a registry once more a moment later, and when another
 * runner's write replaced it and this build's entries are missing, it merges again and writes again, a few times.
 */
public final class CacheTransfer {
    /** An index bigger than this is damage, not a cache. */
    private static final long MAX_INDEX_BYTES = 64L << 20;
    private static final int WRITE_ATTEMPTS = 4;
    /** How long a written registry cache is left before it is read back again, at least; see {@link #settled}. */
    private static final long SETTLE_MILLIS = 250;
    private static final int PARALLEL = 8;

    private final LocalCache local;
    private final CacheListener listener;
    /** Blobs an import found not matching their digest: an export replaces them instead of trusting them there. */
    private final Set<Digest> damaged = ConcurrentHashMap.newKeySet();

    public CacheTransfer(LocalCache local, CacheListener listener) {
        this.local = local;
        this.listener = listener;
    }

    /**
     * Fetches the entries of the artifact at {@code location} that {@code wanted} accepts and this lading knows,
     * into the local store, and waits for them.
     *
     * @return the entries now usable here; empty when the location has none or cannot be read
     */
    public CacheIndex importFrom(CacheLocation location, Predicate<CacheEntry> wanted) {
        return start(location, wanted).finish();
    }

    /**
     * Reads the artifact's index at {@code location} and starts fetching the blobs of the entries that
     * {@code wanted} accepts and this lading knows, in the background.
     *
     * @return the import under way; one with no entries when the location has none or cannot be read
     */
    public CacheImport start(CacheLocation location, Predicate<CacheEntry> wanted) {
        long started = System.nanoTime();
        String where = location.describe();
        CacheIndex there;
        try {
            Optional<CacheLocation.Stored> stored = location.manifest();
            if (stored.isEmpty()) {
                listener.cacheWarning("no cache at " + where + " yet; building without it");
                return CacheImport.NONE;
            }
            there = readIndex(location, CacheArtifact.parse(stored.get().bytes(), "the cache at " + where));
            if (there.isForeign()) {
                listener.cacheWarning("the cache at " + where + " was written by another version of lading (index"
                        + " version " + there.version() + "); building without it");
                return CacheImport.NONE;
            }
        } catch (IOException | RuntimeException e) {
            listener.cacheWarning("cannot read the cache at " + where + ": " + message(e) + "; building without it");
            return CacheImport.NONE;
        }
        List<CacheEntry> entries = there.entries().stream().filter(CacheEntry::isKnown).filter(wanted).toList();
        return CacheImport.start(where, entries, blob -> fetch(location, blob), PARALLEL, listener, started);
    }

    /** True when the blob came over, false when it was here already. */
    private boolean fetch(CacheLocation location, Descriptor blob) throws IOException {
        if (local.intactBlob(blob) != null) {
            return false;
        }
        try {
            local.put(blob.mediaType(), out -> {
                try (InputStream in = location.open(blob)) {
                    // one byte past the size is enough to tell a blob that is too long
                    long copied = in.transferTo(new BoundedStream(out, blob.size() + 1));
                    if (copied != blob.size()) {
                        throw new IOException("blob " + blob.digest() + " has " + copied + " bytes, the index says "
                                + blob.size());
                    }
                }
            }, blob);
        } catch (DigestMismatchException e) {
            damaged.add(blob.digest());
            throw new IOException("blob " + blob.digest() + " does not match its digest (tampered or damaged)", e);
        }
        return true;
    }

    private static CacheIndex readIndex(CacheLocation location, CacheArtifact artifact) throws IOException {
        Descriptor index = artifact.index();
        if (index.size() > MAX_INDEX_BYTES) {
            throw new IOException("its index is " + index.size() + " bytes, more than a cache index can be");
        }
        byte[] bytes;
        try (InputStream in = location.open(index)) {
            bytes = in.readNBytes((int) index.size() + 1);
        }
        if (bytes.length != index.size() || !Digest.sha256(bytes).equals(index.digest())) {
            throw new IOException("its index does not match its digest");
        }
        return CacheIndex.parse(bytes, "the cache index " + index.digest());
    }

    /**
     * Writes {@code entries} (this build's, whose blobs are in the local store) merged into the artifact at
     * {@code location}, bounded to {@code maxSize}.
     *
     * @return the manifest now there, or empty when the cache could not be written
     */
    public Optional<Descriptor> exportTo(CacheLocation location, CacheIndex entries, long maxSize) {
        long started = System.nanoTime();
        String where = location.describe();
        try {
            for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
                Attempt written = location.exclusively(() -> write(location, entries, maxSize, started));
                if (written.done()) {
                    return written.manifest();
                }
                Thread.sleep(ThreadLocalRandom.current().nextLong(100, 400) * attempt);
            }
            listener.cacheWarning("the cache at " + where + " was rewritten by other builds " + WRITE_ATTEMPTS
                    + " times while this one wrote it; this build's entries may be missing there");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            listener.cacheWarning("cannot write the cache to " + where + ": " + message(e) + "; the build is not"
                    + " affected");
        }
        return Optional.empty();
    }

    /** One write of an export: done with the manifest there (empty: lading must not write there), or lost. */
    private record Attempt(boolean done, Optional<Descriptor> manifest) {
        static final Attempt LOST = new Attempt(false, Optional.empty());
    }

    /** Reads the artifact there, merges, bounds, sends what is missing and writes the manifest, then reads it back. */
    private Attempt write(CacheLocation location, CacheIndex entries, long maxSize, long started) throws IOException {
        String where = location.describe();
        Optional<CacheLocation.Stored> current = location.manifest();
        CacheIndex there = CacheIndex.EMPTY;
        Set<Descriptor> thereBlobs = new HashSet<>();
        if (current.isPresent()) {
            CacheArtifact artifact;
            try {
                artifact = CacheArtifact.parse(current.get().bytes(), where);
            } catch (IOException e) {
                listener.cacheWarning("not writing the cache to " + where + ": " + message(e)
                        + ", which lading does not overwrite");
                return new Attempt(true, Optional.empty());
            }
            try {
                there = readIndex(location, artifact);
                thereBlobs.addAll(artifact.blobs());
            } catch (IOException e) {
                listener.cacheWarning("the cache at " + where + " is damaged (" + message(e)
                        + "); writing a new one");
            }
            if (there.isForeign()) {
                listener.cacheWarning("not writing the cache to " + where + ": another version of lading wrote it"
                        + " (index version " + there.version() + "), which lading does not overwrite");
                return new Attempt(true, Optional.empty());
            }
            // entries whose blob arrived damaged are dropped, and their blobs sent again when this build made them
            there = new CacheIndex(there.entries().stream()
                    .filter(entry -> !damaged.contains(entry.blob().digest())).toList());
            thereBlobs.removeIf(blob -> damaged.contains(blob.digest()));
        }
        CacheIndex merged = there.merge(entries).bounded(maxSize, LocalCache.MAX_ENTRIES);
        Blob indexBlob = Blob.of(CacheArtifact.INDEX_TYPE, merged.bytes());
        CacheArtifact artifact = CacheArtifact.of(indexBlob.descriptor(), merged);
        Blob manifest = artifact.manifest();
        if (current.isPresent() && current.get().descriptor().digest().equals(manifest.digest())) {
            listener.cacheExported(where, manifest.descriptor(), merged.entries().size(), 0, false,
                    Duration.ofNanos(System.nanoTime() - started));
            return new Attempt(true, Optional.of(manifest.descriptor()));
        }
        List<Descriptor> missing = new ArrayList<>(artifact.blobs());
        missing.removeAll(thereBlobs);
        int sent = send(location, missing);
        sent += sendBytes(location, CacheArtifact.EMPTY_CONFIG) + sendBytes(location, indexBlob);
        // sending may take minutes, in which another runner may have written and checked its own write: writing
        // over it now would drop its entries unseen, so its artifact is merged first
        if (!sameManifest(current, location.manifest())) {
            return Attempt.LOST;
        }
        location.putManifest(manifest.descriptor(), manifest.bytes());
        if (kept(location, manifest.descriptor(), merged, entries)
                && (location.isExclusive() || settled(location, manifest.descriptor(), merged, entries))) {
            listener.cacheExported(where, manifest.descriptor(), merged.entries().size(), sent, true,
                    Duration.ofNanos(System.nanoTime() - started));
            return new Attempt(true, Optional.of(manifest.descriptor()));
        }
        return Attempt.LOST;
    }

    /**
     * Whether this build's entries are still there a moment later. Another runner that found the manifest unchanged
     * just before this write landed writes over it a few milliseconds after, and its own read-back then finds its
     * write: only a second look from this side sees that. It narrows the race to a write slower than the wait; a
     * registry offers nothing that closes it.
     */
    private boolean settled(CacheLocation location, Descriptor written, CacheIndex merged, CacheIndex entries)
            throws IOException {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(SETTLE_MILLIS, 2 * SETTLE_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return kept(location, written, merged, entries);
    }

    private static boolean sameManifest(Optional<CacheLocation.Stored> read, Optional<CacheLocation.Stored> now) {
        return read.map(stored -> stored.descriptor().digest()).equals(now.map(stored -> stored.descriptor().digest()));
    }

    /**
     * Whether this build's entries survived: the artifact there is the one written, or another runner's write
     * that merged them in (those the bound kept).
     */
    private boolean kept(CacheLocation location, Descriptor written, CacheIndex merged, CacheIndex entries)
            throws IOException {
        Optional<CacheLocation.Stored> now = location.manifest();
        if (now.isEmpty()) {
            return false;
        }
        if (now.get().descriptor().digest().equals(written.digest())) {
            return true;
        }
        CacheIndex there;
        try {
            there = readIndex(location, CacheArtifact.parse(now.get().bytes(), location.describe()));
        } catch (IOException e) {
            return false;
        }
        return entries.entries().stream().filter(merged::contains).allMatch(there::contains);
    }

    private int send(CacheLocation location, List<Descriptor> blobs) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, daemon("lading-cache-export"));
        try {
            List<Future<Boolean>> sends = new ArrayList<>();
            for (Descriptor blob : blobs) {
                sends.add(pool.submit(() -> {
                    if (!damaged.contains(blob.digest()) && location.has(blob)) {
                        return false;
                    }
                    Path file = local.intactBlob(blob);
                    if (file == null) {
                        throw new IOException("blob " + blob.digest() + " left the local cache during the export");
                    }
                    location.put(blob, () -> Files.newInputStream(file));
                    return true;
                }));
            }
            int sent = 0;
            for (Future<Boolean> send : sends) {
                sent += Futures.await(send) ? 1 : 0;
            }
            return sent;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int sendBytes(CacheLocation location, Blob blob) throws IOException {
        if (location.has(blob.descriptor())) {
            return 0;
        }
        location.put(blob.descriptor(), () -> new ByteArrayInputStream(blob.bytes()));
        return 1;
    }

    static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Fails a copy that goes past {@code limit} bytes: a blob longer than its descriptor says is not read whole. */
    private static final class BoundedStream extends java.io.FilterOutputStream {
        private long left;

        BoundedStream(java.io.OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new IOException("a blob is longer than its descriptor says");
            }
            left -= len;
            out.write(b, off, len);
        }
    }
}
