package dev.lading.cli;

import dev.lading.registry.RegistryClient;
import dev.lading.registry.RegistryOptions;
import dev.lading.registry.TransferListener;
import dev.lading.registry.auth.CredentialSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The options of every command that talks to registries. */
final class RegistryFlags {
    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "Reach this registry over plain HTTP or unverified TLS (repeatable); loopback registries"
                    + " need no flag")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "Also trust the CA certificates of this PEM file")
    Path caCertificate;

    @Option(names = "--parallel-uploads", paramLabel = "N", defaultValue = "4",
            description = "Blobs uploaded at once (default: ${DEFAULT-VALUE})")
    int parallelUploads;

    RegistryClient client(CredentialSource credentials, TransferListener listener) {
        return new RegistryClient(RegistryOptions.defaults(credentials)
                .withInsecure(Set.copyOf(insecureRegistries))
                .withCaCertificate(caCertificate)
                .withParallelUploads(parallelUploads)
                .withListener(listener));
    }
}
