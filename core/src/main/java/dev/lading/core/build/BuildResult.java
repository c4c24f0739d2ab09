package dev.lading.core.build;

import dev.lading.core.layer.Layer;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Platform;
import java.util.List;

/** What a build stored: the index and, per platform, its manifest, config and layers. */
public record BuildResult(Descriptor index, List<PlatformImage> images) {
    public BuildResult {
        images = List.copyOf(images);
    }

    public record PlatformImage(Platform platform, Descriptor manifest, Descriptor config, List<Layer> layers) {
        public PlatformImage {
            layers = List.copyOf(layers);
        }
    }
}
