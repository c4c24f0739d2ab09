package dev.lading.registry;

import dev.lading.core.concurrent.Futures;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import dev.lading.core.model.RepositoryName;
import dev.lading.core.store.ImageGraph;
import dev.lading.registry.TransferListener.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Pushes an image or index with everything it refers to into one repository, in the order that never leaves a
 * reference dangling or a tag half-moved: every blob (in parallel, each once however many platforms share it),
 * then the platform manifests, then the index, and the tags last. A failure stops the push before any tag moves;
 * running it again finishes it, re-using what arrived.
 */
public final class ImagePusher implements AutoCloseable {
    private final RegistryClient client;
    private final ExecutorService pool;
    /** Blob transfers started so far, by repository and blob: each blob goes up once. */
    private final Map<Transfer, Future<Outcome>> transfers = new ConcurrentHashMap<>();

    private record Transfer(RepositoryName repository, Digest blob) {
    }

    public ImagePusher(RegistryClient client) {
        this.client = client;
        this.pool = Executors.newFixedThreadPool(client.options().parallelUploads(), runnable -> {
            Thread thread = new Thread(runnable, "lading-push");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts sending one blob ahead of the push of its image — a layer as soon as the build stored it, while
     * the next one is still being compressed. The push awaits it like any of its blobs.
     */
    public void startBlob(ImageContent content, Descriptor blob, String label, RepositoryName repository) {
        transfer(content, Graph.plain(blob), label, repository, () -> client.push(repository, List.of()));
    }

    private Future<Outcome> transfer(ImageContent content, Descriptor blob, String label, RepositoryName repository,
                                     java.util.function.Supplier<Repository> target) {
        return transfers.computeIfAbsent(new Transfer(repository, blob.digest()),
                key -> pool.submit(() -> BlobTransfer.run(target.get(), blob, content, label,
                        client.blobLocations())));
    }

    /** What a push did: blobs counted by outcome, bytes sent, and the root as the registry now has it. */
    public record Result(Descriptor root, Map<Outcome, Integer> blobs, long bytesUploaded) {
        public Result {
            blobs = Map.copyOf(blobs);
        }

        public int count(Outcome outcome) {
            return blobs.getOrDefault(outcome, 0);
        }
    }

    /**
     * @param tags tags to point at {@code root} once everything is there; none pushes by digest alone
     */
    public Result push(ImageContent content, Descriptor root, RepositoryName repository, List<String> tags)
            throws IOException {
        return push(content, root, List.of(), repository, tags);
    }

    /**
     * @param referrers manifests whose {@code subject} is in the image (its attestations): put after the platform
     *                  manifests and before the index and tags, and listed where readers look for them — the
     *                  registry's referrers API, or else the fallback tag {@code sha256-<subject hex>}
     */
    public Result push(ImageContent content, Descriptor root, List<Descriptor> referrers, RepositoryName repository,
                       List<String> tags) throws IOException {
        Graph graph = Graph.of(content, root, referrers);
        Repository target = client.push(repository, graph.mountSources(content, repository, client.blobLocations()));
        TransferListener listener = client.options().listener();
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        long bytes = 0;
        List<Future<Outcome>> uploads = new ArrayList<>();
        for (Map.Entry<Descriptor, String> blob : graph.blobs().entrySet()) {
            uploads.add(transfer(content, blob.getKey(), blob.getValue(), repository, () -> target));
        }
        List<Descriptor> blobs = new ArrayList<>(graph.blobs().keySet());
        for (int i = 0; i < uploads.size(); i++) {
            Outcome outcome = await(uploads.get(i), uploads);
            outcomes.merge(outcome, 1, Integer::sum);
            if (outcome == Outcome.UPLOADED) {
                bytes += blobs.get(i).size();
            }
        }
        // children before parents: a registry may refuse an index whose manifests it does not hold yet
        List<Future<Void>> manifests = new ArrayList<>();
        for (Descriptor manifest : graph.manifests()) {
            manifests.add(pool.submit(() -> {
                putManifest(target, manifest, content, target.name().withDigest(manifest.digest()), listener);
                return null;
            }));
        }
        for (Future<Void> manifest : manifests) {
            await(manifest, manifests);
        }
        for (Descriptor referrer : graph.referrers()) {
            if (!putManifest(target, referrer, content, target.name().withDigest(referrer.digest()), listener)) {
                ReferrersFallback.add(target, referrer, content.manifest(referrer));
            }
        }
        for (Descriptor index : graph.indexes()) {
            putManifest(target, index, content, target.name().withDigest(index.digest()), listener);
        }
        if (MediaTypes.isIndex(graph.root().mediaType())) {
            putManifest(target, graph.root(), content, target.name().withDigest(graph.root().digest()),
                    listener);
        }
        for (String tag : tags) {
            putManifest(target, graph.root(), content, target.name().withTag(tag), listener);
        }
        return new Result(graph.root(), outcomes, bytes);
    }

    /** @return whether the registry indexed the manifest's subject itself ({@code OCI-Subject}) */
    private static boolean putManifest(Repository target, Descriptor descriptor, ImageContent content,
                                       Reference reference, TransferListener listener) throws IOException {
        byte[] bytes = content.document(descriptor);
        Descriptor plain = new Descriptor(descriptor.mediaType(), descriptor.digest(), descriptor.size());
        long started = System.nanoTime();
        boolean subjectIndexed = target.putManifest(reference.tagOrDigest(), plain, bytes);
        listener.manifestPushed(descriptor, reference.toString(), Duration.ofNanos(System.nanoTime() - started));
        return subjectIndexed;
    }

    /** The work's result; on its failure the other work is cancelled, so a failed push stops at once. */
    private static <T> T await(Future<T> future, List<? extends Future<?>> all) throws IOException {
        try {
            return Futures.await(future);
        } catch (IOException | RuntimeException e) {
            all.forEach(f -> f.cancel(true));
            throw e;
        }
    }

    /**
     * What a root refers to, sorted for pushing: blobs with a label saying which platforms need them, image
     * manifests, and indexes below the root, children first.
     */
    record Graph(Descriptor root, Map<Descriptor, String> blobs, List<Descriptor> manifests, List<Descriptor> indexes,
                 List<Descriptor> referrers) {
        static Graph of(ImageContent content, Descriptor root, List<Descriptor> referrers) throws IOException {
            List<Descriptor> roots = new ArrayList<>(List.of(root));
            roots.addAll(referrers);
            Set<Digest> referring = referrers.stream().map(Descriptor::digest).collect(Collectors.toSet());
            Map<Descriptor, Set<String>> blobs = new LinkedHashMap<>();
            List<Descriptor> manifests = new ArrayList<>();
            List<Descriptor> indexes = new ArrayList<>();
            List<Descriptor> referrerManifests = new ArrayList<>();
            for (ImageGraph.Node node : new ImageGraph(content).walk(roots)) {
                Descriptor plain = node.plain();
                switch (node.kind()) {
                    case INDEX -> {
                        // the root goes last, after the referrers that point into it
                        if (!plain.digest().equals(root.digest())) {
                            indexes.add(plain);
                        }
                    }
                    case MANIFEST -> (node.parents().isEmpty() && referring.contains(plain.digest())
                            ? referrerManifests : manifests).add(plain);
                    case CONFIG, LAYER -> node.parents().forEach(manifest -> blobs
                            .computeIfAbsent(plain, d -> new LinkedHashSet<>()).add(user(manifest, root, referring)));
                    case BLOB -> blobs.computeIfAbsent(plain, d -> new LinkedHashSet<>()).add("blob");
                }
            }
            Map<Descriptor, String> labelled = new LinkedHashMap<>();
            blobs.forEach((blob, users) -> labelled.put(blob, String.join(", ", users)));
            return new Graph(plain(root), labelled, manifests, indexes, referrerManifests);
        }

        /** What the progress shows for a manifest's blobs: its platform, else its digest, or its role. */
        private static String user(Descriptor manifest, Descriptor root, Set<Digest> referrers) {
            if (referrers.contains(manifest.digest())) {
                return "attestation";
            }
            Platform platform = manifest.digest().equals(root.digest()) ? null : manifest.platform();
            return platform == null ? manifest.digest().hex().substring(0, 12) : platform.toString();
        }

        /** Identity for de-duplication: the same bytes under whatever annotations or platform. */
        static Descriptor plain(Descriptor descriptor) {
            return new Descriptor(descriptor.mediaType(), descriptor.digest(), descriptor.size());
        }

        /** The repositories blobs may be mounted from: the pushing token must be allowed to pull from them. */
        List<String> mountSources(ImageContent content, RepositoryName target, BlobLocations locations) {
            List<String> sources = new ArrayList<>();
            for (Descriptor blob : blobs.keySet()) {
                BlobTransfer.mountSources(content, blob, target, locations).stream()
                        .filter(s -> !sources.contains(s)).forEach(sources::add);
            }
            return sources;
        }
    }

    /** Stops transfers still running (after a failure) and the threads. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
