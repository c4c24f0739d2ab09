package dev.lading.core.cache;

import dev.lading.core.model.Descriptor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a transfer reported, for tests to assert on. */
final class RecordingCacheListener implements CacheListener {
    record Imported(String location, int entries, int fetched, long fetchedBytes) {
    }

    record Exported(String location, Descriptor manifest, int entries, int sent, boolean changed) {
    }

    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<Imported> imports = new CopyOnWriteArrayList<>();
    final List<Exported> exports = new CopyOnWriteArrayList<>();

    @Override
    public void cacheWarning(String message) {
        warnings.add(message);
    }

    @Override
    public void cacheImported(String location, int entries, int fetched, long fetchedBytes, Duration took) {
        imports.add(new Imported(location, entries, fetched, fetchedBytes));
    }

    @Override
    public void cacheExported(String location, Descriptor manifest, int entries, int sent, boolean changed,
                              Duration took) {
        exports.add(new Exported(location, manifest, entries, sent, changed));
    }
}
