package dev.lading.core.buildfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    @Property(tries = 400)
    void generatedBuildFilesParseBackToTheirValues(
            @ForAll("nullableNonBlankText") String from, @ForAll("texts") List<String> platforms,
            @ForAll("toolchain") String toolchain, @ForAll("build") BuildChoice build,
            @ForAll("layers") List<LayerChoice> layers, @ForAll("texts") List<String> entrypoint,
            @ForAll("texts") List<String> cmd, @ForAll("variables") Map<String, String> env,
            @ForAll("nullableText") String workdir, @ForAll("nullableText") String user,
            @ForAll("labels") Map<String, String> labels, @ForAll("ports") List<Port> ports,
            @ForAll("labels") Map<String, String> annotations, @ForAll long styleSeed) {
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
                expected.platforms, toolchain == null ? "auto" : toolchain, expected.build, expected.layers,
                entrypoint, cmd, env, workdir == null ? "" : workdir, user == null ? "" : user, labels,
                ports.stream().map(Port::normal).toList(), annotations);
        assertEquals(wanted, parsed, yaml::text);
    }

    @Property(tries = 3000)
    void garbageFailsOnlyAsOneLineInputException(@ForAll("garbage") String text) {
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

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars("AZ09 _-./:#,[]{}'\"\\!&*|>%@`?\t=éß猫")
                .ofMaxLength(10);
    }

    @Provide
    Arbitrary<List<String>> texts() {
        return text().list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> nullableText() {
        return text().injectNull(0.3);
    }

    @Provide
    Arbitrary<String> nullableNonBlankText() {
        return text().filter(s -> !s.isBlank()).injectNull(0.3);
    }

    /** A name that is also a plain file name. */
    private static Arbitrary<String> identifier() {
        return Combinators.combine(Arbitraries.chars().range('a', 'z'),
                        Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789_.-").ofMaxLength(7))
                .as((first, rest) -> first + rest)
                .filter(s -> !s.equals("null"));
    }

    private static Arbitrary<String> relativePath() {
        return identifier().list().ofMinSize(1).ofMaxSize(3).map(segments -> String.join("/", segments));
    }

    @Provide
    Arbitrary<String> toolchain() {
        return Arbitraries.of(BuildFileParser.TOOLCHAINS).injectNull(0.3);
    }

    @Provide
    Arbitrary<Map<String, String>> variables() {
        return Arbitraries.maps(text().filter(k -> !k.isEmpty() && !k.contains("=")), text()).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Map<String, String>> labels() {
        return Arbitraries.maps(text().filter(k -> !k.isEmpty()), text()).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Port>> ports() {
        Arbitrary<Integer> number = Arbitraries.integers().between(1, 65535);
        Arbitrary<String> protocol = Arbitraries.of("tcp", "udp").injectNull(0.4);
        return Combinators.combine(number, protocol).as(Port::new).list().ofMaxSize(4).uniqueElements(Port::normal);
    }

    @Provide
    Arbitrary<BuildChoice> build() {
        Arbitrary<CMakeChoice> cmake = Combinators.combine(relativePath().injectNull(0.5),
                identifier().list().ofMaxSize(3),
                Arbitraries.maps(identifier(), text()).ofMaxSize(3)).as(CMakeChoice::new);
        Arbitrary<ExeChoice> exe = Combinators.combine(identifier(), relativePath().list().ofMinSize(1).ofMaxSize(3),
                text().list().ofMaxSize(3), identifier().list().ofMaxSize(2)).as(ExeChoice::new);
        return Arbitraries.oneOf(
                cmake.map(c -> new BuildChoice(c, List.of())),
                exe.list().ofMinSize(1).ofMaxSize(3).uniqueElements(ExeChoice::name).map(e -> new BuildChoice(null, e)))
                .injectNull(0.3);
    }

    @Provide
    Arbitrary<List<LayerChoice>> layers() {
        Arbitrary<Owner> owner = Combinators.combine(uid(), uid()).as(Owner::new);
        Arbitrary<FileChoice> file = Combinators.combine(Arbitraries.of(true, false), relativePath(),
                identifier().list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.integers().between(0, 07777).injectNull(0.3), owner.injectNull(0.4),
                Arbitraries.of(true, false).injectNull(0.6)).as(FileChoice::new);
        Arbitrary<String> name = identifier().filter(n -> !n.startsWith("layer-")).injectNull(0.3);
        return Combinators.combine(name, file.list().ofMinSize(1).ofMaxSize(4)).as(LayerChoice::new)
                .list().ofMaxSize(4).uniqueElements(layer -> layer.name() == null ? new Object() : layer.name());
    }

    private static Arbitrary<Integer> uid() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).edgeCases(edges -> edges.includeOnly(0, 65534));
    }

    @Provide
    Arbitrary<String> garbage() {
        String example = BuildFileParserTest.CONTRACT_EXAMPLE;
        Arbitrary<String> yamlish = Arbitraries.strings().withChars(YAMLISH).ofMaxLength(6);
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.integers().between(0, example.length()),
                        Arbitraries.integers().between(0, 40), yamlish)
                .as((at, cut, insert) -> example.substring(0, at) + insert
                        + example.substring(Math.min(example.length(), at + cut)));
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars(YAMLISH).ofMaxLength(200),
                mutated);
    }
}
