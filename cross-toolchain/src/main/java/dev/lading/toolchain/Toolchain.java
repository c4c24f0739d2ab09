package dev.lading.toolchain;

import dev.lading.core.model.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compiler that builds for every platform of {@link ToolchainTargets} from this host. The
 * generated wrapper scripts turn it into one cc, c++, ar and ranlib per target; see {@link Wrappers}.
 */
sealed interface Toolchain permits ZigToolchain, ClangToolchain {
    ToolchainKind kind();

    String version();

    /** The compiler and its version, e.g. {@code clang 14.0.6}. */
    default String name() {
        return kind() + " " + version();
    }

    /** What builds for the target, e.g. {@code clang 14.0.6 --target=aarch64-linux-gnu -fuse-ld=lld}. */
    String description(ToolchainTarget target);

    /** The target triple the compiler is given, e.g. {@code aarch64-linux-musl}. */
    String triple(ToolchainTarget target);

    /** Everything that changes the output besides the flags: programs and versions. */
    String identity();

    /** The compiler's programs, whose binaries decide its identity in the compile cache. */
    List<Path> programs();

    /** The compiler driver of a language, e.g. {@code zig c++}. */
    List<String> driver(Language language);

    /** Flags that select the target, placed after the caller's flags so that they win. */
    List<String> targetFlags(ToolchainTarget target);

    /** Flags for invocations that link, e.g. the linker and a content-derived build id. */
    List<String> linkFlags(ToolchainTarget target);

    /**
     * Flags for invocations that link without asking for debug info ({@code -g}): zig's libc, libc++ and
     * compiler-rt carry debug info that names zig's cache directory, which differs between machines.
     */
    List<String> linkFlagsWithoutDebugInfo();

    /** Flags for invocations that link an executable (not a shared library): static linking. */
    List<String> executableFlags(ToolchainTarget target);

    /** Shell {@code case} patterns of arguments the compiler rejects, dropped by the wrappers. */
    List<String> rejectedArguments();

    List<String> archiver();

    List<String> ranlib();

    /** Variables the compiler needs, such as zig's cache directories. */
    Map<String, String> environment();

    /** Where CMake looks for the target's libraries and headers, when there is such a place. */
    Optional<Path> findRoot(ToolchainTarget target);

    /** The same compiler building each platform of the map against its sysroot of Debian packages. */
    Toolchain withPackages(Map<Platform, PackageSysroot> sysroots);

    /** The target's sysroot of Debian packages, when the build has one. */
    Optional<PackageSysroot> packages(ToolchainTarget target);

    /**
     * Why the toolchain will not build a language for the target, as a one-line message; empty when it will. The
     * wrapper script of a refused language prints the message and exits, so CMake's compiler checks see it too.
     */
    default Optional<String> refusal(ToolchainTarget target, Language language) {
        return Optional.empty();
    }

    /** Whether a failure is a known race in the compiler's own cache that goes away when run again. */
    boolean isCacheRace(String output);

    /** What the host lacks to build for the target, and which packages bring it; empty when nothing. */
    Shortfall shortfall(ToolchainTarget target, Needs needs);

    /** What a build uses of the toolchain: C++ (its standard library) and an archiver (CMake's static libraries). */
    record Needs(boolean cxx, boolean archiver) {
    }

    /** @param missing what is missing, one phrase each; @param packages the Debian packages that bring it */
    record Shortfall(List<String> missing, List<String> packages) {
        static final Shortfall NONE = new Shortfall(List.of(), List.of());

        public Shortfall {
            missing = List.copyOf(missing);
            packages = List.copyOf(packages);
        }

        boolean isEmpty() {
            return missing.isEmpty();
        }
    }
}
