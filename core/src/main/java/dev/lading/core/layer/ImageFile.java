package dev.lading.core.layer;

import dev.lading.core.io.Content;

/**
 * What one path of an image's file system holds once its layers are stacked: a file with its content, a directory
 * or a symlink with its target.
 *
 * @param origin   where the entry came from, for error messages
 * @param fromBase the base image put it there, not one of lading's layers, so checks of lading's output skip it
 */
public record ImageFile(LayerEntry.Type type, Content content, String linkTarget, String origin, boolean fromBase) {
    public ImageFile {
        if ((type == LayerEntry.Type.FILE) != (content != null)) {
            throw new IllegalArgumentException("content is for files only");
        }
        if ((type == LayerEntry.Type.SYMLINK) != (linkTarget != null)) {
            throw new IllegalArgumentException("a link target is for symlinks only");
        }
    }

    /** The entry as one of lading's layers places it. */
    public static ImageFile of(LayerEntry entry) {
        return new ImageFile(entry.type(), entry.content(), entry.linkTarget(), entry.origin(), false);
    }
}
