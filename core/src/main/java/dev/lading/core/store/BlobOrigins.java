package dev.lading.core.store;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.RepositoryName;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Where each blob that is not in the local store lives: the value that travels with an image's content. */
public final class BlobOrigins {
    public static final BlobOrigins NONE = new BlobOrigins(Map.of());

    private final Map<Digest, BlobOrigin> origins;

    private BlobOrigins(Map<Digest, ? extends BlobOrigin> origins) {
        this.origins = Map.copyOf(origins);
    }

    public static BlobOrigins of(Map<Digest, ? extends BlobOrigin> origins) {
        return new BlobOrigins(origins);
    }

    /** Every blob of {@code blobs} in {@code origin}. */
    public static BlobOrigins of(Collection<Descriptor> blobs, BlobOrigin origin) {
        Map<Digest, BlobOrigin> all = new LinkedHashMap<>();
        blobs.forEach(blob -> all.put(blob.digest(), origin));
        return new BlobOrigins(all);
    }

    /** Where the blob lives; empty when it is not known to be anywhere but, perhaps, the local store. */
    public Optional<BlobOrigin> find(Digest digest) {
        return Optional.ofNullable(origins.get(digest));
    }

    /** The repository of {@code registry} that holds the blob, for a push to mount it from. */
    public Optional<String> mountSource(Digest digest, String registry) {
        return find(digest).map(BlobOrigin::name).filter(name -> name.registry().equals(RepositoryName.host(registry)))
                .map(RepositoryName::path);
    }
}
