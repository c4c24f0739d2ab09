package dev.lading.registry;

import dev.lading.core.model.Reference;
import dev.lading.registry.auth.Credential;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The entry point to registries: one OkHttp client (one connection pool) for all of them, and per registry host
 * its scheme and auth state, learnt on first contact. Hand out {@link Repository} handles for the work itself.
 */
public final class RegistryClient implements AutoCloseable {
    private final RegistryOptions options;
    private final OkHttpClient base;
    private final Map<String, RegistryHost> hosts = new ConcurrentHashMap<>();

    public RegistryClient(RegistryOptions options) {
        this.options = options;
        Tls tls = Tls.verified(options.caCertificate());
        this.base = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(2 * options.parallelUploads() + 4, 5, java.util.concurrent.TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(30))
                // a registry may take long to answer the final PUT of a large blob while it verifies the digest
                .readTimeout(Duration.ofMinutes(5))
                .writeTimeout(Duration.ofMinutes(5))
                .followSslRedirects(false)
                // whole operations are retried by RetryPolicy; OkHttp silently re-sending a PATCH would be wrong
                .retryOnConnectionFailure(false)
                .sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager())
                .build();
    }

    public RegistryOptions options() {
        return options;
    }

    /** A handle for pulling from the repository of {@code reference}. */
    public Repository pull(Reference reference) {
        return repository(reference.registry(), reference.repository(), false, List.of());
    }

    /**
     * A handle for pushing to {@code repository}; its tokens also allow pulling from {@code mountSources} (other
     * repositories of the same registry that blobs are mounted from).
     */
    public Repository push(String registry, String repository, List<String> mountSources) {
        return repository(registry, repository, true, mountSources);
    }

    private Repository repository(String registry, String repository, boolean push, List<String> mountSources) {
        RegistryHost host = hosts.computeIfAbsent(registry, r -> newHost(r, options.credentials().find(r)));
        return new Repository(host, repository, Scopes.of(repository, push, mountSources), options);
    }

    /**
     * Checks that {@code credential} opens {@code registry}, as {@code docker login} does: pings it and, where it
     * wants tokens, fetches one. Fails with the registry's refusal, never showing the secret.
     */
    public void checkLogin(String registry, Credential credential) throws IOException {
        RegistryHost host = newHost(registry, Optional.of(credential));
        Repository probe = new Repository(host, "", new Scopes(List.of()), options);
        probe.checkAccess();
    }

    private RegistryHost newHost(String registry, Optional<Credential> credential) {
        boolean insecure = options.insecureRegistries().contains(registry);
        if (!insecure) {
            // loopback registries: HTTPS when they speak it (verified), else plain HTTP, as the contract allows
            return new RegistryHost(registry, base, RegistryHost.isLoopback(registry) ? base : null, credential);
        }
        Tls trustAll = Tls.unverified();
        OkHttpClient unverified = base.newBuilder()
                .sslSocketFactory(trustAll.context().getSocketFactory(), trustAll.trustManager())
                .hostnameVerifier((hostname, session) -> true)
                .build();
        return new RegistryHost(registry, unverified, base, credential);
    }

    @Override
    public void close() {
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }
}
