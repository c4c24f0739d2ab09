package dev.lading.core.cache;

import dev.lading.core.model.Reference;

/** Opens the {@link CacheLocation} of a {@code --cache-to}/{@code --cache-from}: registries are registry-client's. */
@FunctionalInterface
public interface CacheLocations {
    /** For callers without a registry client: a registry cache is a warning, like any cache that cannot be read. */
    CacheLocations LOCAL_ONLY = reference -> {
        throw new IllegalStateException("this caller has no registry client");
    };

    CacheLocation registry(Reference reference);

    default CacheLocation of(CacheSpec spec) {
        return spec.type() == CacheSpec.Type.LOCAL ? new LayoutCacheLocation(spec.directory())
                : registry(spec.reference());
    }
}
