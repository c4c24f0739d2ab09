package dev.lading.core.elf;

import dev.lading.core.InputException;
import dev.lading.core.layer.LayerEntry;
import dev.lading.core.layer.LayerTree;
import dev.lading.core.model.Platform;
import dev.lading.core.platform.Target;
import dev.lading.core.platform.Target.ElfSpec;
import dev.lading.core.platform.Targets;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Refuses ELF files that cannot run on the platform of the image they are placed in. A prebuilt binary for
 * another CPU, float ABI or ARM version would otherwise only fail when the container starts, on that platform.
 * The expectations per platform are those of {@link Targets}; whether the image holds the loader and libraries a
 * dynamic file needs is {@link LoaderCheck}'s question, asked of the whole image rather than of one layer.
 */
public final class ElfCheck {
    /** Tag_CPU_arch 6 to 9 are v6, v6KZ, v6T2 and v6K, which all count as v6. */
    private static final int ARM_V6 = 6;
    private static final int ARM_V6K = 9;

    private ElfCheck() {
    }

    /**
     * Checks every regular file of {@code tree} against every platform whose image holds it; files that are not
     * ELF are left alone.
     *
     * @throws InputException naming the first file that does not fit, what it is and what the platform needs
     */
    public static void verify(LayerTree tree, List<Platform> platforms) throws IOException {
        List<Target> targets = platforms.stream().map(Targets::of).toList();
        for (LayerEntry entry : tree.entries()) {
            if (entry.type() != LayerEntry.Type.FILE) {
                continue;
            }
            Optional<ElfFile> elf;
            try {
                elf = ElfReader.read(entry.content());
            } catch (MalformedElfException e) {
                throw new InputException(name(entry) + " starts like an ELF file but is malformed: " + e.getMessage());
            }
            if (elf.isEmpty()) {
                continue;
            }
            for (Target target : targets) {
                Optional<String> needs = mismatch(elf.get(), target);
                if (needs.isPresent()) {
                    throw new InputException(name(entry) + " is " + elf.get().describe() + "; " + needs.get());
                }
            }
        }
    }

    /**
     * What {@code target} needs that {@code elf} is not, e.g. {@code linux/amd64 needs ELF 64-bit LSB x86-64};
     * empty when the file runs there.
     */
    public static Optional<String> mismatch(ElfFile elf, Target target) {
        ElfSpec spec = target.elf();
        boolean fits = elf.is64Bit() == spec.is64Bit() && elf.bigEndian() == spec.bigEndian()
                && elf.machine() == spec.machine() && (elf.machine() != ElfFile.EM_ARM || armFits(elf, spec));
        return fits ? Optional.empty() : Optional.of(target.platform() + " needs " + expected(spec));
    }

    /** EABI5 always; the float ABI and the architecture only where the file marks them, as linkers do. */
    private static boolean armFits(ElfFile elf, ElfSpec spec) {
        Boolean hardFloat = elf.armHardFloat();
        return elf.armEabiVersion() == 5
                && (spec.armHardFloat() == null || hardFloat == null || hardFloat.equals(spec.armHardFloat()))
                && (elf.armArch() == null || archLevel(elf.armArch()) <= spec.armMaxArch());
    }

    private static int archLevel(int cpuArch) {
        return cpuArch >= ARM_V6 && cpuArch <= ARM_V6K ? ARM_V6 : cpuArch;
    }

    private static String expected(ElfSpec spec) {
        String kind = ElfFile.kind(spec.is64Bit(), spec.bigEndian(), spec.machine());
        if (spec.machine() != ElfFile.EM_ARM) {
            return kind;
        }
        String floatAbi = spec.armHardFloat() == null ? "" : spec.armHardFloat() ? ", hard-float" : ", soft-float";
        return kind + " (EABI5" + floatAbi + ", " + ElfFile.armArchName(spec.armMaxArch()) + " or older)";
    }

    private static String name(LayerEntry entry) {
        return "/" + entry.path() + " (from " + entry.origin() + ")";
    }
}
