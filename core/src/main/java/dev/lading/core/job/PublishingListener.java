package dev.lading.core.job;

import dev.lading.core.layer.Layer;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Platform;
import dev.lading.core.output.OutputSpec;
import dev.lading.core.store.OciLayout;
import java.time.Duration;
import java.util.List;

/** The progress of a build that pushes: each layer, once shown, also starts on its way to the registries. */
final class PublishingListener implements BuildListener {
    private final BuildListener progress;
    private final Publisher.Publication publication;
    private final OciLayout store;

    PublishingListener(BuildListener progress, Publisher.Publication publication, OciLayout store) {
        this.progress = progress;
        this.publication = publication;
        this.store = store;
    }

    @Override
    public void layerBuilt(String layerName, List<Platform> platforms, Layer layer, long contentBytes,
                           Duration took) {
        progress.layerBuilt(layerName, platforms, layer, contentBytes, took);
        publication.layerStored(store, layer, platforms);
    }

    @Override
    public void outputWritten(OutputSpec output, Duration took) {
        progress.outputWritten(output, took);
    }

    @Override
    public void nativeBuilt(Platform platform, String toolchain, String detail, Duration took) {
        progress.nativeBuilt(platform, toolchain, detail, took);
    }

    @Override
    public void warning(String message) {
        progress.warning(message);
    }

    @Override
    public void packagesPrepared(Platform platform, String detail, Duration took) {
        progress.packagesPrepared(platform, detail, took);
    }

    @Override
    public void cacheImported(String location, int entries, int fetched, long fetchedBytes, Duration took) {
        progress.cacheImported(location, entries, fetched, fetchedBytes, took);
    }

    @Override
    public void cacheExported(String location, Descriptor manifest, int entries, int sent, boolean changed,
                              Duration took) {
        progress.cacheExported(location, manifest, entries, sent, changed, took);
    }

    @Override
    public void compileCache(Platform platform, int hits, int misses) {
        progress.compileCache(platform, hits, misses);
    }
}
