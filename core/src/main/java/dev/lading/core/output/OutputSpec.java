package dev.lading.core.output;

import dev.lading.core.InputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@code --output} value, e.g. {@code type=oci,dest=out/hk}, parsed as buildx parses its CSV form.
 * {@code type=registry} (no dest) means the same as {@code --push}.
 */
public record OutputSpec(Type type, Path dest) {
    public enum Type {
        OCI("oci"), OCI_ARCHIVE("oci-archive"), DOCKER("docker"), REGISTRY("registry");

        private final String name;

        Type(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The push to the tags' registries, which takes no dest. */
    public static final OutputSpec REGISTRY = new OutputSpec(Type.REGISTRY, null);

    private static final Set<String> KEYS = Set.of("type", "dest");

    /** The value as the user would write it. */
    public String text() {
        return "type=" + type + (dest == null ? "" : ",dest=" + dest);
    }

    public static OutputSpec parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--output '" + text + "': expected key=value pairs such as type=oci,dest=DIR");
            }
            String key = part.substring(0, eq).trim();
            if (!KEYS.contains(key)) {
                throw new InputException("--output '" + text + "': unknown key '" + key + "' (type, dest)");
            }
            fields.put(key, part.substring(eq + 1).trim());
        }
        String typeName = fields.get("type");
        if (typeName == null) {
            throw new InputException("--output '" + text + "': missing type= (oci, oci-archive, docker, registry)");
        }
        Type type = switch (typeName) {
            case "oci" -> Type.OCI;
            case "oci-archive" -> Type.OCI_ARCHIVE;
            case "docker" -> Type.DOCKER;
            case "registry" -> Type.REGISTRY;
            default -> throw new InputException("--output '" + text + "': unknown type '" + typeName
                    + "' (oci, oci-archive, docker, registry)");
        };
        if (type == Type.REGISTRY) {
            if (fields.containsKey("dest")) {
                throw new InputException("--output type=registry pushes to the -t tags' registries; it takes no dest");
            }
            return REGISTRY;
        }
        String dest = fields.get("dest");
        if (dest == null || dest.isEmpty()) {
            throw new InputException("--output type=" + typeName + " needs dest=PATH");
        }
        return new OutputSpec(type, Path.of(dest));
    }
}
