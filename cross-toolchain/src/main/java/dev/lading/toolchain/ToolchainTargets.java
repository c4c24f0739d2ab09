package dev.lading.toolchain;

import dev.lading.core.InputException;
import dev.lading.core.model.Platform;
import dev.lading.toolchain.ToolchainTarget.ClangLinker;
import java.util.List;

/**
 * The toolchain table: for every platform of core's {@link dev.lading.core.platform.Targets}, its zig and clang
 * targets, its Debian cross sysroot and its CMake processor name. Sources: the project's cross-toolchain notes
 * (verified triples).
 */
public final class ToolchainTargets {
    public static final List<ToolchainTarget> ALL = List.of(
            new ToolchainTarget(Platform.parse("linux/amd64"), "x86_64-linux-musl", "x86_64-linux-gnu.2.28", null,
                    "x86_64-linux-gnu", List.of(), "amd64", "x86_64-linux-gnu", "x86_64", ClangLinker.LLD),
            new ToolchainTarget(Platform.parse("linux/arm64"), "aarch64-linux-musl", "aarch64-linux-gnu.2.28", null,
                    "aarch64-linux-gnu", List.of(), "arm64", "aarch64-linux-gnu", "aarch64", ClangLinker.LLD),
            // Debian armhf is v7 with VFPv3-D16 and no NEON; zig's default v7 baseline would turn both on.
            new ToolchainTarget(Platform.parse("linux/arm/v7"), "arm-linux-musleabihf", "arm-linux-gnueabihf.2.28",
                    "generic+v7a+vfp3-d32+thumb2-neon", "arm-linux-gnueabihf", List.of(), "armhf", "arm-linux-gnueabihf",
                    "armv7l", ClangLinker.LLD),
            // Without an explicit v6 CPU both compilers emit other code: zig v7, Debian armel clang v4t. Static musl
            // may use the hard-float ABI; glibc builds link armel's libraries, which take the soft-float one.
            new ToolchainTarget(Platform.parse("linux/arm/v6"), "arm-linux-musleabihf", "arm-linux-gnueabi.2.28",
                    "arm1176jzf_s", "arm-linux-gnueabi", List.of("-march=armv6"), "armel", "arm-linux-gnueabi",
                    "armv6l", ClangLinker.LLD),
            new ToolchainTarget(Platform.parse("linux/386"), "x86-linux-musl", "x86-linux-gnu.2.28", null,
                    "i686-linux-gnu", List.of(), "i386", "i686-linux-gnu", "i686", ClangLinker.LLD),
            new ToolchainTarget(Platform.parse("linux/riscv64"), "riscv64-linux-musl", "riscv64-linux-gnu.2.28", null,
                    "riscv64-linux-gnu", List.of(), "riscv64", "riscv64-linux-gnu", "riscv64",
                    ClangLinker.LLD_15_OR_LATER),
            new ToolchainTarget(Platform.parse("linux/ppc64le"), "powerpc64le-linux-musl", "powerpc64le-linux-gnu.2.28",
                    null, "powerpc64le-linux-gnu", List.of(), "ppc64el", "powerpc64le-linux-gnu", "ppc64le",
                    ClangLinker.LLD),
            new ToolchainTarget(Platform.parse("linux/s390x"), "s390x-linux-musl", "s390x-linux-gnu.2.28", null,
                    "s390x-linux-gnu", List.of(), "s390x", "s390x-linux-gnu", "s390x", ClangLinker.GNU_LD));

    private ToolchainTargets() {
    }

    public static ToolchainTarget of(Platform platform) {
        return ALL.stream().filter(t -> t.platform().equals(platform)).findFirst()
                .orElseThrow(() -> new InputException("no build target for platform " + platform));
    }
}
