package dev.lading.toolchain;

import dev.lading.core.InputException;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * clang with the Debian cross sysroots ({@code /usr/<triple>}, {@code /usr/lib/gcc-cross/<triple>}), which clang
 * finds by itself; {@code sysroot} replaces them when set. Executables are linked statically against glibc.
 * A platform with a sysroot of Debian packages builds against that instead, as its {@code --sysroot}: clang finds
 * the packages' libc, gcc's {@code usr/lib/gcc/<triple>/<N>} and libstdc++ there by itself. Its executables are
 * linked dynamically, as the packages' libraries expect; the image brings the loader and the libraries.
 *
 * @param llvmAr     llvm-ar, or null when the host has none
 * @param llvmRanlib llvm-ranlib, or null when the host has none
 * @param sysroot    the {@code --sysroot}, or null for the Debian layout
 * @param packages   the platforms' sysroots of Debian packages, which take the place of {@code sysroot}
 */
record ClangToolchain(Path clang, Path clangxx, String version, Path llvmAr, Path llvmRanlib, Path sysroot,
                      ClangLinkers linkers, Map<Platform, PackageSysroot> packages) implements Toolchain {
    ClangToolchain {
        packages = Map.copyOf(packages);
    }

    ClangToolchain(Path clang, Path clangxx, String version, Path llvmAr, Path llvmRanlib, Path sysroot,
                   ClangLinkers linkers) {
        this(clang, clangxx, version, llvmAr, llvmRanlib, sysroot, linkers, Map.of());
    }

    @Override
    public ToolchainKind kind() {
        return ToolchainKind.CLANG;
    }

    @Override
    public String description(ToolchainTarget target) {
        List<String> words = new ArrayList<>(List.of(name()));
        words.addAll(targetFlags(target));
        List<String> linker = linkers.flags(target).orElse(List.of());
        words.addAll(linker.isEmpty() ? List.of("(GNU ld)") : linker);
        return String.join(" ", words);
    }

    @Override
    public String triple(ToolchainTarget target) {
        return target.clangTarget();
    }

    @Override
    public String identity() {
        return String.join(" ", "clang", clang.toString(), clangxx.toString(), version, String.valueOf(llvmAr),
                String.valueOf(linkers.lld()), String.valueOf(linkers.lldMajor()), String.valueOf(linkers.newerLld()));
    }

    @Override
    public List<Path> programs() {
        return List.of(clang, clangxx);
    }

    @Override
    public List<String> driver(Language language) {
        return List.of((language == Language.CXX ? clangxx : clang).toString());
    }

    @Override
    public List<String> targetFlags(ToolchainTarget target) {
        List<String> flags = new ArrayList<>(List.of("--target=" + target.clangTarget()));
        flags.addAll(target.clangFlags());
        root(target).ifPresent(root -> flags.add("--sysroot=" + root));
        return flags;
    }

    /** The {@code --sysroot} of the target: its packages', else the one given for all, else none. */
    private Optional<Path> root(ToolchainTarget target) {
        return packages(target).map(PackageSysroot::root).or(() -> Optional.ofNullable(sysroot));
    }

    @Override
    public List<String> linkFlags(ToolchainTarget target) {
        List<String> flags = new ArrayList<>(linkers.flags(target).orElse(List.of()));
        // lld's default build id is a fast hash; sha1 is the same kind of content hash every linker writes alike.
        flags.add("-Wl,--build-id=sha1");
        return flags;
    }

    @Override
    public List<String> linkFlagsWithoutDebugInfo() {
        return List.of();
    }

    @Override
    public List<String> executableFlags(ToolchainTarget target) {
        return packages(target).isPresent() ? List.of() : List.of("-static");
    }

    @Override
    public List<String> rejectedArguments() {
        return List.of();
    }

    @Override
    public List<String> archiver() {
        return List.of(String.valueOf(llvmAr));
    }

    @Override
    public List<String> ranlib() {
        return List.of(String.valueOf(llvmRanlib));
    }

    @Override
    public Map<String, String> environment() {
        return Map.of();
    }

    @Override
    public Optional<Path> findRoot(ToolchainTarget target) {
        return Optional.of(root(target).orElse(Path.of("/usr", target.gnuTriple())));
    }

    @Override
    public Toolchain withPackages(Map<Platform, PackageSysroot> sysroots) {
        return new ClangToolchain(clang, clangxx, version, llvmAr, llvmRanlib, sysroot, linkers, sysroots);
    }

    @Override
    public Optional<PackageSysroot> packages(ToolchainTarget target) {
        return Optional.ofNullable(packages.get(target.platform()));
    }

    @Override
    public boolean isCacheRace(String output) {
        return false;
    }

    /**
     * Asks clang where the C (and C++) libraries are: it knows the sysroot layouts better than a list does. With a
     * sysroot of packages the host needs no cross packages, only a linker; what the sysroot lacks is the
     * packages' to bring (libc6-dev, libstdc++-N-dev).
     */
    @Override
    public Shortfall shortfall(ToolchainTarget target, Needs needs) {
        List<String> missing = new ArrayList<>();
        List<String> packages = new ArrayList<>();
        boolean fromPackages = packages(target).isPresent();
        String suffix = fromPackages ? ".so" : ".a";
        boolean libc = hasLibrary(clang, target, "libc" + suffix);
        if (!libc || needs.cxx() && !hasLibrary(clangxx, target, "libstdc++" + suffix)) {
            String kind = fromPackages ? "" : "static ";
            missing.add((libc ? "the " + kind + "C++ library (libstdc++" + suffix + ")"
                    : "the " + kind + "C library (libc" + suffix + ")") + " for " + target.clangTarget()
                    + (fromPackages ? " in the package sysroot " + packages(target).get().root()
                    + " (its libc6-dev and libstdc++-dev)"
                    : sysroot != null ? " in --sysroot " + sysroot : ""));
            if (!fromPackages) {
                packages.addAll(sysrootPackages(target));
            }
        }
        if (linkers.flags(target).isEmpty()) {
            missing.add(ClangLinkers.missing(target));
            packages.add(ClangLinkers.linkerPackage(target));
        }
        if (needs.archiver() && (llvmAr == null || llvmRanlib == null)) {
            missing.add("llvm-ar and llvm-ranlib (deterministic archives for CMake's static libraries)");
            packages.add("llvm");
        }
        return new Shortfall(missing, packages);
    }

    private boolean hasLibrary(Path driver, ToolchainTarget target, String library) {
        List<String> command = new ArrayList<>(List.of(driver.toString()));
        command.addAll(targetFlags(target));
        command.add("-print-file-name=" + library);
        try {
            Commands.Outcome outcome = Commands.run(command, null, Map.of());
            Path found = Path.of(outcome.output().strip());
            return outcome.ok() && found.isAbsolute() && Files.isRegularFile(found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table's cross packages; on a host of the target's own architecture, the native ones. */
    private static List<String> sysrootPackages(ToolchainTarget target) {
        return target.platform().equals(host()) ? List.of("libc6-dev", "libstdc++-12-dev")
                : target.debianPackages().stream().filter(name -> name.endsWith("-cross")).toList();
    }

    private static Platform host() {
        try {
            return Platform.parse(System.getProperty("os.arch"));
        } catch (InputException e) {
            return null;
        }
    }
}
