package dev.lading.core.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheListener;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.cache.LocalCache;
import dev.lading.core.io.Compression;
import dev.lading.core.io.Content;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers in the build cache: a runner with another checkout (other paths, other file times) and an empty store
 * takes the layer of an earlier runner's entry instead of compressing, and gets the same layer.
 */
class LayerEntriesTest {
    @TempDir
    Path dir;

    /** A tree of one file with the given content, written in a checkout of its own (its own path and time). */
    private LayerTree tree(String checkout, String text) throws IOException {
        Path file = dir.resolve(checkout).resolve("data");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - checkout.hashCode()));
        return LayerTree.builder().add(LayerEntry.file("app/data", Content.ofFile(file, Files.size(file)), 0644, 0, 0,
                "test")).build();
    }

    private static List<CacheEntry> layers(CacheSession session) {
        return session.used().entries().stream().filter(entry -> entry.is(CacheKind.LAYER)).toList();
    }

    private Layer build(String runner, LayerTree tree, CacheSession session, Compression compression)
            throws IOException {
        OciLayout store = OciLayout.openOrCreate(dir.resolve(runner).resolve("store"));
        String type = compression == Compression.ZSTD ? MediaTypes.OCI_LAYER_ZSTD
                : compression == Compression.GZIP ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER;
        Layer layer = new LayerBuilder(store, compression, 2, session, CacheListener.NONE).build(tree, 0, type,
                "linux/arm64");
        assertTrue(store.hasIntact(layer.descriptor()), "the layer is in the runner's store");
        return layer;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void anotherCheckoutTakesTheLayerFromTheCache(Compression compression) throws IOException {
        LocalCache cache = LocalCache.open(dir.resolve("cache"));
        CacheSession exporting = cache.session(true);
        Layer made = build("first", tree("a", "some content"), exporting, compression);
        List<CacheEntry> entries = layers(exporting);
        assertEquals(1, entries.size());
        assertEquals(made.descriptor(), entries.get(0).blob(), "the entry's blob is the layer");
        assertEquals("linux/arm64", entries.get(0).platform());
        exporting.commit();

        // a session that does not export counts an entry as used only when it took the layer from it
        CacheSession fresh = cache.session(false);
        Layer restored = build("second", tree("b", "some content"), fresh, compression);
        assertEquals(made, restored, "the same descriptor and diffID");
        assertEquals(entries, layers(fresh), "taken from the entry");

        CacheSession other = cache.session(false);
        Layer changed = build("third", tree("c", "other content"), other, compression);
        assertNotEquals(made.descriptor().digest(), changed.descriptor().digest());
        assertEquals(List.of(), layers(other), "other content has no entry and is compressed");
    }

    @Test
    void aWarmStoreStillCountsItsLayerForAnExport() throws IOException {
        LocalCache cache = LocalCache.open(dir.resolve("cache"));
        LayerTree tree = tree("a", "content");
        Layer first = build("runner", tree, cache.session(false), Compression.GZIP);

        CacheSession exporting = cache.session(true);
        assertEquals(first, build("runner", tree, exporting, Compression.GZIP), "from the store's own layer cache");
        assertEquals(List.of(first.descriptor()), layers(exporting).stream().map(CacheEntry::blob).toList(),
                "and made an entry of it for the export");
    }
}
