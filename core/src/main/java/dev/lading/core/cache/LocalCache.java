package dev.lading.core.cache;

import dev.lading.core.io.TempFiles;
import dev.lading.core.io.UnclosableOutputStream;
import dev.lading.core.model.Descriptor;
import dev.lading.core.store.BlobWriter;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The cache on this machine ({@code $LADING_HOME/cache/entries}): the entries' blobs in an OCI layout, verified as
 * the store verifies its own, and {@code entries.json}, the {@link CacheIndex} every build merges its entries into
 * under a lock. It is bounded like an export: past {@link #maxSize} the least recently used entries go, and with
 * them their blobs.
 */
public final class LocalCache {
    /** The bound when none is given: as much as an export keeps. */
    public static final long DEFAULT_MAX_SIZE = CacheSpec.DEFAULT_MAX_SIZE;
    /** Past this many entries an artifact's manifest would near the 4 MiB registries accept. */
    public static final int MAX_ENTRIES = 15_000;

    private final OciLayout blobs;
    private final Path indexFile;
    private final long maxSize;

    private LocalCache(OciLayout blobs, long maxSize) {
        this.blobs = blobs;
        this.indexFile = blobs.root().resolve("entries.json");
        this.maxSize = maxSize;
    }

    public static LocalCache open(Path directory) throws IOException {
        return open(directory, DEFAULT_MAX_SIZE);
    }

    public static LocalCache open(Path directory, long maxSize) throws IOException {
        return new LocalCache(OciLayout.openStore(directory), maxSize);
    }

    public Path directory() {
        return blobs.root();
    }

    public long maxSize() {
        return maxSize;
    }

    /** The entries as last committed; empty when none were, or when the file is damaged (it is rebuilt). */
    public CacheIndex index() {
        try {
            return CacheIndex.parse(Files.readAllBytes(indexFile), indexFile.toString());
        } catch (IOException | RuntimeException e) {
            return CacheIndex.EMPTY;
        }
    }

    /**
     * A new build's view of the cache.
     *
     * @param exports whether the build writes a {@code --cache-to}: only then are entries made of what is kept
     *                elsewhere on this machine anyway (zig's cache, package files)
     */
    public CacheSession session(boolean exports) {
        return session(exports, true);
    }

    /** @param reads false when the build must find nothing (it still keeps what it makes) */
    public CacheSession session(boolean exports, boolean reads) {
        return new CacheSession(this, reads ? index() : CacheIndex.EMPTY, today(), exports, reads);
    }

    /**
     * The time a build marks its entries used: the start of the day (UTC). Least recently used needs no finer
     * clock, and a coarser one keeps an unchanged cache's index, manifest and digest the same all day, so writing it
     * back sends nothing.
     */
    static long today() {
        long now = Instant.now().getEpochSecond();
        return now - Math.floorMod(now, 86_400L);
    }

    /**
     * Changes the index under a lock other threads and processes honour, bounds it, and removes the blobs no entry
     * names any more, unless they are younger than a build may take (a running build may have written them).
     */
    public CacheIndex update(UnaryOperator<CacheIndex> change) throws IOException {
        return update(change, Instant.now().minus(TempFiles.STALE_AFTER));
    }

    /** @param unnamedBefore blobs no entry names are removed when written before this */
    private CacheIndex update(UnaryOperator<CacheIndex> change, Instant unnamedBefore) throws IOException {
        return FileMutex.holding(blobs.root().resolve("lock"), () -> {
            CacheIndex updated = change.apply(index()).bounded(maxSize, MAX_ENTRIES);
            TempFiles.writeAtomically(indexFile, updated.bytes());
            removeUnnamedBlobs(updated, unnamedBefore);
            return updated;
        });
    }

    private void removeUnnamedBlobs(CacheIndex index, Instant before) throws IOException {
        Set<String> named = new HashSet<>();
        index.entries().forEach(entry -> named.add(entry.blob().digest().hex()));
        blobs.removeBlobsExcept(named, before);
    }

    /** The blob's file when it is here and intact; a damaged one is removed and gives null. */
    public Path intactBlob(Descriptor blob) throws IOException {
        return blobs.hasIntact(blob) ? blobs.blobPath(blob.digest()) : null;
    }

    /** Stores a blob, checked against {@code expected} when that is given (null: whatever was written). */
    public Descriptor put(String mediaType, TempFiles.Writer content, Descriptor expected) throws IOException {
        if (expected != null && blobs.hasIntact(expected)) {
            return expected;
        }
        try (BlobWriter writer = blobs.newBlobWriter(); OutputStream out = new UnclosableOutputStream(writer)) {
            content.writeTo(out);
            BlobWriter.Result result = writer.commit(expected == null ? null : expected.digest());
            return new Descriptor(mediaType, result.digest(), result.size());
        }
    }

    /**
     * Drops every entry but the most recently used ones that fit in {@code keepBytes}, and every blob no entry
     * names, however young: the user asked for the space.
     */
    public CacheIndex prune(long keepBytes) throws IOException {
        return update(index -> index.bounded(keepBytes, MAX_ENTRIES), Instant.MAX);
    }
}
