package dev.lading.core.elf;

import dev.lading.core.elf.ElfReader.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the entries of the PT_DYNAMIC segment that say which libraries the loader must find. Names are offsets
 * into the string table DT_STRTAB points to by address, so the address is mapped to a file offset through the
 * PT_LOAD segments, as the loader does (section headers may be stripped). Every count and length comes from the
 * file, so each is bounded before anything is read: a hostile file costs at most {@link #MAX_DYNAMIC} bytes of
 * entries and {@link #MAX_STRING} bytes (plus one chunk) per distinct name.
 */
final class DynamicSection {
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    private static final long DT_SONAME = 14;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    /** Real dynamic sections hold some dozens of entries; this is thousands. */
    static final int MAX_DYNAMIC = 64 * 1024;
    /** A library name or search path list; Linux paths are at most 4096 bytes and lists rarely hold more than a few. */
    static final int MAX_STRING = 16 * 1024;
    /** How much of the string table one read takes: most names are shorter, and each read is one buffer. */
    private static final int CHUNK = 512;

    private DynamicSection() {
    }

    static ElfFile.Dynamic read(ElfReader reader, Segment dynamic, List<Segment> loads)
            throws IOException, MalformedElfException {
        if (dynamic.size() < 0 || dynamic.size() > MAX_DYNAMIC) {
            throw new MalformedElfException("its dynamic section claims " + Long.toUnsignedString(dynamic.size())
                    + " bytes; at most " + MAX_DYNAMIC + " are read");
        }
        int entrySize = reader.is64Bit() ? 16 : 8;
        int half = entrySize / 2;
        ByteBuffer entries = reader.read(dynamic.offset(), (int) dynamic.size(), "the dynamic section");
        List<long[]> named = new ArrayList<>(); // {tag, string offset}, in the order of the section
        Long strtab = null;
        Long strsz = null;
        for (int at = 0; at + entrySize <= entries.limit(); at += entrySize) {
            long tag = reader.word(entries, at);
            long value = reader.word(entries, at + half);
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_STRTAB) {
                strtab = value;
            } else if (tag == DT_STRSZ) {
                strsz = value;
            } else if (tag == DT_NEEDED || tag == DT_SONAME || tag == DT_RPATH || tag == DT_RUNPATH) {
                named.add(new long[] {tag, value});
            }
        }
        if (named.isEmpty()) {
            return ElfFile.Dynamic.NONE;
        }
        if (strtab == null) {
            throw new MalformedElfException("its dynamic section names libraries but has no string table (DT_STRTAB)");
        }
        Map<Long, String> strings = strings(reader, table(strtab, strsz, loads), named);
        List<String> needed = new ArrayList<>();
        String soname = null;
        String runpath = null;
        String rpath = null;
        for (long[] entry : named) {
            String value = strings.get(entry[1]);
            if (entry[0] == DT_NEEDED) {
                needed.add(value);
            } else if (entry[0] == DT_SONAME) {
                soname = soname == null ? value : soname;
            } else if (entry[0] == DT_RUNPATH) {
                runpath = runpath == null ? value : runpath;
            } else {
                rpath = rpath == null ? value : rpath;
            }
        }
        return new ElfFile.Dynamic(needed, soname, runpath, rpath);
    }

    /** The string table's bytes in the file: where DT_STRTAB's address is loaded from, at most DT_STRSZ long. */
    private static Segment table(long address, Long strsz, List<Segment> loads) throws MalformedElfException {
        for (Segment load : loads) {
            long into = address - load.address();
            if (Long.compareUnsigned(address, load.address()) >= 0 && Long.compareUnsigned(into, load.size()) < 0) {
                long size = load.size() - into;
                if (strsz != null && Long.compareUnsigned(strsz, size) < 0) {
                    size = strsz;
                }
                return new Segment(load.offset() + into, address, size);
            }
        }
        throw new MalformedElfException("its string table address 0x" + Long.toHexString(address)
                + " lies in no loaded segment");
    }

    /**
     * Reads each distinct name once, in file order, through a window that only moves forward, so the one forward
     * stream is never reopened however densely the names lie. The window grows by small chunks only while a name
     * runs on, so names scattered through a large table cost little each.
     */
    private static Map<Long, String> strings(ElfReader reader, Segment table, List<long[]> named)
            throws IOException, MalformedElfException {
        Map<Long, String> strings = new TreeMap<>(Long::compareUnsigned);
        named.forEach(entry -> strings.put(entry[1], null));
        long windowStart = 0;
        byte[] window = new byte[0];
        for (Map.Entry<Long, String> entry : strings.entrySet()) {
            long offset = entry.getKey();
            if (Long.compareUnsigned(offset, table.size()) >= 0) {
                throw new MalformedElfException("a name in its dynamic section starts at offset "
                        + Long.toUnsignedString(offset) + ", past the " + table.size()
                        + " bytes of its string table");
            }
            if (offset >= windowStart + window.length) {
                windowStart = offset;
                window = chunk(reader, table, offset);
            }
            int from = (int) (offset - windowStart);
            int end = nul(window, from);
            while (end < 0) { // the name runs past the window: keep its start and read on
                long next = windowStart + window.length;
                int length = window.length - from;
                if (length >= MAX_STRING || next >= table.size()) {
                    throw new MalformedElfException("a name in its dynamic section at string offset " + offset
                            + " has no terminating NUL within " + Math.min(length, MAX_STRING) + " bytes");
                }
                byte[] more = chunk(reader, table, next);
                byte[] joined = Arrays.copyOfRange(window, from, window.length + more.length);
                System.arraycopy(more, 0, joined, length, more.length);
                windowStart = offset;
                window = joined;
                from = 0;
                end = nul(window, length);
            }
            if (end - from > MAX_STRING) {
                throw new MalformedElfException("a name in its dynamic section at string offset " + offset
                        + " has no terminating NUL within " + MAX_STRING + " bytes");
            }
            entry.setValue(new String(window, from, end - from, StandardCharsets.UTF_8));
        }
        return strings;
    }

    private static byte[] chunk(ElfReader reader, Segment table, long offset) throws IOException, MalformedElfException {
        int length = (int) Math.min(CHUNK, table.size() - offset);
        return reader.read(table.offset() + offset, length, "the names of the dynamic section").array();
    }

    private static int nul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
