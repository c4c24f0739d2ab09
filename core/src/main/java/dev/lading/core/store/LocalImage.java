package dev.lading.core.store;

import dev.lading.core.InputException;
import dev.lading.core.model.Descriptor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image named by {@code oci:DIR[:TAG]} or {@code oci-archive:FILE[:TAG]}, opened as a layout and its root
 * entry. An archive is unpacked into a temporary layout that {@link #close()} removes.
 */
public final class LocalImage implements AutoCloseable {
    public static final String ARCHIVE_PREFIX = "oci-archive:";

    private final OciLayout layout;
    private final Descriptor root;
    private final Path temporary;

    private LocalImage(OciLayout layout, Descriptor root, Path temporary) {
        this.layout = layout;
        this.root = root;
        this.temporary = temporary;
    }

    public static boolean matches(String text) {
        return LayoutReference.matches(text) || text.startsWith(ARCHIVE_PREFIX);
    }

    public static LocalImage open(String text) throws IOException {
        if (LayoutReference.matches(text)) {
            LayoutReference reference = LayoutReference.parse(text);
            OciLayout layout = reference.open();
            return new LocalImage(layout, reference.resolve(layout), null);
        }
        if (!text.startsWith(ARCHIVE_PREFIX) || text.length() == ARCHIVE_PREFIX.length()) {
            throw new InputException("'" + text + "': expected oci:DIR[:TAG] or oci-archive:FILE[:TAG]");
        }
        String rest = text.substring(ARCHIVE_PREFIX.length());
        int colon = rest.lastIndexOf(':');
        boolean tagged = colon > 0 && !Files.isRegularFile(Path.of(rest)) && rest.indexOf('/', colon) < 0;
        Path archive = Path.of(tagged ? rest.substring(0, colon) : rest);
        if (!Files.isRegularFile(archive)) {
            throw new InputException("no OCI archive at " + archive);
        }
        Path directory = Files.createTempDirectory("lading-archive-");
        try {
            extract(archive, directory);
            LayoutReference reference = LayoutReference.parse("oci:" + directory + (tagged ? rest.substring(colon) : ""));
            OciLayout layout = reference.open();
            return new LocalImage(layout, reference.resolve(layout), directory);
        } catch (IOException | RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
    }

    private static void extract(Path archive, Path directory) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = directory.resolve(entry.getName()).normalize();
                if (!target.startsWith(directory)) {
                    throw new InputException(archive + ": entry '" + entry.getName() + "' points outside the archive");
                }
                if (entry.isSymbolicLink() || entry.isLink()) {
                    // commons-compress counts a link as a file: it would become an empty file of the link's name
                    throw new InputException(archive + ": entry '" + entry.getName() + "' is a link; an OCI archive"
                            + " holds only files and directories");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                }
            }
        }
    }

    public OciLayout layout() {
        return layout;
    }

    public Descriptor root() {
        return root;
    }

    @Override
    public void close() throws IOException {
        if (temporary != null) {
            deleteTree(temporary);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
