package dev.lading.core.buildfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.testing.Generated;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BuildFilePropertiesTest {
    private static final Path FILE = Path.of("gen", "lading.yaml");
    private static final String YAMLISH = "ab:-[]{},#&*!|>'\"%@`?~ \n\t\\01.";

    record FileChoice(boolean artifact, String path, List<String> destSegments, Integer mode, Owner owner,
                      Boolean allowOutsideSymlinks) {
    }

    record LayerChoice(String name, List<FileChoice> files) {
    }

    record ExeChoice(String name, List<String> sources, List<String> flags, List<String> libs) {
    }

    record CMakeChoice(String source, List<String> targets, Map<String, String> defines) {
    }

    /** Exactly one of cmake and executables. */
    record BuildChoice(CMakeChoice cmake, List<ExeChoice> executables) {
    }

    record Port(int number, String protocol) {
        String written() {
            return protocol == null ? Integer.toString(number) : number + "/" + protocol;
        }

        String normal() {
            return number + "/" + (protocol == null ? "tcp" : protocol);
        }
    }

    @Test
    void generatedBuildFilesParseBackToTheirValues() {
        Generated.forAll(400, random -> generatedBuildFileParsesBack(random));
    }

    private static void generatedBuildFileParsesBack(SplittableRandom random) {
        String from = nullable(random, 0.3, nonBlankText(random));
        List<String> platforms = texts(random);
        String toolchain = nullable(random, 0.3, Generated.oneOf(random, BuildFileParser.TOOLCHAINS));
        BuildChoice build = build(random);
        List<LayerChoice> layers = layers(random);
        List<String> entrypoint = texts(random);
        List<String> cmd = texts(random);
        Map<String, String> env = variables(random);
        String workdir = nullable(random, 0.3, "/" + text(random));
        String user = nullable(random, 0.3, identifier(random) + (random.nextBoolean() ? "" : ":" + identifier(random)));
        Map<String, String> labels = labels(random);
        List<Port> ports = ports(random);
        Map<String, String> annotations = labels(random);
        long styleSeed = random.nextLong();
        Writer yaml = new Writer(new Random(styleSeed));
        Expected expected = new Expected();
        List<Runnable> sections = new ArrayList<>(List.of(
                () -> expected.from = yaml.optionalScalar("from", from),
                () -> expected.platforms = yaml.located("platforms", platforms),
                () -> yaml.optionalScalar("toolchain", toolchain),
                () -> expected.build = yaml.build(build),
                () -> expected.layers = yaml.layers(layers),
                () -> yaml.list("", "entrypoint", entrypoint),
                () -> yaml.list("", "cmd", cmd),
                () -> yaml.map("", "env", env),
                () -> yaml.optionalScalar("workdir", workdir),
                () -> yaml.optionalScalar("user", user),
                () -> yaml.map("", "labels", labels),
                () -> yaml.list("", "exposedPorts", ports.stream().map(Port::written).toList()),
                () -> yaml.map("", "annotations", annotations)));
        Collections.shuffle(sections, yaml.style);
        sections.forEach(section -> {
            yaml.maybeComment();
            section.run();
        });
        if (yaml.text().lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
            yaml.line("cmd: []"); // every section was left out: an empty file is an error, this one is not
        }

        BuildFile parsed = parseOrExplain(yaml.text());

        BuildFile wanted = new BuildFile(
                from == null ? new Located<>("scratch", new Origin(FILE, "from", 0)) : expected.from,
                expected.platforms, toolchain == null ? "auto" : toolchain, expected.build, null, expected.layers,
                entrypoint, cmd, env, workdir == null ? "" : workdir, user == null ? "" : user, labels,
                ports.stream().map(Port::normal).toList(), annotations);
        assertEquals(wanted, parsed, yaml::text);
    }

    @Test
    void garbageFailsOnlyAsOneLineInputException() {
        Generated.forAll(3000, random -> garbageFailsOnlyAsOneLineInputException(garbage(random)));
    }

    private static void garbageFailsOnlyAsOneLineInputException(String text) {
        try {
            BuildFileParser.parse(text, FILE);
        } catch (InputException e) {
            assertTrue(e.getMessage().startsWith(FILE.toString()), e::getMessage);
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e::getMessage);
            assertTrue(e.line() >= 0 && e.line() <= text.split("\n", -1).length + 1, e::getMessage);
        }
    }

    private static BuildFile parseOrExplain(String text) {
        try {
            return BuildFileParser.parse(text, FILE);
        } catch (InputException e) {
            throw new AssertionError(e.getMessage() + " in:\n" + text, e);
        }
    }

    /** The located values, whose lines are only known once the sections are written in their order. */
    private static final class Expected {
        Located<String> from;
        List<Located<String>> platforms = List.of();
        Build build;
        List<LayerSpec> layers = List.of();
    }

    /** Writes YAML in a randomly chosen but valid style and counts lines as it goes. */
    private static final class Writer {
        private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_/][A-Za-z0-9_./-]*");
        private static final Set<String> NULLS = Set.of("null", "Null", "NULL");

        final Random style;
        private final StringBuilder out = new StringBuilder();
        private int lines;

        Writer(Random style) {
            this.style = style;
        }

        String text() {
            return out.toString();
        }

        int line(String text) {
            out.append(text).append('\n');
            return ++lines;
        }

        void maybeComment() {
            switch (style.nextInt(6)) {
                case 0 -> line("# a comment: [not, yaml]");
                case 1 -> line("");
                default -> { }
            }
        }

        String scalar(String text) {
            int kind = style.nextInt(3);
            if (kind == 0 && PLAIN.matcher(text).matches() && !NULLS.contains(text)) {
                return text;
            }
            if (kind == 1) {
                return "'" + text.replace("'", "''") + "'";
            }
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                    .replace("\t", "\\t") + "\"";
        }

        /** An absent value is left out or written as null, which must mean the same. */
        Located<String> optionalScalar(String key, String value) {
            if (value == null) {
                if (style.nextBoolean()) {
                    line(key + ":" + (style.nextBoolean() ? "" : " ~"));
                }
                return null;
            }
            return new Located<>(value, new Origin(FILE, key, line(key + ": " + scalar(value))));
        }

        List<Located<String>> located(String key, List<String> items) {
            List<Integer> at = list("", key, items);
            List<Located<String>> located = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                located.add(new Located<>(items.get(i), new Origin(FILE, key + "[" + i + "]", at.get(i))));
            }
            return located;
        }

        /** Writes a list in flow or block style (or leaves an empty one out) and returns each item's line. */
        List<Integer> list(String indent, String key, List<String> items) {
            if (items.isEmpty() && style.nextBoolean()) {
                return List.of();
            }
            List<Integer> at = new ArrayList<>();
            if (items.isEmpty() || style.nextBoolean()) {
                List<String> written = new ArrayList<>();
                items.forEach(item -> written.add(scalar(item)));
                int line = line(indent + key + ": [" + String.join(", ", written) + "]");
                return Collections.nCopies(items.size(), line);
            }
            line(indent + key + ":");
            for (String item : items) {
                at.add(line(indent + "  - " + scalar(item)));
            }
            return at;
        }

        void map(String indent, String key, Map<String, String> entries) {
            if (entries.isEmpty() && style.nextBoolean()) {
                return;
            }
            if (entries.isEmpty() || style.nextBoolean()) {
                List<String> written = new ArrayList<>();
                entries.forEach((k, v) -> written.add(scalar(k) + ": " + scalar(v)));
                line(indent + key + ": {" + String.join(", ", written) + "}");
                return;
            }
            line(indent + key + ":");
            entries.forEach((k, v) -> line(indent + "  " + scalar(k) + ": " + scalar(v)));
        }

        Build build(BuildChoice build) {
            if (build == null) {
                optionalScalar("build", null);
                return null;
            }
            line("build:");
            if (build.cmake() != null) {
                CMakeChoice cmake = build.cmake();
                boolean flowEmpty = style.nextInt(4) == 0;
                int at = line("  cmake:" + (flowEmpty ? " {}" : ""));
                if (!flowEmpty) {
                    if (cmake.source() != null) {
                        line("    source: " + scalar(cmake.source()));
                    }
                    list("    ", "targets", cmake.targets());
                    map("    ", "defines", cmake.defines());
                }
                return new Build(new CMake(cmake.source() == null || flowEmpty ? "." : cmake.source(),
                        flowEmpty ? List.of() : cmake.targets(), flowEmpty ? Map.of() : cmake.defines(),
                        new Origin(FILE, "build.cmake", at)), List.of());
            }
            line("  executables:");
            List<Executable> executables = new ArrayList<>();
            for (ExeChoice exe : build.executables()) {
                int at = line("    - name: " + scalar(exe.name()));
                list("      ", "sources", exe.sources());
                list("      ", "flags", exe.flags());
                list("      ", "libs", exe.libs());
                executables.add(new Executable(exe.name(), exe.sources(), exe.flags(), exe.libs(),
                        new Origin(FILE, "build.executables[" + executables.size() + "]", at)));
            }
            return new Build(null, executables);
        }

        List<LayerSpec> layers(List<LayerChoice> layers) {
            if (layers.isEmpty()) {
                optionalScalar("layers", null);
                return List.of();
            }
            line("layers:");
            List<LayerSpec> specs = new ArrayList<>();
            for (LayerChoice layer : layers) {
                String field = "layers[" + specs.size() + "]";
                int at;
                if (layer.name() != null) {
                    at = line("  - name: " + scalar(layer.name()));
                    line("    files:");
                } else {
                    at = line("  - files:");
                }
                List<FileSpec> files = new ArrayList<>();
                for (FileChoice file : layer.files()) {
                    files.add(file(file, field + ".files[" + files.size() + "]"));
                }
                String name = layer.name() == null ? "layer-" + (specs.size() + 1) : layer.name();
                specs.add(new LayerSpec(name, files, new Origin(FILE, field, at)));
            }
            return specs;
        }

        /** Writes a file entry as a flow or block mapping, its other keys in random order. */
        private FileSpec file(FileChoice file, String field) {
            List<String> rest = new ArrayList<>();
            rest.add("dest: " + scalar(dest(file.destSegments())));
            if (file.mode() != null) {
                rest.add("mode: " + mode(file.mode()));
            }
            if (file.owner() != null) {
                rest.add("owner: " + (style.nextBoolean() ? "\"" + file.owner() + "\"" : file.owner()));
            }
            if (file.allowOutsideSymlinks() != null) {
                rest.add("allowOutsideSymlinks: " + file.allowOutsideSymlinks());
            }
            Collections.shuffle(rest, style);
            String first = (file.artifact() ? "artifact: " : "src: ") + scalar(file.path());
            int at;
            if (style.nextBoolean()) {
                at = line("      - {" + first + ", " + String.join(", ", rest) + "}");
            } else {
                at = line("      - " + first);
                rest.forEach(entry -> line("        " + entry));
            }
            return new FileSpec(file.artifact() ? null : file.path(), file.artifact() ? file.path() : null,
                    "/" + String.join("/", file.destSegments()), file.mode(), file.owner(),
                    Boolean.TRUE.equals(file.allowOutsideSymlinks()), new Origin(FILE, field, at));
        }

        /** The same destination with the redundancies normalisation removes. */
        private String dest(List<String> segments) {
            StringBuilder dest = new StringBuilder(style.nextInt(5) == 0 ? "/." : "");
            for (String segment : segments) {
                dest.append(List.of("/", "//", "/./").get(style.nextInt(3))).append(segment);
            }
            return dest.append(style.nextInt(4) == 0 ? "/" : "").toString();
        }

        /** Every way of writing a mode that must be read as octal. */
        private String mode(int mode) {
            String octal = Integer.toOctalString(mode);
            return switch (style.nextInt(5)) {
                case 0 -> "\"0" + octal + "\"";
                case 1 -> octal;
                case 2 -> "0" + octal;
                case 3 -> "0o" + octal;
                default -> "'" + String.format("%04o", mode) + "'";
            };
        }
    }

    private static final String TEXT_CHARS = "abcdefghijklmnopqrstuvwxyzAZ09 _-./:#,[]{}'\"\\!&*|>%@`?\t=éß猫";

    private static <T> T nullable(SplittableRandom random, double nullChance, T value) {
        return random.nextDouble() < nullChance ? null : value;
    }

    private static String text(SplittableRandom random) {
        return Generated.string(random, TEXT_CHARS, 0, 10);
    }

    private static List<String> texts(SplittableRandom random) {
        return Generated.list(random, 0, 4, BuildFilePropertiesTest::text);
    }

    private static String nonBlankText(SplittableRandom random) {
        return textWhere(random, text -> !text.isBlank());
    }

    /** A name that is also a plain file name. */
    private static String identifier(SplittableRandom random) {
        String name;
        do {
            name = Generated.lower(random, 1, 1) + Generated.string(random, "abcdefghijklmnopqrstuvwxyz0123456789_.-", 0, 7);
        } while (name.equals("null"));
        return name;
    }

    private static String relativePath(SplittableRandom random) {
        return String.join("/", Generated.list(random, 1, 3, BuildFilePropertiesTest::identifier));
    }

    /** Up to {@code maxSize} entries with keys from {@code key}, in generation order. */
    private static Map<String, String> map(SplittableRandom random, int maxSize,
                                           java.util.function.Function<SplittableRandom, String> key) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = random.nextInt(maxSize + 1); i > 0; i--) {
            map.put(key.apply(random), text(random));
        }
        return map;
    }

    /** env keys: non-empty, without '=', white space or control characters. */
    private static Map<String, String> variables(SplittableRandom random) {
        return map(random, 4, r -> textWhere(r, key -> !key.isEmpty() && key.chars().noneMatch(c -> c == '=' || c <= ' ')));
    }

    /** labels and annotations keys: non-empty. */
    private static Map<String, String> labels(SplittableRandom random) {
        return map(random, 4, r -> textWhere(r, key -> !key.isEmpty()));
    }

    private static String textWhere(SplittableRandom random, java.util.function.Predicate<String> valid) {
        String text;
        do {
            text = text(random);
        } while (!valid.test(text));
        return text;
    }

    private static List<Port> ports(SplittableRandom random) {
        Map<String, Port> unique = new LinkedHashMap<>();
        for (Port port : Generated.list(random, 0, 4,
                r -> new Port(r.nextInt(1, 65536), nullable(r, 0.4, Generated.oneOf(r, "tcp", "udp"))))) {
            unique.putIfAbsent(port.normal(), port);
        }
        return List.copyOf(unique.values());
    }

    private static BuildChoice build(SplittableRandom random) {
        if (random.nextDouble() < 0.3) {
            return null;
        }
        if (random.nextBoolean()) {
            return new BuildChoice(new CMakeChoice(nullable(random, 0.5, relativePath(random)),
                    Generated.list(random, 0, 3, BuildFilePropertiesTest::identifier),
                    map(random, 3, BuildFilePropertiesTest::identifier)), List.of());
        }
        Map<String, ExeChoice> executables = new LinkedHashMap<>();
        for (ExeChoice exe : Generated.list(random, 1, 3, r -> new ExeChoice(identifier(r),
                Generated.list(r, 1, 3, BuildFilePropertiesTest::relativePath), Generated.list(r, 0, 3,
                        BuildFilePropertiesTest::text), Generated.list(r, 0, 2, BuildFilePropertiesTest::identifier)))) {
            executables.putIfAbsent(exe.name(), exe);
        }
        return new BuildChoice(null, List.copyOf(executables.values()));
    }

    private static List<LayerChoice> layers(SplittableRandom random) {
        List<LayerChoice> layers = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            String name;
            do {
                name = identifier(random);
            } while (name.startsWith("layer-"));
            name = nullable(random, 0.3, name);
            List<FileChoice> files = Generated.list(random, 1, 4, r -> new FileChoice(r.nextBoolean(), relativePath(r),
                    Generated.list(r, 1, 4, BuildFilePropertiesTest::identifier),
                    nullable(r, 0.3, r.nextInt(0, 07777 + 1)),
                    nullable(r, 0.4, new Owner(uid(r), uid(r))),
                    nullable(r, 0.6, r.nextBoolean())));
            if (name == null || names.add(name)) {
                layers.add(new LayerChoice(name, files));
            }
        }
        return layers;
    }

    private static int uid(SplittableRandom random) {
        return random.nextInt(4) == 0 ? Generated.oneOf(random, 0, 65534) : random.nextInt(0, Integer.MAX_VALUE);
    }

    private static String garbage(SplittableRandom random) {
        String example = BuildFileParserTest.CONTRACT_EXAMPLE;
        return switch (random.nextInt(3)) {
            case 0 -> Generated.string(random, anyChars(random), 0, 200);
            case 1 -> Generated.string(random, YAMLISH, 0, 200);
            default -> {
                int at = random.nextInt(example.length() + 1);
                int cut = random.nextInt(41);
                yield example.substring(0, at) + Generated.string(random, YAMLISH, 0, 6)
                        + example.substring(Math.min(example.length(), at + cut));
            }
        };
    }

    /** An alphabet of arbitrary code points, control characters included. */
    private static String anyChars(SplittableRandom random) {
        StringBuilder chars = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            chars.append((char) (random.nextBoolean() ? random.nextInt(0, 128) : random.nextInt(128, 0xD800)));
        }
        return chars.toString();
    }
}
