package dev.lading.toolchain.packages;

import dev.lading.core.LadingException;
import dev.lading.core.io.Content;
import dev.lading.core.layer.LayerEntry;
import dev.lading.core.layer.LayerTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The image layer of a platform's runtime packages: their files with the modes (set-id bits included) and owners
 * of their archives, absolute symlinks as they are (in the image they resolve against its root), the merged-/usr
 * top-level links, and, as distroless images have them, {@code var/lib/dpkg/status.d/PACKAGE} (the control
 * paragraph with {@code Status: install ok installed}) and {@code PACKAGE.md5sums}, so that syft, trivy and grype
 * list the packages.
 *
 * <p>The packages are unpacked as {@link UnpackedDebs} does (atomically into a directory named by the caller, reused
 * when present, nothing written outside it) and the layer's files are read from there. Manual pages, info pages and
 * the documentation under {@code usr/share/doc} are left out, except each package's {@code copyright}: the licences
 * stay. When two packages ship one path, the later package's file or link is the one in the layer.
 *
 * <p>Maintainer scripts are never run: a package whose {@code preinst} or {@code postinst} would have set something
 * up gets a warning (the {@code triggers} of shared libraries, which run {@code ldconfig}, do not matter: Debian's
 * loader searches the multiarch directories without a cache). For {@code ca-certificates} the bundle its script
 * would generate is made here instead, see {@link CaCertificates}.
 */
public final class RuntimeLayer {
    /** Packages whose maintainer scripts only look after a running system being upgraded. */
    private static final Set<String> SCRIPTS_NOT_NEEDED = Set.of("libc6");
    private static final String STATUS = "var/lib/dpkg/status.d/";

    private RuntimeLayer() {
    }

    /** The layer's entries and what the unpacking had to say. */
    public record Result(LayerTree tree, List<String> warnings, UnpackedDebs unpacked) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    /** Unpacks {@code debs}, in order, into {@code directory} unless it exists, and lists the layer's entries. */
    public static Result build(List<Path> debs, Path directory) {
        UnpackedDebs unpacked = UnpackedDebs.unpack(debs, directory, false, RuntimeLayer::keep);
        Map<String, LayerEntry> entries = new LinkedHashMap<>();
        Path root = unpacked.root();
        try {
            for (UnpackedDebs.Entry entry : unpacked.entries()) {
                String origin = entry.pkg() == null ? "the runtime packages" : "package " + entry.pkg();
                LayerEntry layerEntry = switch (entry.type()) {
                    case DIRECTORY -> LayerEntry.directory(entry.path(), entry.mode(), entry.uid(), entry.gid(), origin);
                    case SYMLINK -> LayerEntry.symlink(entry.path(), entry.target(), entry.uid(), entry.gid(), origin);
                    case FILE -> {
                        Path file = root.resolve(entry.path());
                        yield LayerEntry.file(entry.path(), Content.ofFile(file, Files.size(file)), entry.mode(),
                                entry.uid(), entry.gid(), origin);
                    }
                };
                entries.put(entry.path(), layerEntry);
            }
        } catch (IOException e) {
            throw new LadingException("reading the unpacked runtime packages in " + directory + " failed: " + e.getMessage(), e);
        }
        List<String> warnings = new ArrayList<>();
        for (UnpackedDebs.Package pkg : unpacked.packages()) {
            String origin = "package " + pkg.name();
            entries.put(STATUS + pkg.name(), LayerEntry.file(STATUS + pkg.name(),
                    Content.ofBytes(status(pkg.control()).getBytes(StandardCharsets.UTF_8)), 0644, 0, 0, origin));
            if (pkg.md5sums() != null) {
                entries.put(STATUS + pkg.name() + ".md5sums", LayerEntry.file(STATUS + pkg.name() + ".md5sums",
                        Content.ofBytes(pkg.md5sums().getBytes(StandardCharsets.UTF_8)), 0644, 0, 0, origin));
            }
            List<String> scripts = pkg.maintainerScripts().stream()
                    .filter(script -> script.equals("preinst") || script.equals("postinst")).toList();
            if (pkg.name().equals(CaCertificates.PACKAGE)) {
                CaCertificates.bundle(unpacked).ifPresentOrElse(
                        bundle -> entries.put(bundle.path(), bundle),
                        () -> warnings.add(CaCertificates.PACKAGE + ": its postinst was not run and no certificates"
                                + " were found to make " + CaCertificates.BUNDLE + " from"));
            } else if (!scripts.isEmpty() && !SCRIPTS_NOT_NEEDED.contains(pkg.name())) {
                warnings.add(pkg.name() + ": its " + String.join(" and ", scripts)
                        + " was not run (lading never runs maintainer scripts): what it sets up is missing");
            }
        }
        LayerTree.Builder tree = LayerTree.builder();
        entries.values().forEach(tree::add);
        return new Result(tree.build(), warnings, unpacked);
    }

    /** Whether a package's path goes into the layer: everything but documentation; licences are kept. */
    static boolean keep(String path) {
        if (path.startsWith("usr/share/man/") || path.startsWith("usr/share/info/")) {
            return false;
        }
        if (path.startsWith("usr/share/doc/")) {
            String rest = path.substring("usr/share/doc/".length());
            int slash = rest.indexOf('/');
            return slash < 0 || rest.substring(slash + 1).equals("copyright");
        }
        return true;
    }

    /** The status.d paragraph: the control fields with {@code Status} second, as dpkg's status file has it. */
    static String status(Map<String, String> control) {
        StringBuilder text = new StringBuilder();
        field(text, "Package", control.get("Package"));
        field(text, "Status", "install ok installed");
        control.forEach((name, value) -> {
            if (!name.equals("Package") && !name.equals("Status")) {
                field(text, name, value);
            }
        });
        return text.toString();
    }

    private static void field(StringBuilder text, String name, String value) {
        String[] lines = value.split("\n", -1);
        text.append(name).append(':');
        if (!lines[0].isEmpty()) {
            text.append(' ').append(lines[0]);
        }
        text.append('\n');
        for (int i = 1; i < lines.length; i++) {
            text.append(' ').append(lines[i]).append('\n');
        }
    }
}
