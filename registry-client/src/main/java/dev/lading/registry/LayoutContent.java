package dev.lading.registry;

import dev.lading.core.io.Content;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * An image in a local OCI layout, whose blobs may also live in registries: the layers of a registry base image
 * stay there ({@code remote}) until a push needs them, and are then mounted or streamed across.
 */
public final class LayoutContent implements ImageContent {
    private final OciLayout layout;
    private final Map<Digest, Repository> remote;

    public LayoutContent(OciLayout layout, Map<Digest, Repository> remote) {
        this.layout = layout;
        this.remote = Map.copyOf(remote);
    }

    public LayoutContent(OciLayout layout) {
        this(layout, Map.of());
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
        Repository origin = remote.get(descriptor.digest());
        if (origin == null) {
            throw new IOException("blob " + descriptor.digest() + " is neither in " + layout.root()
                    + " nor known in a registry");
        }
        return remoteContent(origin, descriptor);
    }

    /** Each open is a new GET, its bytes checked against the digest as they stream through. */
    static Content remoteContent(Repository origin, Descriptor descriptor) {
        return new Content() {
            @Override
            public InputStream open() throws IOException {
                return origin.openBlob(descriptor);
            }

            @Override
            public long size() {
                return descriptor.size();
            }

            @Override
            public String toString() {
                return origin + "@" + descriptor.digest();
            }
        };
    }

    @Override
    public Optional<String> mountSource(Descriptor descriptor, String registry) {
        Repository origin = remote.get(descriptor.digest());
        // a mount beats an upload even when the bytes are here too: the registry links what it already holds
        return origin != null ? origin.mountSource(descriptor, registry) : Optional.empty();
    }
}
