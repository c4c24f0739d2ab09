package dev.lading.core.output;

import dev.lading.core.io.Content;
import dev.lading.core.io.TempFiles;
import dev.lading.core.layer.LayerEntry;
import dev.lading.core.layer.LayerTree;
import dev.lading.core.layer.TarWriter;
import dev.lading.core.model.Descriptor;
import dev.lading.core.store.OciLayout;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Shared by the archive outputs: tree entries for blobs and documents, and an all-or-nothing tar file write. */
final class ArchiveFiles {
    private static final String ORIGIN = "archive";

    private ArchiveFiles() {
    }

    static LayerEntry document(String path, byte[] bytes) {
        return LayerEntry.file(path, Content.ofBytes(bytes), 0644, 0, 0, ORIGIN);
    }

    static LayerEntry blob(OciLayout source, Descriptor descriptor) throws IOException {
        Path file = source.intactBlob(descriptor);
        return LayerEntry.file("blobs/sha256/" + descriptor.digest().hex(), Content.ofFile(file, descriptor.size()),
                0644, 0, 0, ORIGIN);
    }

    /**
     * Writes the tar beside {@code dest} and renames it into place, so a failure leaves no partial file; first
     * removes what killed runs left there.
     */
    static void writeTar(LayerTree tree, long mtimeEpochSeconds, Path dest) throws IOException {
        Path parent = dest.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (Files.isDirectory(dest)) {
            throw new dev.lading.core.InputException(dest + " is a directory; an archive output needs a file name");
        }
        String name = "." + dest.getFileName();
        TempFiles.sweep(parent, name);
        Path temp = TempFiles.createFile(parent, name);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                TarWriter.write(tree, mtimeEpochSeconds, out);
            }
            Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
