package dev.lading.core.testing;

import dev.lading.core.io.Content;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.RepositoryName;
import dev.lading.core.store.BlobOrigin;
import dev.lading.core.store.OciLayout;

/** The origin of blobs a test never reads: reading or copying one fails the test. */
public record UnreadOrigin(RepositoryName name) implements BlobOrigin {
    public static UnreadOrigin of(String repository) {
        return new UnreadOrigin(RepositoryName.parse(repository));
    }

    @Override
    public Content blob(Descriptor blob) {
        throw new AssertionError("read " + blob.digest() + " from " + name);
    }

    @Override
    public void copy(Descriptor blob, OciLayout store) {
        throw new AssertionError("copied " + blob.digest() + " from " + name);
    }
}
