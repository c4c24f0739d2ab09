package dev.lading.core.job;

import dev.lading.core.buildfile.BuildFile;
import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheListener;
import dev.lading.core.cache.CacheLocation;
import dev.lading.core.cache.CacheLocations;
import dev.lading.core.cache.CacheOptions;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.cache.CacheSpec;
import dev.lading.core.cache.CacheTransfer;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The caches of one build: the session the plug-ins use, the imports of every {@code --cache-from} before the
 * build, the local commit, and the exports of every {@code --cache-to} after it. One {@link CacheTransfer} serves
 * both directions, so an export sends again the blobs an import found damaged. Nothing here throws: a cache that
 * cannot be used is a warning.
 */
final class BuildCaches {
    private final CacheOptions options;
    private final CacheLocations locations;
    private final CacheSession session;
    private final CacheTransfer transfer;
    private final CacheListener listener;

    private BuildCaches(CacheOptions options, CacheLocations locations, CacheSession session, CacheListener listener) {
        this.options = options;
        this.locations = locations;
        this.session = session;
        this.transfer = session.isEnabled() ? new CacheTransfer(session.cache(), listener) : null;
        this.listener = listener;
    }

    static BuildCaches open(CacheOptions options, CacheLocations locations, CacheListener listener) {
        return new BuildCaches(options, locations, options.open(listener), listener);
    }

    CacheSession session() {
        return session;
    }

    /**
     * Whether the build can use an entry: compiles and zig's builds need a build: section, package files packages:;
     * layers serve any build.
     */
    static boolean usable(CacheEntry entry, BuildFile file, NativeBuilder nativeBuilder) {
        if (entry.is(CacheKind.PACKAGE)) {
            return file.packages() != null;
        }
        if (entry.is(CacheKind.LAYER)) {
            return true;
        }
        return file.build() != null && nativeBuilder.uses(entry, file);
    }

    /**
     * Makes the entries of every {@code --cache-from} usable that serve the platforms (or any) and the build; their
     * blobs arrive while the build runs, see {@link #commit}.
     */
    void importFor(List<Platform> platforms, Predicate<CacheEntry> usable) {
        if (!session.reads()) {
            return;
        }
        Set<String> wanted = new HashSet<>();
        platforms.forEach(platform -> wanted.add(platform.toString()));
        for (CacheSpec spec : options.from()) {
            locate(spec, "read").ifPresent(location -> session.add(transfer.start(location,
                    entry -> (entry.platform() == null || wanted.contains(entry.platform())) && usable.test(entry))));
        }
    }

    /** Merges what the build used or made into the local cache, once the imports are done. */
    void commit() {
        session.finishImports();
        try {
            session.commit();
        } catch (IOException | RuntimeException e) {
            listener.cacheWarning("cannot update the local cache: " + e.getMessage());
        }
    }

    /** Writes what the build used or made to every {@code --cache-to}; the manifest each now holds, by where. */
    Map<String, Descriptor> export() {
        Map<String, Descriptor> exported = new LinkedHashMap<>();
        if (!session.isEnabled()) {
            return exported;
        }
        for (CacheSpec spec : options.to()) {
            locate(spec, "write").flatMap(location -> transfer.exportTo(location, session.used(), spec.maxSize()))
                    .ifPresent(manifest -> exported.put(spec.where(), manifest));
        }
        return exported;
    }

    private Optional<CacheLocation> locate(CacheSpec spec, String doing) {
        try {
            return Optional.of(locations.of(spec));
        } catch (RuntimeException e) {
            listener.cacheWarning("cannot " + doing + " the cache at " + spec.where() + ": " + e.getMessage()
                    + "; the build goes on without it");
            return Optional.empty();
        }
    }
}
