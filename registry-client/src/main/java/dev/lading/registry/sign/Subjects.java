package dev.lading.registry.sign;

import dev.lading.core.LadingException;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Reference;
import dev.lading.registry.RegistryClient;
import dev.lading.registry.RegistryException;
import dev.lading.registry.RemoteManifest;
import dev.lading.registry.Repository;
import java.io.IOException;
import java.util.Optional;

/** Finding what is signed: the manifest a reference names, and the signature image stored beside it. */
public final class Subjects {
    private Subjects() {
    }

    /**
     * The manifest or index that {@code reference} names (its tag resolved, or its digest checked to be there): the
     * digest that signatures are about. Fails when the registry has no such image.
     */
    public static Descriptor resolve(RegistryClient client, Reference reference) throws IOException {
        Repository repository = client.pull(reference);
        Optional<Descriptor> found = repository.manifestDescriptor(reference.tagOrDigest());
        return found.orElseThrow(() -> new LadingException(reference + ": not found in the registry"));
    }

    /** The signature image of {@code signed} in {@code repository}, when there is one. */
    static Optional<RemoteManifest> signatureManifest(Repository repository, Digest signed)
            throws IOException {
        String tag = SignatureImage.tag(signed);
        try {
            return Optional.of(repository.manifest(tag));
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
