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
import java.util.HashSet;
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
 * ld.so.cache: the file's DT_RUNPATH (else DT_RPATH), then the platform's multiarch and standard directories. An
 * image assembled from packages has its libraries there, as Debian's own do. Each file is checked with its own search
 * path; a library that only loads through the RPATH of whatever loads it is reported.
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
        Search search = new Search(paths, view.complete(), target, providers, loaders);
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
     * The Debian multiarch directory name of the platform: the GNU triple, except for 386, whose Debian name
     * stays {@code i386-linux-gnu} whatever CPU the compiler targets.
     */
    public static String multiarch(Target target) {
        return target.debianArch().equals("i386") ? "i386-linux-gnu" : target.gnuTriple();
    }

    /**
     * Where Debian's glibc loader looks by default, in order, when no cache tells it more: its "system search
     * path", as {@code ld.so --help} prints it on every platform. Debian builds glibc for multiarch, so unlike
     * upstream's 64-bit builds it never looks in /lib64 or /usr/lib64 (which hold only the loader's path).
     */
    public static List<String> defaultDirectories(Target target) {
        String triple = multiarch(target);
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

    /** One image's look-ups; collects what fails. */
    private record Search(ImagePaths paths, boolean complete, Target target,
                          Function<String, Optional<String>> providers, Set<String> loaders) {

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
            List<String> runpath = searchPath(path, elf.dynamic());
            for (String needed : elf.dynamic().needed()) {
                Lookup found = find(needed, runpath);
                if (found.outcome() == Outcome.LOOP) {
                    problems.add(name(path, file) + " needs the library " + needed + ", but " + found.path()
                            + " is a symlink loop in the image" + hint(needed));
                } else if (found.outcome() == Outcome.MISSING && complete) {
                    String where = runpath.stream().map(LoaderCheck::tidy).distinct()
                            .map(directory -> directory + ", ").collect(Collectors.joining());
                    problems.add(name(path, file) + " needs the library " + needed + " which the image does not"
                            + " have in " + where + "/usr/lib/" + multiarch(target) + " or the loader's other"
                            + " directories" + hint(needed));
                }
            }
        }

        /** A name with a slash is a path (relative ones depend on the working directory and are not checked). */
        private Lookup find(String needed, List<String> runpath) {
            if (needed.contains("/")) {
                return needed.startsWith("/") ? paths.file(needed) : new Lookup(Outcome.FOUND, needed, null);
            }
            if (loaders.contains(needed)) {
                return new Lookup(Outcome.FOUND, needed, null);
            }
            List<String> directories = new ArrayList<>(runpath);
            directories.addAll(defaultDirectories(target));
            Lookup loop = null;
            for (String directory : directories) {
                Lookup lookup = paths.file(directory + "/" + needed);
                if (lookup.outcome() == Outcome.FOUND) {
                    return lookup;
                }
                loop = loop == null && lookup.outcome() == Outcome.LOOP ? lookup : loop;
            }
            return loop != null ? loop : new Lookup(Outcome.MISSING, needed, null);
        }

        /**
         * DT_RUNPATH, or DT_RPATH when there is none, with $ORIGIN (the file's directory) and $LIB (Debian's
         * {@code lib/TRIPLE}) expanded. Relative entries depend on the working directory, and $PLATFORM on the
         * CPU, so those are left out.
         */
        private List<String> searchPath(String path, ElfFile.Dynamic dynamic) {
            String list = dynamic.runpath() != null ? dynamic.runpath() : dynamic.rpath();
            if (list == null) {
                return List.of();
            }
            String origin = path.substring(0, path.lastIndexOf('/'));
            List<String> directories = new ArrayList<>();
            for (String entry : list.split(":")) {
                String expanded = entry.replace("${ORIGIN}", origin).replace("$ORIGIN", origin)
                        .replace("${LIB}", "lib/" + multiarch(target)).replace("$LIB", "lib/" + multiarch(target));
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
