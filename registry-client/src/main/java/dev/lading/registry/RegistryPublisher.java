package dev.lading.registry;

import dev.lading.core.job.BuildResult;
import dev.lading.core.job.Publisher;
import dev.lading.core.layer.Layer;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import dev.lading.core.model.RepositoryName;
import dev.lading.core.store.BlobOrigins;
import dev.lading.core.store.OciLayout;
import dev.lading.registry.TransferListener.Outcome;
import dev.lading.registry.sign.Signer;
import dev.lading.core.sign.SigningKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The push of {@code lading build}: it meets the target repositories while the build runs, sends each layer as soon
 * as the build stored it, then pushes the whole image (manifests, referrers, index, tags) to each repository and,
 * given a key, signs it there.
 */
public final class RegistryPublisher implements Publisher {
    private final Supplier<RegistryClient> client;
    private final SigningKey signingKey;

    /**
     * @param client     made on first push: a build that does not push never starts an HTTP client
     * @param signingKey null to sign nothing
     */
    public RegistryPublisher(Supplier<RegistryClient> client, SigningKey signingKey) {
        this.client = client;
        this.signingKey = signingKey;
    }

    @Override
    public Publication open(List<Reference> targets, boolean byDigest) {
        return new Push(client.get(), targets, byDigest);
    }

    private final class Push implements Publication {
        private final RegistryClient client;
        /** Each repository is pushed once, with all the tags naming it. */
        private final Map<RepositoryName, List<String>> repositories = new LinkedHashMap<>();
        private final boolean byDigest;
        private final ImagePusher pusher;

        Push(RegistryClient client, List<Reference> targets, boolean byDigest) {
            this.client = client;
            this.byDigest = byDigest;
            for (Reference target : targets) {
                List<String> tags = repositories.computeIfAbsent(target.name(), name -> new ArrayList<>());
                if (target.tag() != null) {
                    tags.add(target.tag());
                }
            }
            this.pusher = new ImagePusher(client);
            Thread warmUp = new Thread(() -> repositories.keySet()
                    .forEach(client::prepare), "lading-registry-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }

        @Override
        public void layerStored(OciLayout store, Layer layer, List<Platform> platforms) {
            LayoutContent content = new LayoutContent(store);
            String label = String.join(", ", platforms.stream().map(Platform::toString).toList());
            for (RepositoryName name : repositories.keySet()) {
                pusher.startBlob(content, layer.descriptor(), label, name);
            }
        }

        @Override
        public Published publish(OciLayout store, BuildResult result, BlobOrigins remote) throws IOException {
            LayoutContent content = new LayoutContent(store, remote);
            Descriptor index = result.index();
            // attestations the pushed index does not list (--attest-format referrers) go up as its images' referrers
            Set<Digest> listed = content.index(index).manifests().stream()
                    .map(Descriptor::digest).collect(Collectors.toSet());
            List<Descriptor> referrers = result.images().stream().map(BuildResult.PlatformImage::attestation)
                    .filter(Objects::nonNull).filter(a -> !listed.contains(a.digest())).toList();
            List<Pushed> pushed = new ArrayList<>();
            for (Map.Entry<RepositoryName, List<String>> repository : repositories.entrySet()) {
                RepositoryName name = repository.getKey();
                ImagePusher.Result done = pusher.push(content, index, referrers, name,
                        byDigest ? List.of() : repository.getValue());
                pushed.add(new Pushed(name, done.root(), done.count(Outcome.UPLOADED), done.count(Outcome.EXISTED),
                        done.count(Outcome.MOUNTED)));
            }
            return new Published(pushed, signingKey == null ? List.of() : sign(store, index));
        }

        /** Signs the pushed index and its platform manifests in every target repository. */
        private List<Signature> sign(OciLayout store, Descriptor index) throws IOException {
            Signer signer = new Signer(client, signingKey);
            List<Signature> signatures = new ArrayList<>();
            for (RepositoryName name : repositories.keySet()) {
                for (Signer.Signed signed : signer.signImage(name, index, store::read)) {
                    signatures.add(new Signature(name, signed.subject(), signed.tag(), signed.added()));
                }
            }
            return signatures;
        }

        @Override
        public void close() {
            pusher.close();
        }
    }
}
