package dev.lading.core.cache;

import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Json;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cache as one OCI artifact: an image manifest of {@link #ARTIFACT_TYPE} whose config is the empty descriptor,
 * whose first layer is the {@link CacheIndex} and whose other layers are the entries' blobs, each once. Listing
 * every blob keeps a registry's garbage collector from taking them; the manifest holds no time, so an unchanged
 * cache is the same manifest.
 */
public record CacheArtifact(Descriptor index, List<Descriptor> blobs) {
    public static final String ARTIFACT_TYPE = "application/vnd.dev.lading.cache.v1";
    public static final String INDEX_TYPE = "application/vnd.dev.lading.cache.index.v1+json";
    /** A compile or zig entry: a tar of named files, gzip-compressed. */
    public static final String ENTRY_TYPE = "application/vnd.dev.lading.cache.entry.v1.tar+gzip";
    /** A package entry: the package file itself, so its digest is the SHA-256 its repository signed. */
    public static final String PACKAGE_TYPE = "application/vnd.debian.binary-package";
    /** The OCI empty config ({@code {}}), which artifacts without a config of their own point to. */
    public static final Blob EMPTY_CONFIG = Blob.of(MediaTypes.OCI_EMPTY, new byte[] {'{', '}'});

    public CacheArtifact {
        blobs = List.copyOf(blobs);
    }

    /** The artifact of an index: the index blob and every entry's blob once, in the index's order. */
    public static CacheArtifact of(Descriptor indexBlob, CacheIndex cacheIndex) {
        Map<String, Descriptor> blobs = new LinkedHashMap<>();
        cacheIndex.entries().forEach(entry -> blobs.putIfAbsent(entry.blob().digest().toString(), entry.blob()));
        return new CacheArtifact(indexBlob, new ArrayList<>(blobs.values()));
    }

    public Blob manifest() {
        List<Descriptor> layers = new ArrayList<>();
        layers.add(index);
        layers.addAll(blobs);
        return Blob.json(MediaTypes.OCI_MANIFEST, new Manifest(2, MediaTypes.OCI_MANIFEST, ARTIFACT_TYPE,
                EMPTY_CONFIG.descriptor(), layers, null, Map.of()));
    }

    /** Reads a manifest as a cache artifact; one of another type (an image, another tool's cache) is refused. */
    public static CacheArtifact parse(byte[] manifestBytes, String what) throws IOException {
        Manifest manifest = Json.parse(manifestBytes, Manifest.class, what);
        if (!ARTIFACT_TYPE.equals(manifest.artifactType())) {
            throw new IOException(what + " is not a lading cache (artifactType "
                    + (manifest.artifactType() == null ? "none" : manifest.artifactType()) + ")");
        }
        if (manifest.layers().isEmpty() || !INDEX_TYPE.equals(manifest.layers().get(0).mediaType())) {
            throw new IOException(what + " has no cache index as its first layer");
        }
        return new CacheArtifact(manifest.layers().get(0), manifest.layers().subList(1, manifest.layers().size()));
    }
}
