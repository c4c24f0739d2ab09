package dev.lading.core.elf;

import dev.lading.core.InputException;
import dev.lading.core.elf.ImagePaths.Lookup;
import dev.lading.core.elf.ImagePaths.Outcome;
import dev.lading.core.layer.ImageFile;
import dev.lading.core.layer.ImageView;
import dev.lading.core.layer.LayerEntry;
import dev.lading.core.platform.Target;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Refuses an image whose executables and shared libraries would not load: each one's PT_INTERP loader must be a
 * file of the image, and each DT_NEEDED library must be found where Debian's glibc loader looks without an
 * ld.so.cache: the file's DT_RUNPATH, else its DT_RPATH and those of the objects that load it, then the
 * platform's multiarch and standard directories. An image assembled from packages has its libraries there, as
 * Debian's own do. A library loaded along several chains counts as found when any chain finds it, so the check
 * never refuses what loads; one that nothing in the image loads (a plugin) is checked with its own paths.
 */
public final class LoaderCheck {
    /** How many problems one message spells out; the rest are counted. */
    static final int SHOWN = 3;
    private static final Set<String> GLIBC = Set.of("libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2",
            "librt.so.1", "libresolv.so.2", "libutil.so.1", "libanl.so.1", "libmvec.so.1", "libnsl.so.1",
            "libthread_db.so.1", "libBrokenLocale.so.1", "libc_malloc_debug.so.0", "libnss_files.so.2",
            "libnss_dns.so.2", "libnss_compat.so.2");
    /** The loaders' file names on the platforms lading knows: ld-linux*.so.N, ld64.so.N. */
    private static final Pattern GLIBC_LOADER = Pattern.compile("ld-linux[-a-z0-9_]*\\.so\\.\\d+|ld64\\.so\\.\\d+");
    private static final Map<String, String> TOOLCHAIN_RUNTIME = Map.of("libstdc++.so.6", "libstdc++6",
            "libgcc_s.so.1", "libgcc-s1", "libatomic.so.1", "libatomic1", "libgomp.so.1", "libgomp1");

    private LoaderCheck() {
    }

    /**
     * Checks every executable and shared library of {@code view} that lading put there (not the base's own).
     * When the view is not {@link ImageView#complete()}, a missing loader or library may be in the base image and
     * is not an error; a symlink loop in the image always is.
     *
     * @param providers which Debian package ships a library, by file name (soname or loader name), when known
     * @throws InputException naming for the first few problems the file, what it needs and the package that has it
     */
    public static void verify(ImageView view, Target target, Function<String, Optional<String>> providers)
            throws IOException {
        List<String> problems = problems(view, target, providers);
        if (problems.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder(target.platform().toString()).append(": ")
                .append(String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size()))));
        if (problems.size() > SHOWN) {
            message.append("; and ").append(problems.size() - SHOWN).append(" more");
        }
        throw new InputException(message.toString());
    }

    /** Each problem as one clause naming the file, e.g. {@code /app/hello (from ...) needs the loader ...}. */
    public static List<String> problems(ImageView view, Target target, Function<String, Optional<String>> providers)
            throws IOException {
        ImagePaths paths = new ImagePaths(view.files());
        Map<String, ElfFile> loadable = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ImageFile> entry : view.files().entrySet()) {
            ImageFile file = entry.getValue();
            if (file.type() != LayerEntry.Type.FILE || file.fromBase()) {
                continue;
            }
            try {
                ElfReader.read(file.content()).filter(ElfFile::loadable)
                        .ifPresent(elf -> loadable.put(entry.getKey(), elf));
            } catch (MalformedElfException e) {
                problems.add(name(entry.getKey(), file) + " starts like an ELF file but is malformed: "
                        + e.getMessage());
            }
        }
        // The loader is in memory before any library, so a library naming it is satisfied by it, as glibc does.
        Set<String> loaders = new HashSet<>();
        loadable.values().forEach(elf -> {
            if (elf.interpreter() != null && paths.file(elf.interpreter()).outcome() == Outcome.FOUND) {
                loaders.add(fileName(elf.interpreter()));
            }
        });
        Search search = new Search(paths, view.complete(), target, providers, loaders, loadable);
        search.link();
        loadable.forEach((path, elf) -> search.check(path, view.files().get(path), elf, problems));
        return problems;
    }

    /**
     * What the executables and libraries lading put into the image ask the loader for: their DT_NEEDED names and
     * their PT_INTERP paths, in path order. Malformed files are left to {@link #problems}.
     */
    public static Set<String> needs(ImageView view) throws IOException {
        Set<String> needs = new LinkedHashSet<>();
        for (ImageFile file : view.files().values()) {
            if (file.type() != LayerEntry.Type.FILE || file.fromBase()) {
                continue;
            }
            try {
                ElfReader.read(file.content()).filter(ElfFile::loadable).ifPresent(elf -> {
                    if (elf.interpreter() != null) {
                        needs.add(elf.interpreter());
                    }
                    needs.addAll(elf.dynamic().needed());
                });
            } catch (MalformedElfException e) {
                continue;
            }
        }
        return needs;
    }

    /**
     * Where Debian's glibc loader looks by default, in order, when no cache tells it more: its "system search
     * path", as {@code ld.so --help} prints it on every platform. Debian builds glibc for multiarch, so unlike
     * upstream's 64-bit builds it never looks in /lib64 or /usr/lib64 (which hold only the loader's path).
     */
    public static List<String> defaultDirectories(Target target) {
        String triple = target.multiarch();
        return List.of("/lib/" + triple, "/usr/lib/" + triple, "/lib", "/usr/lib");
    }

    /**
     * The Debian package of the C and C++ runtime libraries every toolchain links against, and of the loader; a
     * provider hint for when nothing better is known.
     */
    public static Optional<String> runtimePackage(String fileName) {
        if (GLIBC.contains(fileName) || GLIBC_LOADER.matcher(fileName).matches()) {
            return Optional.of("libc6");
        }
        return Optional.ofNullable(TOOLCHAIN_RUNTIME.get(fileName));
    }

    /** One image's look-ups: which of its objects loads which, and what each cannot find. */
    private static final class Search {
        private final ImagePaths paths;
        private final boolean complete;
        private final Target target;
        private final Function<String, Optional<String>> providers;
        private final Set<String> loaders;
        private final Map<String, ElfFile> objects;
        /** By the path of a library, the objects found loading it: their DT_RPATH serves its needs too. */
        private final Map<String, Set<String>> loadedBy = new HashMap<>();
        /** The other way: by an object's path, the libraries it was found loading. */
        private final Map<String, Set<String>> loads = new HashMap<>();
        /** By a library's path, the DT_NEEDED names it was found under; the loader matches these, and sonames. */
        private final Map<String, Set<String>> names = new HashMap<>();

        Search(ImagePaths paths, boolean complete, Target target, Function<String, Optional<String>> providers,
               Set<String> loaders, Map<String, ElfFile> objects) {
            this.paths = paths;
            this.complete = complete;
            this.target = target;
            this.providers = providers;
            this.loaders = loaders;
            this.objects = objects;
        }

        /**
         * Finds who loads whom. A library found only through the DT_RPATH of whatever loads it can itself load
         * more, so this repeats until nothing new is found; each round adds links or ends it, and there are at
         * most as many links as DT_NEEDED entries.
         */
        void link() {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (Map.Entry<String, ElfFile> object : objects.entrySet()) {
                    List<String> directories = directories(object.getKey(), object.getValue().dynamic());
                    for (String needed : object.getValue().dynamic().needed()) {
                        Lookup found = find(object.getKey(), needed, directories);
                        String library = found.physical();
                        if (library != null && objects.containsKey(library)) {
                            changed |= loadedBy.computeIfAbsent(library, p -> new LinkedHashSet<>())
                                    .add(object.getKey());
                            loads.computeIfAbsent(object.getKey(), p -> new LinkedHashSet<>()).add(library);
                            names.computeIfAbsent(library, p -> new HashSet<>()).add(needed);
                        }
                    }
                }
            }
        }

        void check(String path, ImageFile file, ElfFile elf, List<String> problems) {
            String interpreter = elf.interpreter();
            if (interpreter != null) {
                Lookup loader = paths.file(interpreter);
                if (loader.outcome() == Outcome.LOOP) {
                    problems.add(name(path, file) + " needs the loader " + interpreter
                            + ", but that path is a symlink loop in the image" + hint(fileName(interpreter)));
                } else if (loader.outcome() == Outcome.MISSING && complete) {
                    problems.add(name(path, file) + " needs the loader " + interpreter
                            + " which the image does not have" + hint(fileName(interpreter)));
                }
            }
            List<String> directories = directories(path, elf.dynamic());
            for (String needed : elf.dynamic().needed()) {
                Lookup found = find(path, needed, directories);
                if (found.outcome() == Outcome.LOOP) {
                    problems.add(name(path, file) + " needs the library " + needed + ", but " + found.path()
                            + " is a symlink loop in the image" + hint(needed));
                } else if (found.outcome() == Outcome.MISSING && complete) {
                    String where = directories.stream().map(LoaderCheck::tidy).distinct()
                            .map(directory -> directory + ", ").collect(Collectors.joining());
                    problems.add(name(path, file) + " needs the library " + needed + " which the image does not"
                            + " have in " + where + "/usr/lib/" + target.multiarch() + " or the loader's other"
                            + " directories" + hint(needed));
                }
            }
        }

        /**
         * Looks {@code needed} up for the object at {@code requester}. A name with a slash is a path (relative
         * ones depend on the working directory and are not checked). A name no directory has may still be a
         * library already loaded, by the same program, under that name or soname: glibc takes that one.
         */
        private Lookup find(String requester, String needed, List<String> searchPath) {
            if (needed.contains("/")) {
                return needed.startsWith("/") ? paths.file(needed) : new Lookup(Outcome.FOUND, needed, null, null);
            }
            if (loaders.contains(needed)) {
                return new Lookup(Outcome.FOUND, needed, null, null);
            }
            List<String> directories = new ArrayList<>(searchPath);
            directories.addAll(defaultDirectories(target));
            Lookup loop = null;
            for (String directory : directories) {
                Lookup lookup = paths.file(directory + "/" + needed);
                if (lookup.outcome() == Outcome.FOUND) {
                    return lookup;
                }
                loop = loop == null && lookup.outcome() == Outcome.LOOP ? lookup : loop;
            }
            String loaded = loadedAlongside(requester, needed);
            if (loaded != null) {
                return new Lookup(Outcome.FOUND, needed, loaded, null);
            }
            return loop != null ? loop : Lookup.missing(needed);
        }

        /**
         * A library known as {@code needed} among everything loaded with {@code requester}: all that the objects
         * loading it, and they in turn, were found loading. Load order is not modelled, so this may accept a
         * library glibc would only load later; it never refuses one glibc finds.
         */
        private String loadedAlongside(String requester, String needed) {
            Set<String> roots = new HashSet<>();
            Deque<String> pending = new ArrayDeque<>(List.of(requester));
            while (!pending.isEmpty()) {
                String object = pending.poll();
                if (roots.add(object)) {
                    pending.addAll(loadedBy.getOrDefault(object, Set.of()));
                }
            }
            Set<String> seen = new HashSet<>();
            pending.addAll(roots);
            while (!pending.isEmpty()) {
                String object = pending.poll();
                if (seen.add(object)) {
                    if (!object.equals(requester) && (needed.equals(objects.get(object).dynamic().soname())
                            || names.getOrDefault(object, Set.of()).contains(needed))) {
                        return object;
                    }
                    pending.addAll(loads.getOrDefault(object, Set.of()));
                }
            }
            return null;
        }

        /**
         * Where the object's own DT_NEEDED are looked for before the default directories. DT_RUNPATH alone when
         * it has one; else its DT_RPATH, then the DT_RPATH of each object that loads it, up to the program, as
         * glibc walks the chain of loaders (an object with a DT_RUNPATH contributes no DT_RPATH).
         */
        private List<String> directories(String path, ElfFile.Dynamic dynamic) {
            if (dynamic.runpath() != null) {
                return expand(path, dynamic.runpath());
            }
            List<String> directories = new ArrayList<>(dynamic.rpath() == null ? List.of()
                    : expand(path, dynamic.rpath()));
            Set<String> seen = new HashSet<>(Set.of(path));
            Deque<String> pending = new ArrayDeque<>(loadedBy.getOrDefault(path, Set.of()));
            while (!pending.isEmpty()) {
                String loader = pending.poll();
                if (seen.add(loader)) {
                    ElfFile.Dynamic loaderDynamic = objects.get(loader).dynamic();
                    if (loaderDynamic.runpath() == null && loaderDynamic.rpath() != null) {
                        directories.addAll(expand(loader, loaderDynamic.rpath()));
                    }
                    pending.addAll(loadedBy.getOrDefault(loader, Set.of()));
                }
            }
            return directories;
        }

        /**
         * A search path list with $ORIGIN (the directory of the object at {@code path}) and $LIB (Debian's
         * {@code lib/TRIPLE}) expanded. Relative entries depend on the working directory, and $PLATFORM on the
         * CPU, so those are left out.
         */
        private List<String> expand(String path, String list) {
            String origin = path.substring(0, path.lastIndexOf('/'));
            String lib = "lib/" + target.multiarch();
            List<String> directories = new ArrayList<>();
            for (String entry : list.split(":")) {
                String expanded = entry.replace("${ORIGIN}", origin).replace("$ORIGIN", origin)
                        .replace("${LIB}", lib).replace("$LIB", lib);
                if (expanded.startsWith("/") && !expanded.contains("$")) {
                    directories.add(expanded.length() > 1 && expanded.endsWith("/")
                            ? expanded.substring(0, expanded.length() - 1) : expanded);
                }
            }
            return directories;
        }

        private String hint(String fileName) {
            return providers.apply(fileName).map(name -> " (package " + name + ")").orElse("");
        }
    }

    private static String name(String path, ImageFile file) {
        return path + " (from " + file.origin() + ")";
    }

    /** {@code /app/bin/../lib} as {@code /app/lib}, for messages only: looking up follows symlinks first. */
    private static String tidy(String directory) {
        Deque<String> names = new ArrayDeque<>();
        for (String name : directory.split("/")) {
            if (name.equals("..")) {
                names.pollLast();
            } else if (!name.isEmpty() && !name.equals(".")) {
                names.addLast(name);
            }
        }
        return "/" + String.join("/", names);
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
