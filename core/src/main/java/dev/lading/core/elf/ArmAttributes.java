package dev.lading.core.elf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Finds Tag_CPU_arch in an .ARM.attributes section. The format (ARM IHI 0045, "build attributes"): a version
 * byte 'A', then vendor subsections (length, vendor name) holding scoped groups (tag, length) of attributes,
 * each a ULEB128 tag followed by a ULEB128 number or a NUL-terminated string.
 */
final class ArmAttributes {
    private static final byte FORMAT_VERSION = 'A';
    private static final int TAG_FILE = 1;
    private static final int TAG_CPU_RAW_NAME = 4;
    private static final int TAG_CPU_NAME = 5;
    private static final int TAG_CPU_ARCH = 6;
    private static final int TAG_COMPATIBILITY = 32;

    private ArmAttributes() {
    }

    /** Tag_CPU_arch of the file scope of the "aeabi" subsection, or null when the section does not say. */
    static Integer cpuArch(ByteBuffer section) throws MalformedElfException {
        if (!section.hasRemaining() || section.get() != FORMAT_VERSION) {
            return null; // a format other than 'A' is unknown rather than wrong, so no version is read from it
        }
        while (section.hasRemaining()) {
            ByteBuffer subsection = part(section, section.position());
            if (!string(subsection).equals("aeabi")) {
                continue;
            }
            while (subsection.hasRemaining()) {
                int start = subsection.position();
                int scope = uleb(subsection);
                ByteBuffer attributes = part(subsection, start);
                Integer arch = scope == TAG_FILE ? fileCpuArch(attributes) : null;
                if (arch != null) {
                    return arch;
                }
            }
        }
        return null;
    }

    private static Integer fileCpuArch(ByteBuffer attributes) throws MalformedElfException {
        while (attributes.hasRemaining()) {
            int tag = uleb(attributes);
            if (tag == TAG_CPU_ARCH) {
                return uleb(attributes);
            }
            // Tags up to 31 have fixed types; from 32 on, odd tags hold strings and even ones numbers.
            if (tag == TAG_CPU_RAW_NAME || tag == TAG_CPU_NAME || tag > TAG_COMPATIBILITY && tag % 2 == 1) {
                string(attributes);
            } else if (tag == TAG_COMPATIBILITY) {
                uleb(attributes);
                string(attributes);
            } else {
                uleb(attributes);
            }
        }
        return null;
    }

    /** The part that starts at {@code start} and whose 32-bit length, counted from there, comes next. */
    private static ByteBuffer part(ByteBuffer buffer, int start) throws MalformedElfException {
        if (buffer.remaining() < Integer.BYTES) {
            throw malformed("a length is cut off");
        }
        long end = start + Integer.toUnsignedLong(buffer.getInt());
        if (end < buffer.position() || end > buffer.limit()) {
            throw malformed("a length of " + (end - start) + " bytes runs past what encloses it");
        }
        ByteBuffer part = buffer.slice(buffer.position(), (int) end - buffer.position()).order(buffer.order());
        buffer.position((int) end);
        return part;
    }

    private static int uleb(ByteBuffer buffer) throws MalformedElfException {
        int value = 0;
        for (int shift = 0; buffer.hasRemaining(); shift += 7) {
            int next = buffer.get() & 0xff;
            if (shift == 28 && next > 7) {
                throw malformed("a number is larger than 2^31");
            }
            value |= (next & 0x7f) << shift;
            if (next < 0x80) {
                return value;
            }
        }
        throw malformed("a number is cut off");
    }

    private static String string(ByteBuffer buffer) throws MalformedElfException {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            if (buffer.get() == 0) {
                return new String(buffer.array(), buffer.arrayOffset() + start, buffer.position() - start - 1,
                        StandardCharsets.ISO_8859_1);
            }
        }
        throw malformed("a string has no terminating NUL");
    }

    private static MalformedElfException malformed(String problem) {
        return new MalformedElfException(".ARM.attributes: " + problem);
    }
}
