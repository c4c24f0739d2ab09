package dev.lading.core.cache;

import dev.lading.core.io.TempFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One build's view of the {@link LocalCache}: the entries it had when the build began plus those imported, the
 * entries the build used or made (what an export sends, and what {@link #commit} marks as used now). Safe to use
 * from the compile threads of every platform at once.
 */
public final class CacheSession {
    private final LocalCache cache;
    private final long now;
    private final boolean exports;
    private final boolean reads;
    private final Map<String, List<CacheEntry>> byKey = new ConcurrentHashMap<>();
    private final Map<CacheEntry.Id, CacheEntry> used = new ConcurrentHashMap<>();
    /** Whether entries were used or made since the last {@link #commit}. */
    private final AtomicBoolean uncommitted = new AtomicBoolean();
    /** Imports whose blobs may still be arriving. */
    private final List<CacheImport> imports = new CopyOnWriteArrayList<>();

    CacheSession(LocalCache cache, CacheIndex index, long now, boolean exports, boolean reads) {
        this.cache = cache;
        this.now = now;
        this.exports = exports;
        this.reads = reads;
        add(index);
    }

    /** A session that finds nothing and keeps nothing, for builds that must not touch a cache. */
    public static CacheSession disabled() {
        return new CacheSession(null, CacheIndex.EMPTY, 0, false, false);
    }

    public boolean isEnabled() {
        return cache != null;
    }

    /**
     * Whether the build exports its cache. Entries of what this machine keeps elsewhere anyway (zig's cache, the
     * package files) are made only then: locally they would only take the space twice.
     */
    public boolean exports() {
        return cache != null && exports;
    }

    /** Whether the build may take what the cache has ({@code --no-cache} says no). */
    public boolean reads() {
        return reads;
    }

    /**
     * Makes entries found elsewhere (an import) findable; they count as used only once a build uses them. A session
     * that does not read finds only what it made itself.
     */
    public void add(CacheIndex index) {
        if (reads) {
            index.entries().forEach(this::findable);
        }
    }

    /**
     * Makes the entries of an import under way findable; {@link #blob} waits for the blob of one that has not
     * arrived yet.
     */
    public void add(CacheImport running) {
        if (reads) {
            imports.add(running);
            add(running.entries());
        }
    }

    /** Waits for the blobs of the imports that the build did not need, and has each import reported. */
    public void finishImports() {
        imports.forEach(CacheImport::finish);
    }

    private void findable(CacheEntry entry) {
        List<CacheEntry> list = byKey.computeIfAbsent(slot(entry.kind(), entry.key()),
                k -> new CopyOnWriteArrayList<>());
        if (list.stream().noneMatch(e -> e.id().equals(entry.id()))) {
            list.add(entry);
        }
    }

    /** The entries of a kind and key, most recently used first. */
    public List<CacheEntry> candidates(CacheKind kind, String key) {
        List<CacheEntry> list = new ArrayList<>(byKey.getOrDefault(slot(kind.toString(), key), List.of()));
        list.sort(Comparator.comparingLong(CacheEntry::lastUsed).reversed());
        return list;
    }

    /**
     * The entry of a kind and key whose blob has the digest ({@code sha256:...}), such as a note of an earlier build
     * names; empty when there is none, also for text that is no digest.
     */
    public Optional<CacheEntry> find(CacheKind kind, String key, String blobDigest) {
        return candidates(kind, key).stream().filter(entry -> entry.blob().digest().toString().equals(blobDigest))
                .findFirst();
    }

    /** Every entry of a kind. */
    public List<CacheEntry> entries(CacheKind kind) {
        return byKey.values().stream().flatMap(List::stream).filter(entry -> entry.is(kind)).toList();
    }

    /**
     * The entry's blob file, checked against its digest; empty when it is missing, was damaged (then removed) or
     * did not arrive. Waits for it while an import is still bringing it.
     */
    public Optional<Path> blob(CacheEntry entry) throws IOException {
        if (cache == null) {
            return Optional.empty();
        }
        imports.forEach(running -> running.await(entry.blob()));
        return Optional.ofNullable(cache.intactBlob(entry.blob()));
    }

    /** Records that the build used the entry. */
    public void used(CacheEntry entry) {
        CacheEntry marked = entry.usedAt(now);
        if (!marked.equals(used.put(entry.id(), marked))) {
            uncommitted.set(true);
        }
    }

    /**
     * Stores a new entry, which the build counts as used.
     *
     * @param platform the platform it serves, or null
     * @return the entry, or empty when the session keeps nothing
     */
    public Optional<CacheEntry> put(CacheKind kind, String key, String platform, String mediaType,
                                    TempFiles.Writer content) throws IOException {
        if (cache == null) {
            return Optional.empty();
        }
        CacheEntry entry = new CacheEntry(kind, key, platform, cache.put(mediaType, content, null), now);
        findable(entry);
        used(entry);
        return Optional.of(entry);
    }

    /** What the build used or made. */
    public CacheIndex used() {
        return new CacheIndex(new ArrayList<>(used.values()));
    }

    public LocalCache cache() {
        return cache;
    }

    /** Merges what the build used or made into the local index, under its bound; nothing when that is done. */
    public void commit() throws IOException {
        // cleared first: an entry used while this commit runs marks it again, for the next one
        if (cache != null && uncommitted.getAndSet(false)) {
            CacheIndex mine = used();
            try {
                cache.update(index -> index.merge(mine));
            } catch (IOException | RuntimeException e) {
                uncommitted.set(true); // for the next commit to try again
                throw e;
            }
        }
    }

    private static String slot(String kind, String key) {
        return kind + '\0' + key;
    }
}
