package dev.lading.core.platform;

import dev.lading.core.model.Platform;

/**
 * What a binary for one platform looks like and where its image keeps libraries: one row of {@link Targets}. How
 * to build for the platform is the cross-toolchain's knowledge, not core's.
 *
 * @param multiarch the Debian multiarch name: the directory of the platform's libraries and headers in a Debian
 *                  root ({@code usr/lib/<multiarch>}, {@code usr/include/<multiarch>}), which the loader searches
 *                  by default
 * @param elf       what an ELF file built for this platform looks like
 */
public record Target(Platform platform, String multiarch, ElfSpec elf) {

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
}
