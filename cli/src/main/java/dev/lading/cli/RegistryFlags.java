package dev.lading.cli;

import dev.lading.core.InputException;
import dev.lading.core.model.RepositoryName;
import dev.lading.registry.Deadlines;
import dev.lading.registry.RegistryClient;
import dev.lading.registry.RegistryOptions;
import dev.lading.registry.RetryPolicy;
import dev.lading.registry.TransferListener;
import dev.lading.registry.auth.CredentialSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
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

    @Option(names = "--retries", paramLabel = "N", defaultValue = "" + RetryPolicy.DEFAULT_RETRIES,
            description = "Retries of each failed registry request, with exponential backoff and the server's"
                    + " Retry-After, and ten times as many for the whole command (default: ${DEFAULT-VALUE})")
    void retries(int value) {
        retries = atLeast(value, 0, "--retries");
    }

    private int atLeast(int value, int minimum, String option) {
        if (value < minimum) {
            throw new ParameterException(spec.commandLine(), option + " must be " + minimum + " or more, got " + value);
        }
        return value;
    }

    /** Tests shorten the waits for a stalled registry; the defaults are {@link Deadlines#DEFAULT}. */
    @Option(names = "--stall-limits", hidden = true, paramLabel = "DOCUMENT_S,MIN_BYTES_PER_S,WINDOW_S")
    String stallLimits;

    RegistryClient client(CredentialSource credentials, TransferListener listener) {
        return new RegistryClient(RegistryOptions.defaults(credentials)
                .withRetry(RetryPolicy.retries(retries))
                .withDeadlines(deadlines())
                .withBlobLocations(Settings.cacheDirectory().resolve("blob-locations"))
                // compared with the hosts of parsed names, so normalized alike
                .withInsecure(insecureRegistries.stream().map(RepositoryName::host)
                        .collect(Collectors.toUnmodifiableSet()))
                .withCaCertificate(caCertificate)
                .withParallelUploads(parallelUploads)
                .withListener(listener));
    }

    private Deadlines deadlines() {
        if (stallLimits == null) {
            return Deadlines.DEFAULT;
        }
        String[] parts = stallLimits.split(",");
        try {
            return new Deadlines(Duration.ofSeconds(Long.parseLong(parts[0])), Long.parseLong(parts[1]),
                    Duration.ofSeconds(Long.parseLong(parts[2])));
        } catch (RuntimeException e) {
            throw new InputException("--stall-limits takes DOCUMENT_S,MIN_BYTES_PER_S,WINDOW_S, got " + stallLimits);
        }
    }
}
