package dev.lading.core.layer;

import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheListener;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.io.Compression;
import dev.lading.core.io.DigestingOutputStream;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.store.BlobWriter;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Layers as entries of the build cache ({@link CacheKind#LAYER}), for a fresh runner: the file times of its
 * checkout match no {@link LayerCache} key, so these are keyed by the files' content instead (read only when the
 * build can use or export such an entry). An entry's blob is the compressed layer itself. A restored layer's diffID
 * is computed again from its bytes, not trusted; it is the layer the compression would have made, since the engine
 * writes the same bytes for the same tree on any machine.
 */
final class LayerEntries {
    private final CacheSession session;
    private final OciLayout store;
    private final Compression compression;
    private final CacheListener listener;
    private final AtomicBoolean warned = new AtomicBoolean();

    LayerEntries(CacheSession session, OciLayout store, Compression compression, CacheListener listener) {
        this.session = session;
        this.store = store;
        this.compression = compression;
        this.listener = listener;
    }

    /** Whether a layer the store does not know may be in the build cache: an import or an export brought layers. */
    boolean mayRestore() {
        return session.reads() && !session.entries(CacheKind.LAYER).isEmpty();
    }

    /** Whether the build's layers are to be written to a {@code --cache-to}. */
    boolean exports() {
        return session.exports();
    }

    /** The layer of an entry of the key, copied into the store; empty when there is none that is intact. */
    Optional<Layer> restore(String key, String mediaType) {
        for (CacheEntry entry : session.candidates(CacheKind.LAYER, key)) {
            try {
                Optional<Path> blob = session.blob(entry);
                if (blob.isEmpty() || !entry.blob().mediaType().equals(mediaType)) {
                    continue;
                }
                Digest diffId;
                try (InputStream tar = compression.unwrap(Files.newInputStream(blob.get()))) {
                    diffId = DigestingOutputStream.sha256(tar);
                }
                Descriptor layer = entry.blob();
                if (!store.hasIntact(layer)) {
                    try (BlobWriter writer = store.newBlobWriter()) {
                        Files.copy(blob.get(), writer);
                        writer.commit(layer.digest());
                    }
                }
                session.used(entry);
                return Optional.of(new Layer(new Descriptor(mediaType, layer.digest(), layer.size()), diffId));
            } catch (IOException | RuntimeException e) {
                warn(e);
            }
        }
        return Optional.empty();
    }

    /**
     * Counts the layer's entry as used, making it from the stored layer when there is none.
     *
     * @param platform the one platform whose image has the layer, or null when several share it
     */
    void keep(String key, String platform, Layer layer) {
        try {
            Digest digest = layer.descriptor().digest();
            Optional<CacheEntry> there = session.find(CacheKind.LAYER, key, digest.toString());
            if (there.isPresent()) {
                session.used(there.get());
            } else {
                session.put(CacheKind.LAYER, key, platform, layer.descriptor().mediaType(),
                        out -> Files.copy(store.blobPath(digest), out));
            }
        } catch (IOException | RuntimeException e) {
            warn(e);
        }
    }

    private void warn(Exception e) {
        if (warned.compareAndSet(false, true)) {
            listener.cacheWarning("layer cache: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + "; building the layer instead");
        }
    }
}
