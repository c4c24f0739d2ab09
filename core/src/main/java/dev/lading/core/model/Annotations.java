package dev.lading.core.model;

/** Annotation keys lading reads or writes. */
public final class Annotations {
    /** The name of an index.json entry of an OCI layout (a tag, for buildx's OCI exporter). */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** The full image name beside {@link #REF_NAME}, as containerd and buildx write it. */
    public static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";

    /** The {@code from:} image a manifest was built on, as the user named it (fully qualified). */
    public static final String BASE_NAME = "org.opencontainers.image.base.name";
    /** The digest of the base's manifest for the platform. */
    public static final String BASE_DIGEST = "org.opencontainers.image.base.digest";

    /** On an index entry: {@code attestation-manifest} marks buildx-style attestations (platform unknown/unknown). */
    public static final String REFERENCE_TYPE = "vnd.docker.reference.type";
    /** On an index entry of an attestation: the digest of the platform manifest it describes. */
    public static final String REFERENCE_DIGEST = "vnd.docker.reference.digest";
    public static final String ATTESTATION_MANIFEST = "attestation-manifest";
    /** On an in-toto layer: the statement's predicate type. */
    public static final String PREDICATE_TYPE = "in-toto.io/predicate-type";
    /** On a cosign signature layer: the base64 DER ECDSA signature of the payload. */
    public static final String COSIGN_SIGNATURE = "dev.cosignproject.cosign/signature";

    private Annotations() {
    }
}
