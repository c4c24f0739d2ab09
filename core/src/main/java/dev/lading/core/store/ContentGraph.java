package dev.lading.core.store;

import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Index;
import dev.lading.core.model.Json;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the JSON documents of a layout and walks what an index or manifest refers to. */
public final class ContentGraph {
    /** Manifests and indexes larger than this are refused, as registries refuse them. */
    public static final int MAX_MANIFEST_BYTES = 4 << 20;

    private final Documents documents;

    public ContentGraph(Documents documents) {
        this.documents = documents;
    }

    public Index index(Descriptor descriptor) throws IOException {
        return Json.parse(readDocument(descriptor), Index.class, "index " + descriptor.digest());
    }

    public Manifest manifest(Descriptor descriptor) throws IOException {
        return Json.parse(readDocument(descriptor), Manifest.class, "manifest " + descriptor.digest());
    }

    public ConfigFile config(Descriptor descriptor) throws IOException {
        return Json.parse(readDocument(descriptor), ConfigFile.class, "config " + descriptor.digest());
    }

    /**
     * Every descriptor reachable from {@code root}, each once, children before their parents: the order in
     * which content can be copied or pushed so that nothing refers to what is not yet there.
     */
    public List<Descriptor> closure(Descriptor root) throws IOException {
        Map<String, Descriptor> seen = new LinkedHashMap<>();
        visit(root, seen);
        return new ArrayList<>(seen.values());
    }

    private void visit(Descriptor descriptor, Map<String, Descriptor> seen) throws IOException {
        String key = descriptor.digest().toString();
        if (seen.containsKey(key)) {
            return;
        }
        if (MediaTypes.isIndex(descriptor.mediaType())) {
            for (Descriptor child : index(descriptor).manifests()) {
                visit(child, seen);
            }
        } else if (MediaTypes.isManifest(descriptor.mediaType())) {
            Manifest manifest = manifest(descriptor);
            visit(manifest.config(), seen);
            for (Descriptor layer : manifest.layers()) {
                visit(layer, seen);
            }
        }
        seen.put(key, descriptor);
    }

    private byte[] readDocument(Descriptor descriptor) throws IOException {
        if (descriptor.size() > MAX_MANIFEST_BYTES) {
            throw new IOException(descriptor.mediaType() + " " + descriptor.digest() + " is " + descriptor.size()
                    + " bytes, over the 4 MiB limit for JSON documents");
        }
        return documents.document(descriptor);
    }
}
