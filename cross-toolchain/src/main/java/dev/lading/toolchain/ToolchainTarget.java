package dev.lading.toolchain;

import dev.lading.core.model.Platform;
import dev.lading.core.platform.Targets;
import java.util.ArrayList;
import java.util.List;

/**
 * How to build for one platform from this host: one row of {@link ToolchainTargets}. What the result must look
 * like (its ELF signature, its multiarch directory) is core's {@link dev.lading.core.platform.Target}.
 *
 * @param zigMusl        zig {@code -target} for static musl builds (zig's default here)
 * @param zigGnu         zig {@code -target} for glibc builds, glibc version pinned; see {@link #zigGnu(String)}
 * @param zigCpu         zig {@code -mcpu}, or null for zig's baseline of the target
 * @param clangTarget    clang {@code --target}, which is also the Debian cross triple
 * @param clangFlags     extra clang flags that select the platform's variant
 * @param debianArch     Debian architecture of the cross sysroot packages
 * @param gnuTriple      directory of the Debian sysroot under /usr and /usr/lib/gcc-cross
 * @param cmakeProcessor CMAKE_SYSTEM_PROCESSOR, in {@code uname -m} style
 * @param clangLinker    which linker clang must use for this platform
 */
public record ToolchainTarget(Platform platform, String zigMusl, String zigGnu, String zigCpu, String clangTarget,
                              List<String> clangFlags, String debianArch, String gnuTriple, String cmakeProcessor,
                              ClangLinker clangLinker) {

    public ToolchainTarget {
        clangFlags = List.copyOf(clangFlags);
    }

    /** lld 14 cannot link riscv64 (linker relaxation) and no lld Debian ships can link s390x. */
    public enum ClangLinker {
        LLD("lld"), LLD_15_OR_LATER("lld 15 or later"), GNU_LD("GNU ld");

        private final String description;

        ClangLinker(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** The Debian multiarch directory of the platform's libraries and headers, as core's table names it. */
    public String multiarch() {
        return Targets.of(platform).multiarch();
    }

    /** zig {@code -target} for glibc builds against another glibc version, e.g. {@code 2.41} of Debian trixie. */
    public String zigGnu(String glibcVersion) {
        int dash = zigGnu.lastIndexOf('-');
        int version = zigGnu.indexOf('.', dash);
        return (version < 0 ? zigGnu : zigGnu.substring(0, version)) + "." + glibcVersion;
    }

    /** The Debian packages that provide the C and C++ cross sysroot, plus GNU ld where clang needs it. */
    public List<String> debianPackages() {
        List<String> packages = new ArrayList<>(List.of(
                "libc6-dev-" + debianArch + "-cross", "libstdc++-12-dev-" + debianArch + "-cross"));
        if (clangLinker == ClangLinker.GNU_LD) {
            packages.add("binutils-" + gnuTriple);
        }
        if (clangLinker == ClangLinker.LLD_15_OR_LATER) {
            packages.add("lld-16");
        }
        return packages;
    }
}
