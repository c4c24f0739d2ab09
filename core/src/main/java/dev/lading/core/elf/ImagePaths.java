package dev.lading.core.elf;

import dev.lading.core.layer.ImageFile;
import dev.lading.core.layer.LayerEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Looks paths up in an image's files the way the kernel does inside the container: component by component,
 * following symlinks wherever they occur, absolute targets from the image's root, {@code ..} from the directory
 * reached so far. Linux gives up after 40 links (ELOOP), and so does this, so a loop costs a bounded walk.
 */
final class ImagePaths {
    /** Linux's MAXSYMLINKS. */
    static final int MAX_LINKS = 40;

    enum Outcome { FOUND, MISSING, LOOP }

    /**
     * @param path     the path looked up
     * @param physical where the file found is, all symlinks followed; null unless {@code outcome} is FOUND
     * @param file     the regular file found, when {@code outcome} is FOUND
     */
    record Lookup(Outcome outcome, String path, String physical, ImageFile file) {
        static Lookup missing(String path) {
            return new Lookup(Outcome.MISSING, path, null, null);
        }
    }

    private final Map<String, ImageFile> files;

    ImagePaths(Map<String, ImageFile> files) {
        this.files = files;
    }

    /** The regular file at the absolute {@code path}; a directory there, or nothing, is MISSING. */
    Lookup file(String path) {
        Deque<String> pending = new ArrayDeque<>(components(path));
        List<String> reached = new ArrayList<>();
        int links = 0;
        ImageFile last = null;
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!reached.isEmpty()) {
                    reached.remove(reached.size() - 1);
                }
                last = null;
                continue;
            }
            String candidate = join(reached) + "/" + name;
            ImageFile file = files.get(candidate);
            if (file == null) {
                return Lookup.missing(path);
            }
            if (file.type() == LayerEntry.Type.SYMLINK) {
                if (++links > MAX_LINKS) {
                    return new Lookup(Outcome.LOOP, path, null, null);
                }
                if (file.linkTarget().startsWith("/")) {
                    reached.clear();
                }
                List<String> target = components(file.linkTarget());
                for (int i = target.size() - 1; i >= 0; i--) {
                    pending.push(target.get(i));
                }
                last = null;
                continue;
            }
            if (file.type() == LayerEntry.Type.FILE && hasMore(pending)) {
                return Lookup.missing(path); // a file where a directory is needed: ENOTDIR
            }
            reached.add(name);
            last = file;
        }
        return last != null && last.type() == LayerEntry.Type.FILE
                ? new Lookup(Outcome.FOUND, path, join(reached), last) : Lookup.missing(path);
    }

    private static boolean hasMore(Deque<String> pending) {
        return pending.stream().anyMatch(name -> !name.isEmpty() && !name.equals("."));
    }

    private static List<String> components(String path) {
        return Arrays.asList(path.split("/", -1));
    }

    private static String join(List<String> names) {
        return names.isEmpty() ? "" : "/" + String.join("/", names);
    }
}
