package dev.lading.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Index;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.store.ImageGraph.Kind;
import dev.lading.core.store.ImageGraph.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one walk over an image: each node once, children first, with the kind and parents walkers need. */
class ImageGraphTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM64 = Platform.parse("linux/arm64");

    @TempDir
    Path dir;

    private OciLayout layout;
    /** Every document the walks read, in order. */
    private final List<Digest> reads = new ArrayList<>();
    private Documents counted;

    private Descriptor shared;
    private Descriptor amd64Manifest;
    private Descriptor arm64Manifest;
    private Descriptor amd64Config;
    private Descriptor index;
    private Descriptor referrer;

    @BeforeEach
    void makeLayout() throws IOException {
        layout = OciLayout.openOrCreate(dir.resolve("layout"));
        counted = descriptor -> {
            reads.add(descriptor.digest());
            return layout.document(descriptor);
        };
        shared = layer("shared base layer");
        amd64Config = config("amd64");
        amd64Manifest = layout.put(Blob.json(MediaTypes.OCI_MANIFEST, new Manifest(MediaTypes.OCI_MANIFEST,
                amd64Config, List.of(shared, layer("amd64 app layer")), Map.of())));
        arm64Manifest = layout.put(Blob.json(MediaTypes.OCI_MANIFEST, new Manifest(MediaTypes.OCI_MANIFEST,
                config("arm64"), List.of(shared, layer("arm64 app layer")), Map.of())));
        index = layout.put(Blob.json(MediaTypes.OCI_INDEX, new Index(MediaTypes.OCI_INDEX,
                List.of(amd64Manifest.withPlatform(AMD64), arm64Manifest.withPlatform(ARM64)), Map.of())));
        Descriptor empty = layout.put(Blob.of(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8)));
        referrer = layout.put(Blob.json(MediaTypes.OCI_MANIFEST, new Manifest(2, MediaTypes.OCI_MANIFEST,
                "application/vnd.example.attestation", empty, List.of(layer("statement")), amd64Manifest,
                Map.of())));
    }

    @Test
    void eachNodeOnceChildrenBeforeParents() throws IOException {
        List<Node> nodes = new ImageGraph(counted).walk(List.of(index, referrer));

        Map<Digest, Node> byDigest = nodes.stream().collect(Collectors.toMap(n -> n.descriptor().digest(),
                Function.identity()));
        assertEquals(nodes.size(), byDigest.size(), "no node twice: " + nodes);
        assertEquals(11, nodes.size(), "index, 2 manifests, 2 configs, 3 layers, referrer, its config and layer");
        List<Digest> order = nodes.stream().map(n -> n.descriptor().digest()).toList();
        for (Node node : nodes) {
            for (Descriptor parent : node.parents()) {
                assertTrue(order.indexOf(node.descriptor().digest()) < order.indexOf(parent.digest()),
                        node.descriptor().digest() + " comes after its parent " + parent.digest());
            }
        }
        assertEquals(index.digest(), order.get(7), "the first root closes its walk before the next root starts");
        assertEquals(referrer.digest(), order.get(10));
        assertEquals(List.of(index.digest(), amd64Manifest.digest(), arm64Manifest.digest(), referrer.digest()),
                reads, "documents are read once each, and blobs never");
    }

    @Test
    void nodesCarryTheirKindAndHowTheirParentsListThem() throws IOException {
        Map<Digest, Node> nodes = new ImageGraph(layout).walk(List.of(index, referrer)).stream()
                .collect(Collectors.toMap(n -> n.descriptor().digest(), Function.identity()));

        assertEquals(Kind.INDEX, nodes.get(index.digest()).kind());
        Node amd64 = nodes.get(amd64Manifest.digest());
        assertEquals(Kind.MANIFEST, amd64.kind());
        assertEquals(AMD64, amd64.descriptor().platform(), "a manifest as its index entry lists it");
        assertEquals(Kind.CONFIG, nodes.get(amd64Config.digest()).kind());
        Node layer = nodes.get(shared.digest());
        assertEquals(Kind.LAYER, layer.kind());
        assertEquals(List.of(AMD64, ARM64), layer.parents().stream().map(Descriptor::platform).toList(),
                "a shared layer knows every manifest that lists it");
        assertEquals(List.of(), nodes.get(referrer.digest()).parents(), "a root has no parents");
        assertEquals(Kind.MANIFEST, nodes.get(referrer.digest()).kind());
        assertEquals(new Descriptor(MediaTypes.OCI_MANIFEST, amd64Manifest.digest(), amd64Manifest.size()),
                amd64.plain());
    }

    @Test
    void aBlobRootIsOneNode() throws IOException {
        assertEquals(List.of(new Node(Kind.BLOB, shared, List.of())), new ImageGraph(counted).walk(shared));
        assertEquals(List.of(), reads);
    }

    @Test
    void aDocumentOverTheLimitIsRefusedUnread() throws IOException {
        Descriptor huge = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256("huge".getBytes()),
                Documents.MAX_BYTES + 1L);
        Descriptor holding = layout.put(Blob.json(MediaTypes.OCI_INDEX, new Index(MediaTypes.OCI_INDEX,
                List.of(amd64Manifest, huge), Map.of())));

        IOException e = assertThrows(IOException.class, () -> new ImageGraph(counted).walk(holding));
        assertTrue(e.getMessage().contains("over the 4 MiB limit"), e.getMessage());
        assertFalse(reads.contains(huge.digest()), "the refused document is never fetched");
        assertThrows(IOException.class, () -> Documents.manifest(amd64Manifest,
                new byte[Documents.MAX_BYTES + 1]), "bytes read by other means meet the same limit");
    }

    @Test
    void typedDocumentsThroughOneDoor() throws IOException {
        assertEquals("arm64", layout.config(layout.manifest(arm64Manifest).config()).architecture());
        assertEquals(2, layout.index(index).manifests().size());
        IOException e = assertThrows(IOException.class, () -> layout.index(shared));
        assertTrue(e.getMessage().startsWith("malformed index " + shared.digest()), e.getMessage());
    }

    private Descriptor layer(String content) throws IOException {
        return layout.put(Blob.of(MediaTypes.OCI_LAYER, content.getBytes(StandardCharsets.UTF_8)));
    }

    private Descriptor config(String architecture) throws IOException {
        return layout.put(Blob.of(MediaTypes.OCI_CONFIG, ("{\"architecture\":\"" + architecture
                + "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
                .getBytes(StandardCharsets.UTF_8)));
    }
}
