package dev.lading.core.output;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lading.core.InputException;
import dev.lading.core.layer.LayerTree;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Index;
import dev.lading.core.model.Json;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code type=docker} output: a {@code docker load} tarball of one platform image, with {@code manifest.json}
 * naming the config and layer files by their blob paths, as {@code docker save} writes them since Docker 25.
 */
public final class DockerArchiveWriter {
    private DockerArchiveWriter() {
    }

    @JsonPropertyOrder({"Config", "RepoTags", "Layers"})
    record Entry(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
                 @JsonProperty("Layers") List<String> layers) {
    }

    public static void write(OciLayout source, Descriptor root, List<String> repoTags, long mtimeEpochSeconds, Path dest)
            throws IOException {
        Manifest manifest = source.manifest(singleManifest(source, root));
        LayerTree.Builder tree = LayerTree.builder().add(ArchiveFiles.blob(source, manifest.config()));
        for (Descriptor layer : manifest.layers()) {
            tree.add(ArchiveFiles.blob(source, layer));
        }
        Entry entry = new Entry(path(manifest.config()), repoTags,
                manifest.layers().stream().map(DockerArchiveWriter::path).toList());
        tree.add(ArchiveFiles.document("manifest.json", Json.bytes(List.of(entry))));
        ArchiveFiles.writeTar(tree.build(), mtimeEpochSeconds, dest);
    }

    private static Descriptor singleManifest(OciLayout source, Descriptor root) throws IOException {
        if (!MediaTypes.isIndex(root.mediaType())) {
            return root;
        }
        Index index = source.index(root);
        if (index.manifests().size() != 1) {
            throw new InputException("type=docker holds one platform, but the image has "
                    + index.manifests().size() + "; build one platform (--platform) or use type=oci");
        }
        return index.manifests().get(0);
    }

    private static String path(Descriptor descriptor) {
        return "blobs/sha256/" + descriptor.digest().hex();
    }
}
