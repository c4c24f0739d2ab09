package dev.lading.core.layer;

import dev.lading.core.io.Compression;
import dev.lading.core.io.DigestingOutputStream;
import dev.lading.core.io.UnclosableOutputStream;
import dev.lading.core.model.Descriptor;
import dev.lading.core.store.BlobWriter;
import dev.lading.core.store.OciLayout;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns a file tree into a stored layer in one pass: tar, SHA-256 of the tar (the diffID), compression,
 * SHA-256 and byte count of the compressed bytes (digest and size), temporary file, atomic move into the store.
 */
public final class LayerBuilder {
    private static final int TAR_BUFFER = 1 << 16;

    private final OciLayout store;
    private final Compression compression;
    private final int threads;

    public LayerBuilder(OciLayout store, Compression compression, int threads) {
        this.store = store;
        this.compression = compression;
        this.threads = Math.max(1, threads);
    }

    /** Builds the layer, or returns the stored one an identical tree became before. */
    public Layer build(LayerTree tree, long mtimeEpochSeconds, String mediaType) throws IOException {
        LayerCache cache = new LayerCache(store);
        String key = LayerCache.key(tree, mtimeEpochSeconds, mediaType);
        Layer cached = key == null ? null : cache.find(key);
        if (cached != null) {
            return cached;
        }
        Layer layer = compress(tree, mtimeEpochSeconds, mediaType);
        if (key != null) {
            cache.put(key, layer);
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
