package dev.lading.registry;

import dev.lading.core.InputException;
import dev.lading.core.io.Content;
import dev.lading.core.model.Blob;
import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Index;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import dev.lading.core.store.BlobOrigins;
import dev.lading.core.store.Documents;
import dev.lading.core.store.ImageGraph;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code lading index create}: one index made of platform images that are already in registries (pushed by
 * digest from several CI runners, say), as {@code docker buildx imagetools create} makes it. Sources that are
 * indexes contribute all their entries, attestations included; single manifests get their platform from their
 * config. Nothing is pulled locally: pushing the result mounts or streams each blob from where it is.
 */
public final class IndexMerge implements ImageContent {
    private final Blob index;
    /** Every document below the index, as its source repository served it. */
    private final Map<Digest, byte[]> documents;
    private final BlobOrigins origins;
    private final List<Descriptor> referrers;

    private IndexMerge(Blob index, Map<Digest, byte[]> documents, BlobOrigins origins, List<Descriptor> referrers) {
        this.index = index;
        this.documents = Map.copyOf(documents);
        this.origins = origins;
        this.referrers = List.copyOf(referrers);
    }

    public static IndexMerge of(RegistryClient client, List<Reference> references) throws IOException {
        if (references.isEmpty()) {
            throw new InputException("index create needs at least one source image");
        }
        // where each entry lives, and once the entries are walked, everything they refer to
        Map<Digest, RepositoryBlobs> origins = new HashMap<>();
        Map<Digest, Descriptor> entries = new LinkedHashMap<>();
        Map<Platform, Reference> platforms = new HashMap<>();
        for (Reference reference : references) {
            Repository repository = client.pull(reference);
            RepositoryBlobs origin = new RepositoryBlobs(repository);
            RemoteManifest root = repository.manifest(reference.tagOrDigest());
            List<Descriptor> added = new ArrayList<>();
            if (root.isIndex()) {
                added.addAll(root.index().manifests());
            } else {
                Manifest manifest = root.manifest();
                ConfigFile config = repository.config(manifest.config());
                added.add(root.descriptor().withPlatform(config.platform()));
            }
            for (Descriptor entry : added) {
                origins.put(entry.digest(), origin);
                if (entry.platform() != null && !"unknown".equals(entry.platform().os())) {
                    Reference earlier = platforms.putIfAbsent(entry.platform(), reference);
                    if (earlier != null && !entries.containsKey(entry.digest())) {
                        throw new InputException(entry.platform() + " comes from both " + earlier + " and "
                                + reference + "; an index holds one image per platform");
                    }
                }
                entries.putIfAbsent(entry.digest(), entry);
            }
        }
        // attestations pushed as referrers of the platform images go along with them
        List<Descriptor> referrers = new ArrayList<>();
        for (Descriptor entry : entries.values()) {
            if (MediaTypes.isManifest(entry.mediaType())) {
                RepositoryBlobs origin = origins.get(entry.digest());
                for (Descriptor referrer : origin.repository().referrers(entry.digest()).manifests()) {
                    if (MediaTypes.isManifest(referrer.mediaType()) && !entries.containsKey(referrer.digest())) {
                        origins.put(referrer.digest(), origin);
                        referrers.add(new Descriptor(referrer.mediaType(), referrer.digest(), referrer.size()));
                    }
                }
            }
        }
        boolean docker = entries.values().stream().allMatch(d -> d.mediaType().equals(MediaTypes.DOCKER_MANIFEST));
        String type = docker ? MediaTypes.DOCKER_MANIFEST_LIST : MediaTypes.OCI_INDEX;
        Blob index = Blob.json(type, new Index(type, new ArrayList<>(entries.values()), Map.of()));
        List<Descriptor> walked = new ArrayList<>(entries.values());
        walked.addAll(referrers);
        Map<Digest, byte[]> documents = new HashMap<>();
        for (Descriptor root : walked) {
            // what an image refers to lives where the image does
            RepositoryBlobs origin = origins.get(root.digest());
            Documents read = d -> {
                byte[] bytes = documents.get(d.digest());
                if (bytes == null) {
                    bytes = origin.repository().document(d);
                    documents.put(d.digest(), bytes);
                }
                return bytes;
            };
            for (ImageGraph.Node node : new ImageGraph(read).walk(root)) {
                origins.putIfAbsent(node.descriptor().digest(), origin);
            }
        }
        return new IndexMerge(index, documents, BlobOrigins.of(origins), referrers);
    }

    /** The sources' attestations kept as referrers, to push with the index ({@link ImagePusher}). */
    public List<Descriptor> referrers() {
        return referrers;
    }

    /** The merged index, to push by digest and under the tags. */
    public Descriptor root() {
        return index.descriptor();
    }

    @Override
    public byte[] document(Descriptor descriptor) throws IOException {
        if (descriptor.digest().equals(index.digest())) {
            return index.bytes();
        }
        byte[] bytes = documents.get(descriptor.digest());
        if (bytes == null) {
            throw new IOException("no source repository is known for " + descriptor.digest());
        }
        return bytes.clone();
    }

    @Override
    public Content blob(Descriptor descriptor) throws IOException {
        return origins.find(descriptor.digest()).orElseThrow(() -> new IOException(
                "no source repository is known for " + descriptor.digest())).blob(descriptor);
    }

    @Override
    public Optional<String> mountSource(Descriptor descriptor, String registry) {
        return origins.mountSource(descriptor.digest(), registry);
    }
}
