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
    public static final int VERSION = 1;
    // before EMPTY, whose construction sorts with it
    private static final Comparator<CacheEntry> ORDER = Comparator.comparing(CacheEntry::kind)
            .thenComparing(CacheEntry::key).thenComparing(entry -> entry.blob().digest().toString());
    public static final CacheIndex EMPTY = new CacheIndex(VERSION, List.of());

    @JsonCreator
    public CacheIndex {
        entries = entries == null ? List.of() : entries.stream().sorted(ORDER).toList();
    }

    public CacheIndex(List<CacheEntry> entries) {
        this(VERSION, entries);
    }

    /** Parses an index; one of a later version is read as empty, since its entries may mean something else. */
    public static CacheIndex parse(byte[] bytes, String what) throws IOException {
        CacheIndex index = Json.parse(bytes, CacheIndex.class, what);
        return index.version() == VERSION ? index : EMPTY;
    }

    public byte[] bytes() {
        return Json.bytes(this);
    }

    /** Both indexes' entries; an entry in both keeps the later use. */
    public CacheIndex merge(CacheIndex other) {
        Map<CacheEntry.Id, CacheEntry> merged = new LinkedHashMap<>();
        for (List<CacheEntry> list : List.of(entries, other.entries)) {
            for (CacheEntry entry : list) {
                merged.merge(entry.id(), entry, (a, b) -> a.usedAt(b.lastUsed()));
            }
        }
        return new CacheIndex(new ArrayList<>(merged.values()));
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
