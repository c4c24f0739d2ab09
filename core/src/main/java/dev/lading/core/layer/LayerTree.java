package dev.lading.core.layer;

import dev.lading.core.InputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sorted, collision-free file tree of one layer. Parent directories that no entry names are implied (mode
 * 0755, owner 0:0) and appear once, before their children. The order does not depend on the order entries
 * were added, which is what makes the tar reproducible.
 */
public final class LayerTree {
    /** Component-wise order, as {@code tar --sort=name}: a directory's entries follow it directly. */
    public static final Comparator<String> PATH_ORDER = LayerTree::comparePaths;

    private final List<LayerEntry> entries;

    private LayerTree(List<LayerEntry> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    public List<LayerEntry> entries() {
        return entries;
    }

    public long contentSize() {
        return entries.stream().mapToLong(LayerEntry::size).sum();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects entries; refuses two entries at one path unless both are the same directory. */
    public static final class Builder {
        private final Map<String, LayerEntry> byPath = new TreeMap<>(PATH_ORDER);

        public Builder add(LayerEntry entry) {
            LayerEntry existing = byPath.get(entry.path());
            if (existing == null) {
                byPath.put(entry.path(), entry);
                return this;
            }
            boolean sameDirectory = existing.type() == LayerEntry.Type.DIRECTORY
                    && entry.type() == LayerEntry.Type.DIRECTORY
                    && existing.mode() == entry.mode() && existing.uid() == entry.uid() && existing.gid() == entry.gid();
            if (!sameDirectory) {
                throw new InputException("dest /" + entry.path() + " (from " + entry.origin()
                        + ") collides with /" + existing.path() + " (from " + existing.origin() + ")");
            }
            return this;
        }

        public LayerTree build() {
            Map<String, LayerEntry> all = new TreeMap<>(PATH_ORDER);
            all.putAll(byPath);
            for (LayerEntry entry : byPath.values()) {
                String path = entry.path();
                for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                    String parent = path.substring(0, slash);
                    LayerEntry existing = all.get(parent);
                    if (existing == null) {
                        all.put(parent, LayerEntry.directory(parent, 0755, 0, 0, "implied by /" + path));
                    } else if (existing.type() != LayerEntry.Type.DIRECTORY) {
                        throw new InputException("dest /" + path + " (from " + entry.origin() + ") needs /" + parent
                                + " to be a directory, but it is a " + existing.type().name().toLowerCase()
                                + " (from " + existing.origin() + ")");
                    }
                }
            }
            return new LayerTree(new ArrayList<>(all.values()));
        }
    }

    private static int comparePaths(String a, String b) {
        int i = 0;
        int n = Math.min(a.length(), b.length());
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i == n) {
            return Integer.compare(a.length(), b.length());
        }
        char ca = a.charAt(i) == '/' ? '\0' : a.charAt(i);
        char cb = b.charAt(i) == '/' ? '\0' : b.charAt(i);
        return Character.compare(ca, cb);
    }
}
