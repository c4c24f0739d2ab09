package dev.lading.core.attest;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * How one platform's native code was compiled, as the provenance and the SBOM record it.
 *
 * @param kind         {@code zig} or {@code clang}
 * @param target       the triple the compiler was given, e.g. {@code aarch64-linux-musl}
 * @param compileFlags the flags lading adds to every compile for the target
 * @param linkFlags    the flags lading adds to links (some only to links of executables, or of code without -g)
 * @param sources      the source files that went into the build, relative to the build file's directory
 */
public record NativeToolchain(String kind, String version, String target, List<String> compileFlags,
                              List<String> linkFlags, List<Path> sources) {
    private static final Set<String> KINDS = Set.of("zig", "clang");

    public NativeToolchain {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("toolchain kind must be zig or clang, not '" + kind + "'");
        }
        compileFlags = List.copyOf(compileFlags);
        linkFlags = List.copyOf(linkFlags);
        sources = List.copyOf(sources);
        for (Path source : sources) {
            // absolute paths would name this machine's checkout and make the attestations differ between checkouts
            if (source.isAbsolute()) {
                throw new IllegalArgumentException("native sources are relative to the build file: " + source);
            }
        }
    }
}
