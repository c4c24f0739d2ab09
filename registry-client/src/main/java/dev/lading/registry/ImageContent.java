package dev.lading.registry;

import dev.lading.core.io.Content;
import dev.lading.core.model.Descriptor;
import dev.lading.core.store.Documents;
import java.io.IOException;
import java.util.Optional;

/**
 * Where the bytes of an image being pushed come from: a local layout, other registries, or both (a build on a
 * registry base keeps the base's layers where they are until a push needs them).
 */
public interface ImageContent extends Documents {
    /** The blob's bytes, re-openable so that a failed upload can be sent again. */
    Content blob(Descriptor descriptor) throws IOException;

    /**
     * A repository of {@code registry} that holds the blob, so the push can mount it instead of sending it;
     * empty when the blob is not known to be there.
     */
    default Optional<String> mountSource(Descriptor descriptor, String registry) {
        return Optional.empty();
    }
}
