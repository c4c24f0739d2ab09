package dev.lading.core.store;

import dev.lading.core.InputException;
import dev.lading.core.model.Annotations;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Index;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An {@code oci:DIR[:TAG]} reference to an image in a local OCI layout, as skopeo spells it; the tag selects
 * the {@code index.json} entry by its ref name.
 */
public record LayoutReference(Path directory, Optional<String> tag) {
    public static final String PREFIX = "oci:";

    public static boolean matches(String text) {
        return text.startsWith(PREFIX);
    }

    public static LayoutReference parse(String text) {
        if (!matches(text) || text.length() == PREFIX.length()) {
            throw new InputException("malformed layout reference '" + text + "': expected oci:DIR[:TAG]");
        }
        String rest = text.substring(PREFIX.length());
        // A name may hold ':' and '/' too (lading's store names images by their full reference), so the first
        // split whose left side is an existing layout wins; otherwise the last ':' before no '/' separates them.
        for (int colon = rest.indexOf(':'); colon > 0; colon = rest.indexOf(':', colon + 1)) {
            if (OciLayout.isLayout(Path.of(rest.substring(0, colon))) && colon + 1 < rest.length()) {
                return new LayoutReference(Path.of(rest.substring(0, colon)), Optional.of(rest.substring(colon + 1)));
            }
        }
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && rest.indexOf('/', colon) < 0) {
            return new LayoutReference(Path.of(rest.substring(0, colon)), Optional.of(rest.substring(colon + 1)));
        }
        return new LayoutReference(Path.of(rest), Optional.empty());
    }

    public OciLayout open() throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new InputException("no OCI layout at " + directory + ": the directory does not exist");
        }
        return OciLayout.open(directory);
    }

    /** The index.json entry this reference names: by tag, or the only entry when no tag is given. */
    public Descriptor resolve(OciLayout layout) throws IOException {
        List<Descriptor> entries = layout.index().manifests();
        if (tag.isPresent()) {
            return entries.stream()
                    .filter(d -> tag.get().equals(d.annotations().get(Annotations.REF_NAME)))
                    .findFirst()
                    .orElseThrow(() -> new InputException("no image tagged '" + tag.get() + "' in " + directory
                            + "; it has " + names(entries)));
        }
        if (entries.size() != 1) {
            throw new InputException(directory + " holds " + entries.size() + " images (" + names(entries)
                    + "); name one as oci:" + directory + ":TAG");
        }
        return entries.get(0);
    }

    private static String names(List<Descriptor> entries) {
        List<String> names = entries.stream()
                .map(d -> d.annotations().getOrDefault(Annotations.REF_NAME, d.digest().toString())).toList();
        return names.isEmpty() ? "no images" : String.join(", ", names);
    }

    @Override
    public String toString() {
        return PREFIX + directory + tag.map(t -> ":" + t).orElse("");
    }
}
