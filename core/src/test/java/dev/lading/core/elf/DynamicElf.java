package dev.lading.core.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a shared object as a linker lays one out: header, a PT_LOAD over the whole file at {@link #BASE}, a
 * PT_DYNAMIC, the string table, then the dynamic entries (DT_NEEDED..., DT_SONAME, DT_RUNPATH, DT_RPATH,
 * DT_STRTAB by address, DT_STRSZ, DT_NULL). The offsets let tests damage exactly one part.
 *
 * @param bytes         the file
 * @param stringsOffset where the string table starts in the file
 * @param dynamicOffset where the dynamic entries start in the file
 */
record DynamicElf(byte[] bytes, int stringsOffset, int dynamicOffset) {
    static final long BASE = 0x400000;
    static final long DT_NEEDED = 1;
    static final long DT_STRTAB = 5;
    static final long DT_STRSZ = 10;
    static final long DT_SONAME = 14;
    static final long DT_RPATH = 15;
    static final long DT_RUNPATH = 29;

    static DynamicElf of(boolean wide, boolean bigEndian, ElfFile.Dynamic dynamic) {
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int headerSize = wide ? 64 : 52;
        int programHeaderSize = wide ? 56 : 32;
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        strings.write(0);
        List<long[]> entries = new ArrayList<>();
        for (String name : dynamic.needed()) {
            entries.add(new long[] {DT_NEEDED, add(strings, name)});
        }
        if (dynamic.soname() != null) {
            entries.add(new long[] {DT_SONAME, add(strings, dynamic.soname())});
        }
        if (dynamic.runpath() != null) {
            entries.add(new long[] {DT_RUNPATH, add(strings, dynamic.runpath())});
        }
        if (dynamic.rpath() != null) {
            entries.add(new long[] {DT_RPATH, add(strings, dynamic.rpath())});
        }
        int stringsOffset = headerSize + 2 * programHeaderSize;
        int dynamicOffset = stringsOffset + strings.size();
        entries.add(new long[] {DT_STRTAB, BASE + stringsOffset});
        entries.add(new long[] {DT_STRSZ, strings.size()});
        entries.add(new long[] {0, 0});
        int dynamicSize = entries.size() * (wide ? 16 : 8);
        int size = dynamicOffset + dynamicSize;

        ByteBuffer out = ByteBuffer.allocate(size).order(order);
        out.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (wide ? 2 : 1), (byte) (bigEndian ? 2 : 1), 1});
        out.position(16);
        out.putShort((short) ElfFile.ET_DYN).putShort((short) (wide ? 62 : 3)).putInt(1);
        word(out, wide, 0);
        word(out, wide, headerSize);
        word(out, wide, 0);
        out.putInt(0).putShort((short) headerSize).putShort((short) programHeaderSize).putShort((short) 2)
                .putShort((short) (wide ? 64 : 40)).putShort((short) 0).putShort((short) 0);
        segment(out, wide, ElfReader.PT_LOAD, 0, size);
        segment(out, wide, ElfReader.PT_DYNAMIC, dynamicOffset, dynamicSize);
        out.put(strings.toByteArray());
        for (long[] entry : entries) {
            word(out, wide, entry[0]);
            word(out, wide, entry[1]);
        }
        return new DynamicElf(out.array(), stringsOffset, dynamicOffset);
    }

    /** The file offset of the value of the dynamic entry at {@code index}. */
    int valueOffset(boolean wide, int index) {
        return dynamicOffset + index * (wide ? 16 : 8) + (wide ? 8 : 4);
    }

    private static long add(ByteArrayOutputStream strings, String name) {
        long offset = strings.size();
        strings.writeBytes((name + "\0").getBytes(StandardCharsets.UTF_8));
        return offset;
    }

    private static void segment(ByteBuffer out, boolean wide, int type, long offset, long size) {
        out.putInt(type);
        if (wide) {
            out.putInt(4).putLong(offset).putLong(BASE + offset).putLong(BASE + offset).putLong(size).putLong(size)
                    .putLong(8);
        } else {
            out.putInt((int) offset).putInt((int) (BASE + offset)).putInt((int) (BASE + offset)).putInt((int) size)
                    .putInt((int) size).putInt(4).putInt(4);
        }
    }

    static void word(ByteBuffer out, boolean wide, long value) {
        if (wide) {
            out.putLong(value);
        } else {
            out.putInt((int) value);
        }
    }
}
