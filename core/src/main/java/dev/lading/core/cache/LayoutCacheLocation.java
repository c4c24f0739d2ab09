package dev.lading.core.cache;

import dev.lading.core.model.Annotations;
import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.store.BlobWriter;
import dev.lading.core.store.OciLayout;
import dev.lading.core.io.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type=local}: the cache artifact in an OCI layout, as buildx's local cache is kept, for CI caches that
 * save a directory (actions/cache, GitLab's cache:). {@code index.json} names the artifact's manifest by the ref
 * name {@link #REF_NAME}; any tool that reads layouts can copy it to a registry and back.
 */
public final class LayoutCacheLocation implements CacheLocation {
    public static final String REF_NAME = "cache";
    private static final String LOCK_FILE = "lading-cache.lock";

    private final Path directory;

    public LayoutCacheLocation(Path directory) {
        this.directory = directory;
    }

    @Override
    public Optional<Stored> manifest() throws IOException {
        if (!OciLayout.isLayout(directory)) {
            return Optional.empty();
        }
        OciLayout layout = OciLayout.open(directory);
        for (Descriptor entry : layout.index().manifests()) {
            if (REF_NAME.equals(entry.annotations().get(Annotations.REF_NAME))) {
                // the manifest as stored, not as index.json names it (ref name, artifact type)
                return Optional.of(new Stored(new Descriptor(entry.mediaType(), entry.digest(), entry.size()),
                        layout.read(entry)));
            }
        }
        return Optional.empty();
    }

    @Override
    public InputStream open(Descriptor blob) throws IOException {
        return OciLayout.open(directory).open(blob.digest());
    }

    @Override
    public boolean has(Descriptor blob) throws IOException {
        return OciLayout.isLayout(directory) && OciLayout.open(directory).hasIntact(blob);
    }

    @Override
    public void put(Descriptor blob, BlobSource content) throws IOException {
        OciLayout layout = OciLayout.openOrCreate(directory);
        try (BlobWriter writer = layout.newBlobWriter(); InputStream in = content.open()) {
            in.transferTo(writer);
            writer.commit(blob.digest());
        }
    }

    @Override
    public void putManifest(Descriptor descriptor, byte[] manifest) throws IOException {
        OciLayout layout = OciLayout.openOrCreate(directory);
        layout.put(Blob.of(descriptor.mediaType(), manifest));
        // the artifact type in index.json too, so that a reader of the layout tells the cache from an image
        Descriptor named = new Descriptor(descriptor.mediaType(), CacheArtifact.ARTIFACT_TYPE, descriptor.digest(),
                descriptor.size(), Map.of(Annotations.REF_NAME, REF_NAME), null);
        layout.updateIndex(index -> {
            List<Descriptor> entries = new ArrayList<>(index.manifests().stream()
                    .filter(d -> !REF_NAME.equals(d.annotations().get(Annotations.REF_NAME))).toList());
            entries.add(named);
            return index.withManifests(entries);
        });
        removeOthers(layout, CacheArtifact.parse(manifest, describe()), descriptor);
    }

    /**
     * Removes the blobs an earlier export left that the new artifact no longer names (entries bounded away), when
     * the layout holds the cache alone: then it is the cache's directory and nobody else's. Young blobs stay, as in
     * the local cache: another export into the same directory may have just sent them for its own manifest.
     */
    private static void removeOthers(OciLayout layout, CacheArtifact artifact, Descriptor manifest)
            throws IOException {
        if (layout.index().manifests().size() != 1) {
            return;
        }
        java.util.Set<String> named = new java.util.HashSet<>();
        named.add(manifest.digest().hex());
        named.add(CacheArtifact.EMPTY_CONFIG.digest().hex());
        named.add(artifact.index().digest().hex());
        artifact.blobs().forEach(blob -> named.add(blob.digest().hex()));
        layout.removeBlobsExcept(named, Instant.now().minus(TempFiles.STALE_AFTER));
    }

    /** Under a lock file in the layout, which every lading exporting there honours. */
    @Override
    public <T> T exclusively(Exclusive<T> work) throws IOException {
        return FileMutex.holding(OciLayout.openOrCreate(directory).root().resolve(LOCK_FILE), work);
    }

    @Override
    public boolean isExclusive() {
        return true;
    }

    @Override
    public String describe() {
        return directory.toString();
    }
}
