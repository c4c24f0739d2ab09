package dev.lading.cli.progress;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.MediaTypes;
import dev.lading.registry.TransferListener.Outcome;
import java.time.Duration;

/** The permanent lines of a push, shared by the plain and the tty renderer so that both read alike. */
final class TransferText {
    private TransferText() {
    }

    /** What a blob is to a reader: a layer, a config, a manifest or an index. */
    static String kind(String mediaType) {
        if (MediaTypes.isIndex(mediaType)) {
            return "index";
        }
        if (MediaTypes.isManifest(mediaType)) {
            return "manifest";
        }
        // Docker's config type does not say "config"
        if (mediaType.contains("config") || MediaTypes.DOCKER_CONFIG.equals(mediaType)) {
            return "config";
        }
        return mediaType.contains("layer") || mediaType.contains("rootfs") ? "layer" : "blob";
    }

    static String outcome(Outcome outcome) {
        return switch (outcome) {
            case UPLOADED -> "pushed";
            case EXISTED -> "exists";
            case MOUNTED -> "mounted";
        };
    }

    /** e.g. {@code pushed layer sha256:0123abcd… linux/amd64, linux/arm64  12.3 MiB  0.41s}. */
    static String blobDone(Descriptor blob, Outcome outcome, String label, Duration took) {
        return outcome(outcome) + ' ' + blob(blob, label) + "  " + Units.bytes(blob.size()) + "  " + Units.seconds(took);
    }

    /** A blob's kind, short digest and label (when known): how a blob is named on every line about it. */
    static String blob(Descriptor blob, String label) {
        String name = kind(blob.mediaType()) + ' ' + Units.shortDigest(blob.digest());
        return label == null || label.isEmpty() ? name : name + ' ' + label;
    }

    /** e.g. {@code manifest localhost:5000/app@sha256:0123abcd…  0.02s}; a tag reference stays whole. */
    static String manifest(Descriptor manifest, String reference, Duration took) {
        String full = manifest.digest().toString();
        String shown = reference.endsWith('@' + full)
                ? reference.substring(0, reference.length() - full.length()) + Units.shortDigest(manifest.digest())
                : reference;
        return kind(manifest.mediaType()) + ' ' + shown + "  " + Units.seconds(took);
    }

    /** e.g. {@code retry PUT blob (attempt 2 in 1.0s): 503 Service Unavailable}. */
    static String retry(String operation, int attempt, Duration wait, String reason) {
        return "retry " + operation + " (attempt " + attempt + " in " + Units.elapsed(wait.toNanos()) + "): " + reason;
    }
}
