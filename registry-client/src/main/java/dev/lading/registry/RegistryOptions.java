package dev.lading.registry;

import dev.lading.registry.auth.CredentialSource;
import java.nio.file.Path;
import java.util.Set;

/**
 * How lading talks to registries.
 *
 * @param insecureRegistries hosts ({@code host[:port]}) reached over plain HTTP or unverified TLS; loopback
 *                           registries always are
 * @param caCertificate      a PEM file of extra trusted CA certificates, or null for the system's alone
 * @param parallelUploads    blobs in flight at once within one push
 * @param blobLocations      the directory of {@link BlobLocations}, where pushes note which repositories got which
 *                           blobs so that later pushes mount them; null to note nothing
 */
public record RegistryOptions(Set<String> insecureRegistries, Path caCertificate, CredentialSource credentials,
                              int parallelUploads, RetryPolicy retry, Deadlines deadlines, Path blobLocations,
                              TransferListener listener) {
    public static final int DEFAULT_PARALLEL_UPLOADS = 4;

    public RegistryOptions {
        insecureRegistries = Set.copyOf(insecureRegistries);
        if (parallelUploads < 1) {
            throw new IllegalArgumentException("parallelUploads must be at least 1");
        }
    }

    public static RegistryOptions defaults(CredentialSource credentials) {
        return new RegistryOptions(Set.of(), null, credentials, DEFAULT_PARALLEL_UPLOADS, RetryPolicy.DEFAULT,
                Deadlines.DEFAULT, null, TransferListener.NONE);
    }

    public RegistryOptions withInsecure(Set<String> hosts) {
        return new RegistryOptions(hosts, caCertificate, credentials, parallelUploads, retry, deadlines, blobLocations,
                listener);
    }

    public RegistryOptions withCaCertificate(Path file) {
        return new RegistryOptions(insecureRegistries, file, credentials, parallelUploads, retry, deadlines,
                blobLocations, listener);
    }

    public RegistryOptions withRetry(RetryPolicy policy) {
        return new RegistryOptions(insecureRegistries, caCertificate, credentials, parallelUploads, policy, deadlines,
                blobLocations, listener);
    }

    public RegistryOptions withDeadlines(Deadlines newDeadlines) {
        return new RegistryOptions(insecureRegistries, caCertificate, credentials, parallelUploads, retry,
                newDeadlines, blobLocations, listener);
    }

    public RegistryOptions withBlobLocations(Path directory) {
        return new RegistryOptions(insecureRegistries, caCertificate, credentials, parallelUploads, retry, deadlines,
                directory, listener);
    }

    public RegistryOptions withListener(TransferListener newListener) {
        return new RegistryOptions(insecureRegistries, caCertificate, credentials, parallelUploads, retry, deadlines,
                blobLocations, newListener);
    }

    public RegistryOptions withParallelUploads(int count) {
        return new RegistryOptions(insecureRegistries, caCertificate, credentials, count, retry, deadlines,
                blobLocations, listener);
    }
}
