package dev.lading.toolchain.packages;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.lading.core.InputException;
import dev.lading.core.model.Platform;
import dev.lading.toolchain.ToolchainTargets;
import dev.lading.toolchain.packages.LockFile.LockedPackage;
import dev.lading.toolchain.packages.LockFile.PlatformLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads {@code lading.lock} strictly: a lock decides what gets downloaded and trusted, so a hand edit that breaks
 * it (a missing field, an unknown key, a hash of the wrong length, a file name leaving the mirror's pool) is an
 * error naming the line and the field, never a guess. Jackson's streaming parser gives the lines; its tree would
 * drop them.
 */
final class LockFileReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern INPUTS = Pattern.compile("sha256:[0-9a-f]{64}");

    /** A YAML value and where it is: a {@code Map<String, Node>}, a {@code List<Node>}, a String or null. */
    private record Node(Object value, String field, int line) {
    }

    private final YAMLParser parser;
    private final Path file;

    private LockFileReader(YAMLParser parser, Path file) {
        this.parser = parser;
        this.file = file;
    }

    static LockFile read(String text, Path file) {
        Node root;
        try (YAMLParser parser = FACTORY.createParser(text)) {
            LockFileReader reader = new LockFileReader(parser, file);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new InputException(file, null, 0, "the lock is empty; run `lading lock` to write it");
            }
            root = reader.value(first, "", reader.line());
            if (parser.nextToken() != null) {
                throw new InputException(file, null, reader.line(), "a lock is one YAML document");
            }
        } catch (JsonProcessingException e) {
            throw syntaxError(e, file);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a String source does no I/O
        }
        return new LockFileReader(null, file).lock(root);
    }

    /** One line: SnakeYAML's own exception, the cause, knows the problem and its line; Jackson's adds a dump. */
    private static InputException syntaxError(JsonProcessingException e, Path file) {
        if (e.getCause() instanceof MarkedYAMLException marked) {
            Mark where = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
            String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
            String message = marked.getProblem() + context;
            return new InputException(file, null, where == null ? 0 : where.getLine() + 1,
                    "invalid YAML: " + message.replaceAll("\\s+", " ").strip());
        }
        JsonLocation where = e.getLocation();
        String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        return new InputException(file, null, where == null ? 0 : Math.max(0, where.getLineNr()),
                "invalid YAML: " + message.lines().findFirst().orElse("").strip());
    }

    private Node value(JsonToken token, String field, int line) throws IOException {
        if (token == JsonToken.START_OBJECT) {
            Map<String, Node> entries = new LinkedHashMap<>();
            for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                String key = parser.getText();
                String path = field.isEmpty() ? key : field + "." + key;
                int keyLine = line();
                if (entries.containsKey(key)) {
                    throw new InputException(file, path, keyLine, "appears twice");
                }
                entries.put(key, value(parser.nextToken(), path, keyLine));
            }
            return new Node(entries, field, line);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                items.add(value(next, field + "[" + items.size() + "]", line()));
            }
            return new Node(items, field, line);
        }
        return new Node(token == JsonToken.VALUE_NULL ? null : parser.getText(), field, line);
    }

    private int line() {
        return parser.currentTokenLocation().getLineNr();
    }

    private LockFile lock(Node root) {
        Map<String, Node> top = mapping(root, "lock-version", "distribution", "inputs", "platforms");
        String format = string(top.get("lock-version"));
        if (!format.equals(String.valueOf(LockFile.FORMAT))) {
            throw error(top.get("lock-version"), "format " + format + " is not one this lading reads ("
                    + LockFile.FORMAT + "); run `lading lock --update`");
        }
        String distribution = string(top.get("distribution"));
        String inputs = string(top.get("inputs"));
        if (!INPUTS.matcher(inputs).matches()) {
            throw error(top.get("inputs"), "expected sha256: and 64 hex digits, got '" + inputs + "'");
        }
        List<PlatformLock> platforms = new ArrayList<>();
        Set<Platform> seen = new HashSet<>();
        for (Node item : list(top.get("platforms"))) {
            PlatformLock platform = platform(item);
            if (!seen.add(platform.platform())) {
                throw error(item, "platform " + platform.platform() + " appears twice");
            }
            platforms.add(platform);
        }
        return new LockFile(distribution, inputs, platforms);
    }

    private PlatformLock platform(Node node) {
        Map<String, Node> fields = mapping(node, "platform", "architecture", "build", "runtime");
        Node platformNode = fields.get("platform");
        Platform platform;
        String expectedArch;
        try {
            platform = Platform.parse(string(platformNode));
            expectedArch = ToolchainTargets.of(platform).debianArch();
        } catch (InputException e) {
            throw error(platformNode, e.getMessage());
        }
        String debianArch = string(fields.get("architecture"));
        if (!debianArch.equals(expectedArch)) {
            throw error(fields.get("architecture"), "the Debian architecture of " + platform + " is "
                    + expectedArch + ", not '" + debianArch + "'");
        }
        return new PlatformLock(platform, debianArch, packages(fields.get("build"), debianArch),
                packages(fields.get("runtime"), debianArch));
    }

    private List<LockedPackage> packages(Node node, String debianArch) {
        List<LockedPackage> packages = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node item : list(node)) {
            Map<String, Node> fields = mapping(item, "name", "version", "architecture", "size", "sha256", "filename");
            String name = string(fields.get("name"));
            if (!Relation.isPackageName(name)) {
                throw error(fields.get("name"), "'" + name + "' is not a Debian package name");
            }
            if (!names.add(name)) {
                throw error(fields.get("name"), "package " + name + " is locked twice in this list");
            }
            DebianVersion version;
            try {
                version = DebianVersion.parse(string(fields.get("version")));
            } catch (IllegalArgumentException e) {
                throw error(fields.get("version"), e.getMessage());
            }
            String architecture = string(fields.get("architecture"));
            if (!architecture.equals(debianArch) && !architecture.equals("all")) {
                throw error(fields.get("architecture"), "expected " + debianArch + " or all, got '" + architecture
                        + "'");
            }
            String sha256 = string(fields.get("sha256"));
            if (!SHA256.matcher(sha256).matches()) {
                throw error(fields.get("sha256"), "expected 64 lower-case hex digits, got '" + sha256 + "'");
            }
            packages.add(new LockedPackage(name, version, architecture, sha256, size(fields.get("size")),
                    filename(fields.get("filename"))));
        }
        return packages;
    }

    private long size(Node node) {
        String text = string(node);
        try {
            long size = Long.parseLong(text);
            if (size >= 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below, as a negative size is
        }
        throw error(node, "expected a size in bytes, got '" + text + "'");
    }

    /** A path below the mirror's root: relative, and never climbing out of it. */
    private String filename(Node node) {
        String filename = string(node);
        boolean climbs = List.of(filename.split("/", -1)).stream().anyMatch(s -> s.isEmpty() || s.equals("..")
                || s.equals("."));
        if (climbs || filename.contains("\\") || filename.contains(":") || !filename.endsWith(".deb")) {
            throw error(node, "expected a .deb path below the mirror such as pool/main/z/zlib/zlib1g_..._arm64.deb, "
                    + "got '" + filename + "'");
        }
        return filename;
    }

    /** A mapping with exactly these keys. */
    @SuppressWarnings("unchecked")
    private Map<String, Node> mapping(Node node, String... keys) {
        if (!(node.value() instanceof Map)) {
            throw error(node, "expected a mapping with " + String.join(", ", keys));
        }
        Map<String, Node> entries = (Map<String, Node>) node.value();
        List<String> allowed = List.of(keys);
        for (Map.Entry<String, Node> entry : entries.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw error(entry.getValue(), "unknown key; expected " + String.join(", ", keys));
            }
        }
        for (String key : keys) {
            if (!entries.containsKey(key)) {
                String path = node.field().isEmpty() ? key : node.field() + "." + key;
                throw new InputException(file, path, node.line(), "is missing");
            }
        }
        return entries;
    }

    @SuppressWarnings("unchecked")
    private List<Node> list(Node node) {
        if (!(node.value() instanceof List)) {
            throw error(node, "expected a list");
        }
        return (List<Node>) node.value();
    }

    private String string(Node node) {
        if (!(node.value() instanceof String text) || text.isEmpty()) {
            throw error(node, "expected a value");
        }
        return text;
    }

    private InputException error(Node node, String message) {
        return new InputException(file, node.field().isEmpty() ? null : node.field(), node.line(), message);
    }
}
