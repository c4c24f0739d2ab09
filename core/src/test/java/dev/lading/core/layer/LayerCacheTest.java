package dev.lading.core.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.io.Compression;
import dev.lading.core.io.Content;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unchanged tree re-uses its stored layer; any change that could alter the bytes builds anew. */
class LayerCacheTest {
    @TempDir
    Path dir;

    /** How often the layer engine opened the file's content: a layer served from the cache reads nothing. */
    private final AtomicInteger reads = new AtomicInteger();

    private LayerTree tree(Path file, int mode) throws IOException {
        Content content = Content.ofFile(file, Files.size(file));
        Content counted = new Content() {
            @Override
            public InputStream open() throws IOException {
                reads.incrementAndGet();
                return content.open();
            }

            @Override
            public long size() {
                return content.size();
            }

            @Override
            public String fingerprint() throws IOException {
                return content.fingerprint();
            }
        };
        return LayerTree.builder().add(LayerEntry.file("app/data", counted, mode, 0, 0, "test")).build();
    }

    @Test
    void reusesTheLayerOfAnUnchangedTreeAndRebuildsAfterAChange() throws IOException {
        OciLayout store = OciLayout.openOrCreate(dir.resolve("store"));
        Path file = Files.writeString(dir.resolve("data"), "first");
        LayerBuilder builder = new LayerBuilder(store, Compression.GZIP, 2);
        Layer first = builder.build(tree(file, 0644), 0, MediaTypes.OCI_LAYER_GZIP);
        String key = LayerCache.key(tree(file, 0644), 0, MediaTypes.OCI_LAYER_GZIP);
        assertNotNull(key);
        assertEquals(first, new LayerCache(store).find(key).layer(), "the build recorded its layer");
        int readsOfTheFirstBuild = reads.get();
        assertTrue(readsOfTheFirstBuild > 0);
        assertEquals(first, builder.build(tree(file, 0644), 0, MediaTypes.OCI_LAYER_GZIP));
        assertEquals(readsOfTheFirstBuild, reads.get(), "the unchanged tree's layer came from the cache, unread");

        assertNotEquals(key, LayerCache.key(tree(file, 0600), 0, MediaTypes.OCI_LAYER_GZIP), "mode is in the key");
        assertNotEquals(key, LayerCache.key(tree(file, 0644), 1, MediaTypes.OCI_LAYER_GZIP), "mtime is in the key");
        assertNotEquals(key, LayerCache.key(tree(file, 0644), 0, MediaTypes.OCI_LAYER_ZSTD), "type is in the key");

        Files.writeString(file, "other");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        Layer second = builder.build(tree(file, 0644), 0, MediaTypes.OCI_LAYER_GZIP);
        assertNotEquals(first.diffId(), second.diffId(), "changed content is built again");
        assertTrue(reads.get() > readsOfTheFirstBuild, "and read again");
    }

    @Test
    void aLayerWhoseBlobLeftTheStoreIsBuiltAgain() throws IOException {
        OciLayout store = OciLayout.openOrCreate(dir.resolve("store"));
        Path file = Files.writeString(dir.resolve("data"), "content");
        LayerBuilder builder = new LayerBuilder(store, Compression.GZIP, 1);
        Layer layer = builder.build(tree(file, 0644), 0, MediaTypes.OCI_LAYER_GZIP);
        Files.delete(store.blobPath(layer.descriptor().digest()));
        String key = LayerCache.key(tree(file, 0644), 0, MediaTypes.OCI_LAYER_GZIP);
        assertNull(new LayerCache(store).find(key));
        assertEquals(layer, builder.build(tree(file, 0644), 0, MediaTypes.OCI_LAYER_GZIP));
        assertEquals(layer.descriptor().size(), Files.size(store.blobPath(layer.descriptor().digest())));
    }

    @Test
    void aCachedLayerWhoseBlobWasEditedInPlaceIsBuiltAgain() throws IOException {
        OciLayout store = OciLayout.openStore(dir.resolve("store"));
        Path file = Files.writeString(dir.resolve("data"), "content of some size");
        LayerBuilder builder = new LayerBuilder(store, Compression.NONE, 1);
        Layer layer = builder.build(tree(file, 0644), 0, MediaTypes.OCI_LAYER);
        Path blob = store.blobPath(layer.descriptor().digest());
        byte[] good = Files.readAllBytes(blob);
        byte[] bad = good.clone();
        bad[600] ^= 1;
        Files.write(blob, bad);
        assertEquals(layer, builder.build(tree(file, 0644), 0, MediaTypes.OCI_LAYER));
        assertArrayEquals(good, Files.readAllBytes(blob), "the damaged blob was built again");
    }

    @Test
    void contentThatCannotTellWhetherItChangedIsNeverCached() throws IOException {
        Content opaque = new Content() {
            @Override
            public InputStream open() {
                return InputStream.nullInputStream();
            }

            @Override
            public long size() {
                return 0;
            }
        };
        LayerTree tree = LayerTree.builder().add(LayerEntry.file("x", opaque, 0644, 0, 0, "test")).build();
        assertNull(LayerCache.key(tree, 0, MediaTypes.OCI_LAYER_GZIP));
    }
}
