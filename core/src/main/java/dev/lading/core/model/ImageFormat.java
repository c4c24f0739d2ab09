package dev.lading.core.model;

import dev.lading.core.InputException;
import dev.lading.core.io.Compression;

/** Which family of media types an image is written with: OCI (the default) or Docker v2 schema 2. */
public enum ImageFormat {
    OCI(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG),
    DOCKER(MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_CONFIG);

    private final String index;
    private final String manifest;
    private final String config;

    ImageFormat(String index, String manifest, String config) {
        this.index = index;
        this.manifest = manifest;
        this.config = config;
    }

    public String indexType() {
        return index;
    }

    public String manifestType() {
        return manifest;
    }

    public String configType() {
        return config;
    }

    /** Docker has no standard zstd layer type, so the two are never mixed. */
    public String layerType(Compression compression) {
        return switch (compression) {
            case NONE -> this == OCI ? MediaTypes.OCI_LAYER : MediaTypes.DOCKER_LAYER;
            case GZIP -> this == OCI ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.DOCKER_LAYER_GZIP;
            case ZSTD -> {
                if (this == DOCKER) {
                    throw new InputException("zstd layers need the OCI format: Docker media types have no zstd layer");
                }
                yield MediaTypes.OCI_LAYER_ZSTD;
            }
        };
    }

    /**
     * A base image's layer under this format's type for the same bytes: OCI and Docker layer types are
     * interchangeable, and a manifest should not mix the two families. Types without a counterpart stay.
     */
    public Descriptor sameFamily(Descriptor layer) {
        String type = layer.mediaType();
        String mapped = switch (type) {
            case MediaTypes.OCI_LAYER, MediaTypes.DOCKER_LAYER -> layerType(Compression.NONE);
            case MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP -> layerType(Compression.GZIP);
            default -> type;
        };
        return mapped.equals(type) ? layer : layer.withMediaType(mapped);
    }

    public static ImageFormat parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "oci" -> OCI;
            case "docker" -> DOCKER;
            default -> throw new InputException("unknown image format '" + text + "' (oci, docker)");
        };
    }
}
