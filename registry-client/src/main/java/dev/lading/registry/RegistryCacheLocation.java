package dev.lading.registry;

import dev.lading.core.cache.CacheLocation;
import dev.lading.core.io.Content;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code type=registry}: the cache artifact under a registry reference, read and written with the client's
 * requests (auth, retries, deadlines). Reads go through a pull handle and writes through a push handle, so that a
 * {@code --cache-from} needs no right to push.
 */
public final class RegistryCacheLocation implements CacheLocation {
    private final Reference reference;
    private final Repository reader;
    private final Repository writer;

    public RegistryCacheLocation(RegistryClient client, Reference reference) {
        this.reference = reference;
        this.reader = client.pull(reference);
        this.writer = client.push(reference.name(), List.of());
    }

    /**
     * Asks for every manifest type, not only the artifact's: the reference registry hides an index from a client
     * that does not accept it, and an image there must be seen to be left alone.
     */
    @Override
    public Optional<Stored> manifest() throws IOException {
        return reader.findManifest(reference.tagOrDigest())
                .map(found -> new Stored(found.descriptor(), found.bytes()));
    }

    /** The blob's bytes streamed, checked against its digest at their end; opening is retried, reading is not. */
    @Override
    public InputStream open(Descriptor blob) throws IOException {
        return reader.retries().run("pull blob " + blob.digest(), () -> reader.openBlob(blob));
    }

    @Override
    public boolean has(Descriptor blob) throws IOException {
        return writer.blobSize(blob.digest()).isPresent();
    }

    @Override
    public void put(Descriptor blob, BlobSource content) throws IOException {
        BlobTransfer.send(writer, blob, new ImageContent() {
            @Override
            public Content blob(Descriptor descriptor) {
                return new Content() {
                    @Override
                    public InputStream open() throws IOException {
                        return content.open();
                    }

                    @Override
                    public long size() {
                        return blob.size();
                    }

                    @Override
                    public String toString() {
                        return "cache blob " + blob.digest();
                    }
                };
            }

            @Override
            public byte[] document(Descriptor descriptor) throws IOException {
                try (InputStream in = content.open()) {
                    return in.readAllBytes();
                }
            }
        });
    }

    /**
     * Puts the manifest under the reference's tag. A reference by digest names one manifest for good, which an
     * export cannot replace: it is refused, as a cache that cannot be written.
     */
    @Override
    public void putManifest(Descriptor descriptor, byte[] manifest) throws IOException {
        if (reference.digest() != null) {
            throw new IOException(reference + " names a manifest by digest, which a new cache cannot replace;"
                    + " write the cache to a tag");
        }
        writer.putManifest(reference.tag(), descriptor, manifest);
    }

    @Override
    public String describe() {
        return reference.toString();
    }
}
