package dev.lading.core.platform;

import dev.lading.core.InputException;
import dev.lading.core.model.Platform;
import dev.lading.core.platform.Target.ElfSpec;
import java.util.List;

/**
 * The platform table: the platforms lading builds and checks images for, each with its ELF signature and its
 * Debian multiarch directory. Sources: e_machine values from glibc's elf.h, e_flags read from real builds, the
 * multiarch names Debian's libc6 installs (386 keeps the i386 name whatever CPU the compilers target).
 */
public final class Targets {
    public static final List<Target> ALL = List.of(
            new Target(Platform.parse("linux/amd64"), "x86_64-linux-gnu", new ElfSpec(true, false, 62, 0, null)),
            new Target(Platform.parse("linux/arm64"), "aarch64-linux-gnu", new ElfSpec(true, false, 183, 0, null)),
            new Target(Platform.parse("linux/arm/v7"), "arm-linux-gnueabihf", new ElfSpec(false, false, 40, 10, true)),
            new Target(Platform.parse("linux/arm/v6"), "arm-linux-gnueabi", new ElfSpec(false, false, 40, 6, null)),
            new Target(Platform.parse("linux/386"), "i386-linux-gnu", new ElfSpec(false, false, 3, 0, null)),
            new Target(Platform.parse("linux/riscv64"), "riscv64-linux-gnu", new ElfSpec(true, false, 243, 0, null)),
            new Target(Platform.parse("linux/ppc64le"), "powerpc64le-linux-gnu", new ElfSpec(true, false, 21, 0, null)),
            new Target(Platform.parse("linux/s390x"), "s390x-linux-gnu", new ElfSpec(true, true, 22, 0, null)));

    private Targets() {
    }

    public static Target of(Platform platform) {
        return ALL.stream().filter(t -> t.platform().equals(platform)).findFirst()
                .orElseThrow(() -> new InputException("no build target for platform " + platform));
    }
}
