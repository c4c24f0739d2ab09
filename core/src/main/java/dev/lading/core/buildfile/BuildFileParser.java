package dev.lading.core.buildfile;

import dev.lading.core.InputException;
import dev.lading.core.buildfile.YamlNode.Mapping;
import dev.lading.core.buildfile.YamlNode.Scalar;
import dev.lading.core.buildfile.YamlNode.Sequence;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code lading.yaml} into a {@link BuildFile}. Every error is an {@link InputException} naming the
 * file, the field path and the line. Only the form of values is checked here; whether sources exist,
 * references resolve and platforms are known is checked where those are used.
 *
 * <p>Scalars are taken as written, whatever YAML's typing says: {@code env: {DEBUG: yes}} gives "yes", and
 * a {@code mode} is always read as octal digits, quoted or not ({@code 0644}, {@code "0644"}, {@code 644}
 * and {@code 0o644} all mean rw-r--r--), like chmod. A key with a null value counts as absent.
 */
public final class BuildFileParser {
    public static final String DEFAULT_NAME = "lading.yaml";
    public static final List<String> TOOLCHAINS = List.of("auto", "zig", "clang");

    private static final List<String> TOP_KEYS = List.of("from", "platforms", "toolchain", "build", "packages", "layers",
            "entrypoint", "cmd", "env", "workdir", "user", "labels", "exposedPorts", "annotations");
    private static final List<String> BUILD_KEYS = List.of("cmake", "executables");
    private static final List<String> CMAKE_KEYS = List.of("source", "targets", "defines");
    private static final List<String> EXECUTABLE_KEYS = List.of("name", "sources", "flags", "libs");
    private static final List<String> PACKAGES_KEYS = List.of("distribution", "build", "runtime");
    private static final List<String> LAYER_KEYS = List.of("name", "files");
    private static final List<String> FILE_KEYS =
            List.of("src", "artifact", "dest", "mode", "owner", "allowOutsideSymlinks");

    private static final Pattern OCTAL = Pattern.compile("(?:0o)?0*([0-7]+)");
    private static final Pattern OWNER = Pattern.compile("(\\d+):(\\d+)");
    private static final Pattern PORT = Pattern.compile("([1-9]\\d{0,4})(?:/(tcp|udp))?");
    /** user, uid, user:group, uid:gid, uid:group or user:gid, as the image config's User field allows. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?");
    private static final Pattern DISTRIBUTION = Pattern.compile("debian:[a-z][a-z0-9.-]*");
    /** Debian's package name rule (Policy 5.6.1), optionally pinned to a version as apt writes it. */
    private static final Pattern PACKAGE_REQUEST = Pattern.compile("[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+~:-]+)?");
    private static final int MAX_MODE = 07777;
    private static final int MAX_PORT = 65535;

    private BuildFileParser() {
    }

    /** Reads and parses a build file; a missing or unreadable file is an {@link InputException} too. */
    public static BuildFile parse(Path file) {
        return parse(read(file), file);
    }

    /** Parses build file text; {@code file} is only used to name the file in errors and origins. */
    public static BuildFile parse(String yaml, Path file) {
        String text = yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml;
        YamlNode root = YamlReader.read(text, file).orElseThrow(() -> new Origin(file, "", 0)
                .error("the build file is empty; expected keys such as " + String.join(", ", TOP_KEYS)));
        if (!(root instanceof Mapping top)) {
            throw root.origin().error("the build file must be a mapping of keys such as from and layers, got "
                    + root.describe());
        }
        return buildFile(top);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            Path dir = file.toAbsolutePath().getParent();
            String why = file.getFileName() != null && file.getFileName().toString().equals(DEFAULT_NAME)
                    ? "no " + DEFAULT_NAME + " in " + dir + " (name another file with -f)"
                    : "no such file";
            throw cannotRead(file, why);
        } catch (AccessDeniedException e) {
            throw cannotRead(file, "permission denied");
        } catch (CharacterCodingException e) {
            throw cannotRead(file, "not UTF-8 text");
        } catch (IOException e) {
            throw cannotRead(file, Files.isDirectory(file) ? "it is a directory" : String.valueOf(e.getMessage()));
        }
    }

    private static InputException cannotRead(Path file, String why) {
        return new InputException(file, null, 0, "cannot read build file: " + why);
    }

    private static BuildFile buildFile(Mapping top) {
        top.allowOnly(TOP_KEYS);
        Located<String> from = top.get("from")
                .map(node -> new Located<>(nonEmpty(node), node.origin()))
                .orElseGet(() -> new Located<>("scratch", top.origin().key("from", 0)));
        List<Located<String>> platforms = optional(top, "platforms", node -> items(node).stream()
                .map(item -> new Located<>(string(item), item.origin())).toList(), List.of());
        return new BuildFile(from, platforms,
                optional(top, "toolchain", BuildFileParser::toolchain, "auto"),
                optional(top, "build", BuildFileParser::build, null),
                optional(top, "packages", BuildFileParser::packages, null),
                optional(top, "layers", BuildFileParser::layers, List.of()),
                optional(top, "entrypoint", BuildFileParser::strings, List.of()),
                optional(top, "cmd", BuildFileParser::strings, List.of()),
                optional(top, "env", BuildFileParser::variables, Map.of()),
                optional(top, "workdir", BuildFileParser::workdir, ""),
                optional(top, "user", BuildFileParser::user, ""),
                optional(top, "labels", BuildFileParser::labels, Map.of()),
                optional(top, "exposedPorts", BuildFileParser::ports, List.of()),
                optional(top, "annotations", BuildFileParser::labels, Map.of()));
    }

    private static String toolchain(YamlNode node) {
        String name = string(node);
        if (!TOOLCHAINS.contains(name)) {
            throw node.origin().error(
                    "unknown toolchain " + Text.quote(name) + "; " + DidYouMean.hint(name, TOOLCHAINS));
        }
        return name;
    }

    private static Build build(YamlNode node) {
        Mapping build = mapping(node);
        build.allowOnly(BUILD_KEYS);
        boolean cmake = build.has("cmake");
        if (cmake == build.has("executables")) {
            throw build.origin().error(cmake
                    ? "give either cmake or executables, not both"
                    : "needs cmake (a CMake project) or executables (sources to compile)");
        }
        return cmake
                ? new Build(cmake(build.entries().get("cmake")), List.of())
                : new Build(null, executables(build.entries().get("executables")));
    }

    private static Packages packages(YamlNode node) {
        Mapping packages = mapping(node);
        packages.allowOnly(PACKAGES_KEYS);
        Located<String> distribution = packages.get("distribution").map(value -> {
            String text = string(value);
            if (!DISTRIBUTION.matcher(text).matches()) {
                throw value.origin().error("must be debian:SUITE such as " + Packages.DEFAULT_DISTRIBUTION + ", got "
                        + Text.quote(text));
            }
            return new Located<>(text, value.origin());
        }).orElseGet(() -> new Located<>(Packages.DEFAULT_DISTRIBUTION, packages.origin().key("distribution", packages.origin().line())));
        List<Located<String>> build = optional(packages, "build", value -> packageRequests(value, false), List.of());
        List<Located<String>> runtime = optional(packages, "runtime", value -> packageRequests(value, true),
                List.of(new Located<>(Packages.AUTO, packages.origin().key("runtime", packages.origin().line()))));
        return new Packages(distribution, build, runtime, packages.origin());
    }

    private static List<Located<String>> packageRequests(YamlNode node, boolean runtime) {
        Names names = new Names("package");
        List<Located<String>> requests = new ArrayList<>();
        for (YamlNode item : items(node)) {
            String text = string(item).strip();
            boolean auto = text.equals(Packages.AUTO);
            if (auto && !runtime) {
                throw item.origin().error("auto is for runtime: (the packages the image's executables need); name"
                        + " the build packages");
            }
            if (!auto && !PACKAGE_REQUEST.matcher(text).matches()) {
                throw item.origin().error("expected a Debian package name (lower case letters, digits, '+', '-', '.')"
                        + ", optionally =VERSION" + (runtime ? ", or auto" : "") + ", got " + Text.quote(text));
            }
            names.add(text.split("=", 2)[0], item.origin());
            requests.add(new Located<>(text, item.origin()));
        }
        return requests;
    }

    private static CMake cmake(YamlNode node) {
        // "cmake:" with nothing under it asks for a CMake project in this directory, all defaults.
        Mapping cmake = node instanceof Scalar s && s.isNull() ? new Mapping(Map.of(), node.origin()) : mapping(node);
        cmake.allowOnly(CMAKE_KEYS);
        return new CMake(
                optional(cmake, "source", BuildFileParser::nonEmpty, "."),
                optional(cmake, "targets", BuildFileParser::strings, List.of()),
                optional(cmake, "defines", BuildFileParser::variables, Map.of()),
                cmake.origin());
    }

    private static List<Executable> executables(YamlNode node) {
        List<YamlNode> items = nonEmptyItems(node, "needs at least one executable");
        Names names = new Names("executable");
        List<Executable> executables = new ArrayList<>();
        for (YamlNode item : items) {
            Mapping executable = mapping(item);
            executable.allowOnly(EXECUTABLE_KEYS);
            YamlNode nameNode = executable.require("name");
            String name = fileName(nameNode);
            names.add(name, nameNode.origin());
            List<String> sources = strings(nonEmptyList(executable.require("sources"), "needs at least one source"));
            executables.add(new Executable(name, sources,
                    optional(executable, "flags", BuildFileParser::strings, List.of()),
                    optional(executable, "libs", BuildFileParser::strings, List.of()),
                    executable.origin()));
        }
        return executables;
    }

    private static List<LayerSpec> layers(YamlNode node) {
        Names names = new Names("layer");
        List<LayerSpec> layers = new ArrayList<>();
        for (YamlNode item : items(node)) {
            Mapping layer = mapping(item);
            layer.allowOnly(LAYER_KEYS);
            Optional<YamlNode> nameNode = layer.get("name");
            String name = nameNode.map(BuildFileParser::nonEmpty).orElse("layer-" + (layers.size() + 1));
            names.add(name, nameNode.orElse(layer).origin());
            List<FileSpec> files = nonEmptyItems(layer.require("files"), "a layer needs at least one file")
                    .stream().map(BuildFileParser::fileSpec).toList();
            layers.add(new LayerSpec(name, files, layer.origin()));
        }
        return layers;
    }

    private static FileSpec fileSpec(YamlNode node) {
        Mapping file = mapping(node);
        file.allowOnly(FILE_KEYS);
        String src = optional(file, "src", value -> relative(value, "the build file's directory"), null);
        String artifact = optional(file, "artifact", value -> relative(value, "the build output directory"), null);
        if ((src == null) == (artifact == null)) {
            throw file.origin().error(src == null
                    ? "needs src (a file in the context) or artifact (a build output)"
                    : "give either src or artifact, not both");
        }
        return new FileSpec(src, artifact, dest(file.require("dest")),
                optional(file, "mode", BuildFileParser::mode, null),
                optional(file, "owner", BuildFileParser::owner, null),
                optional(file, "allowOutsideSymlinks", BuildFileParser::bool, false),
                file.origin());
    }

    private static String relative(YamlNode node, String base) {
        String path = nonEmpty(node);
        if (path.startsWith("/")) {
            throw node.origin().error("must be a path relative to " + base + ", got " + Text.quote(path));
        }
        return path;
    }

    /** An absolute path inside the image, normalised so that collisions can be found by string equality. */
    private static String dest(YamlNode node) {
        String dest = string(node);
        if (!dest.startsWith("/")) {
            throw node.origin().error("must be an absolute path starting with '/', got " + Text.quote(dest));
        }
        StringBuilder normal = new StringBuilder();
        for (String segment : dest.split("/")) {
            if (segment.equals("..")) {
                throw node.origin().error("must not contain '..', got " + Text.quote(dest));
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                normal.append('/').append(segment);
            }
        }
        // "/" stays: a directory's contents may fill the image root (a single file there is refused later)
        return normal.length() == 0 ? "/" : normal.toString();
    }

    private static int mode(YamlNode node) {
        String text = string(node).strip();
        Matcher octal = OCTAL.matcher(text);
        if (!octal.matches()) {
            throw node.origin().error("must be octal digits such as \"0644\" or \"755\", got " + Text.quote(text));
        }
        String digits = octal.group(1);
        if (digits.length() > 4 || Integer.parseInt(digits, 8) > MAX_MODE) {
            throw node.origin().error("out of range: at most 07777, got " + Text.quote(text));
        }
        return Integer.parseInt(digits, 8);
    }

    private static Owner owner(YamlNode node) {
        String text = string(node).strip();
        Matcher owner = OWNER.matcher(text);
        if (!owner.matches()) {
            throw node.origin().error(
                    "must be uid:gid with non-negative numbers such as \"0:0\", got " + Text.quote(text));
        }
        try {
            return new Owner(Integer.parseInt(owner.group(1)), Integer.parseInt(owner.group(2)));
        } catch (NumberFormatException e) {
            throw node.origin().error(
                    "uid or gid out of range (at most " + Integer.MAX_VALUE + "), got " + Text.quote(text));
        }
    }

    private static boolean bool(YamlNode node) {
        String text = string(node);
        if (!text.equals("true") && !text.equals("false")) {
            throw node.origin().error("expected true or false, got " + Text.quote(text));
        }
        return Boolean.parseBoolean(text);
    }

    /** Ports as the image config writes them: {@code 8080} becomes {@code 8080/tcp}, as docker does. */
    private static List<String> ports(YamlNode node) {
        Names seen = new Names("port");
        List<String> ports = new ArrayList<>();
        for (YamlNode item : items(node)) {
            String text = string(item);
            Matcher port = PORT.matcher(text);
            if (!port.matches() || Integer.parseInt(port.group(1)) > MAX_PORT) {
                throw item.origin().error("expected a port 1-65535 as N, N/tcp or N/udp, got " + Text.quote(text));
            }
            String normal = port.group(1) + "/" + (port.group(2) == null ? "tcp" : port.group(2));
            seen.add(normal, item.origin());
            ports.add(normal);
        }
        return ports;
    }

    /** A name that becomes a file name in the build output. */
    private static String fileName(YamlNode node) {
        String name = nonEmpty(node);
        if (name.contains("/") || name.equals(".") || name.equals("..")) {
            throw node.origin().error("must be a plain file name, got " + Text.quote(name));
        }
        return name;
    }

    private static Map<String, String> variables(YamlNode node) {
        return scalars(node, key -> !key.isEmpty() && key.chars().noneMatch(c -> c == '=' || c <= ' ' || c == 0x7f),
                "must not be empty or contain '=', spaces or control characters");
    }

    /** The container's working directory: runtimes need an absolute one, and there is no earlier one to be relative to. */
    private static String workdir(YamlNode node) {
        String workdir = string(node);
        if (!workdir.isEmpty() && !workdir.startsWith("/")) {
            throw node.origin().error("must be an absolute path starting with '/', got " + Text.quote(workdir));
        }
        return workdir;
    }

    private static String user(YamlNode node) {
        String user = string(node);
        if (!user.isEmpty() && !USER.matcher(user).matches()) {
            throw node.origin().error("must be user, uid, user:group or uid:gid (names of letters, digits, '_', '.'"
                    + " and '-'), got " + Text.quote(user));
        }
        return user;
    }

    private static Map<String, String> labels(YamlNode node) {
        return scalars(node, key -> !key.isEmpty(), "must not be empty");
    }

    /** A mapping of string values; {@code keyRule} describes what {@code validKey} rejects. */
    private static Map<String, String> scalars(YamlNode node, Predicate<String> validKey, String keyRule) {
        Map<String, String> values = new LinkedHashMap<>();
        mapping(node).entries().forEach((key, value) -> {
            if (!validKey.test(key) || key.indexOf('\0') >= 0) {
                throw value.origin().error("key " + Text.quote(key) + " " + keyRule);
            }
            values.put(key, string(value));
        });
        return values;
    }

    private static <T> T optional(Mapping mapping, String key, Function<YamlNode, T> parse, T absent) {
        return mapping.get(key).map(parse).orElse(absent);
    }

    private static List<String> strings(YamlNode node) {
        return items(node).stream().map(BuildFileParser::string).toList();
    }

    private static List<YamlNode> nonEmptyItems(YamlNode node, String message) {
        return items(nonEmptyList(node, message));
    }

    private static YamlNode nonEmptyList(YamlNode node, String message) {
        if (items(node).isEmpty()) {
            throw node.origin().error(message);
        }
        return node;
    }

    private static List<YamlNode> items(YamlNode node) {
        if (node instanceof Sequence sequence) {
            return sequence.items();
        }
        throw typeError(node, "a list");
    }

    private static Mapping mapping(YamlNode node) {
        if (node instanceof Mapping mapping) {
            return mapping;
        }
        throw typeError(node, "a mapping");
    }

    private static String nonEmpty(YamlNode node) {
        String text = string(node);
        if (text.isBlank()) {
            throw node.origin().error("must not be empty");
        }
        return text;
    }

    /**
     * Every text of the build file ends up in a tar header, a JSON document or a command line, none of which can
     * carry a NUL: it would cut the text short there, so a file named {@code "a\0b"} would become {@code a}.
     */
    private static String string(YamlNode node) {
        if (node instanceof Scalar scalar && !scalar.isNull()) {
            if (scalar.text().indexOf('\0') >= 0) {
                throw node.origin().error("must not contain a NUL character, got " + Text.quote(scalar.text()));
            }
            return scalar.text();
        }
        throw typeError(node, "a string");
    }

    private static InputException typeError(YamlNode node, String expected) {
        return node.origin().error("expected " + expected + ", got " + node.describe());
    }

    /** Rejects a second use of a name that must be unique, pointing at both places. */
    private static final class Names {
        private final String what;
        private final Map<String, Origin> seen = new HashMap<>();

        Names(String what) {
            this.what = what;
        }

        void add(String name, Origin origin) {
            Origin first = seen.putIfAbsent(name, origin);
            if (first != null) {
                throw origin.error(
                        "duplicate " + what + " " + Text.quote(name) + " (first at line " + first.line() + ")");
            }
        }
    }
}
