package dev.lading.core.testing;

import dev.lading.core.model.Platform;
import dev.lading.core.platform.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The host's tools for one platform, as {@code scripts/install-deps.sh} installs them: clang's target, which is
 * also the Debian cross sysroot's directory under /usr, the flags that pick the platform's variant and linker, and
 * the qemu-user binary that runs it. Tests that use them need those tools and are tagged {@link RequiresToolchain}.
 *
 * @param triple     clang {@code --target} and the sysroot's directory {@code /usr/<triple>}
 * @param clangFlags flags that select the variant and the linker (clang finds binutils' GNU ld on its own)
 * @param qemu       the qemu-user binary
 */
public record CrossTools(String triple, List<String> clangFlags, String qemu) {
    private static final Map<Platform, CrossTools> HOST = Map.of(
            Platform.parse("linux/amd64"), new CrossTools("x86_64-linux-gnu", List.of("-fuse-ld=lld"),
                    "qemu-x86_64-static"),
            Platform.parse("linux/arm64"), new CrossTools("aarch64-linux-gnu", List.of("-fuse-ld=lld"),
                    "qemu-aarch64-static"),
            Platform.parse("linux/arm/v7"), new CrossTools("arm-linux-gnueabihf", List.of("-fuse-ld=lld"),
                    "qemu-arm-static"),
            Platform.parse("linux/arm/v6"), new CrossTools("arm-linux-gnueabi",
                    List.of("-march=armv6", "-fuse-ld=lld"), "qemu-arm-static"),
            Platform.parse("linux/386"), new CrossTools("i686-linux-gnu", List.of("-fuse-ld=lld"),
                    "qemu-i386-static"),
            // lld 14 cannot link riscv64 (linker relaxation); s390x needs binutils' GNU ld
            Platform.parse("linux/riscv64"), new CrossTools("riscv64-linux-gnu", List.of("-fuse-ld=lld-16"),
                    "qemu-riscv64-static"),
            Platform.parse("linux/ppc64le"), new CrossTools("powerpc64le-linux-gnu", List.of("-fuse-ld=lld"),
                    "qemu-ppc64le-static"),
            Platform.parse("linux/s390x"), new CrossTools("s390x-linux-gnu", List.of(), "qemu-s390x-static"));

    public CrossTools {
        clangFlags = List.copyOf(clangFlags);
    }

    public static CrossTools of(Target target) {
        return Objects.requireNonNull(HOST.get(target.platform()), target.platform().toString());
    }

    /** The libraries of the platform's C library: the host's own for amd64, else the cross sysroot's. */
    public static Path libraries(Target target) {
        return target.platform().equals(Platform.parse("linux/amd64")) ? Path.of("/usr/lib/x86_64-linux-gnu")
                : Path.of("/usr", of(target).triple(), "lib");
    }
}
