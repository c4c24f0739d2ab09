package dev.lading.core.job;

import dev.lading.core.LadingException;
import dev.lading.core.layer.Layer;
import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import dev.lading.core.model.RepositoryName;
import dev.lading.core.store.BlobOrigins;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A publisher that sends nothing anywhere: it records, in order, what the job gave it, whether each layer was in the
 * store by then, and whether the metadata file existed when the result came.
 */
final class RecordingPublisher implements Publisher {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final Path metadataFile;
    private final boolean failing;

    /** @param failing the push of the result fails */
    RecordingPublisher(Path metadataFile, boolean failing) {
        this.metadataFile = metadataFile;
        this.failing = failing;
    }

    @Override
    public Publication open(List<Reference> targets, boolean byDigest) {
        events.add("open " + targets + (byDigest ? " by digest" : ""));
        return new Publication() {
            @Override
            public void layerStored(OciLayout store, Layer layer, List<Platform> platforms) {
                boolean stored;
                try {
                    stored = store.hasIntact(layer.descriptor());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                events.add("layer " + layer.descriptor().digest() + " " + platforms + (stored ? "" : " not stored"));
            }

            @Override
            public Published publish(OciLayout store, BuildResult result, BlobOrigins remote) {
                events.add("publish " + result.index().digest()
                        + (Files.exists(metadataFile) ? " after the metadata" : ""));
                if (failing) {
                    throw new LadingException("the registry refused the push");
                }
                return new Published(List.of(new Pushed(RepositoryName.parse("registry.example/cats/hello"),
                        result.index(), 3, 1, 0)), List.of());
            }

            @Override
            public void close() {
                events.add("close");
            }
        };
    }
}
