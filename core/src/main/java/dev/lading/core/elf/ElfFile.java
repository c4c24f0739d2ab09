package dev.lading.core.elf;

import java.util.List;
import java.util.Map;

/**
 * What an ELF file says about where it can run: the facts {@link ElfCheck} compares with a platform, and what
 * {@link LoaderCheck} looks for in the image.
 *
 * @param type        e_type ({@link #ET_REL}, {@link #ET_EXEC}, {@link #ET_DYN}, ...)
 * @param flags       e_flags, machine-specific; for ARM the EABI version and the float ABI
 * @param interpreter the PT_INTERP path (the dynamic loader), or null when the file needs none
 * @param armArch     for ARM, Tag_CPU_arch of the .ARM.attributes "aeabi" subsection; null when absent
 * @param dynamic     what the dynamic section asks of the loader; {@link Dynamic#NONE} when the file has none
 */
public record ElfFile(boolean is64Bit, boolean bigEndian, int machine, int type, int flags, String interpreter,
                      Integer armArch, Dynamic dynamic) {
    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int EM_ARM = 40;
    public static final int EF_ARM_ABI_FLOAT_SOFT = 0x200;
    public static final int EF_ARM_ABI_FLOAT_HARD = 0x400;

    /** Short names for the machines a user is likely to meet; others are shown by number. */
    private static final Map<Integer, String> MACHINES = Map.ofEntries(Map.entry(2, "SPARC"), Map.entry(3, "i386"),
            Map.entry(8, "MIPS"), Map.entry(20, "PowerPC"), Map.entry(21, "PowerPC64"), Map.entry(22, "S/390"),
            Map.entry(EM_ARM, "ARM"), Map.entry(43, "SPARC V9"), Map.entry(50, "IA-64"), Map.entry(62, "x86-64"),
            Map.entry(183, "aarch64"), Map.entry(243, "RISC-V"), Map.entry(258, "LoongArch"));

    /** Tag_CPU_arch values, from the ARM ELF ABI addenda (IHI 0045). */
    private static final List<String> ARM_ARCHS = List.of("ARM pre-v4", "ARMv4", "ARMv4T", "ARMv5T", "ARMv5TE",
            "ARMv5TEJ", "ARMv6", "ARMv6KZ", "ARMv6T2", "ARMv6K", "ARMv7", "ARMv6-M", "ARMv6S-M", "ARMv7E-M", "ARMv8-A",
            "ARMv8-R", "ARMv8-M.baseline", "ARMv8-M.mainline", "ARMv8.1-A", "ARMv8.2-A", "ARMv8.3-A",
            "ARMv8.1-M.mainline", "ARMv9-A");

    public ElfFile {
        if (dynamic == null) {
            throw new IllegalArgumentException("dynamic is Dynamic.NONE, not null, for a file without one");
        }
    }

    /** A file without a dynamic section, or one whose dynamic section does not matter to the caller. */
    public ElfFile(boolean is64Bit, boolean bigEndian, int machine, int type, int flags, String interpreter,
                   Integer armArch) {
        this(is64Bit, bigEndian, machine, type, flags, interpreter, armArch, Dynamic.NONE);
    }

    /**
     * The entries of the dynamic section that decide which libraries the loader must find, and where.
     *
     * @param needed  the DT_NEEDED names, in the order the loader loads them
     * @param soname  DT_SONAME, or null
     * @param runpath DT_RUNPATH, a colon-separated list that may use $ORIGIN, or null
     * @param rpath   DT_RPATH, the older form the loader ignores when DT_RUNPATH is present, or null
     */
    public record Dynamic(List<String> needed, String soname, String runpath, String rpath) {
        public static final Dynamic NONE = new Dynamic(List.of(), null, null, null);

        public Dynamic {
            needed = List.copyOf(needed);
        }
    }

    /** Whether the loader maps this file: an executable or a shared object, not an object file or core dump. */
    public boolean loadable() {
        return type == ET_EXEC || type == ET_DYN;
    }

    /** The EABI version in the top byte of an ARM e_flags; 5 for everything current toolchains emit. */
    public int armEabiVersion() {
        return flags >>> 24;
    }

    /**
     * For ARM, the float ABI e_flags marks: true hard, false soft, null when it marks neither, as relocatable
     * objects do (the linker decides when it links them).
     */
    public Boolean armHardFloat() {
        if ((flags & EF_ARM_ABI_FLOAT_HARD) != 0) {
            return true;
        }
        return (flags & EF_ARM_ABI_FLOAT_SOFT) != 0 ? false : null;
    }

    /** For example {@code ELF 32-bit LSB ARM executable (EABI5, hard-float, ARMv7), static}. */
    public String describe() {
        StringBuilder text = new StringBuilder(kind(is64Bit, bigEndian, machine)).append(' ').append(typeName());
        if (machine == EM_ARM) {
            Boolean hard = armHardFloat();
            text.append(" (EABI").append(armEabiVersion())
                    .append(hard == null ? ", float ABI unmarked" : hard ? ", hard-float" : ", soft-float")
                    .append(armArch == null ? "" : ", " + armArchName(armArch)).append(')');
        }
        if (interpreter != null) {
            text.append(", dynamic (interpreter ").append(interpreter).append(')');
        } else if (type == ET_EXEC) {
            text.append(", static");
        }
        return text.toString();
    }

    /** The part of a description all files of one platform share, e.g. {@code ELF 64-bit LSB x86-64}. */
    static String kind(boolean is64Bit, boolean bigEndian, int machine) {
        return "ELF " + (is64Bit ? "64" : "32") + "-bit " + (bigEndian ? "MSB " : "LSB ")
                + MACHINES.getOrDefault(machine, "machine " + machine);
    }

    static String armArchName(int arch) {
        return arch < ARM_ARCHS.size() ? ARM_ARCHS.get(arch) : "ARM architecture " + arch;
    }

    private String typeName() {
        return switch (type) {
            case ET_REL -> "relocatable object";
            case ET_EXEC -> "executable";
            case ET_DYN -> interpreter != null ? "PIE executable" : "shared object";
            case 4 -> "core file";
            default -> "file of type " + type;
        };
    }
}
