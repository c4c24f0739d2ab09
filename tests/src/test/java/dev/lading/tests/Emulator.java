package dev.lading.tests;

import dev.lading.core.model.Platform;
import dev.lading.toolchain.ToolchainTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a binary of another platform under its qemu-user emulator, with the Debian cross sysroot as its root. */
final class Emulator {
    /** The qemu-user binaries of Debian's qemu-user-static, by the platform they run. */
    private static final Map<Platform, String> QEMU = Map.of(
            Platform.parse("linux/amd64"), "qemu-x86_64-static",
            Platform.parse("linux/arm64"), "qemu-aarch64-static",
            Platform.parse("linux/arm/v7"), "qemu-arm-static",
            Platform.parse("linux/arm/v6"), "qemu-arm-static",
            Platform.parse("linux/386"), "qemu-i386-static",
            Platform.parse("linux/riscv64"), "qemu-riscv64-static",
            Platform.parse("linux/ppc64le"), "qemu-ppc64le-static",
            Platform.parse("linux/s390x"), "qemu-s390x-static");

    private Emulator() {
    }

    /** The file name of the qemu-user binary that runs the platform's programs, found on the PATH. */
    static String qemu(Platform platform) {
        String qemu = QEMU.get(platform);
        if (qemu == null) {
            throw new IllegalArgumentException("no emulator for " + platform);
        }
        return qemu;
    }

    static Tool.Result run(Platform platform, Path binary) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(qemu(platform)));
        Path sysroot = Path.of("/usr", ToolchainTargets.of(platform).gnuTriple());
        if (Files.isDirectory(sysroot)) {
            // The guest's ld.so also searches /lib32 and the like, where the host may keep its own multilib
            // glibc: an i386 ld.so from the cross package with the host's libc.so.6 livelocks in
            // pthread_create. Searching the sysroot's /lib first keeps the pair consistent.
            command.addAll(List.of("-L", sysroot.toString(), "-E", "LD_LIBRARY_PATH=/lib"));
        }
        command.add(binary.toString());
        // On arm/v6, the emulated CPU is an ARM1176 (the Raspberry Pi 1), so any ARMv7 instruction faults.
        Map<String, String> env = platform.toString().equals("linux/arm/v6")
                ? Map.of("QEMU_CPU", "arm1176") : Map.of();
        return Tool.run(binary.getParent(), env, command, Duration.ofMinutes(1));
    }

    /** What the programs of this repository print for the CPU their compiler targeted. */
    static String architectureName(Platform platform) {
        return switch (platform.toString()) {
            case "linux/amd64" -> "x86_64";
            case "linux/arm64" -> "aarch64";
            case "linux/arm/v7" -> "arm (ARMv7)";
            case "linux/arm/v6" -> "arm (ARMv6)";
            case "linux/386" -> "i386";
            case "linux/riscv64" -> "riscv64";
            case "linux/ppc64le" -> "ppc64le";
            case "linux/s390x" -> "s390x";
            default -> throw new IllegalArgumentException("no expected name for " + platform);
        };
    }
}
