package dev.lading.toolchain;

import dev.lading.core.cache.CacheArtifact;
import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheListener;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.cache.EntryArchive;
import dev.lading.core.io.TempFiles;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compile cache of one build: serves a compiler run from a {@link CacheKind#COMPILE} entry when one was made
 * by the same compiler, for the same platform, with the same wrapper and arguments, from the same source and from
 * headers that are all the same now; otherwise runs the compiler and keeps what it made. Paths of the build's own
 * directories never reach a key or an entry (they are kept as placeholders), so a build in another checkout, in
 * another cache directory or on another machine finds the entries. The cache is never a reason to fail: whatever
 * goes wrong with it means the compiler runs, and the build says so once. Safe to use from every compile thread.
 */
final class CompileCache {
    /** Bumped when what a key covers or what an entry holds changes. */
    static final String SCHEME = "lading compile 1";
    private static final String INPUTS = "inputs";
    private static final String OBJECT = "object";
    private static final String DEPFILE = "depfile";
    private static final String OUTPUT = "output";
    /** The suffix of the note beside an object that names its entry, see {@link Scope#keepCurrent}. */
    private static final String MARKER = ".cache-entry";

    /** Options whose value is the next argument, so that it is not taken for the source. */
    private static final Set<String> VALUE_OPTIONS = Set.of("-o", "-MF", "-MT", "-MQ", "-I", "-D", "-U", "-include",
            "-imacros", "-isystem", "-idirafter", "-iquote", "-isysroot", "-iprefix", "-iwithprefix",
            "-iwithprefixbefore", "-x", "-target", "-Xclang", "-Xpreprocessor", "-Xassembler", "-Xlinker", "-L",
            "-l", "-arch", "-mllvm", "-z", "-u", "-T", "-G", "--sysroot", "-aux-info");
    /**
     * Arguments of runs that make no object, make more files than the object and the depfile, or read files the
     * depfile does not name (profiles, plugins, response files): these always run.
     */
    private static final Pattern UNCACHEABLE = Pattern.compile("-E|-S|-M|-MM|-MJ|-###|-v|-|@.*|-save-temps.*"
            + "|-gsplit-dwarf.*|--coverage|-ftest-coverage|-fprofile-arcs|-ftime-trace.*|-fdump-.*|-fstack-usage"
            + "|-fcallgraph-info.*|-fsave-optimization-record.*|-fprofile-(?:instr-|sample-)?use.*|-fplugin.*"
            + "|-fpass-plugin.*|-specs.*|-fmodules.*|-include-pch|-fsanitize-(?:black|ignore)list.*");
    private static final Pattern SOURCE = Pattern.compile(".*\\.(?:c|cc|cp|cpp|cxx|c\\+\\+|C|CPP|m|mm|i|ii|s|S|sx)");

    private final CacheSession session;
    private final String compiler;
    private final CacheListener listener;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final FileHashes hashes = new FileHashes();
    private final List<Scope> scopes = new CopyOnWriteArrayList<>();

    /** @param compiler the compiler's path-free identity, see {@link CompilerIdentity} */
    CompileCache(CacheSession session, String compiler, CacheListener listener) {
        this.session = session;
        this.compiler = compiler;
        this.listener = listener;
    }

    /** The compiler's identity, as the keys have it. */
    String compiler() {
        return compiler;
    }

    /** A cache that always runs the compiler. */
    static CompileCache disabled() {
        return new CompileCache(CacheSession.disabled(), "", CacheListener.NONE);
    }

    boolean isEnabled() {
        return session.isEnabled();
    }

    /** Runs a command: the compiler through a wrapper, in a directory. */
    @FunctionalInterface
    interface Runner {
        Commands.Outcome run(List<String> command, Path directory) throws IOException;
    }

    /**
     * The directories whose paths a platform's compiles name, each stored as its placeholder: the source
     * directory, the platform's build directory, the package sysroot, the compiler's own cache.
     */
    static final class Roots {
        private final Map<String, Path> byPlaceholder;
        /** Each root's path as a whole path, longest first, so that a root inside another is replaced first. */
        private final List<Map.Entry<Pattern, String>> patterns = new ArrayList<>();

        /** Each root is also known by its physical path, which a client's {@code pwd -P} and the compiler see. */
        Roots(Map<String, Path> byPlaceholder) {
            this.byPlaceholder = Map.copyOf(byPlaceholder);
            List<Map.Entry<String, String>> names = new ArrayList<>();
            byPlaceholder.forEach((placeholder, path) -> {
                names.add(Map.entry(path.toString(), placeholder));
                physical(path).filter(real -> !real.equals(path))
                        .ifPresent(real -> names.add(Map.entry(real.toString(), placeholder)));
            });
            names.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
            names.forEach(name -> patterns.add(Map.entry(Pattern.compile(Pattern.quote(name.getKey())
                    + "(?![\\w.+-])"), Matcher.quoteReplacement(name.getValue()))));
        }

        private static Optional<Path> physical(Path path) {
            try {
                return Optional.of(path.toRealPath());
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        static Roots of(Path source, Path build, Optional<Path> packages, Optional<Path> compilerCache) {
            Map<String, Path> roots = new LinkedHashMap<>();
            roots.put("<lading:source>", source);
            roots.put("<lading:build>", build);
            packages.ifPresent(path -> roots.put("<lading:packages>", path));
            compilerCache.ifPresent(path -> roots.put("<lading:compiler-cache>", path));
            return new Roots(roots);
        }

        /** The text with each root's path (as a whole path, not a longer name it begins) as its placeholder. */
        String abstracted(String text) {
            String result = text;
            for (Map.Entry<Pattern, String> root : patterns) {
                result = root.getKey().matcher(result).replaceAll(root.getValue());
            }
            return result;
        }

        /** The text with the placeholders as this build's paths. */
        String concrete(String text) {
            String result = text;
            for (Map.Entry<String, Path> root : byPlaceholder.entrySet()) {
                result = result.replace(root.getKey(), root.getValue().toString());
            }
            return result;
        }
    }

    /** A compiler run the cache can serve: one source, compiled ({@code -c}) to an object, with a depfile. */
    record Invocation(Path source, Path object, Path depfile) {
        /** @param arguments the arguments after the compiler; relative paths are resolved against the directory */
        static Optional<Invocation> of(List<String> arguments, Path directory) {
            boolean compileOnly = false;
            boolean depfileWanted = false;
            String object = null;
            String depfile = null;
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < arguments.size(); i++) {
                String argument = arguments.get(i);
                if (UNCACHEABLE.matcher(argument).matches()) {
                    return Optional.empty();
                }
                switch (argument) {
                    case "-c" -> compileOnly = true;
                    case "-MD", "-MMD" -> depfileWanted = true;
                    case "-o" -> object = i + 1 < arguments.size() ? arguments.get(++i) : null;
                    case "-MF" -> depfile = i + 1 < arguments.size() ? arguments.get(++i) : null;
                    default -> {
                        if (VALUE_OPTIONS.contains(argument)) {
                            i++;
                        } else if (argument.startsWith("-MF")) {
                            depfile = argument.substring(3);
                        } else if (!argument.startsWith("-")) {
                            positional.add(argument);
                        }
                    }
                }
            }
            if (!compileOnly || !depfileWanted || object == null || depfile == null || positional.size() != 1
                    || !SOURCE.matcher(positional.get(0)).matches()) {
                return Optional.empty();
            }
            return Optional.of(new Invocation(directory.resolve(positional.get(0)).normalize(),
                    directory.resolve(object).normalize(), directory.resolve(depfile).normalize()));
        }
    }

    /** The compiles of one platform, with their counts. */
    final class Scope {
        private final Platform platform;
        private final Roots roots;
        private final AtomicInteger hits = new AtomicInteger();
        private final AtomicInteger misses = new AtomicInteger();
        /** Each wrapper's text as keys have it, read once: the wrappers do not change while the build runs. */
        private final Map<String, String> wrapperTexts = new java.util.concurrent.ConcurrentHashMap<>();

        private Scope(Platform platform, Roots roots) {
            this.platform = platform;
            this.roots = roots;
        }

        Platform platform() {
            return platform;
        }

        Roots roots() {
            return roots;
        }

        /** The build's cache session, which the platform's other entries (CMake's detection) use too. */
        CacheSession session() {
            return session;
        }

        String compiler() {
            return compiler;
        }

        /** Tells the listener of a cache problem, the first of the build only. */
        void warn(IOException e) {
            CompileCache.this.warn(e);
        }

        int hits() {
            return hits.get();
        }

        int misses() {
            return misses.get();
        }

        /** The wrapper's text as keys have it, or null when it cannot be read. */
        private String wrapperText(String wrapper) {
            try {
                return CompileCache.wrapperText(roots, Path.of(wrapper));
            } catch (IOException e) {
                return null;
            }
        }

        /**
         * Runs a compile command, or restores what it made from the cache.
         *
         * @param command the wrapper of this platform's compiler, then its arguments
         * @return the compiler's outcome; a hit is the outcome of the run that made the entry
         */
        Commands.Outcome compile(List<String> command, Path directory, Runner runner) throws IOException {
            Optional<Invocation> invocation = session.isEnabled()
                    ? Invocation.of(command.subList(1, command.size()), directory) : Optional.empty();
            if (invocation.isEmpty()) {
                return runner.run(command, directory);
            }
            String key = null;
            Optional<Commands.Outcome> hit = Optional.empty();
            try {
                Optional<String> source = hashes.hash(invocation.get().source());
                if (source.isPresent()) {
                    String wrapper = wrapperTexts.computeIfAbsent(command.get(0), this::wrapperText);
                    if (wrapper == null) {
                        throw new IOException("cannot read the wrapper " + command.get(0));
                    }
                    key = key(compiler, platform, roots, wrapper, command, directory, source.get());
                    hit = lookUp(key, invocation.get());
                }
            } catch (IOException e) {
                warn(e);
                key = null;
            }
            if (hit.isPresent()) {
                hits.incrementAndGet();
                return hit.get();
            }
            Commands.Outcome outcome = runner.run(command, directory);
            if (outcome.ok()) {
                misses.incrementAndGet();
                if (key != null) {
                    try {
                        store(key, invocation.get(), directory, outcome);
                    } catch (IOException e) {
                        warn(e);
                    }
                }
            }
            return outcome;
        }

        private Optional<Commands.Outcome> lookUp(String key, Invocation invocation) throws IOException {
            for (CacheEntry entry : session.candidates(CacheKind.COMPILE, key)) {
                try {
                    Optional<Path> blob = session.blob(entry);
                    if (blob.isEmpty()) {
                        continue;
                    }
                    Map<String, byte[]> files = EntryArchive.read(blob.get(), CacheKind.COMPILE, key);
                    if (!files.keySet().containsAll(List.of(INPUTS, OBJECT, DEPFILE))) {
                        throw new IOException("compile cache entry " + entry.blob().digest() + " lacks a file");
                    }
                    if (!inputsAreCurrent(text(files.get(INPUTS)))) {
                        continue;
                    }
                    Files.createDirectories(invocation.object().toAbsolutePath().getParent());
                    Files.createDirectories(invocation.depfile().toAbsolutePath().getParent());
                    TempFiles.writeAtomically(invocation.object(), files.get(OBJECT));
                    TempFiles.writeAtomically(invocation.depfile(),
                            roots.concrete(text(files.get(DEPFILE))).getBytes(StandardCharsets.UTF_8));
                    session.used(entry);
                    remember(invocation.object(), entry);
                    byte[] output = files.get(OUTPUT);
                    return Optional.of(new Commands.Outcome(0, output == null ? "" : roots.concrete(text(output))));
                } catch (IOException e) {
                    // a damaged entry is one that is not there; others of the key may still serve
                    warn(e);
                }
            }
            return Optional.empty();
        }

        private boolean inputsAreCurrent(String inputs) throws IOException {
            for (String line : inputs.lines().toList()) {
                int space = line.indexOf(' ');
                if (space <= 0) {
                    throw new IOException("compile cache entry has a malformed input line: " + line);
                }
                Optional<String> now = hashes.hash(Path.of(roots.concrete(line.substring(space + 1))));
                if (now.isEmpty() || !now.get().equals(line.substring(0, space))) {
                    return false;
                }
            }
            return true;
        }

        private void store(String key, Invocation invocation, Path directory, Commands.Outcome outcome)
                throws IOException {
            String depfile = Files.readString(invocation.depfile());
            StringBuilder inputs = new StringBuilder();
            for (Path file : DepFile.prerequisites(depfile, directory)) {
                Optional<String> hash = hashes.hash(file);
                if (hash.isEmpty()) {
                    return; // a file that went away while compiling: nothing to key a later hit by
                }
                inputs.append(hash.get()).append(' ').append(roots.abstracted(file.toString())).append('\n');
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(INPUTS, bytes(inputs.toString()));
            files.put(OBJECT, Files.readAllBytes(invocation.object()));
            files.put(DEPFILE, bytes(roots.abstracted(depfile)));
            files.put(OUTPUT, bytes(roots.abstracted(outcome.output())));
            Optional<CacheEntry> made = session.put(CacheKind.COMPILE, key, platform.toString(),
                    CacheArtifact.ENTRY_TYPE, EntryArchive.ofBytes(CacheKind.COMPILE, key, files));
            if (made.isPresent()) {
                remember(invocation.object(), made.get());
            }
        }

        /**
         * Notes beside the object which entry it is, with the object's size and time as written: a later build
         * whose generator finds the object current (Ninja, or the step records) never asks the cache, and still
         * has to count the entry as used, or a {@code --cache-to} of a warm checkout would export nothing.
         */
        private void remember(Path object, CacheEntry entry) {
            try {
                Optional<StepRecord.Stamp> stamp = StepRecord.Stamp.of(object);
                if (stamp.isPresent()) {
                    TempFiles.writeAtomically(marker(object), bytes(entry.key() + ' ' + entry.blob().digest() + ' '
                            + stamp.get().size() + ' ' + stamp.get().modifiedNanos() + '\n'));
                }
            } catch (IOException e) {
                warn(e);
            }
        }

        /**
         * Counts as used the entries of the objects below {@code directory} that are still as a hit or a miss of
         * an earlier build wrote them; markers of objects changed since (or whose entry the cache no longer has)
         * are passed over.
         */
        void keepCurrent(Path directory) {
            if (!session.isEnabled() || !Files.isDirectory(directory)) {
                return;
            }
            try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
                for (Path marker : files.filter(file -> file.getFileName().toString().endsWith(MARKER)).toList()) {
                    String[] fields = Files.readString(marker).strip().split(" ");
                    String name = marker.getFileName().toString();
                    Path object = marker.resolveSibling(name.substring(0, name.length() - MARKER.length()));
                    Optional<StepRecord.Stamp> now = StepRecord.Stamp.of(object);
                    if (fields.length != 4 || now.isEmpty() || now.get().size() != Long.parseLong(fields[2])
                            || now.get().modifiedNanos() != Long.parseLong(fields[3])) {
                        continue;
                    }
                    session.find(CacheKind.COMPILE, fields[0], fields[1]).ifPresent(session::used);
                }
            } catch (IOException | RuntimeException e) {
                warn(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
            }
        }
    }

    /** The compiles of a platform; each platform's counts are reported once the build is done. */
    Scope scope(Platform platform, Roots roots) {
        Scope scope = new Scope(platform, roots);
        scopes.add(scope);
        return scope;
    }

    private static Path marker(Path object) {
        return object.resolveSibling(object.getFileName() + MARKER);
    }

    /** Tells the listener each platform's hits and misses, for the platforms that compiled anything. */
    void report() {
        for (Scope scope : scopes) {
            if (scope.hits() + scope.misses() > 0) {
                listener.compileCache(scope.platform(), scope.hits(), scope.misses());
            }
        }
    }

    /**
     * The key of a compile: SHA-256 over the scheme, the compiler's identity, the platform, the wrapper's text and
     * the arguments and working directory with the roots as placeholders, and the source's content.
     *
     * @param command      the wrapper, then the arguments
     * @param sourceSha256 the SHA-256 of the source, in hex
     */
    static String key(String compiler, Platform platform, Roots roots, List<String> command, Path directory,
                      String sourceSha256) throws IOException {
        return key(compiler, platform, roots, wrapperText(roots, Path.of(command.get(0))), command, directory,
                sourceSha256);
    }

    /** A wrapper's text as the keys have it: with the roots as placeholders, the same in every checkout. */
    static String wrapperText(Roots roots, Path wrapper) throws IOException {
        return roots.abstracted(Files.readString(wrapper));
    }

    /** @param wrapperText the wrapper's text with the roots as placeholders */
    private static String key(String compiler, Platform platform, Roots roots, String wrapperText,
                              List<String> command, Path directory, String sourceSha256) {
        MessageDigest sha256 = Digest.newSha256();
        update(sha256, SCHEME, compiler, platform.toString(), wrapperText, String.valueOf(command.size()));
        for (String argument : command) {
            update(sha256, roots.abstracted(argument));
        }
        update(sha256, roots.abstracted(directory.toString()), sourceSha256);
        return Digest.ofSha256(sha256.digest()).hex();
    }

    /** Adds fields to a key, each length-prefixed, so that no two different field lists hash alike. */
    static void update(MessageDigest sha256, String... fields) {
        for (String field : fields) {
            byte[] bytes = bytes(field);
            // length-prefixed, so that no two different field lists hash alike
            sha256.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) ':');
            sha256.update(bytes);
        }
    }

    /** Tells the listener, the first time only: one line per build. */
    void warn(IOException e) {
        if (warned.compareAndSet(false, true)) {
            listener.cacheWarning("compile cache: " + e.getMessage() + "; compiling instead");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
