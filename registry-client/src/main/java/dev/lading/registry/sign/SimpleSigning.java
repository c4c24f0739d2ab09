package dev.lading.registry.sign;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Json;
import java.io.IOException;
import java.util.Map;

/**
 * cosign's "simple signing" payload: the claim that a manifest digest is an image of a repository. It is what gets
 * signed, byte for byte, and stored as the signature layer's blob. Field names and order are those of sigstore's
 * {@code payload.Cosign}, so the bytes match what cosign writes for the same image.
 *
 * @param optional user annotations; cosign writes {@code null} when there are none
 */
@JsonPropertyOrder({"critical", "optional"})
public record SimpleSigning(@JsonProperty("critical") Critical critical,
                            @JsonProperty("optional") Map<String, Object> optional) {
    public static final String TYPE = "cosign container image signature";

    @JsonPropertyOrder({"identity", "image", "type"})
    public record Critical(@JsonProperty("identity") Identity identity, @JsonProperty("image") Image image,
                           @JsonProperty("type") String type) {
    }

    public record Identity(@JsonProperty("docker-reference") String dockerReference) {
    }

    /** The digest as text: a tampered payload may hold anything, and must still be reported rather than thrown. */
    public record Image(@JsonProperty("docker-manifest-digest") String dockerManifestDigest) {
    }

    /** The claim that {@code digest} is an image of {@code repository} ({@code host/repo}, no tag). */
    public static SimpleSigning of(String repository, Digest digest) {
        return new SimpleSigning(new Critical(new Identity(repository), new Image(digest.toString()), TYPE), null);
    }

    public static SimpleSigning parse(byte[] payload) throws IOException {
        SimpleSigning parsed = Json.parse(payload, SimpleSigning.class, "simple signing payload");
        if (parsed == null) {
            throw new IOException("the simple signing payload is JSON null");
        }
        return parsed;
    }

    /** The bytes to sign; serialized once and then only passed along, never re-encoded. */
    public byte[] bytes() {
        return Json.bytes(this);
    }

    /** The claimed identity ({@code docker-reference}), empty when the payload names none. */
    public String identity() {
        return critical == null || critical.identity() == null || critical.identity().dockerReference() == null
                ? "" : critical.identity().dockerReference();
    }

    /** Why this payload is no claim about {@code digest}, or null when it is one. */
    String mismatch(Digest digest) {
        if (critical == null || !TYPE.equals(critical.type())) {
            return "its type is not '" + TYPE + "'";
        }
        String claimed = critical.image() == null ? null : critical.image().dockerManifestDigest();
        if (!digest.toString().equals(claimed)) {
            return "it signs " + (claimed == null ? "no digest" : claimed) + ", not " + digest;
        }
        return null;
    }
}
