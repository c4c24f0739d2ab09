package dev.lading.core.store;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Index;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an index or manifest refers to, walked once over any {@link Documents}: every copy, push and merge of an
 * image goes through this walk, so all of them agree on what an image is made of.
 */
public final class ImageGraph {
    /** What a node is to the image; a root or index entry that is neither index nor manifest is a {@code BLOB}. */
    public enum Kind { INDEX, MANIFEST, CONFIG, LAYER, BLOB }

    /**
     * One piece of content, met once however many parents share it.
     *
     * @param descriptor as the first parent lists it (a manifest with the platform of its index entry), or the
     *                   root as given
     * @param parents    every index or manifest that lists it, each as its own first parent lists it; empty for
     *                   a root
     */
    public record Node(Kind kind, Descriptor descriptor, List<Descriptor> parents) {
        public Node {
            parents = List.copyOf(parents);
        }

        /** The descriptor without annotations or platform: the same bytes however a parent lists them. */
        public Descriptor plain() {
            return new Descriptor(descriptor.mediaType(), descriptor.digest(), descriptor.size());
        }
    }

    private final Documents documents;

    public ImageGraph(Documents documents) {
        this.documents = documents;
    }

    /**
     * Every node reachable from the roots, each once, children before their parents: the order in which content
     * can be copied or pushed so that nothing refers to what is not yet there. The roots are walked in turn; what
     * an earlier root reached is not met again under a later one.
     */
    public List<Node> walk(List<Descriptor> roots) throws IOException {
        Walk walk = new Walk();
        for (Descriptor root : roots) {
            walk.visit(root, kind(root), null);
        }
        List<Node> nodes = new ArrayList<>();
        walk.done.forEach((digest, node) -> nodes.add(new Node(node.kind, node.descriptor, walk.parents.get(digest))));
        return nodes;
    }

    public List<Node> walk(Descriptor root) throws IOException {
        return walk(List.of(root));
    }

    /** The descriptors of {@link #walk(Descriptor)}, in its order. */
    public List<Descriptor> closure(Descriptor root) throws IOException {
        return walk(root).stream().map(Node::descriptor).toList();
    }

    /** A root's or index entry's kind, by its media type. */
    private static Kind kind(Descriptor descriptor) {
        return MediaTypes.isIndex(descriptor.mediaType()) ? Kind.INDEX
                : MediaTypes.isManifest(descriptor.mediaType()) ? Kind.MANIFEST : Kind.BLOB;
    }

    private final class Walk {
        private record Met(Kind kind, Descriptor descriptor) {
        }

        /** Nodes whose children are all done, in the order they completed. */
        private final Map<Digest, Met> done = new LinkedHashMap<>();
        private final Map<Digest, Met> met = new LinkedHashMap<>();
        private final Map<Digest, List<Descriptor>> parents = new LinkedHashMap<>();

        void visit(Descriptor descriptor, Kind kind, Met parent) throws IOException {
            List<Descriptor> listers = parents.computeIfAbsent(descriptor.digest(), d -> new ArrayList<>());
            if (parent != null && !listers.contains(parent.descriptor)) {
                listers.add(parent.descriptor);
            }
            if (met.containsKey(descriptor.digest())) {
                return;
            }
            Met node = new Met(kind, descriptor);
            met.put(descriptor.digest(), node);
            if (kind == Kind.INDEX) {
                Index index = documents.index(descriptor);
                for (Descriptor entry : index.manifests()) {
                    visit(entry, kind(entry), node);
                }
            } else if (kind == Kind.MANIFEST) {
                Manifest manifest = documents.manifest(descriptor);
                visit(manifest.config(), Kind.CONFIG, node);
                for (Descriptor layer : manifest.layers()) {
                    visit(layer, Kind.LAYER, node);
                }
            }
            done.put(descriptor.digest(), node);
        }
    }
}
