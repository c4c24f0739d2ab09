package dev.lading.core.output;

import dev.lading.core.io.FileTrees;
import dev.lading.core.io.TempFiles;
import dev.lading.core.model.Annotations;
import dev.lading.core.model.Descriptor;
import dev.lading.core.store.ImageGraph;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code type=oci} output: copies what a root descriptor refers to into an OCI layout directory and names it
 * in {@code index.json}. A new directory is assembled beside its destination and renamed into place, so a failed
 * build leaves nothing; an existing layout gets the blobs first and its index.json last, replacing an entry of the
 * same {@code ref.name}. Two builds writing one new destination both succeed: the one renamed second finds the
 * other's layout there and writes into it as into any existing layout.
 */
public final class OciDirectoryWriter {
    private OciDirectoryWriter() {
    }

    public static void write(OciLayout source, Descriptor root, Path dest) throws IOException {
        Path parent = dest.toAbsolutePath().getParent();
        String name = "." + dest.getFileName();
        TempFiles.sweep(parent, name);
        if (Files.exists(dest) && OciLayout.isLayout(dest)) {
            writeInto(source, root, dest);
            return;
        }
        OciLayout.refuseOther(dest);
        Files.createDirectories(parent);
        Path temp = TempFiles.createDirectory(parent, name);
        try {
            copyInto(source, root, OciLayout.openOrCreate(temp));
            try {
                // rename(2) replaces an empty directory and fails on anything that appeared since the check above
                Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                if (!OciLayout.isLayout(dest)) {
                    OciLayout.refuseOther(dest);
                    throw e;
                }
                writeInto(source, root, dest);
            }
        } finally {
            FileTrees.deleteRecursively(temp);
        }
    }

    private static void writeInto(OciLayout source, Descriptor root, Path dest) throws IOException {
        OciLayout layout = OciLayout.open(dest);
        layout.sweepTemporaries();
        copyInto(source, root, layout);
    }

    private static void copyInto(OciLayout source, Descriptor root, OciLayout target) throws IOException {
        for (Descriptor descriptor : new ImageGraph(source).closure(root)) {
            source.copyBlobTo(target, descriptor);
        }
        String refName = root.annotations().get(Annotations.REF_NAME);
        target.updateIndex(index -> {
            List<Descriptor> entries = new ArrayList<>();
            for (Descriptor entry : index.manifests()) {
                if (refName == null || !refName.equals(entry.annotations().get(Annotations.REF_NAME))) {
                    entries.add(entry);
                }
            }
            entries.add(root);
            return index.withManifests(entries);
        });
    }

    /** The annotations an index entry of an OCI layout gets, as buildx's OCI exporter writes them. */
    public static Map<String, String> refAnnotations(String refName, String imageName) {
        return imageName == null ? Map.of(Annotations.REF_NAME, refName)
                : Map.of(Annotations.REF_NAME, refName, Annotations.CONTAINERD_IMAGE_NAME, imageName);
    }
}
