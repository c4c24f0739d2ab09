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

    private Annotations() {
    }
}
