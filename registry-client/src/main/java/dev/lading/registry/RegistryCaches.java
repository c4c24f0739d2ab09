package dev.lading.registry;

import dev.lading.core.cache.CacheLocation;
import dev.lading.core.cache.CacheLocations;
import dev.lading.core.model.Reference;
import java.util.function.Supplier;

/** The registry caches of {@code --cache-from} and {@code --cache-to}, as {@link RegistryCacheLocation}s. */
public final class RegistryCaches implements CacheLocations {
    private final Supplier<RegistryClient> client;

    /** @param client made on first use: a build without a registry cache never starts an HTTP client */
    public RegistryCaches(Supplier<RegistryClient> client) {
        this.client = client;
    }

    @Override
    public CacheLocation registry(Reference reference) {
        return new RegistryCacheLocation(client.get(), reference);
    }
}
