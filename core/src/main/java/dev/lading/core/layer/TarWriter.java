package dev.lading.core.layer;

import dev.lading.core.io.UnclosableOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a {@link LayerTree} as a reproducible POSIX tar: entries in tree order, every timestamp the given
 * epoch second, numeric owners with empty user and group names, no device numbers. PAX headers appear only
 * when a name, link target or number does not fit the ustar fields; their content depends only on the entry.
 */
public final class TarWriter {
    private TarWriter() {
    }

    /** Writes the whole archive, including the end-of-archive blocks; does not close {@code out}. */
    public static void write(LayerTree tree, long mtimeEpochSeconds, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = open(out);
        for (LayerEntry entry : tree.entries()) {
            writeEntry(tar, entry, mtimeEpochSeconds);
        }
        tar.finish();
    }

    static TarArchiveOutputStream open(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new UnclosableOutputStream(out));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    static void writeEntry(TarArchiveOutputStream tar, LayerEntry entry, long mtimeEpochSeconds) throws IOException {
        TarArchiveEntry header = switch (entry.type()) {
            case FILE -> new TarArchiveEntry(entry.path(), TarConstants.LF_NORMAL);
            case DIRECTORY -> new TarArchiveEntry(entry.path() + "/", TarConstants.LF_DIR);
            case SYMLINK -> {
                TarArchiveEntry link = new TarArchiveEntry(entry.path(), TarConstants.LF_SYMLINK);
                link.setLinkName(entry.linkTarget());
                yield link;
            }
        };
        int typeBits = switch (entry.type()) {
            case FILE -> 0100000;
            case DIRECTORY -> 040000;
            case SYMLINK -> 0120000;
        };
        header.setMode(typeBits | entry.mode());
        header.setIds(entry.uid(), entry.gid());
        header.setNames("", "");
        header.setModTime(FileTime.from(mtimeEpochSeconds, TimeUnit.SECONDS));
        header.setSize(entry.size());
        tar.putArchiveEntry(header);
        if (entry.type() == LayerEntry.Type.FILE) {
            try (InputStream in = entry.content().open()) {
                long copied = in.transferTo(tar);
                if (copied != entry.size()) {
                    throw new IOException(entry.content() + " changed while it was read: expected "
                            + entry.size() + " bytes, read " + copied);
                }
            }
        }
        tar.closeArchiveEntry();
    }
}
