package dev.lading.core.cache;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lading.core.model.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The entries of a cache: the document of the local store and the first blob of a cache artifact. It is a value:
 * merging and bounding return new indexes. Entries are kept sorted (kind, key, digest), so the same entries always
 * serialize to the same bytes and an unchanged cache keeps its digest.
 */
@JsonPropertyOrder({"version", "entries"})
public record CacheIndex(@JsonProperty("version") int version, @JsonProperty("entries") List<CacheEntry> entries) {
    // before EMPTY, whose construction sorts by it
    private static final Comparator<CacheEntry> ORDER = Comparator.comparing(CacheEntry::kind)
            .thenComparing(CacheEntry::key).thenComparing(entry -> entry.blob().digest().toString());
    /** Of two entries with one id, the one kept: the later use, then (so that either order gives it) the fields. */
    private static final Comparator<CacheEntry> PREFERRED = Comparator.comparingLong(CacheEntry::lastUsed)
            .thenComparing(CacheEntry::platform, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(entry -> entry.blob().mediaType(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingLong(entry -> entry.blob().size());
    public static final int VERSION = 1;
    public static final CacheIndex EMPTY = new CacheIndex(VERSION, List.of());

    /** Each id once, whatever the list held: an index is a set of entries, so its bytes depend on nothing else. */
    @JsonCreator
    public CacheIndex {
        Map<CacheEntry.Id, CacheEntry> byId = new LinkedHashMap<>();
        for (CacheEntry entry : entries == null ? List.<CacheEntry>of() : entries) {
            byId.merge(entry.id(), entry, (a, b) -> PREFERRED.compare(a, b) >= 0 ? a : b);
        }
        entries = byId.values().stream().sorted(ORDER).toList();
    }

    public CacheIndex(List<CacheEntry> entries) {
        this(VERSION, entries);
    }

    /**
     * Parses an index. One of another version keeps its version and no entries: its entries may mean something
     * else (or not fit these fields), and {@link #isForeign} tells a writer not to replace a newer lading's cache.
     */
    public static CacheIndex parse(byte[] bytes, String what) throws IOException {
        int version = Json.parse(bytes, Versioned.class, what).version();
        return version == VERSION ? Json.parse(bytes, CacheIndex.class, what) : new CacheIndex(version, List.of());
    }

    /** The version field alone, read before the entries. */
    private record Versioned(@JsonProperty("version") int version) {
    }

    /** Whether another version of lading wrote the index: read as empty, and never overwritten. */
    public boolean isForeign() {
        return version != VERSION;
    }

    public byte[] bytes() {
        return Json.bytes(this);
    }

    /** Both indexes' entries; an entry in both keeps the later use. */
    public CacheIndex merge(CacheIndex other) {
        List<CacheEntry> both = new ArrayList<>(entries);
        both.addAll(other.entries);
        return new CacheIndex(both);
    }

    /** At most {@code maxBytes} of blobs and {@code maxEntries} entries: the most recently used are kept. */
    public CacheIndex bounded(long maxBytes, int maxEntries) {
        List<CacheEntry> byUse = entries.stream()
                .sorted(Comparator.comparingLong(CacheEntry::lastUsed).reversed().thenComparing(ORDER)).toList();
        List<CacheEntry> kept = new ArrayList<>();
        long total = 0;
        for (CacheEntry entry : byUse) {
            if (kept.size() == maxEntries) {
                break;
            }
            if (total + entry.blob().size() <= maxBytes) {
                kept.add(entry);
                total += entry.blob().size();
            }
        }
        return new CacheIndex(kept);
    }

    public long totalBytes() {
        return entries.stream().mapToLong(entry -> entry.blob().size()).sum();
    }

    /** How much of the cache one kind takes. */
    public record Usage(long bytes, int entries) {
        Usage plus(CacheEntry entry) {
            return new Usage(bytes + entry.blob().size(), entries + 1);
        }
    }

    /** The usage of each kind, by the kinds' names (unknown kinds under their own). */
    public Map<String, Usage> usageByKind() {
        Map<String, Usage> usage = new TreeMap<>();
        for (CacheEntry entry : entries) {
            usage.merge(entry.kind(), new Usage(0, 0).plus(entry), (a, b) -> a.plus(entry));
        }
        return usage;
    }

    public boolean contains(CacheEntry entry) {
        return entries.stream().anyMatch(e -> e.id().equals(entry.id()));
    }
}
