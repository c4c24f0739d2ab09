package dev.lading.registry;

import dev.lading.core.InputException;
import dev.lading.core.io.Content;
import dev.lading.core.model.Blob;
import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Index;
import dev.lading.core.model.Json;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code lading index create}: one index made of platform images that are already in registries (pushed by
 * digest from several CI runners, say), as {@code docker buildx imagetools create} makes it. Sources that are
 * indexes contribute all their entries, attestations included; single manifests get their platform from their
 * config. Nothing is pulled locally: pushing the result mounts or streams each blob from where it is.
 */
public final class IndexMerge implements ImageContent {
    private final Blob index;
    private final Map<Digest, Repository> sources;
    private final List<Descriptor> referrers;

    private IndexMerge(Blob index, Map<Digest, Repository> sources, List<Descriptor> referrers) {
        this.index = index;
        this.sources = new ConcurrentHashMap<>(sources);
        this.referrers = List.copyOf(referrers);
    }

    public static IndexMerge of(RegistryClient client, List<Reference> references) throws IOException {
        if (references.isEmpty()) {
            throw new InputException("index create needs at least one source image");
        }
        Map<Digest, Repository> sources = new HashMap<>();
        Map<Digest, Descriptor> entries = new LinkedHashMap<>();
        Map<Platform, Reference> platforms = new HashMap<>();
        for (Reference reference : references) {
            Repository repository = client.pull(reference);
            RemoteManifest root = repository.manifest(reference.tagOrDigest());
            List<Descriptor> added = new ArrayList<>();
            if (root.isIndex()) {
                added.addAll(root.index().manifests());
            } else {
                Manifest manifest = root.manifest();
                ConfigFile config = Json.parse(repository.document(manifest.config()), ConfigFile.class,
                        "config of " + reference);
                added.add(root.descriptor().withPlatform(config.platform()));
            }
            for (Descriptor entry : added) {
                sources.put(entry.digest(), repository);
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
                Repository repository = sources.get(entry.digest());
                for (Descriptor referrer : repository.referrers(entry.digest()).manifests()) {
                    if (MediaTypes.isManifest(referrer.mediaType()) && !entries.containsKey(referrer.digest())) {
                        sources.put(referrer.digest(), repository);
                        referrers.add(new Descriptor(referrer.mediaType(), referrer.digest(), referrer.size()));
                    }
                }
            }
        }
        boolean docker = entries.values().stream().allMatch(d -> d.mediaType().equals(MediaTypes.DOCKER_MANIFEST));
        String type = docker ? MediaTypes.DOCKER_MANIFEST_LIST : MediaTypes.OCI_INDEX;
        Blob index = Blob.json(type, new Index(type, new ArrayList<>(entries.values()), Map.of()));
        return new IndexMerge(index, sources, referrers);
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
        byte[] bytes = source(descriptor).document(descriptor);
        if (MediaTypes.isManifest(descriptor.mediaType())) {
            // the manifest's blobs live where the manifest does
            Manifest manifest = Json.parse(bytes, Manifest.class, "manifest " + descriptor.digest());
            Repository repository = source(descriptor);
            sources.putIfAbsent(manifest.config().digest(), repository);
            manifest.layers().forEach(layer -> sources.putIfAbsent(layer.digest(), repository));
        }
        return bytes;
    }

    @Override
    public Content blob(Descriptor descriptor) throws IOException {
        return source(descriptor).blob(descriptor);
    }

    @Override
    public Optional<String> mountSource(Descriptor descriptor, String registry) {
        Repository repository = sources.get(descriptor.digest());
        return repository == null ? Optional.empty() : repository.mountSource(descriptor, registry);
    }

    private Repository source(Descriptor descriptor) throws IOException {
        Repository repository = sources.get(descriptor.digest());
        if (repository == null) {
            throw new IOException("no source repository is known for " + descriptor.digest());
        }
        return repository;
    }
}
