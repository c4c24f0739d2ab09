package dev.lading.registry;

import dev.lading.core.model.Reference;
import dev.lading.core.model.RepositoryName;
import dev.lading.registry.auth.Credential;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * The entry point to registries: one OkHttp client (one connection pool) for all of them, and per registry host
 * its scheme and auth state, learnt on first contact. Hand out {@link Repository} handles for the work itself.
 */
public final class RegistryClient implements AutoCloseable {
    private final RegistryOptions options;
    /** Made on first use, which is on the thread that first meets a registry: OkHttp and Kotlin are some 400 classes. */
    private final Lazy<OkHttpClient> base;
    private final Lazy<OkHttpClient> verified;
    private final Lazy<OkHttpClient> unverified;
    private final Map<String, RegistryHost> hosts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final RegistryHost.Limits limits;
    private final BlobLocations blobLocations;

    public RegistryClient(RegistryOptions options) {
        this.options = options;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lading-rate-watch");
            thread.setDaemon(true);
            return thread;
        });
        this.limits = new RegistryHost.Limits(new Retries(options.retry(), options.listener()), options.deadlines(),
                timer);
        this.blobLocations = options.blobLocations() == null ? BlobLocations.NONE
                : new BlobLocations(options.blobLocations());
        this.base = new Lazy<>(() -> new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(2 * options.parallelUploads() + 4, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(30))
                // each call has a deadline fitting its size (set per call for blobs), and blob transfers a
                // RateWatch: a byte now and then restarts these socket timeouts, so they only catch silence
                .callTimeout(options.deadlines().document())
                .readTimeout(Duration.ofMinutes(5))
                .writeTimeout(Duration.ofMinutes(5))
                .followSslRedirects(false)
                // RegistryHost retries requests itself; OkHttp silently re-sending a PATCH would be wrong
                .retryOnConnectionFailure(false)
                // plain HTTP only, so that no trust store is loaded until a registry actually speaks TLS
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .build());
        this.verified = new Lazy<>(() -> withTls(Tls.verified(options.caCertificate()), false));
        this.unverified = new Lazy<>(() -> withTls(Tls.unverified(), true));
    }

    private OkHttpClient withTls(Tls tls, boolean anyHostName) {
        OkHttpClient.Builder builder = base.get().newBuilder()
                .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
                .sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager());
        if (anyHostName) {
            builder.hostnameVerifier((hostname, session) -> true);
        }
        return builder.build();
    }

    /** A value made once, on first use. */
    private static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> make;
        private T value;

        Lazy(Supplier<T> make) {
            this.make = make;
        }

        @Override
        public synchronized T get() {
            if (value == null) {
                value = make.get();
            }
            return value;
        }

        /** The value, when it was made. */
        synchronized Optional<T> made() {
            return Optional.ofNullable(value);
        }
    }

    public RegistryOptions options() {
        return options;
    }

    /** The retries of this client's work, for reads that stream beyond one request (a blob into a store). */
    public Retries retries() {
        return limits.retries();
    }

    /** Where earlier pushes put blobs, for mounting them. */
    BlobLocations blobLocations() {
        return blobLocations;
    }

    /** A handle for pulling from the repository of {@code reference}. */
    public Repository pull(Reference reference) {
        return repository(reference.name(), false, List.of());
    }

    /**
     * A handle for pushing to {@code repository}; its tokens also allow pulling from {@code mountSources} (other
     * repositories of the same registry that blobs are mounted from).
     */
    public Repository push(RepositoryName repository, List<String> mountSources) {
        return repository(repository, true, mountSources);
    }

    private Repository repository(RepositoryName repository, boolean push, List<String> mountSources) {
        RegistryHost host = hosts.computeIfAbsent(repository.registry(),
                r -> newHost(r, options.credentials().find(r)));
        return new Repository(host, repository, Scopes.of(repository.path(), push, mountSources), options);
    }

    /**
     * Contacts the registry of a coming push ahead of time — connection, scheme, challenge, push token — so that
     * this waiting overlaps with other work. Failures are left for the push itself to report.
     */
    public void prepare(RepositoryName repository) {
        try {
            push(repository, List.of()).checkAccess();
        } catch (IOException | RuntimeException e) {
            // the push will meet the same failure and report it in full
        }
    }

    /**
     * Checks that {@code credential} opens {@code registry}, as {@code docker login} does: pings it and, where it
     * wants tokens, fetches one. Fails with the registry's refusal, never showing the secret.
     */
    public void checkLogin(String registry, Credential credential) throws IOException {
        newHost(registry, Optional.of(credential)).checkAccess(new Scopes(List.of()), null);
    }

    private RegistryHost newHost(String registry, Optional<Credential> credential) {
        boolean insecure = options.insecureRegistries().contains(registry);
        return new RegistryHost(registry, new RegistryHost.Clients(base, verified, unverified, insecure), limits,
                credential);
    }

    @Override
    public void close() {
        base.made().ifPresent(client -> {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        });
        timer.shutdownNow();
    }
}
