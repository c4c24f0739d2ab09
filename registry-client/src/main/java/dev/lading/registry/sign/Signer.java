package dev.lading.registry.sign;

import dev.lading.core.LadingException;
import dev.lading.core.model.Annotations;
import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Index;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.RepositoryName;
import dev.lading.core.sign.SigningKey;
import dev.lading.core.store.Documents;
import dev.lading.registry.ImagePusher;
import dev.lading.registry.RegistryClient;
import dev.lading.registry.RemoteManifest;
import dev.lading.registry.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Signs images in registries the way {@code cosign sign --key} does with its tag-based storage: the simple signing
 * payload for a digest, its ECDSA signature in the layer's annotation, the layer added to the signature image under
 * {@code sha256-<hex>.sig} beside the image (earlier signatures kept), blobs pushed before the manifest.
 */
public final class Signer {
    private final RegistryClient client;
    private final SigningKey key;

    public Signer(RegistryClient client, SigningKey key) {
        this.client = client;
        this.key = key;
    }

    /**
     * One signed digest.
     *
     * @param repository the signed image's repository, which holds the signature too
     * @param added      false when this very signature was there already, so nothing was pushed
     */
    public record Signed(RepositoryName repository, Digest subject, String tag, boolean added) {
    }

    /** Signs {@code subject}, a manifest or index digest that the repository holds. */
    public Signed sign(RepositoryName repository, Digest subject) throws IOException {
        Repository target = client.push(repository, List.of());
        Blob payload = Blob.of(MediaTypes.COSIGN_SIMPLE_SIGNING, SimpleSigning.of(target.toString(), subject).bytes());
        Descriptor layer = SignatureImage.layer(payload, Base64.getEncoder().encodeToString(key.sign(payload.bytes())));
        String tag = SignatureImage.tag(subject);
        SignatureImage existing = existing(target, subject);
        if (existing.contains(layer)) {
            return new Signed(repository, subject, tag, false);
        }
        SignatureImage signatures = existing.with(layer);
        Blob config = signatures.config();
        Blob manifest = signatures.manifest();
        try (ImagePusher pusher = new ImagePusher(client)) {
            pusher.push(new NewBlobs(List.of(payload, config, manifest), target), manifest.descriptor(), repository,
                    List.of(tag));
        }
        return new Signed(repository, subject, tag, true);
    }

    private SignatureImage existing(Repository target, Digest subject) throws IOException {
        Optional<RemoteManifest> found = Subjects.signatureManifest(target, subject);
        if (found.isEmpty()) {
            return SignatureImage.empty();
        }
        if (found.get().isIndex()) {
            throw new LadingException(target + ":" + SignatureImage.tag(subject) + " holds an index, not a signature"
                    + " image; lading does not replace it");
        }
        return SignatureImage.of(found.get().manifest());
    }

    /**
     * Signs an image as pushed: {@code root} and, when it is an index, each platform manifest in it (not the
     * attestation manifests beside them), so that a digest pinned to one platform verifies too.
     */
    public List<Signed> signImage(RepositoryName repository, Descriptor root, Documents documents)
            throws IOException {
        List<Digest> digests = new ArrayList<>(List.of(root.digest()));
        if (MediaTypes.isIndex(root.mediaType())) {
            Index index = documents.index(root);
            for (Descriptor entry : index.manifests()) {
                if (isPlatformImage(entry) && !digests.contains(entry.digest())) {
                    digests.add(entry.digest());
                }
            }
        }
        List<Signed> signed = new ArrayList<>();
        for (Digest digest : digests) {
            signed.add(sign(repository, digest));
        }
        return signed;
    }

    private static boolean isPlatformImage(Descriptor entry) {
        return MediaTypes.isManifest(entry.mediaType()) && !entry.annotations().containsKey(Annotations.REFERENCE_TYPE)
                && (entry.platform() == null || !"unknown".equals(entry.platform().os()));
    }
}
