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
                text.append(cache.roots().concrete(new String(detected, StandardCharsets.UTF_8))).append('\n');
                text.append("set(CMAKE_").append(language).append("_COMPILER_FORCED TRUE)\n");
            }
        }
        return text.toString();
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
                files.put(language, cache.roots().abstracted(Files.readString(detected))
                        .getBytes(StandardCharsets.UTF_8));
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
