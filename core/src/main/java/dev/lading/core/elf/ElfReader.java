package dev.lading.core.elf;

import dev.lading.core.io.Content;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an {@link ElfFile} from content, touching only the ranges the header points to: the header, the program
 * headers, the interpreter path, the dynamic section and the names it points to, and for ARM the section
 * headers and .ARM.attributes. Offsets and counts come from the file and are checked against its size before
 * anything is read or allocated; a segment or the section header table reaching past the end marks a file cut
 * short.
 */
public final class ElfReader {
    private static final int MAGIC = 0x7f454c46;
    private static final int EI_NIDENT = 16;
    private static final int ELF32_HEADER = 52;
    private static final int ELF64_HEADER = 64;
    private static final int ELFCLASS32 = 1;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int ELFDATA2MSB = 2;
    static final int PT_LOAD = 1;
    static final int PT_DYNAMIC = 2;
    static final int PT_INTERP = 3;
    static final int SHT_ARM_ATTRIBUTES = 0x70000003;
    /** Linux refuses to load an interpreter path longer than PATH_MAX. */
    private static final int PATH_MAX = 4096;
    /** Real .ARM.attributes sections hold some dozens of bytes; this only bounds what a bad header can ask for. */
    private static final int MAX_ATTRIBUTES = 1 << 20;

    private final ContentRanges ranges;
    private final boolean is64Bit;
    private final ByteOrder order;

    private ElfReader(ContentRanges ranges, boolean is64Bit, ByteOrder order) {
        this.ranges = ranges;
        this.is64Bit = is64Bit;
        this.order = order;
    }

    /**
     * @return empty when the content does not start with the ELF magic
     * @throws MalformedElfException when it does, but its headers are cut off or inconsistent
     */
    public static Optional<ElfFile> read(Content content) throws IOException, MalformedElfException {
        try (ContentRanges ranges = new ContentRanges(content)) {
            ByteBuffer header = ranges.read(0, (int) Math.min(content.size(), ELF64_HEADER), "the ELF header");
            if (header.remaining() < 4 || header.getInt(0) != MAGIC) {
                return Optional.empty();
            }
            ranges.check(0, EI_NIDENT, "the ELF identification");
            int elfClass = header.get(4);
            int data = header.get(5);
            if (elfClass != ELFCLASS32 && elfClass != ELFCLASS64) {
                throw new MalformedElfException("unknown ELF class " + elfClass);
            }
            if (data != ELFDATA2LSB && data != ELFDATA2MSB) {
                throw new MalformedElfException("unknown ELF data encoding " + data);
            }
            boolean is64Bit = elfClass == ELFCLASS64;
            ranges.check(0, is64Bit ? ELF64_HEADER : ELF32_HEADER, "the ELF header");
            ByteOrder order = data == ELFDATA2MSB ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            return Optional.of(new ElfReader(ranges, is64Bit, order).file(header.order(order)));
        }
    }

    /** Header offsets differ between the classes: ELF64 widens e_entry, e_phoff and e_shoff to 8 bytes. */
    private ElfFile file(ByteBuffer header) throws IOException, MalformedElfException {
        int type = u16(header, 16);
        int machine = u16(header, 18);
        int flags = header.getInt(is64Bit ? 48 : 36);
        Segments segments = segments(word(header, is64Bit ? 32 : 28), u16(header, is64Bit ? 54 : 42),
                u16(header, is64Bit ? 56 : 44));
        String interpreter = segments.interp == null ? null : path(segments.interp.offset, segments.interp.size);
        ElfFile.Dynamic dynamic = segments.dynamic == null ? ElfFile.Dynamic.NONE
                : DynamicSection.read(this, segments.dynamic, segments.loads);
        long sectionsOffset = word(header, is64Bit ? 40 : 32);
        long sections = sectionCount(sectionsOffset, u16(header, is64Bit ? 58 : 46), u16(header, is64Bit ? 60 : 48));
        Integer armArch = machine == ElfFile.EM_ARM ? armArch(sectionsOffset, sections) : null;
        return new ElfFile(is64Bit, order == ByteOrder.BIG_ENDIAN, machine, type, flags, interpreter, armArch,
                dynamic);
    }

    /** A segment's bytes in the file, and the address they are loaded at. */
    record Segment(long offset, long address, long size) {
    }

    /** The first PT_INTERP and PT_DYNAMIC (null when absent, or empty as in debug-info files) and every PT_LOAD. */
    private record Segments(Segment interp, Segment dynamic, List<Segment> loads) {
    }

    /** Every segment must lie in the file, which is how a binary cut short is told apart from one that is whole. */
    private Segments segments(long offset, int entrySize, int count) throws IOException, MalformedElfException {
        if (count == 0) {
            return new Segments(null, null, List.of());
        }
        int size = checkEntrySize(entrySize, is64Bit ? 56 : 32, "program header");
        ByteBuffer table = read(offset, count * size, "the program headers");
        Segment interp = null;
        Segment dynamic = null;
        List<Segment> loads = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            int at = index * size;
            Segment segment = new Segment(word(table, at + (is64Bit ? 8 : 4)), word(table, at + (is64Bit ? 16 : 8)),
                    word(table, at + (is64Bit ? 32 : 16)));
            if (segment.size == 0) {
                continue; // an empty segment (a stack marker, bss only, a debug file's copy) may name any offset
            }
            ranges.check(segment.offset, segment.size, "segment " + index);
            int segmentType = table.getInt(at);
            if (segmentType == PT_INTERP && interp == null) {
                interp = segment;
            } else if (segmentType == PT_DYNAMIC && dynamic == null) {
                dynamic = segment;
            } else if (segmentType == PT_LOAD) {
                loads.add(segment);
            }
        }
        return new Segments(interp, dynamic, loads);
    }

    /**
     * The loader's path. Separate debug-info files keep the PT_INTERP header but not its bytes, so an empty
     * segment is skipped before this and such a file names no loader.
     */
    private String path(long offset, long size) throws IOException, MalformedElfException {
        if (size < 0 || size > PATH_MAX) {
            throw new MalformedElfException("the interpreter path has " + Long.toUnsignedString(size)
                    + " bytes; Linux loads at most " + PATH_MAX);
        }
        byte[] path = read(offset, (int) size, "the interpreter path").array();
        int end = 0;
        while (end < path.length && path[end] != 0) {
            end++;
        }
        return new String(path, 0, end, StandardCharsets.UTF_8);
    }

    /** How many section headers there are; they must lie in the file, at its end where linkers put them. */
    private long sectionCount(long offset, int entrySize, int count) throws IOException, MalformedElfException {
        if (offset == 0) {
            return 0;
        }
        int size = checkEntrySize(entrySize, is64Bit ? 64 : 40, "section header");
        // Past 0xff00 sections, e_shnum is 0 and the first section header's sh_size holds the count.
        long sections = count != 0 ? count : word(read(offset, size, "section header 0"), is64Bit ? 32 : 20);
        if (Long.compareUnsigned(sections, ranges.size()) > 0) {
            throw new MalformedElfException("it claims " + Long.toUnsignedString(sections) + " sections");
        }
        ranges.check(offset, sections * size, "the section headers");
        return sections;
    }

    /** Tag_CPU_arch from the first .ARM.attributes section, or null when the file has none. */
    private Integer armArch(long offset, long sections) throws IOException, MalformedElfException {
        int size = is64Bit ? 64 : 40;
        for (long index = 0; index < sections; index++) {
            ByteBuffer section = read(offset + index * size, size, "section header " + index);
            if (section.getInt(4) == SHT_ARM_ATTRIBUTES) {
                long length = word(section, is64Bit ? 32 : 20);
                if (length < 0 || length > MAX_ATTRIBUTES) {
                    throw new MalformedElfException("its .ARM.attributes section claims "
                            + Long.toUnsignedString(length) + " bytes");
                }
                return ArmAttributes.cpuArch(read(word(section, is64Bit ? 24 : 16), (int) length, ".ARM.attributes"));
            }
        }
        return null;
    }

    private int checkEntrySize(int entrySize, int expected, String what) throws MalformedElfException {
        if (entrySize != expected) {
            throw new MalformedElfException("its " + what + " size is " + entrySize + ", not the " + expected
                    + " bytes of ELF" + (is64Bit ? "64" : "32"));
        }
        return expected;
    }

    boolean is64Bit() {
        return is64Bit;
    }

    ByteBuffer read(long offset, int length, String what) throws IOException, MalformedElfException {
        return ranges.read(offset, length, what).order(order);
    }

    /** An address or offset: 4 bytes in ELF32, 8 in ELF64. Values past 2^63 turn negative and fail range checks. */
    long word(ByteBuffer buffer, int at) {
        return is64Bit ? buffer.getLong(at) : Integer.toUnsignedLong(buffer.getInt(at));
    }

    private static int u16(ByteBuffer buffer, int at) {
        return Short.toUnsignedInt(buffer.getShort(at));
    }
}
