package dev.lading.core.elf;

import dev.lading.core.platform.Target;
import dev.lading.core.platform.Target.ElfSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the ELF file an {@link ElfFile} describes: a header, a PT_INTERP program header with its path, and for
 * ARM an .ARM.attributes section laid out as compilers write it (a foreign vendor first, strings before the tag).
 * The section headers can stand far behind the rest, as in big binaries.
 *
 * @param head       the header, program headers, interpreter path and attributes
 * @param tailOffset where the section headers start; {@code head.length} plus the gap asked for
 * @param tail       the section headers, empty without attributes
 */
record SyntheticElf(byte[] head, long tailOffset, byte[] tail) {
    /** An executable as the platform's toolchain would link it; for ARM with the newest architecture it runs. */
    static ElfFile forTarget(Target target) {
        ElfSpec spec = target.elf();
        boolean arm = spec.machine() == ElfFile.EM_ARM;
        int floatAbi = Boolean.TRUE.equals(spec.armHardFloat()) ? ElfFile.EF_ARM_ABI_FLOAT_HARD
                : ElfFile.EF_ARM_ABI_FLOAT_SOFT;
        return new ElfFile(spec.is64Bit(), spec.bigEndian(), spec.machine(), ElfFile.ET_EXEC,
                arm ? 0x05000000 | floatAbi : 0, null, arm ? spec.armMaxArch() : null);
    }

    static byte[] bytes(ElfFile elf) {
        SyntheticElf file = of(elf, 0);
        byte[] all = Arrays.copyOf(file.head, file.head.length + file.tail.length);
        System.arraycopy(file.tail, 0, all, file.head.length, file.tail.length);
        return all;
    }

    static SyntheticElf of(ElfFile elf, long gap) {
        boolean wide = elf.is64Bit();
        ByteOrder order = elf.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int headerSize = wide ? 64 : 52;
        int programHeaderSize = wide ? 56 : 32;
        byte[] interpreter = elf.interpreter() == null ? new byte[0]
                : (elf.interpreter() + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] attributes = elf.armArch() == null ? new byte[0] : attributes(elf.armArch(), order);
        int programHeaders = interpreter.length == 0 ? 0 : 1;
        int interpreterOffset = headerSize + programHeaders * programHeaderSize;
        int attributesOffset = interpreterOffset + interpreter.length;
        int headLength = attributesOffset + attributes.length;
        long sectionsOffset = attributes.length == 0 ? 0 : headLength + gap;

        ByteBuffer head = ByteBuffer.allocate(headLength).order(order);
        head.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (wide ? 2 : 1), (byte) (elf.bigEndian() ? 2 : 1), 1});
        head.position(16);
        head.putShort((short) elf.type()).putShort((short) elf.machine()).putInt(1);
        word(head, wide, 0); // e_entry
        word(head, wide, programHeaders == 0 ? 0 : headerSize);
        word(head, wide, sectionsOffset);
        head.putInt(elf.flags()).putShort((short) headerSize).putShort((short) programHeaderSize)
                .putShort((short) programHeaders).putShort((short) (wide ? 64 : 40))
                .putShort((short) (attributes.length == 0 ? 0 : 2)).putShort((short) 0);
        if (programHeaders == 1) {
            head.putInt(ElfReader.PT_INTERP);
            if (wide) {
                head.putInt(4).putLong(interpreterOffset).putLong(0).putLong(0)
                        .putLong(interpreter.length).putLong(interpreter.length).putLong(1);
            } else {
                head.putInt(interpreterOffset).putInt(0).putInt(0).putInt(interpreter.length)
                        .putInt(interpreter.length).putInt(4).putInt(1);
            }
        }
        head.put(interpreter).put(attributes);

        ByteBuffer tail = ByteBuffer.allocate(attributes.length == 0 ? 0 : 2 * (wide ? 64 : 40)).order(order);
        if (attributes.length > 0) {
            tail.position(wide ? 64 : 40); // section 0 is the null section
            tail.putInt(0).putInt(ElfReader.SHT_ARM_ATTRIBUTES);
            word(tail, wide, 0); // sh_flags
            word(tail, wide, 0); // sh_addr
            word(tail, wide, attributesOffset);
            word(tail, wide, attributes.length);
            tail.putInt(0).putInt(0);
            word(tail, wide, 1); // sh_addralign
            word(tail, wide, 0); // sh_entsize
        }
        return new SyntheticElf(head.array(), headLength + gap, tail.array());
    }

    private static byte[] attributes(int cpuArch, ByteOrder order) {
        byte[] fileScope = {67, '2', '.', '0', '9', 0, 5, '7', '-', 'A', 0, 6, (byte) cpuArch, 8, 1, 32, 0, 0};
        ByteBuffer out = ByteBuffer.allocate(64).order(order);
        out.put((byte) 'A');
        out.putInt(4 + 4 + 3).put("gnu\0".getBytes(StandardCharsets.US_ASCII)).put(new byte[] {6, 10, 0});
        out.putInt(4 + 6 + 1 + 4 + fileScope.length).put("aeabi\0".getBytes(StandardCharsets.US_ASCII));
        out.put((byte) 1).putInt(1 + 4 + fileScope.length).put(fileScope);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static void word(ByteBuffer out, boolean wide, long value) {
        if (wide) {
            out.putLong(value);
        } else {
            out.putInt((int) value);
        }
    }
}
