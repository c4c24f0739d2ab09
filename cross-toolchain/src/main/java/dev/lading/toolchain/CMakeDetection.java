package dev.lading.toolchain;

import dev.lading.core.cache.CacheArtifact;
import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.cache.EntryArchive;
import dev.lading.core.io.TempFiles;
import dev.lading.core.model.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CMake's compiler detection of one platform, kept as a {@link CacheKind#CMAKE} entry: what CMake writes into
 * {@code CMakeFiles/<version>/CMake<LANG>Compiler.cmake} after identifying the compiler and its ABI, a third of a
 * second per language and platform that a fresh runner would otherwise spend again. Restored, the files are read by
 * the toolchain file with the compilers marked as forced, which CMake documents for compilers whose information is
 * given: it skips the identification and the ABI checks and writes the same files again.
 *
 * <p>The key holds everything the detection depends on: the compiler's identity, the platform, CMake's version and
 * generator, the toolchain file and the wrappers (the build's directories as placeholders), the configure command's
 * defines, the top-level {@code CMakeLists.txt} (flags it sets before {@code project()} reach the detection), and,
 * for clang, what the C and C++ drivers decide for this target ({@code -###}: the include and library directories,
 * start files and linker they take from this machine's GCC installation, which the identity alone does not fix).
 * zig takes all of that from its own installation, whose path the wrappers name.
 */
final class CMakeDetection {
    static final String SCHEME = "lading cmake detection 1";
    /** Beside the toolchain file, which includes it when it exists. */
    static final String FILE = "cmake-detected.cmake";
    /** The note in the build directory naming the entry its configure used or made, see {@link #keepCurrent}. */
    private static final String NOTE = "cmake-detection";
    private static final List<String> LANGUAGES = List.of("C", "CXX", "ASM");
    private static final String FORMAT = "executable-format";
    private static final Pattern CACHED_FORMAT = Pattern.compile("^CMAKE_EXECUTABLE_FORMAT:INTERNAL=(\\w+)$",
            Pattern.MULTILINE);
    /**
     * {@code set(NAME VALUE)} with one quoted, unquoted or bracket value (or none) on its line. Possessive: a value
     * thousands of characters long (zig's implicit directories) is one step of the matcher, not one frame a character.
     */
    private static final Pattern SET = Pattern.compile("\\s*set\\((CMAKE_\\w+)(?: (\"(?:[^\"\\\\]++|\\\\.)*+\""
            + "|\\[(=*)\\[.*?]\\3]|[^\\s()\"#\\\\$\\[]*))?\\s*\\)\\s*");
    /** The lines around the facts: comments and the conditions, loops and list edit CMake's template has. */
    private static final Pattern CONTROL = Pattern.compile("\\s*(?:#.*|(?:if|elseif|foreach) ?\\([\\w${} ]*\\)"
            + "|(?:else|endif|endforeach)\\(\\)|list\\(REMOVE_ITEM CMAKE_\\w+ \\$\\{\\w+}\\))?\\s*");
    /** The programs CMake finds beside the compiler, which it finds again when they are left out. */
    private static final Pattern PROGRAM = Pattern.compile("CMAKE_(?:AR|RANLIB|LINKER|MT|\\w+_COMPILER(?:_AR|_RANLIB"
            + "|_ARG1)?)");
    /** The facts a detection writes: the compiler's identity, ABI, features and implicit directories. */
    private static final Pattern FACT = Pattern.compile("CMAKE_(?:SIZEOF_VOID_P|INTERNAL_PLATFORM_ABI"
            + "|LIBRARY_ARCHITECTURE|CL_SHOWINCLUDES_PREFIX|COMPILER_IS_GNU\\w*|(?:C|CXX|ASM)\\d*_COMPILE_FEATURES"
            + "|(?:C|CXX|ASM)_(?:COMPILER_(?:ID|ID_RUN|ID_VENDOR_MATCH|VERSION|VERSION_INTERNAL|WRAPPER"
            + "|FRONTEND_VARIANT|ABI|LOADED|WORKS|ENV_VAR|ARCHITECTURE_ID)|STANDARD_COMPUTED_DEFAULT"
            + "|EXTENSIONS_COMPUTED_DEFAULT|PLATFORM_ID|SIMULATE_ID|SIMULATE_VERSION|ABI_COMPILED|BYTE_ORDER"
            + "|LIBRARY_ARCHITECTURE|SIZEOF_DATA_PTR|CL_SHOWINCLUDES_PREFIX|IMPLICIT_INCLUDE_DIRECTORIES"
            + "|IMPLICIT_LINK_LIBRARIES|IMPLICIT_LINK_DIRECTORIES|IMPLICIT_LINK_FRAMEWORK_DIRECTORIES"
            + "|SOURCE_FILE_EXTENSIONS|IGNORE_EXTENSIONS|LINKER_PREFERENCE|LINKER_PREFERENCE_PROPAGATES))");
    /** Facts CMake makes file names of ({@code Compiler/<ID>-C.cmake}): identifiers only, never a path. */
    private static final Pattern NAMING = Pattern.compile("CMAKE_\\w+_(?:COMPILER_ID|PLATFORM_ID|SIMULATE_ID"
            + "|COMPILER_FRONTEND_VARIANT|COMPILER_WRAPPER|COMPILER_ARCHITECTURE_ID)");
    /** The driver's temporary object of a {@code -###} compile and link, named anew on every run. */
    private static final Pattern TEMPORARY_OBJECT = Pattern.compile("[^\"\\s]*/null-[0-9a-f]+\\.o");

    private final CompileCache.Scope cache;
    private final CacheSession session;
    private final BuildDirectory directory;
    private final String key;

    private CMakeDetection(CompileCache.Scope cache, BuildDirectory directory, String key) {
        this.cache = cache;
        this.session = cache.session();
        this.directory = directory;
        this.key = key;
    }

    /**
     * The detection of a platform's configure, or empty when the build keeps no cache or the key cannot be made
     * (a driver that does not answer {@code -###}): CMake then detects as always.
     *
     * @param defines the configure command's, as the build file gives them
     */
    static Optional<CMakeDetection> of(PlatformSetup setup, Path cmake, String generator, Path sourceDirectory,
                                       Map<String, String> defines) {
        CompileCache.Scope cache = setup.cache();
        if (cache == null || !cache.session().isEnabled()) {
            return Optional.empty();
        }
        try {
            return key(setup, cache, cmake, generator, sourceDirectory, defines)
                    .map(key -> new CMakeDetection(cache, setup.directory(), key));
        } catch (IOException e) {
            cache.warn(e);
            return Optional.empty();
        }
    }

    /** The detection's key, see the class comment; empty when a driver does not answer {@code -###}. */
    private static Optional<String> key(PlatformSetup setup, CompileCache.Scope cache, Path cmake, String generator,
                                        Path sourceDirectory, Map<String, String> defines) throws IOException {
        CompileCache.Roots roots = cache.roots();
        Path binary = setup.directory().output();
        List<String> fields = new ArrayList<>(List.of(SCHEME, cache.compiler(), cache.platform().toString()));
        Commands.Outcome version = Commands.run(List.of(cmake.toString(), "--version"), binary, Map.of());
        if (!version.ok()) {
            return Optional.empty();
        }
        fields.add(version.output().lines().findFirst().orElse(""));
        fields.add(generator);
        for (Language language : Language.values()) {
            Path wrapper = setup.wrappers().driver(language);
            fields.add(CompileCache.wrapperText(roots, wrapper));
            if (setup.toolchain().kind() == ToolchainKind.ZIG) {
                continue; // its own libc and headers below its install path, which the wrapper names
            }
            Commands.Outcome decided = setup.runDirectly(List.of(wrapper.toString(), "-###", "-x",
                    language == Language.CXX ? "c++" : "c", "/dev/null", "-o", "lading-probe"), binary);
            if (!decided.ok()) {
                return Optional.empty();
            }
            fields.add(TEMPORARY_OBJECT.matcher(roots.abstracted(decided.output())).replaceAll("<temporary>.o"));
        }
        fields.add(roots.abstracted(Files.readString(setup.directory().tools().resolve("toolchain.cmake"))));
        defines.forEach((name, value) -> fields.add(roots.abstracted(name + "=" + value)));
        fields.add(Digest.sha256(Files.readAllBytes(sourceDirectory.resolve("CMakeLists.txt"))).hex());
        MessageDigest sha256 = Digest.newSha256();
        CompileCache.update(sha256, fields.toArray(String[]::new));
        return Optional.of(Digest.ofSha256(sha256.digest()).hex());
    }

    /** The line of the toolchain file that reads a restored detection, when there is one. */
    static String includeLine(Path tools) {
        return "include(" + CMakeToolchainFile.quote(tools.resolve(FILE)) + " OPTIONAL)\n";
    }

    /**
     * Before a fresh configure: writes the detection of an entry for the toolchain file to read, or removes an
     * earlier one so that CMake detects.
     *
     * @return whether a detection was restored
     */
    boolean restore() throws IOException {
        forget(directory);
        if (session.reads()) {
            for (CacheEntry entry : session.candidates(CacheKind.CMAKE, key)) {
                try {
                    Optional<Path> blob = session.blob(entry);
                    if (blob.isEmpty()) {
                        continue;
                    }
                    Map<String, byte[]> files = EntryArchive.read(blob.get(), CacheKind.CMAKE, key);
                    String text = restoredText(files);
                    BuildDirectory.writeIfChanged(directory.tools().resolve(FILE), text, false);
                    session.used(entry);
                    remember(entry);
                    return true;
                } catch (IOException e) {
                    cache.warn(e);
                }
            }
        }
        return false;
    }


    /** After a configure that failed with the restored detection: it is removed, and the build says so once. */
    void failed() throws IOException {
        forget(directory);
        cache.warn(new IOException("CMake did not configure with the compiler detection of entry " + key));
    }

    /** The file the toolchain file includes: each language's detection, its compiler marked as forced. */
    private String restoredText(Map<String, byte[]> files) throws IOException {
        byte[] format = files.get(FORMAT);
        if (format == null || !files.keySet().stream().allMatch(name -> name.equals(FORMAT)
                || LANGUAGES.contains(name)) || files.size() < 2) {
            throw new IOException("CMake detection entry " + key + " holds other files than a detection");
        }
        StringBuilder text = new StringBuilder("# lading: CMake's compiler detection of an earlier configure with this"
                + " toolchain, from the build cache. Generated.\n");
        String executableFormat = new String(format, StandardCharsets.UTF_8).strip();
        if (!executableFormat.matches("\\w+")) {
            throw new IOException("CMake detection entry " + key + " names no executable format");
        }
        text.append("set(CMAKE_EXECUTABLE_FORMAT \"").append(executableFormat)
                .append("\" CACHE INTERNAL \"Executable file format\")\n");
        for (String language : LANGUAGES) {
            byte[] detected = files.get(language);
            if (detected != null) {
                text.append(onlyFacts(cache.roots().concrete(new String(detected, StandardCharsets.UTF_8))))
                        .append('\n');
                text.append("set(CMAKE_").append(language).append("_COMPILER_FORCED TRUE)\n");
            }
        }
        return text.toString();
    }

    /**
     * The detection's facts alone, or an IOException when it says anything else. The file is CMake code that the
     * configure runs, and a cache is written by whoever may push to its ref: a line that could run a program (a
     * command other than {@code set}, {@code if}, {@code foreach} and the list edit CMake writes, a variable that
     * names a program, a rule, flags or a launcher, an identifier CMake takes for a module's file name) is refused,
     * and the programs CMake found (its {@code ar}, {@code ranlib}, linker) are left out for it to find again.
     */
    private String onlyFacts(String detected) throws IOException {
        StringBuilder facts = new StringBuilder();
        for (String line : detected.lines().toList()) {
            Matcher set = SET.matcher(line);
            if (set.matches() && PROGRAM.matcher(set.group(1)).matches()) {
                continue;
            }
            boolean fact = set.matches() ? FACT.matcher(set.group(1)).matches()
                    && (!NAMING.matcher(set.group(1)).matches()
                    || set.group(2) != null && set.group(2).matches("\"\\w*\""))
                    : CONTROL.matcher(line).matches();
            if (!fact) {
                throw new IOException("CMake detection entry " + key + " says more than a detection: " + line.strip());
            }
            facts.append(line).append('\n');
        }
        return facts.toString();
    }

    /** Whether {@link #onlyFacts} takes the detection. */
    private boolean says(String detected) {
        try {
            onlyFacts(detected);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** After a fresh configure that detected: keeps what CMake found, for the next runner; a failure is a warning. */
    void keep(Path binary) {
        try {
            keepDetected(binary);
        } catch (IOException e) {
            cache.warn(e);
        }
    }

    private void keepDetected(Path binary) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Path platformInfo;
        try (Stream<Path> versions = Files.list(binary.resolve("CMakeFiles"))) {
            platformInfo = versions.filter(dir -> Files.isRegularFile(dir.resolve("CMakeSystem.cmake"))).findFirst()
                    .orElse(null);
        }
        Matcher format = CACHED_FORMAT.matcher(Files.readString(binary.resolve("CMakeCache.txt")));
        if (platformInfo == null || !format.find()) {
            return;
        }
        for (String language : LANGUAGES) {
            Path detected = platformInfo.resolve("CMake" + language + "Compiler.cmake");
            if (Files.isRegularFile(detected)) {
                String text = Files.readString(detected);
                if (!says(text)) {
                    return; // a CMake that writes more than the facts known here: its detection would be refused
                }
                files.put(language, cache.roots().abstracted(text).getBytes(StandardCharsets.UTF_8));
            }
        }
        if (files.isEmpty()) {
            return;
        }
        files.put(FORMAT, format.group(1).getBytes(StandardCharsets.UTF_8));
        Optional<CacheEntry> made = session.put(CacheKind.CMAKE, key, cache.platform().toString(),
                CacheArtifact.ENTRY_TYPE, EntryArchive.ofBytes(CacheKind.CMAKE, key, files));
        if (made.isPresent()) {
            remember(made.get());
        }
    }

    /**
     * A configure that did not run again still stands on the detection its note names: the entry counts as used,
     * so that an export from a warm checkout holds it too. The note is trusted without making the key again, which
     * would cost the warm build its driver runs: the build directory's configure used or made that entry.
     */
    static void keepCurrent(PlatformSetup setup) {
        Path note = setup.directory().root().resolve(NOTE);
        if (setup.cache() == null || !Files.isRegularFile(note)) {
            return;
        }
        try {
            String[] fields = Files.readString(note).strip().split(" ");
            if (fields.length == 2) {
                CacheSession session = setup.cache().session();
                session.find(CacheKind.CMAKE, fields[0], fields[1]).ifPresent(session::used);
            }
        } catch (IOException e) {
            setup.cache().warn(e);
        }
    }

    /** Before a fresh configure without a detection: CMake detects, and no earlier one is read. */
    static void forget(BuildDirectory directory) throws IOException {
        Files.deleteIfExists(directory.tools().resolve(FILE));
        Files.deleteIfExists(directory.root().resolve(NOTE));
    }

    private void remember(CacheEntry entry) throws IOException {
        TempFiles.writeAtomically(directory.root().resolve(NOTE),
                (key + ' ' + entry.blob().digest() + '\n').getBytes(StandardCharsets.UTF_8));
    }
}
