package dev.lading.toolchain;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The linkers clang can use on this host, and which one each target gets ({@link ToolchainTarget#clangLinker()}): lld where
 * it can link the target, else GNU ld for the target ({@code <triple>-ld}), which clang picks by itself when no
 * {@code -fuse-ld} is given.
 *
 * @param lld       {@code ld.lld}, or null
 * @param lldMajor  its major version, 0 without it
 * @param newerLld  the newest {@code ld.lld-N} with N of 15 or more, or null
 * @param path      where GNU ld for a target is looked for
 */
record ClangLinkers(Path lld, int lldMajor, Path newerLld, SearchPath path) {
    private static final int LLD_WITH_RISCV_RELAXATION = 15;

    static ClangLinkers find(SearchPath path) {
        Optional<Path> lld = path.find("ld.lld");
        int major = lld.map(l -> Versions.major(Commands.query(List.of(l.toString(), "--version")))).orElse(0);
        Path newer = null;
        for (int version = 30; version >= LLD_WITH_RISCV_RELAXATION && newer == null; version--) {
            newer = path.find("ld.lld-" + version).orElse(null);
        }
        return new ClangLinkers(lld.orElse(null), major, newer, path);
    }

    /** The clang flags that choose the target's linker; empty when this host has none that can link it. */
    Optional<List<String>> flags(ToolchainTarget target) {
        boolean gnuLd = path.find(target.gnuTriple() + "-ld").isPresent();
        Optional<List<String>> viaGnuLd = gnuLd ? Optional.of(List.of()) : Optional.empty();
        return switch (target.clangLinker()) {
            case LLD -> lld != null ? Optional.of(List.of("-fuse-ld=lld")) : viaGnuLd;
            case LLD_15_OR_LATER -> {
                if (lld != null && lldMajor >= LLD_WITH_RISCV_RELAXATION) {
                    yield Optional.of(List.of("-fuse-ld=lld"));
                }
                // -fuse-ld=lld-16 makes clang run ld.lld-16.
                yield newerLld != null
                        ? Optional.of(List.of("-fuse-ld=" + newerLld.getFileName().toString().substring("ld.".length())))
                        : viaGnuLd;
            }
            case GNU_LD -> viaGnuLd;
        };
    }

    /** What to install when {@link #flags} finds no linker. */
    static String missing(ToolchainTarget target) {
        String gnuLd = "GNU ld " + target.gnuTriple() + "-ld";
        return switch (target.clangLinker()) {
            case LLD -> "a linker: lld or " + gnuLd;
            case LLD_15_OR_LATER -> "a linker: lld 15 or later (ld.lld-15 or newer) or " + gnuLd;
            case GNU_LD -> "the linker " + gnuLd + " (lld cannot link this target)";
        };
    }

    /** The package that brings the linker {@link #missing} asks for: the table's, else lld. */
    static String linkerPackage(ToolchainTarget target) {
        return target.debianPackages().stream().filter(name -> !name.endsWith("-cross")).findFirst().orElse("lld");
    }
}
