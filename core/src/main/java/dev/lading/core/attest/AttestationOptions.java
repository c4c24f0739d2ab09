package dev.lading.core.attest;

import dev.lading.core.InputException;

/**
 * Which attestations a build makes and where they go.
 *
 * @param timestamps whether the provenance records when the build started and finished, which makes the
 *                   attestations (not the images) differ from one build to the next
 */
public record AttestationOptions(boolean provenance, boolean sbom, Format format, boolean timestamps) {
    /** What {@code lading build} does unless told otherwise: both documents, as OCI 1.1 referrers. */
    public static final AttestationOptions DEFAULT = new AttestationOptions(true, true, Format.REFERRERS, false);
    public static final AttestationOptions NONE = new AttestationOptions(false, false, Format.REFERRERS, false);

    /** Where the attestation manifests are found when the image is pushed. */
    public enum Format {
        /** Beside the image, found through the referrers API: the pushed index lists the platforms only. */
        REFERRERS,
        /** In the index, after the platform manifests, with platform unknown/unknown, as buildx stores them. */
        BUILDX;

        public static Format parse(String text) {
            return switch (text) {
                case "referrers" -> REFERRERS;
                case "buildx" -> BUILDX;
                default -> throw new InputException("--attest-format '" + text + "': expected referrers or buildx");
            };
        }
    }

    public AttestationOptions {
        if (format == null) {
            throw new IllegalArgumentException("an attestation format is needed");
        }
    }

    /** Whether any document is made at all. */
    public boolean any() {
        return provenance || sbom;
    }
}
