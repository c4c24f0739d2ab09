package dev.lading.core.layer;

import dev.lading.core.cache.CacheListener;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.io.Compression;
import dev.lading.core.io.DigestingOutputStream;
import dev.lading.core.io.UnclosableOutputStream;
import dev.lading.core.model.Descriptor;
import dev.lading.core.store.BlobWriter;
import dev.lading.core.store.OciLayout;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Turns a file tree into a stored layer in one pass: tar, SHA-256 of the tar (the diffID), compression,
 * SHA-256 and byte count of the compressed bytes (digest and size), temporary file, atomic move into the store.
 */
public final class LayerBuilder {
    private static final int TAR_BUFFER = 1 << 16;

    private final OciLayout store;
    private final Compression compression;
    private final int threads;
    private final LayerEntries entries;

    public LayerBuilder(OciLayout store, Compression compression, int threads) {
        this(store, compression, threads, CacheSession.disabled(), CacheListener.NONE);
    }

    /** @param session the build cache, whose layer entries serve a tree the store has not seen */
    public LayerBuilder(OciLayout store, Compression compression, int threads, CacheSession session,
                        CacheListener listener) {
        this.store = store;
        this.compression = compression;
        this.threads = Math.max(1, threads);
        this.entries = new LayerEntries(session, store, compression, listener);
    }

    /** Builds the layer, or returns the stored one an identical tree became before. */
    public Layer build(LayerTree tree, long mtimeEpochSeconds, String mediaType) throws IOException {
        return build(tree, mtimeEpochSeconds, mediaType, null);
    }

    /**
     * Builds the layer, or returns the stored one an identical tree became before, or the one of a build cache
     * entry of the same content.
     *
     * @param platform the one platform whose image has the layer, or null when several share it
     */
    public Layer build(LayerTree tree, long mtimeEpochSeconds, String mediaType, String platform)
            throws IOException {
        LayerCache cache = new LayerCache(store);
        String key = LayerCache.key(tree, mtimeEpochSeconds, mediaType);
        LayerCache.Hit cached = key == null ? null : cache.find(key);
        if (cached != null) {
            if (entries.exports()) {
                String contentKey = cached.contentKey() != null ? cached.contentKey()
                        : LayerCache.contentKey(tree, mtimeEpochSeconds, mediaType);
                entries.keep(contentKey, platform, cached.layer());
                if (cached.contentKey() == null) {
                    cache.put(key, cached.layer(), contentKey);
                }
            }
            return cached.layer();
        }
        boolean restores = entries.mayRestore();
        String contentKey = restores || entries.exports()
                ? LayerCache.contentKey(tree, mtimeEpochSeconds, mediaType) : null;
        Optional<Layer> restored = restores ? entries.restore(contentKey, mediaType) : Optional.empty();
        Layer layer = restored.isPresent() ? restored.get() : compress(tree, mtimeEpochSeconds, mediaType);
        if (key != null) {
            cache.put(key, layer, contentKey);
        }
        if (contentKey != null && entries.exports()) {
            entries.keep(contentKey, platform, layer);
        }
        return layer;
    }

    private Layer compress(LayerTree tree, long mtimeEpochSeconds, String mediaType) throws IOException {
        try (BlobWriter blob = store.newBlobWriter()) {
            DigestingOutputStream tarDigest;
            try (OutputStream compressed = compression.wrap(new UnclosableOutputStream(blob), threads)) {
                tarDigest = new DigestingOutputStream(compressed);
                OutputStream tarOut = new BufferedOutputStream(tarDigest, TAR_BUFFER);
                TarWriter.write(tree, mtimeEpochSeconds, tarOut);
                tarOut.flush();
            }
            BlobWriter.Result stored = blob.commit(null);
            return new Layer(new Descriptor(mediaType, stored.digest(), stored.size()), tarDigest.digest());
        }
    }
}
