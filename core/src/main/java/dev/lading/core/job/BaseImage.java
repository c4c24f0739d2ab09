package dev.lading.core.job;

import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Platform;
import dev.lading.core.store.BlobOrigin;
import dev.lading.core.store.BlobOrigins;
import java.util.List;
import java.util.Map;

/**
 * A {@code from:} image resolved for the platforms of a build: per platform, the manifest it resolved to, its
 * config and its layers, which stay in {@code origin} until something needs their bytes.
 *
 * @param name   the normalized reference the user named, e.g. {@code registry.example/base:1}
 * @param origin the repository the image was resolved from, which holds its layers
 */
public record BaseImage(String name, Map<Platform, PlatformImage> platforms, BlobOrigin origin) {
    public BaseImage {
        platforms = Map.copyOf(platforms);
    }

    /** Every platform's layers, where they live. */
    public BlobOrigins layerOrigins() {
        return BlobOrigins.of(platforms.values().stream().flatMap(image -> image.layers().stream()).toList(), origin);
    }

    public record PlatformImage(Descriptor manifest, ConfigFile config, List<Descriptor> layers) {
        public PlatformImage {
            layers = List.copyOf(layers);
        }
    }
}
