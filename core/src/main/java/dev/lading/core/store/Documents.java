package dev.lading.core.store;

import dev.lading.core.model.Descriptor;
import java.io.IOException;

/** Reads the JSON documents (indexes, manifests, configs) an image is made of, from a layout or a registry. */
@FunctionalInterface
public interface Documents {
    /** The exact bytes the descriptor names, checked against its size and digest. */
    byte[] document(Descriptor descriptor) throws IOException;
}
