package dev.lading.core.attest;

import dev.lading.core.model.Annotations;
import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manifest that carries a platform image's statements, in BuildKit's OCI-artifact form: artifactType
 * {@link MediaTypes#ATTESTATION_MANIFEST}, the empty config, one uncompressed in-toto layer per statement and the
 * platform manifest as its {@code subject}, so a registry lists it among that manifest's referrers.
 */
public final class AttestationManifest {
    /** The OCI empty descriptor's content, {@code {}}. */
    static final Blob EMPTY_CONFIG = Blob.of(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
    /** Where runtimes never look: buildx's platform for attestation entries of an index. */
    public static final Platform UNKNOWN_PLATFORM = new Platform("unknown", "unknown", null);

    private AttestationManifest() {
    }

    /**
     * Stores the statements, the empty config and the manifest.
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
            layers.add(store.put(statement.blob())
                    .withAnnotations(Map.of(Annotations.PREDICATE_TYPE, statement.predicateType())));
        }
        Descriptor config = store.put(EMPTY_CONFIG);
        Manifest manifest = new Manifest(2, MediaTypes.OCI_MANIFEST, MediaTypes.ATTESTATION_MANIFEST, config, layers,
                new Descriptor(subject.mediaType(), subject.digest(), subject.size()), Map.of());
        Descriptor stored = store.put(Blob.json(MediaTypes.OCI_MANIFEST, manifest));
        return new Descriptor(stored.mediaType(), MediaTypes.ATTESTATION_MANIFEST, stored.digest(), stored.size(),
                Map.of(), null);
    }

    /** Whether an index entry is an attestation rather than an image: by its artifactType or buildx's annotation. */
    public static boolean isAttestation(Descriptor entry) {
        return MediaTypes.ATTESTATION_MANIFEST.equals(entry.artifactType())
                || Annotations.ATTESTATION_MANIFEST.equals(entry.annotations().get(Annotations.REFERENCE_TYPE));
    }

    /** The attestation's entry in an index of the buildx form, after the platform manifests. */
    public static Descriptor indexEntry(Descriptor attestation, Descriptor subject) {
        return attestation.withAnnotations(Map.of(
                        Annotations.REFERENCE_TYPE, Annotations.ATTESTATION_MANIFEST,
                        Annotations.REFERENCE_DIGEST, subject.digest().toString()))
                .withPlatform(UNKNOWN_PLATFORM);
    }
}
