package dev.lading.toolchain.packages;

import java.util.ArrayList;
import java.util.List;

/** Path arithmetic on the slash-separated, root-relative names the unpacked trees use ({@code usr/lib/x}). */
final class DebPaths {
    private DebPaths() {
    }

    /**
     * The components of an archive entry's name ({@code ./usr/lib/}, {@code usr//lib}, {@code /usr/lib} all give
     * {@code [usr, lib]}); null when the name has a {@code ..} component, which no package needs and which could
     * reach outside the root.
     */
    static List<String> entryComponents(String name) {
        List<String> components = new ArrayList<>();
        for (String component : name.split("/")) {
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                return null;
            }
            components.add(component);
        }
        return components;
    }

    static String join(List<String> components) {
        return String.join("/", components);
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String child(String directory, String name) {
        return directory.isEmpty() ? name : directory + "/" + name;
    }

    /**
     * {@code absolute} (a symlink target such as {@code /lib/x/libz.so.1}) as a relative target for a link in
     * {@code directory} (root-relative), so that it means the same inside the root as it would in an installed
     * system. {@code ..} at the top stays at the top, as the kernel treats it there.
     */
    static String relativeTarget(String directory, String absolute) {
        List<String> to = new ArrayList<>();
        for (String component : absolute.split("/")) {
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                if (!to.isEmpty()) {
                    to.remove(to.size() - 1);
                }
            } else {
                to.add(component);
            }
        }
        List<String> from = directory.isEmpty() ? List.of() : List.of(directory.split("/"));
        int common = 0;
        while (common < from.size() && common < to.size() && from.get(common).equals(to.get(common))) {
            common++;
        }
        List<String> relative = new ArrayList<>();
        for (int i = common; i < from.size(); i++) {
            relative.add("..");
        }
        relative.addAll(to.subList(common, to.size()));
        return relative.isEmpty() ? "." : join(relative);
    }
}
