package dev.lading.toolchain.packages;

import dev.lading.core.LadingException;
import dev.lading.core.layer.LayerEntry.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tree being assembled under a fresh root directory that only this object writes, so what it remembers of the
 * tree is what is on disk. Every path it writes is reached through directories it made itself: symlinks on the way
 * (a package's {@code lib -> usr/lib}) are followed here, within the root, never by the file system, and a target
 * that climbs above the root is refused. Nothing is therefore ever written outside the root, whatever the links.
 */
final class DebTree {
    /** What one path of the tree is; {@code pkg} is the package that put it there, null for implied ones. */
    record Node(Type type, int mode, int uid, int gid, String target, String pkg) {
    }

    /** The top-level directories merged-/usr systems have as links into {@code usr/}. */
    static final List<String> MERGED_USR = List.of("bin", "lib", "lib32", "lib64", "libx32", "sbin");

    private static final int MAX_LINK_HOPS = 40;

    private final Path root;
    private final boolean rewriteAbsoluteLinks;
    private final Map<String, Node> nodes = new HashMap<>();

    DebTree(Path root, boolean rewriteAbsoluteLinks) {
        this.root = root;
        this.rewriteAbsoluteLinks = rewriteAbsoluteLinks;
    }

    Map<String, Node> nodes() {
        return nodes;
    }

    /** Places a directory entry of package {@code pkg}; an existing one takes the later package's mode. */
    void directory(String pkg, List<String> components, int mode, int uid, int gid) throws IOException {
        String path = placement(pkg, components);
        Node existing = nodes.get(path);
        if (existing == null) {
            Files.createDirectory(root.resolve(path));
        } else if (existing.type() == Type.SYMLINK) {
            return; // as dpkg: a link to a directory stands for it, e.g. lib -> usr/lib
        } else if (existing.type() == Type.FILE) {
            throw conflict(pkg, path, "a directory", existing);
        }
        nodes.put(path, new Node(Type.DIRECTORY, mode, uid, gid, null, pkg));
    }

    /** Moves {@code staged} into place as a file of package {@code pkg}, replacing an earlier file or link. */
    void file(String pkg, List<String> components, Path staged, int mode, int uid, int gid) throws IOException {
        String path = placement(pkg, components);
        Node existing = nodes.get(path);
        if (existing != null && existing.type() == Type.DIRECTORY) {
            throw conflict(pkg, path, "a file", existing);
        }
        // rename(2) replaces a file or a link itself, never what a link points to
        Files.move(staged, root.resolve(path), StandardCopyOption.ATOMIC_MOVE);
        nodes.put(path, new Node(Type.FILE, mode, uid, gid, null, pkg));
    }

    /** Places a symlink of package {@code pkg}; absolute targets are made relative when this tree is a sysroot. */
    void symlink(String pkg, List<String> components, String target, int uid, int gid) throws IOException {
        if (target.isEmpty()) {
            throw new LadingException(pkg + ": symlink " + DebPaths.join(components) + " has an empty target");
        }
        String path = placement(pkg, components);
        Node existing = nodes.get(path);
        if (existing != null && existing.type() == Type.DIRECTORY) {
            throw conflict(pkg, path, "a symlink", existing);
        }
        String stored = rewriteAbsoluteLinks && target.startsWith("/")
                ? DebPaths.relativeTarget(DebPaths.parent(path), target) : target;
        Path link = root.resolve(path);
        if (existing != null) {
            Files.delete(link);
        }
        Files.createSymbolicLink(link, Path.of(stored));
        nodes.put(path, new Node(Type.SYMLINK, 0777, uid, gid, stored, pkg));
    }

    /**
     * Makes {@code bin -> usr/bin} and the like before any package is unpacked, as a merged-/usr system has them:
     * a package that still ships {@code lib/x} then puts it in {@code usr/lib/x}, as dpkg would there.
     */
    void mergedUsrLinks() throws IOException {
        for (String name : MERGED_USR) {
            Files.createSymbolicLink(root.resolve(name), Path.of("usr/" + name));
            nodes.put(name, new Node(Type.SYMLINK, 0777, 0, 0, "usr/" + name, null));
        }
    }

    /** Removes the merged-/usr links made above whose {@code usr/X} no package brought. */
    void dropUnusedMergedUsrLinks() throws IOException {
        for (String name : MERGED_USR) {
            Node link = nodes.get(name);
            Node usr = nodes.get("usr/" + name);
            boolean ours = link != null && link.pkg() == null && link.type() == Type.SYMLINK;
            if (ours && (usr == null || usr.type() == Type.FILE)) {
                Files.delete(root.resolve(name));
                nodes.remove(name);
            }
        }
    }

    /**
     * Checks every symlink as the tree finally is: followed within the root (absolute targets from the root), none
     * may climb above it. Done at the end because a later package can replace a link that an earlier one's target
     * goes through.
     */
    void checkLinks() {
        for (Map.Entry<String, Node> entry : nodes.entrySet()) {
            Node node = entry.getValue();
            if (node.type() == Type.SYMLINK) {
                String path = entry.getKey();
                if (!staysInside(DebPaths.parent(path), node.target())) {
                    throw new LadingException((node.pkg() == null ? "" : node.pkg() + ": ") + "symlink " + path
                            + " -> " + node.target() + " points outside the root: refused");
                }
            }
        }
    }

    /**
     * Sets each directory's mode from its entry; the owner keeps rwx so the tree can be removed later. Directories
     * were made with what the umask leaves of 0777 ({@code created}): those already right are left alone.
     */
    void applyDirectoryModes(int created) throws IOException {
        for (Map.Entry<String, Node> entry : nodes.entrySet()) {
            int mode = (entry.getValue().mode() | 0700) & 0777;
            if (entry.getValue().type() == Type.DIRECTORY && mode != created) {
                Files.setPosixFilePermissions(root.resolve(entry.getKey()), Modes.permissions(mode));
            }
        }
    }

    /**
     * The real path an entry goes to: its parent resolved through links and made when missing, then its name.
     */
    private String placement(String pkg, List<String> components) throws IOException {
        if (components.isEmpty()) {
            throw new LadingException(pkg + ": an entry names the root itself");
        }
        String parent = resolveDirectory(pkg, components.subList(0, components.size() - 1),
                DebPaths.join(components));
        return DebPaths.child(parent, components.get(components.size() - 1));
    }

    private String resolveDirectory(String pkg, List<String> components, String entry) throws IOException {
        List<String> resolved = new ArrayList<>();
        Deque<String> pending = new ArrayDeque<>(components);
        int hops = 0;
        while (!pending.isEmpty()) {
            String component = pending.pollFirst();
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                if (resolved.isEmpty()) {
                    throw new LadingException(pkg + ": entry " + entry
                            + " goes through a symlink that leaves the root: refused");
                }
                resolved.remove(resolved.size() - 1);
                continue;
            }
            resolved.add(component);
            String path = DebPaths.join(resolved);
            Node node = nodes.get(path);
            if (node == null) {
                Files.createDirectory(root.resolve(path));
                nodes.put(path, new Node(Type.DIRECTORY, 0755, 0, 0, null, null));
            } else if (node.type() == Type.SYMLINK) {
                if (++hops > MAX_LINK_HOPS) {
                    throw new LadingException(pkg + ": entry " + entry + " goes through a symlink loop");
                }
                resolved.remove(resolved.size() - 1);
                if (node.target().startsWith("/")) {
                    resolved.clear();
                }
                pushFront(pending, node.target());
            } else if (node.type() == Type.FILE) {
                throw new LadingException(pkg + ": entry " + entry + " needs " + path
                        + " to be a directory, but " + describe(node) + " put a file there");
            }
        }
        return DebPaths.join(resolved);
    }

    /** Whether following {@code target} from {@code directory} never climbs above the root. */
    private boolean staysInside(String directory, String target) {
        List<String> resolved = new ArrayList<>(directory.isEmpty() ? List.of() : List.of(directory.split("/")));
        if (target.startsWith("/")) {
            resolved.clear();
        }
        Deque<String> pending = new ArrayDeque<>();
        pushFront(pending, target);
        int hops = 0;
        while (!pending.isEmpty()) {
            String component = pending.pollFirst();
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                if (resolved.isEmpty()) {
                    return false;
                }
                resolved.remove(resolved.size() - 1);
                continue;
            }
            resolved.add(component);
            Node node = nodes.get(DebPaths.join(resolved));
            if (node != null && node.type() == Type.SYMLINK) {
                if (++hops > MAX_LINK_HOPS) {
                    return true; // a loop goes round inside: every step so far stayed in
                }
                resolved.remove(resolved.size() - 1);
                if (node.target().startsWith("/")) {
                    resolved.clear();
                }
                pushFront(pending, node.target());
            }
        }
        return true;
    }

    private static void pushFront(Deque<String> pending, String target) {
        String[] parts = target.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.addFirst(parts[i]);
        }
    }

    private static LadingException conflict(String pkg, String path, String what, Node existing) {
        return new LadingException(pkg + ": entry " + path + " is " + what + " where " + describe(existing)
                + " has a " + existing.type().name().toLowerCase());
    }

    private static String describe(Node node) {
        return node.pkg() == null ? "the tree" : node.pkg();
    }
}
