package dev.lading.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Index;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a push sends and in which order, as sorted from the image graph. */
class PushGraphTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM64 = Platform.parse("linux/arm64");

    @TempDir
    Path dir;

    @Test
    void blobsNameThePlatformsThatNeedThemAndDocumentsComeChildrenFirst() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(dir);
        Descriptor shared = put(layout, MediaTypes.OCI_LAYER, "shared");
        Descriptor amd64Config = put(layout, MediaTypes.OCI_CONFIG, "{\"architecture\":\"amd64\"}");
        Descriptor arm64Config = put(layout, MediaTypes.OCI_CONFIG, "{\"architecture\":\"arm64\"}");
        Descriptor amd64 = layout.put(Blob.json(MediaTypes.OCI_MANIFEST,
                new Manifest(MediaTypes.OCI_MANIFEST, amd64Config, List.of(shared), Map.of())));
        Descriptor arm64 = layout.put(Blob.json(MediaTypes.OCI_MANIFEST,
                new Manifest(MediaTypes.OCI_MANIFEST, arm64Config, List.of(shared), Map.of())));
        Descriptor inner = layout.put(Blob.json(MediaTypes.OCI_INDEX, new Index(MediaTypes.OCI_INDEX,
                List.of(arm64.withPlatform(ARM64)), Map.of())));
        Descriptor root = layout.put(Blob.json(MediaTypes.OCI_INDEX, new Index(MediaTypes.OCI_INDEX,
                List.of(amd64.withPlatform(AMD64), inner), Map.of())));
        Descriptor empty = put(layout, MediaTypes.OCI_EMPTY, "{}");
        Descriptor statement = put(layout, MediaTypes.OCI_LAYER, "statement");
        Descriptor referrer = layout.put(Blob.json(MediaTypes.OCI_MANIFEST, new Manifest(2, MediaTypes.OCI_MANIFEST,
                "application/vnd.example", empty, List.of(statement), amd64, Map.of())));

        ImagePusher.Graph graph = ImagePusher.Graph.of(new LayoutContent(layout), root, List.of(referrer));

        assertEquals(List.of(amd64Config, shared, arm64Config, empty, statement),
                new ArrayList<>(graph.blobs().keySet()), "each blob once, in the order the walk meets them");
        assertEquals("linux/amd64, linux/arm64", graph.blobs().get(shared));
        assertEquals("linux/arm64", graph.blobs().get(arm64Config));
        assertEquals("attestation", graph.blobs().get(statement));
        assertEquals(List.of(amd64, arm64), graph.manifests());
        assertEquals(List.of(inner), graph.indexes(), "indexes below the root; the root goes up last");
        assertEquals(List.of(referrer), graph.referrers());
        assertEquals(root, graph.root());
    }

    @Test
    void aSingleManifestLabelsItsBlobsWithItsDigest() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(dir);
        Descriptor config = put(layout, MediaTypes.OCI_CONFIG, "{}");
        Descriptor manifest = layout.put(Blob.json(MediaTypes.OCI_MANIFEST,
                new Manifest(MediaTypes.OCI_MANIFEST, config, List.of(), Map.of())));

        ImagePusher.Graph graph = ImagePusher.Graph.of(new LayoutContent(layout), manifest.withPlatform(AMD64),
                List.of());

        assertEquals(Map.of(config, manifest.digest().hex().substring(0, 12)), graph.blobs());
        assertEquals(List.of(manifest), graph.manifests());
        assertEquals(List.of(), graph.indexes());
    }

    private static Descriptor put(OciLayout layout, String mediaType, String content) throws IOException {
        return layout.put(Blob.of(mediaType, content.getBytes(StandardCharsets.UTF_8)));
    }
}
