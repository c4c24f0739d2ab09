package dev.lading.registry.sign;

import dev.lading.core.io.Content;
import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.registry.ImageContent;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The content of a signature image being pushed: the blobs made just now, and for the rest (the layers of earlier
 * signatures) the repository that holds them already, so that the push finds them in place and sends nothing.
 */
record NewBlobs(Map<Digest, Blob> made, ImageContent rest) implements ImageContent {
    NewBlobs(List<Blob> made, ImageContent rest) {
        this(made.stream().collect(Collectors.toUnmodifiableMap(Blob::digest, Function.identity(), (a, b) -> a)),
                rest);
    }

    @Override
    public byte[] document(Descriptor descriptor) throws IOException {
        Blob blob = made.get(descriptor.digest());
        return blob != null ? blob.bytes() : rest.document(descriptor);
    }

    @Override
    public Content blob(Descriptor descriptor) throws IOException {
        Blob blob = made.get(descriptor.digest());
        return blob != null ? Content.ofBytes(blob.bytes()) : rest.blob(descriptor);
    }
}
