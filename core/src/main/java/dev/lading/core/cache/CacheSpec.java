package dev.lading.core.cache;

import dev.lading.core.InputException;
import dev.lading.core.model.Reference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One {@code --cache-to} or {@code --cache-from} value in buildx's CSV form: {@code type=registry,ref=REF} or
 * {@code type=local,dest=DIR} (to) / {@code type=local,src=DIR} (from), with {@code max-size=SIZE} for an export.
 *
 * @param reference the registry reference, for {@code type=registry}
 * @param directory the OCI layout, for {@code type=local}
 * @param maxSize   the bound of an export in bytes
 */
public record CacheSpec(Type type, Reference reference, Path directory, long maxSize) {
    /** What an export keeps without {@code max-size=}: a few platforms' compiles and zig's libc builds. */
    public static final long DEFAULT_MAX_SIZE = 2L << 30;

    public enum Type {
        REGISTRY("registry"), LOCAL("local");

        private final String name;

        Type(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Whether the value is read by a build ({@code --cache-from}) or written ({@code --cache-to}). */
    public enum Direction {
        FROM("--cache-from", "src"), TO("--cache-to", "dest");

        private final String flag;
        private final String directoryKey;

        Direction(String flag, String directoryKey) {
            this.flag = flag;
            this.directoryKey = directoryKey;
        }
    }

    /** buildx keys that change what buildkit's cache holds; lading's cache holds what it holds, so they are ignored. */
    private static final Set<String> IGNORED = Set.of("mode", "oci-mediatypes", "image-manifest", "compression",
            "compression-level", "force-compression", "ignore-error");

    /** Where the cache is, as warnings and progress name it: the reference, or the directory. */
    public String where() {
        return type == Type.REGISTRY ? reference.toString() : directory.toString();
    }

    public static CacheSpec parse(String text, Direction direction) {
        String flag = direction.flag;
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new InputException(flag + " '" + text + "': expected key=value pairs such as type=registry,ref=REF");
            }
            fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        Set<String> keys = direction == Direction.TO ? Set.of("type", "ref", "dest", "max-size")
                : Set.of("type", "ref", "src");
        for (String key : fields.keySet()) {
            if (!keys.contains(key) && !IGNORED.contains(key)) {
                throw new InputException(flag + " '" + text + "': unknown key '" + key + "' ("
                        + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        }
        String typeName = fields.getOrDefault("type", "");
        long maxSize = fields.containsKey("max-size") ? parseSize(fields.get("max-size"), flag + " '" + text + "'")
                : DEFAULT_MAX_SIZE;
        return switch (typeName) {
            case "registry" -> {
                String ref = fields.get("ref");
                if (ref == null || ref.isEmpty()) {
                    throw new InputException(flag + " type=registry needs ref=REGISTRY/REPOSITORY[:TAG]");
                }
                yield new CacheSpec(Type.REGISTRY, Reference.parse(ref), null, maxSize);
            }
            case "local" -> {
                String dir = fields.get(direction.directoryKey);
                if (dir == null || dir.isEmpty()) {
                    throw new InputException(flag + " type=local needs " + direction.directoryKey + "=DIR");
                }
                yield new CacheSpec(Type.LOCAL, null, Path.of(dir), maxSize);
            }
            default -> throw new InputException(flag + " '" + text + "': "
                    + (typeName.isEmpty() ? "missing type=" : "unknown type '" + typeName + "'") + " (registry, local)");
        };
    }

    /** {@code 500m}, {@code 2g}, {@code 1.5GiB} or plain bytes, in powers of 1024 as docker's sizes are. */
    public static long parseSize(String text, String what) {
        String value = text.strip().toLowerCase(Locale.ROOT).replaceAll("i?b$", "");
        long unit = 1;
        if (!value.isEmpty()) {
            int power = "kmgt".indexOf(value.charAt(value.length() - 1)) + 1;
            if (power > 0) {
                unit = 1L << (10 * power);
                value = value.substring(0, value.length() - 1);
            }
        }
        try {
            // digits alone: Double.parseDouble would also take 1e3, 0x1p4, 10d and 5f; a fraction needs a unit
            if (!value.matches("[0-9]+(\\.[0-9]+)?") || unit == 1 && value.contains(".")) {
                throw new NumberFormatException();
            }
            double number = Double.parseDouble(value);
            if (number <= 0 || Double.isNaN(number) || number * unit > Long.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (long) (number * unit);
        } catch (NumberFormatException e) {
            throw new InputException(what + ": max-size '" + text + "' is not a size such as 500m or 2g");
        }
    }
}
