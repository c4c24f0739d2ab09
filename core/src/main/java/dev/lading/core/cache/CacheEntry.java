package dev.lading.core.cache;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lading.core.model.Descriptor;
import java.util.Objects;

/**
 * One cached thing. Entries with the same kind and key may differ in blob (a compile whose headers changed keeps
 * both results); an entry is the same entry only with the same blob.
 *
 * @param platform the platform the entry serves ({@code linux/arm64}), or null when it serves any
 * @param lastUsed when a build last used or made it, in seconds since the epoch; the bound drops the oldest first
 */
@JsonPropertyOrder({"kind", "key", "platform", "blob", "lastUsed"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CacheEntry(@JsonProperty("kind") String kind, @JsonProperty("key") String key,
                         @JsonProperty("platform") String platform, @JsonProperty("blob") Descriptor blob,
                         @JsonProperty("lastUsed") long lastUsed) {
    @JsonCreator
    public CacheEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(blob, "blob");
    }

    public CacheEntry(CacheKind kind, String key, String platform, Descriptor blob, long lastUsed) {
        this(kind.toString(), key, platform, blob, lastUsed);
    }

    /** What identifies the entry, whatever its time of use. */
    public record Id(String kind, String key, String digest) {
    }

    public Id id() {
        return new Id(kind, key, blob.digest().toString());
    }

    public CacheEntry usedAt(long epochSeconds) {
        return epochSeconds <= lastUsed ? this : new CacheEntry(kind, key, platform, blob, epochSeconds);
    }

    /** Whether this lading knows the kind; entries of other kinds are carried along but never used. */
    public boolean isKnown() {
        return CacheKind.named(kind).isPresent();
    }

    public boolean is(CacheKind cacheKind) {
        return kind.equals(cacheKind.toString());
    }
}
