package dev.lading.core.attest;

import dev.lading.core.model.Annotations;
import dev.lading.core.model.Blob;
import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manifest that carries a platform image's statements, in BuildKit's form: an image manifest whose config is a
 * small image config of platform unknown/unknown, with one uncompressed in-toto layer per statement. It also names
 * the platform manifest as its {@code subject} and {@link MediaTypes#ATTESTATION_MANIFEST} as its artifactType, so
 * that a registry lists it among that manifest's referrers; in an index its entry carries neither, as BuildKit's do,
 * because readers that predate OCI 1.1 (Jib, containers/image) refuse or drop an artifactType there.
 */
public final class AttestationManifest {
    /** Where runtimes never look: buildx's platform for attestation entries of an index. */
    public static final Platform UNKNOWN_PLATFORM = new Platform("unknown", "unknown", null);

    private AttestationManifest() {
    }

    /**
     * Stores the statements, the config and the manifest.
     *
     * @param subject the platform manifest the statements are about
     * @return the attestation manifest's descriptor
     */
    public static Descriptor store(OciLayout store, Descriptor subject, List<Statement> statements)
            throws IOException {
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("an attestation manifest holds at least one statement");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (Statement statement : statements) {
            layers.add(statement.store(store)
                    .withAnnotations(Map.of(Annotations.PREDICATE_TYPE, statement.predicateType())));
        }
        Descriptor config = store.put(config(layers));
        Manifest manifest = new Manifest(2, MediaTypes.OCI_MANIFEST, MediaTypes.ATTESTATION_MANIFEST, config, layers,
                new Descriptor(subject.mediaType(), subject.digest(), subject.size()), Map.of());
        Descriptor stored = store.put(Blob.json(MediaTypes.OCI_MANIFEST, manifest));
        return new Descriptor(stored.mediaType(), MediaTypes.ATTESTATION_MANIFEST, stored.digest(), stored.size(),
                Map.of(), null);
    }

    /**
     * The config BuildKit gives attestation manifests: valid for image tools (oci-image-tool validates it as any
     * image's), meaningless for runtimes, its layers the statements (uncompressed, so their diffIDs are their digests).
     */
    static Blob config(List<Descriptor> layers) {
        ConfigFile config = new ConfigFile(null, UNKNOWN_PLATFORM.architecture(), UNKNOWN_PLATFORM.os(), null, null,
                new ConfigFile.RootFs("layers", layers.stream().map(Descriptor::digest).toList()), null);
        return Blob.json(MediaTypes.OCI_CONFIG, config);
    }

    /** Whether an index entry is an attestation rather than an image: by its artifactType or buildx's annotation. */
    public static boolean isAttestation(Descriptor entry) {
        return MediaTypes.ATTESTATION_MANIFEST.equals(entry.artifactType())
                || Annotations.ATTESTATION_MANIFEST.equals(entry.annotations().get(Annotations.REFERENCE_TYPE));
    }

    /** The attestation's entry in an index of the buildx form, after the platform manifests. */
    public static Descriptor indexEntry(Descriptor attestation, Descriptor subject) {
        return new Descriptor(attestation.mediaType(), null, attestation.digest(), attestation.size(), Map.of(
                Annotations.REFERENCE_TYPE, Annotations.ATTESTATION_MANIFEST,
                Annotations.REFERENCE_DIGEST, subject.digest().toString()), UNKNOWN_PLATFORM);
    }
}
