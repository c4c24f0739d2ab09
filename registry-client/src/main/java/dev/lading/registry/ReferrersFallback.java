package dev.lading.registry;

import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Index;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The referrers tag schema of the OCI distribution spec, for registries without the referrers API (the
 * reference registry among them): an index under the tag {@code sha256-<subject hex>} listing every manifest
 * whose subject that digest is, each with its artifactType and annotations.
 */
final class ReferrersFallback {
    private ReferrersFallback() {
    }

    /** Adds {@code referrer} (whose document is {@code manifest}) to its subject's fallback index, once. */
    static void add(Repository repository, Descriptor referrer, Manifest manifest) throws IOException {
        if (manifest.subject() == null) {
            throw new IllegalArgumentException(referrer.digest() + " has no subject");
        }
        String tag = Repository.fallbackTag(manifest.subject().digest());
        String artifactType = manifest.artifactType() != null ? manifest.artifactType() : manifest.config().mediaType();
        Descriptor entry = new Descriptor(referrer.mediaType(), artifactType, referrer.digest(), referrer.size(),
                manifest.annotations(), null);
        List<Descriptor> entries = new ArrayList<>(current(repository, tag));
        if (entries.stream().anyMatch(d -> d.digest().equals(referrer.digest()))) {
            return;
        }
        entries.add(entry);
        Blob index = Blob.json(MediaTypes.OCI_INDEX, new Index(MediaTypes.OCI_INDEX, entries, null));
        repository.putManifest(tag, index.descriptor(), index.bytes());
    }

    private static List<Descriptor> current(Repository repository, String tag) throws IOException {
        Optional<Descriptor> existing = repository.manifestDescriptor(tag);
        if (existing.isEmpty()) {
            return List.of();
        }
        RemoteManifest tagged = repository.manifest(tag);
        if (!tagged.descriptor().mediaType().equals(MediaTypes.OCI_INDEX)) {
            throw RegistryException.refused(repository + ":" + tag + " is the referrers tag of a digest but holds a "
                    + tagged.descriptor().mediaType() + ", not an OCI index; lading will not overwrite it",
                    repository.name(), "TAG_INVALID", null);
        }
        return tagged.index().manifests();
    }
}
