package dev.lading.core.platform;

import dev.lading.core.model.Platform;
import java.util.List;

/**
 * Everything lading knows about building for and checking one platform: one row of {@link Targets}.
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
 * @param elf            what an ELF file built for this platform looks like
 * @param qemu           the qemu-user binary that runs it on another host
 */
public record Target(Platform platform, String zigMusl, String zigGnu, String zigCpu, String clangTarget,
                     List<String> clangFlags, String debianArch, String gnuTriple, String cmakeProcessor,
                     ClangLinker clangLinker, ElfSpec elf, String qemu) {

    public Target {
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

    /**
     * The ELF header values of the platform.
     *
     * @param is64Bit      EI_CLASS is ELFCLASS64
     * @param bigEndian    EI_DATA is ELFDATA2MSB
     * @param machine      e_machine
     * @param armMaxArch   for ARM, the highest {@code Tag_CPU_arch} that runs (6 = v6, 10 = v7); 0 elsewhere
     * @param armHardFloat for ARM, whether the hard-float ABI is required (null: either float ABI runs)
     */
    public record ElfSpec(boolean is64Bit, boolean bigEndian, int machine, int armMaxArch, Boolean armHardFloat) {
    }

    /**
     * The Debian multiarch name: the directory of the platform's libraries and headers in a Debian root
     * ({@code usr/lib/<multiarch>}, {@code usr/include/<multiarch>}). It is the GNU triple except on 386, where
     * Debian keeps the i386 name while the compilers' triple names the i686 baseline.
     */
    public String multiarch() {
        return gnuTriple.startsWith("i686-") ? "i386-" + gnuTriple.substring("i686-".length()) : gnuTriple;
    }

    /** zig {@code -target} for glibc builds against another glibc version, e.g. {@code 2.41} of Debian trixie. */
    public String zigGnu(String glibcVersion) {
        int dash = zigGnu.lastIndexOf('-');
        int version = zigGnu.indexOf('.', dash);
        return (version < 0 ? zigGnu : zigGnu.substring(0, version)) + "." + glibcVersion;
    }

    /** The Debian packages that provide the C and C++ cross sysroot, plus GNU ld where clang needs it. */
    public List<String> debianPackages() {
        List<String> packages = new java.util.ArrayList<>(List.of(
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
