package dev.lading.registry;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Index;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.store.Documents;
import java.io.IOException;

/** A manifest or index as a registry stored it: the exact bytes, verified against the digest in its descriptor. */
public record RemoteManifest(Descriptor descriptor, byte[] bytes) {
    public RemoteManifest {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isIndex() {
        return MediaTypes.isIndex(descriptor.mediaType());
    }

    public Index index() throws IOException {
        return Documents.index(descriptor, bytes);
    }

    public Manifest manifest() throws IOException {
        return Documents.manifest(descriptor, bytes);
    }
}
