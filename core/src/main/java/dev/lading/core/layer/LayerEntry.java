package dev.lading.core.layer;

import dev.lading.core.io.Content;

/**
 * One entry of a layer's file tree, with the path it has in the image (relative, no leading slash, e.g.
 * {@code app/bin/hello}). {@code origin} says where it came from, for error messages.
 */
public record LayerEntry(String path, Type type, Content content, String linkTarget, int mode, int uid, int gid,
                         String origin) {
    public enum Type { FILE, DIRECTORY, SYMLINK }

    public LayerEntry {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("layer path must be relative without a trailing slash: '" + path + "'");
        }
        if ((type == Type.FILE) != (content != null)) {
            throw new IllegalArgumentException("content is for files only: " + path);
        }
        if ((type == Type.SYMLINK) != (linkTarget != null)) {
            throw new IllegalArgumentException("a link target is for symlinks only: " + path);
        }
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode out of range: " + Integer.toOctalString(mode));
        }
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("negative owner for " + path);
        }
    }

    public static LayerEntry file(String path, Content content, int mode, int uid, int gid, String origin) {
        return new LayerEntry(path, Type.FILE, content, null, mode, uid, gid, origin);
    }

    public static LayerEntry directory(String path, int mode, int uid, int gid, String origin) {
        return new LayerEntry(path, Type.DIRECTORY, null, null, mode, uid, gid, origin);
    }

    public static LayerEntry symlink(String path, String target, int uid, int gid, String origin) {
        return new LayerEntry(path, Type.SYMLINK, null, target, 0777, uid, gid, origin);
    }

    public long size() {
        return type == Type.FILE ? content.size() : 0;
    }
}
