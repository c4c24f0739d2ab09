package dev.lading.cli;

import dev.lading.core.attest.AttestationOptions;
import picocli.CommandLine.Option;

/** The attestation flags of {@code lading build}, named as buildx names them. */
final class AttestFlags {
    @Option(names = "--provenance", arity = "1", paramLabel = "BOOL", defaultValue = "true",
            description = "Attach SLSA provenance to every platform image (default: ${DEFAULT-VALUE})")
    boolean provenance;

    @Option(names = "--sbom", arity = "1", paramLabel = "BOOL", defaultValue = "true",
            description = "Attach an SPDX SBOM to every platform image (default: ${DEFAULT-VALUE})")
    boolean sbom;

    @Option(names = "--attest-format", paramLabel = "referrers|buildx", defaultValue = "referrers",
            description = "Where a push puts the attestations: OCI 1.1 referrers, or index entries as buildx does;"
                    + " OCI layouts always hold them in the index (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--attest-timestamps",
            description = "Record when the build started and finished: the attestations then differ between builds")
    boolean timestamps;

    /** @throws dev.lading.core.InputException for an unknown format (exit 2) */
    AttestationOptions options() {
        return new AttestationOptions(provenance, sbom, AttestationOptions.Format.parse(format), timestamps);
    }
}
