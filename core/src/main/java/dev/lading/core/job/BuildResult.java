package dev.lading.core.job;

import dev.lading.core.layer.Layer;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Platform;
import java.util.List;

/**
 * What a build stored: per platform, its manifest, config, layers and attestations, and two forms of the index.
 *
 * @param index       what a push sends: with attestations as referrers, the platform manifests only; with
 *                    buildx-style attestations, those too
 * @param layoutIndex what OCI layouts hold: layouts have no referrers API, so their one index.json entry lists
 *                    the attestation manifests after the platform manifests, whatever the format; without
 *                    attestations it is {@code index}
 */
public record BuildResult(Descriptor index, Descriptor layoutIndex, List<PlatformImage> images) {
    public BuildResult {
        images = List.copyOf(images);
    }

    /** A result without attestations, whose two indexes are one. */
    public BuildResult(Descriptor index, List<PlatformImage> images) {
        this(index, index, images);
    }

    /** @param attestation the manifest of the image's provenance and SBOM, or null when none were made */
    public record PlatformImage(Platform platform, Descriptor manifest, Descriptor config, List<Layer> layers,
                                Descriptor attestation) {
        public PlatformImage {
            layers = List.copyOf(layers);
        }

        public PlatformImage(Platform platform, Descriptor manifest, Descriptor config, List<Layer> layers) {
            this(platform, manifest, config, layers, null);
        }

        public PlatformImage withAttestation(Descriptor newAttestation) {
            return new PlatformImage(platform, manifest, config, layers, newAttestation);
        }
    }
}
