package dev.lading.core.store;

import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Index;
import dev.lading.core.model.Json;
import dev.lading.core.model.Manifest;
import java.io.IOException;

/**
 * Reads the JSON documents (indexes, manifests, configs) an image is made of, from a layout, a registry or a merge
 * of several: the one door through which a descriptor becomes a typed document, under the size limit registries
 * keep.
 */
@FunctionalInterface
public interface Documents {
    /** Manifests and indexes larger than this are refused, as registries refuse them. */
    int MAX_BYTES = 4 << 20;

    /** The exact bytes the descriptor names, checked against its size and digest. */
    byte[] document(Descriptor descriptor) throws IOException;

    default Index index(Descriptor descriptor) throws IOException {
        return parse(descriptor, read(this, descriptor), Index.class);
    }

    default Manifest manifest(Descriptor descriptor) throws IOException {
        return parse(descriptor, read(this, descriptor), Manifest.class);
    }

    default ConfigFile config(Descriptor descriptor) throws IOException {
        return parse(descriptor, read(this, descriptor), ConfigFile.class);
    }

    /** Bytes already read for {@code descriptor} (a manifest fetched by tag, say) as an {@link Index}. */
    static Index index(Descriptor descriptor, byte[] bytes) throws IOException {
        return parse(descriptor, bytes, Index.class);
    }

    /** Bytes already read for {@code descriptor} as a {@link Manifest}. */
    static Manifest manifest(Descriptor descriptor, byte[] bytes) throws IOException {
        return parse(descriptor, bytes, Manifest.class);
    }

    private static byte[] read(Documents documents, Descriptor descriptor) throws IOException {
        // refused before reading: a descriptor's size is what the source would send
        checkSize(descriptor, descriptor.size());
        return documents.document(descriptor);
    }

    private static <T> T parse(Descriptor descriptor, byte[] bytes, Class<T> type) throws IOException {
        checkSize(descriptor, bytes.length);
        String kind = type == Index.class ? "index" : type == Manifest.class ? "manifest" : "config";
        return Json.parse(bytes, type, kind + " " + descriptor.digest());
    }

    private static void checkSize(Descriptor descriptor, long size) throws IOException {
        if (size > MAX_BYTES) {
            throw new IOException(descriptor.mediaType() + " " + descriptor.digest() + " is " + size
                    + " bytes, over the 4 MiB limit for JSON documents");
        }
    }
}
