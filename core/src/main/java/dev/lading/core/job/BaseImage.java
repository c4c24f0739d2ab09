package dev.lading.core.job;

import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Platform;
import java.util.List;
import java.util.Map;

/**
 * A {@code from:} image resolved for the platforms of a build: per platform, the manifest it resolved to, its
 * config and its layers (which stay in their registry until something needs their bytes).
 *
 * @param name the normalized reference the user named, e.g. {@code registry.example/base:1}
 */
public record BaseImage(String name, Map<Platform, PlatformImage> platforms) {
    public BaseImage {
        platforms = Map.copyOf(platforms);
    }

    public record PlatformImage(Descriptor manifest, ConfigFile config, List<Descriptor> layers) {
        public PlatformImage {
            layers = List.copyOf(layers);
        }
    }
}
