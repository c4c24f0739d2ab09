package dev.lading.core.output;

import dev.lading.core.layer.LayerTree;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Index;
import dev.lading.core.model.Json;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.store.ImageGraph;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The {@code type=oci-archive} output: a reproducible tar of an OCI layout holding one root entry. */
public final class OciArchiveWriter {
    private OciArchiveWriter() {
    }

    public static void write(OciLayout source, Descriptor root, long mtimeEpochSeconds, Path dest) throws IOException {
        LayerTree.Builder tree = LayerTree.builder()
                .add(ArchiveFiles.document("oci-layout", OciLayout.layoutMarker()))
                .add(ArchiveFiles.document("index.json",
                        Json.bytes(new Index(MediaTypes.OCI_INDEX, List.of(root), Map.of()))));
        for (Descriptor descriptor : new ImageGraph(source).closure(root)) {
            tree.add(ArchiveFiles.blob(source, descriptor));
        }
        ArchiveFiles.writeTar(tree.build(), mtimeEpochSeconds, dest);
    }
}
