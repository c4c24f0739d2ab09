package dev.lading.core.layer;

import dev.lading.core.io.Content;
import dev.lading.core.io.DigestingOutputStream;
import dev.lading.core.io.TempFiles;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Json;
import dev.lading.core.model.JsonObject;
import dev.lading.core.model.ModelJson;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Remembers which stored layer a file tree became, keyed by everything that decides the layer's bytes (paths,
 * modes, owners, link targets, each file's fingerprint, the timestamp and the media type), so that an unchanged
 * tree is not tarred and compressed again. A hit is used only while its blob is still in the store, intact.
 */
final class LayerCache {
    /** Bump when the tar or compression engine changes its output for the same input. */
    private static final String ENGINE_VERSION = "2";

    private final OciLayout store;
    private final Path directory;

    /** @param contentKey the layer's key in the build cache ({@link #contentKey}), or null when not made yet */
    private record Entry(Descriptor descriptor, Digest diffId, String contentKey) {
        byte[] bytes() throws IOException {
            return Json.bytes(json -> {
                json.writeStartObject();
                json.writeFieldName("descriptor");
                ModelJson.write(json, descriptor);
                json.writeStringField("diffId", diffId.toString());
                json.writeStringField("contentKey", contentKey);
                json.writeEndObject();
            });
        }

        static Entry parse(byte[] bytes) throws IOException {
            JsonObject json = Json.object(bytes);
            Descriptor descriptor = ModelJson.descriptor(json.object("descriptor"));
            String diffId = json.string("diffId");
            if (descriptor == null || diffId == null) {
                throw new IOException("a layer cache entry needs a descriptor and a diffId");
            }
            return new Entry(descriptor, Digest.parse(diffId), json.string("contentKey"));
        }
    }

    /** A stored layer the tree became before, with its key in the build cache when that was made. */
    record Hit(Layer layer, String contentKey) {
    }

    /** How a file's content takes part in a key. */
    @FunctionalInterface
    private interface ContentId {
        String of(Content content) throws IOException;
    }

    LayerCache(OciLayout store) {
        this.store = store;
        this.directory = store.root().resolve("lading-cache").resolve("layers");
    }

    /** The key of a tree, or null when some content cannot tell cheaply whether it changed. */
    static String key(LayerTree tree, long mtimeEpochSeconds, String mediaType) throws IOException {
        return key(tree, mtimeEpochSeconds, mediaType, Content::fingerprint);
    }

    /**
     * The key of a tree by the content of its files rather than their fingerprints (which name paths and times of
     * this machine): the same in any checkout. Reads every file.
     */
    static String contentKey(LayerTree tree, long mtimeEpochSeconds, String mediaType) throws IOException {
        return key(tree, mtimeEpochSeconds, mediaType, content -> {
            try (InputStream in = content.open()) {
                return DigestingOutputStream.sha256(in).toString();
            }
        });
    }

    private static String key(LayerTree tree, long mtimeEpochSeconds, String mediaType, ContentId contentId)
            throws IOException {
        MessageDigest sha256 = Digest.newSha256();
        update(sha256, ENGINE_VERSION, mediaType, Long.toString(mtimeEpochSeconds));
        for (LayerEntry entry : tree.entries()) {
            String fingerprint = entry.content() == null ? "" : contentId.of(entry.content());
            if (fingerprint == null) {
                return null;
            }
            update(sha256, entry.path(), entry.type().name(), Integer.toOctalString(entry.mode()),
                    entry.uid() + ":" + entry.gid(), String.valueOf(entry.linkTarget()), fingerprint);
        }
        return Digest.ofSha256(sha256.digest()).hex();
    }

    Hit find(String key) {
        Path file = directory.resolve(key + ".json");
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            Entry entry = Entry.parse(Files.readAllBytes(file));
            return store.hasIntact(entry.descriptor())
                    ? new Hit(new Layer(entry.descriptor(), entry.diffId()), entry.contentKey()) : null;
        } catch (IOException | RuntimeException e) {
            // a damaged entry only costs a rebuild
            return null;
        }
    }

    /** @param contentKey the layer's key in the build cache, or null when it was not made */
    void put(String key, Layer layer, String contentKey) throws IOException {
        Files.createDirectories(directory);
        TempFiles.writeAtomically(directory.resolve(key + ".json"),
                new Entry(layer.descriptor(), layer.diffId(), contentKey).bytes());
    }

    private static void update(MessageDigest sha256, String... fields) {
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            // length-prefixed, so that no two different field lists hash alike
            sha256.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) ':');
            sha256.update(bytes);
        }
    }
}
