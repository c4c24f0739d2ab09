package dev.lading.registry;

import dev.lading.core.io.Content;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.RepositoryName;
import dev.lading.core.store.BlobOrigin;
import dev.lading.core.store.BlobWriter;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;

/** A repository as the place its blobs live: what a base image or a merged index carries to the push. */
record RepositoryBlobs(Repository repository) implements BlobOrigin {
    @Override
    public RepositoryName name() {
        return repository.name();
    }

    /** Each open is a new GET, its bytes checked against the digest as they stream through. */
    @Override
    public Content blob(Descriptor blob) {
        return new Content() {
            @Override
            public InputStream open() throws IOException {
                return repository.openBlob(blob);
            }

            @Override
            public long size() {
                return blob.size();
            }

            @Override
            public String toString() {
                return repository + "@" + blob.digest();
            }
        };
    }

    @Override
    public void copy(Descriptor blob, OciLayout store) throws IOException {
        // a stream that breaks off is read again from the start, within the work's retries
        repository.retries().run("pull blob " + blob.digest(), () -> {
            try (InputStream in = repository.openBlob(blob); BlobWriter writer = store.newBlobWriter()) {
                in.transferTo(writer);
                writer.commit(blob.digest());
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return repository.toString();
    }
}
