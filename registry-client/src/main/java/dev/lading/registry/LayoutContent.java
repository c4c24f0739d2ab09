package dev.lading.registry;

import dev.lading.core.io.Content;
import dev.lading.core.model.Descriptor;
import dev.lading.core.store.BlobOrigins;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.util.Optional;

/**
 * An image in a local OCI layout, whose blobs may also live in registries: the layers of a registry base image
 * stay there ({@code remote}) until a push needs them, and are then mounted or streamed across.
 */
public final class LayoutContent implements ImageContent {
    private final OciLayout layout;
    private final BlobOrigins remote;

    public LayoutContent(OciLayout layout, BlobOrigins remote) {
        this.layout = layout;
        this.remote = remote;
    }

    public LayoutContent(OciLayout layout) {
        this(layout, BlobOrigins.NONE);
    }

    @Override
    public byte[] document(Descriptor descriptor) throws IOException {
        return layout.read(descriptor);
    }

    @Override
    public Content blob(Descriptor descriptor) throws IOException {
        if (layout.has(descriptor.digest())) {
            return Content.ofFile(layout.blobPath(descriptor.digest()), descriptor.size());
        }
        return remote.find(descriptor.digest()).orElseThrow(() -> new IOException("blob " + descriptor.digest()
                + " is neither in " + layout.root() + " nor known in a registry")).blob(descriptor);
    }

    @Override
    public Optional<String> mountSource(Descriptor descriptor, String registry) {
        // a mount beats an upload even when the bytes are here too: the registry links what it already holds
        return remote.mountSource(descriptor.digest(), registry);
    }
}
