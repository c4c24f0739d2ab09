package dev.lading.cli;

import dev.lading.registry.RegistryClient;
import dev.lading.registry.RegistryOptions;
import dev.lading.registry.RetryPolicy;
import dev.lading.registry.TransferListener;
import dev.lading.registry.auth.CredentialSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of every command that talks to registries. */
final class RegistryFlags {
    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "Reach this registry over plain HTTP or unverified TLS (repeatable); loopback registries"
                    + " need no flag")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "Also trust the CA certificates of this PEM file")
    Path caCertificate;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    int parallelUploads;
    int retries;

    // checked while the command line is parsed, so that a bad value stops the command before any work
    @Option(names = "--parallel-uploads", paramLabel = "N", defaultValue = "4",
            description = "Blobs uploaded at once (default: ${DEFAULT-VALUE})")
    void parallelUploads(int value) {
        parallelUploads = atLeast(value, 1, "--parallel-uploads");
    }

    @Option(names = "--retries", paramLabel = "N", defaultValue = "5",
            description = "Retries of a failed registry operation, with exponential backoff and the server's"
                    + " Retry-After (default: ${DEFAULT-VALUE})")
    void retries(int value) {
        retries = atLeast(value, 0, "--retries");
    }

    private int atLeast(int value, int minimum, String option) {
        if (value < minimum) {
            throw new ParameterException(spec.commandLine(), option + " must be " + minimum + " or more, got " + value);
        }
        return value;
    }

    RegistryClient client(CredentialSource credentials, TransferListener listener) {
        RetryPolicy retry = RetryPolicy.DEFAULT;
        return new RegistryClient(RegistryOptions.defaults(credentials)
                .withRetry(new RetryPolicy(retries + 1, retry.firstDelay(), retry.factor(), retry.maxDelay()))
                .withInsecure(Set.copyOf(insecureRegistries))
                .withCaCertificate(caCertificate)
                .withParallelUploads(parallelUploads)
                .withListener(listener));
    }
}
