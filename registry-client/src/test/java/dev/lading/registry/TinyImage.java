package dev.lading.registry;

import dev.lading.core.io.Content;
import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Index;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image held in memory, to push: one manifest per platform with a config and one layer each, under an index
 * when there are several platforms. Blobs can be marked as mountable from another repository of the target.
 */
final class TinyImage implements ImageContent {
    private final Map<Digest, Blob> content = new HashMap<>();
    private final Map<Digest, String> mountable = new HashMap<>();
    private final List<Descriptor> manifests = new ArrayList<>();
    private final List<Descriptor> layers = new ArrayList<>();
    private final List<Descriptor> configs = new ArrayList<>();
    private final Descriptor root;

    private TinyImage(Map<Platform, byte[]> layerByPlatform) {
        for (Map.Entry<Platform, byte[]> entry : layerByPlatform.entrySet()) {
            Platform platform = entry.getKey();
            Blob config = add(Blob.json(MediaTypes.OCI_CONFIG, Map.of("architecture", platform.architecture(),
                    "os", platform.os(), "rootfs", Map.of("type", "layers"))));
            Blob layer = add(Blob.of(MediaTypes.OCI_LAYER, entry.getValue()));
            Blob manifest = add(Blob.json(MediaTypes.OCI_MANIFEST, new Manifest(MediaTypes.OCI_MANIFEST,
                    config.descriptor(), List.of(layer.descriptor()), Map.of())));
            configs.add(config.descriptor());
            layers.add(layer.descriptor());
            manifests.add(manifest.descriptor().withPlatform(platform));
        }
        root = manifests.size() == 1 ? manifests.get(0).withPlatform(null)
                : add(Blob.json(MediaTypes.OCI_INDEX, new Index(MediaTypes.OCI_INDEX, manifests, Map.of())))
                        .descriptor();
    }

    /** A single-platform image whose one layer holds {@code layer}. */
    static TinyImage of(byte[] layer) {
        return new TinyImage(Map.of(new Platform("linux", "amd64", null), layer));
    }

    static TinyImage of(String layer) {
        return of(layer.getBytes(StandardCharsets.UTF_8));
    }

    /** An index of linux/amd64 and linux/arm64 images with different layers. */
    static TinyImage twoPlatforms() {
        Map<Platform, byte[]> layers = new LinkedHashMap<>();
        layers.put(new Platform("linux", "amd64", null), "amd64 layer".getBytes(StandardCharsets.UTF_8));
        layers.put(new Platform("linux", "arm64", null), "arm64 layer".getBytes(StandardCharsets.UTF_8));
        return new TinyImage(layers);
    }

    private Blob add(Blob blob) {
        content.put(blob.digest(), blob);
        return blob;
    }

    /** Says that {@code repository} of the target registry holds {@code blob}, so a push may mount it. */
    TinyImage mountableFrom(Descriptor blob, String repository) {
        mountable.put(blob.digest(), repository);
        return this;
    }

    Descriptor root() {
        return root;
    }

    List<Descriptor> manifests() {
        return List.copyOf(manifests);
    }

    Descriptor layer() {
        return layer(0);
    }

    /** The layer of the {@code platform}th platform, in the order they were given. */
    Descriptor layer(int platform) {
        return layers.get(platform);
    }

    Descriptor config() {
        return configs.get(0);
    }

    byte[] bytes(Descriptor descriptor) {
        return content.get(descriptor.digest()).bytes();
    }

    @Override
    public byte[] document(Descriptor descriptor) throws IOException {
        Blob blob = content.get(descriptor.digest());
        if (blob == null) {
            throw new IOException("no document " + descriptor.digest());
        }
        return blob.bytes();
    }

    @Override
    public Content blob(Descriptor descriptor) throws IOException {
        return Content.ofBytes(document(descriptor));
    }

    @Override
    public Optional<String> mountSource(Descriptor descriptor, String registry) {
        return Optional.ofNullable(mountable.get(descriptor.digest()));
    }
}
