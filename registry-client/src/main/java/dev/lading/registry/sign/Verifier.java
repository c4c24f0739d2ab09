package dev.lading.registry.sign;

import dev.lading.core.model.Annotations;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.RepositoryName;
import dev.lading.core.model.Reference;
import dev.lading.core.sign.VerificationKey;
import dev.lading.core.store.DigestMismatchException;
import dev.lading.registry.RegistryClient;
import dev.lading.registry.RegistryException;
import dev.lading.registry.RemoteManifest;
import dev.lading.registry.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks the signatures stored for a digest as {@code cosign verify --key} does with tag-based storage: each layer
 * of the {@code sha256-<hex>.sig} image is a payload whose signature must verify with the key, and whose claim must
 * be about that very digest. A signature copied over from another image fails the claim; a changed payload fails
 * its digest or the signature.
 */
public final class Verifier {
    /** Far above any real payload (a few hundred bytes), low enough that a hostile registry cannot fill memory. */
    static final long MAX_PAYLOAD_BYTES = 1 << 20;

    private final RegistryClient client;
    private final VerificationKey key;

    public Verifier(RegistryClient client, VerificationKey key) {
        this.client = client;
        this.key = key;
    }

    /** What one signature layer turned out to be. */
    public sealed interface Check permits Valid, Rejected {
        /** The layer's place in the signature image, from 1. */
        int layer();
    }

    /** A signature made with the key over a claim about the digest; {@code identity} is the claimed repository. */
    public record Valid(int layer, Digest payload, String identity) implements Check {
    }

    public record Rejected(int layer, String reason) implements Check {
    }

    /**
     * @param problem why nothing could be checked at all (no signature image, say), or null
     */
    public record Verification(Digest subject, String tag, List<Check> checks, String problem) {
        public Verification {
            checks = List.copyOf(checks);
        }

        public List<Valid> valid() {
            return checks.stream().filter(Valid.class::isInstance).map(Valid.class::cast).toList();
        }

        public List<Rejected> rejected() {
            return checks.stream().filter(Rejected.class::isInstance).map(Rejected.class::cast).toList();
        }

        public boolean verified() {
            return !valid().isEmpty();
        }
    }

    public Verification verify(RepositoryName repository, Digest subject) throws IOException {
        Repository source = client.pull(repository.withDigest(subject));
        String tag = SignatureImage.tag(subject);
        Optional<RemoteManifest> found = Subjects.signatureManifest(source, subject);
        if (found.isEmpty()) {
            return new Verification(subject, tag, List.of(), "no signatures: " + source + " has no tag " + tag);
        }
        if (found.get().isIndex()) {
            return new Verification(subject, tag, List.of(), source + ":" + tag + " holds an index, not signatures");
        }
        List<Descriptor> layers = found.get().manifest().layers();
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            checks.add(checkLayer(source, i + 1, layers.get(i), subject));
        }
        String problem = layers.isEmpty() ? source + ":" + tag + " holds no signatures" : null;
        return new Verification(subject, tag, checks, problem);
    }

    private Check checkLayer(Repository source, int number, Descriptor layer, Digest subject) throws IOException {
        if (!MediaTypes.COSIGN_SIMPLE_SIGNING.equals(layer.mediaType())) {
            return new Rejected(number, "its type is " + layer.mediaType() + ", not a simple signing payload");
        }
        if (layer.size() > MAX_PAYLOAD_BYTES) {
            return new Rejected(number, "its payload of " + layer.size() + " bytes is too large for a signature");
        }
        byte[] payload;
        try {
            payload = source.document(layer);
        } catch (DigestMismatchException e) {
            return new Rejected(number, "its payload blob does not match the digest the layer names");
        } catch (RegistryException e) {
            if (e.status() != 404) {
                throw e;
            }
            return new Rejected(number, "its payload blob " + layer.digest() + " is missing from the registry");
        }
        return check(number, layer, payload, subject, key);
    }

    /** The checks on one layer whose payload bytes were read (and matched the layer's digest). */
    static Check check(int number, Descriptor layer, byte[] payload, Digest subject, VerificationKey key) {
        String encoded = layer.annotations().get(Annotations.COSIGN_SIGNATURE);
        if (encoded == null) {
            return new Rejected(number, "it has no " + Annotations.COSIGN_SIGNATURE + " annotation");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return new Rejected(number, "its signature is not base64");
        }
        if (!key.verifies(payload, signature)) {
            return new Rejected(number, "its signature does not verify with this key (another key's signature,"
                    + " or a changed payload)");
        }
        SimpleSigning claim;
        try {
            claim = SimpleSigning.parse(payload);
        } catch (IOException e) {
            return new Rejected(number, "its payload is not a simple signing document");
        }
        String mismatch = claim.mismatch(subject);
        if (mismatch != null) {
            return new Rejected(number, "its payload is not about this image: " + mismatch);
        }
        return new Valid(number, layer.digest(), claim.identity());
    }
}
