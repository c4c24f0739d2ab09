package dev.lading.core.store;

import dev.lading.core.io.Content;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.RepositoryName;
import java.io.IOException;

/**
 * A registry repository holding blobs that lading did not store locally, such as a base image's layers: they are
 * read from there, or mounted from there into another repository of the same registry. The registry client
 * implements it, so that core carries where a blob lives without speaking HTTP.
 */
public interface BlobOrigin {
    /** The repository, which a push to its registry names as the one to mount from. */
    RepositoryName name();

    /** The blob's bytes; each open is a new read, checked against the digest as the bytes stream through. */
    Content blob(Descriptor blob);

    /** Copies the blob into {@code store}, checked against its digest; a read that breaks off starts over. */
    void copy(Descriptor blob, OciLayout store) throws IOException;
}
