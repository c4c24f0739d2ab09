package dev.lading.core.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.io.Content;
import dev.lading.core.model.Platform;
import dev.lading.core.platform.Target;
import dev.lading.core.platform.Targets;
import dev.lading.core.testing.Clang;
import dev.lading.core.testing.CrossTools;
import dev.lading.core.testing.RequiresToolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dynamic section of real files, compared with what binutils' readelf reads from the same files. */
class DynamicReadelfTest {
    private static final Pattern ENTRY = Pattern.compile("\\((NEEDED|SONAME|RUNPATH|RPATH)\\)\\s+[^\\[]*\\[(.*)]$");
    private static final String LIBRARY = "int twice(int x) { return 2 * x; }\n";
    private static final String PROGRAM = "int twice(int);\nint main(void) { return twice(21) - 42; }\n";

    @TempDir
    Path dir;

    /** What readelf -d says of each file; a file it finds no dynamic section in has {@link ElfFile.Dynamic#NONE}. */
    private static Map<Path, ElfFile.Dynamic> readelf(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("readelf", "-d", "-W"));
        files.forEach(file -> command.add(file.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Map<Path, Map<String, List<String>>> tags = new LinkedHashMap<>();
        Path current = files.size() == 1 ? files.get(0) : null;
        for (String line : output.split("\n")) {
            if (line.startsWith("File: ")) {
                current = Path.of(line.substring("File: ".length()));
                continue;
            }
            Matcher matcher = ENTRY.matcher(line.strip());
            if (current != null && matcher.find()) {
                tags.computeIfAbsent(current, f -> new HashMap<>())
                        .computeIfAbsent(matcher.group(1), t -> new ArrayList<>()).add(matcher.group(2));
            }
        }
        Map<Path, ElfFile.Dynamic> dynamic = new LinkedHashMap<>();
        for (Path file : files) {
            Map<String, List<String>> byTag = tags.getOrDefault(file, Map.of());
            dynamic.put(file, byTag.isEmpty() ? ElfFile.Dynamic.NONE : new ElfFile.Dynamic(
                    byTag.getOrDefault("NEEDED", List.of()), first(byTag, "SONAME"), first(byTag, "RUNPATH"),
                    first(byTag, "RPATH")));
        }
        return dynamic;
    }

    private static String first(Map<String, List<String>> byTag, String tag) {
        List<String> values = byTag.get(tag);
        return values == null ? null : values.get(0);
    }

    /** Compares every ELF file among {@code files}; returns how many there were. */
    private static int compare(List<Path> files) throws IOException, InterruptedException {
        Map<Path, ElfFile> elves = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                Optional<ElfFile> elf = ElfReader.read(Content.ofFile(file, Files.size(file)));
                elf.ifPresent(e -> elves.put(file, e));
            } catch (MalformedElfException e) {
                throw new AssertionError(file + ": " + e.getMessage(), e);
            }
        }
        Map<Path, ElfFile.Dynamic> expected = readelf(List.copyOf(elves.keySet()));
        elves.forEach((file, elf) -> assertEquals(expected.get(file), elf.dynamic(), file.toString()));
        return elves.size();
    }

    private static List<Path> regularFiles(Path directory, String glob) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(f -> f.getFileSystem().getPathMatcher("glob:" + glob).matches(f.getFileName()))
                    .filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted()
                    .forEach(files::add);
        }
        return files;
    }

    @Test
    void theHostsLibrariesAndProgramsReadAsReadelfReadsThem() throws Exception {
        int libraries = compare(regularFiles(Path.of("/usr/lib/x86_64-linux-gnu"), "*.so*"));
        int programs = compare(regularFiles(Path.of("/usr/bin"), "*"));
        assertTrue(libraries > 50 && programs > 50, libraries + " libraries, " + programs + " programs");
    }

    @RequiresToolchain
    @Test
    void theCrossSysrootsLibrariesReadAsReadelfReadsThemInEveryClassAndByteOrder() throws Exception {
        for (Target target : Targets.ALL) {
            if (target.platform().equals(Platform.parse("linux/amd64"))) {
                continue; // the host's own libraries are its sysroot, compared above
            }
            Path lib = CrossTools.libraries(target);
            int count = compare(regularFiles(lib, "*.so*"));
            assertTrue(count >= 5, count + " libraries in " + lib);
        }
    }

    @RequiresToolchain
    @Test
    void whatClangAndEachLinkerWriteReadsAsReadelfReadsIt() throws Exception {
        for (Target target : Targets.ALL) {
            String arch = target.multiarch();
            Path lib = dir.resolve(arch + "/lib");
            Files.createDirectories(lib);
            Path library = Clang.compile(target, LIBRARY, lib.resolve("libtwice.so.1"), "-shared", "-fPIC",
                    "-Wl,-soname,libtwice.so.1");
            Files.createSymbolicLink(lib.resolve("libtwice.so"), library.getFileName());
            Path bin = Files.createDirectories(dir.resolve(arch + "/bin"));
            Path runpath = Clang.compile(target, PROGRAM, bin.resolve("runpath"), "-L" + lib, "-ltwice",
                    "-Wl,--enable-new-dtags", "-Wl,-rpath,$ORIGIN/../lib:/opt/x/lib");
            Path rpath = Clang.compile(target, PROGRAM, bin.resolve("rpath"), "-L" + lib, "-ltwice",
                    "-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/../lib");
            assertEquals(3, compare(List.of(library, runpath, rpath)));

            ElfFile.Dynamic withRunpath = read(runpath);
            assertTrue(withRunpath.needed().contains("libtwice.so.1") && withRunpath.needed().contains("libc.so.6"),
                    withRunpath.toString());
            assertEquals("$ORIGIN/../lib:/opt/x/lib", withRunpath.runpath());
            assertEquals("$ORIGIN/../lib", read(rpath).rpath());
            assertEquals("libtwice.so.1", read(library).soname());
        }
    }

    private static ElfFile.Dynamic read(Path file) throws IOException, MalformedElfException {
        return ElfReader.read(Content.ofFile(file, Files.size(file))).orElseThrow().dynamic();
    }
}
