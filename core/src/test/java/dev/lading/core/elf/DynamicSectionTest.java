package dev.lading.core.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.io.Content;
import dev.lading.core.testing.Generated;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The dynamic section as written, and every way a hostile file can lie about it. */
class DynamicSectionTest {
    private static ElfFile.Dynamic read(byte[] bytes) throws IOException, MalformedElfException {
        return ElfReader.read(Content.ofBytes(bytes)).orElseThrow().dynamic();
    }

    private static String name(SplittableRandom random) {
        return "lib" + Generated.string(random, "abcxyz019_-+.", 1, 30) + ".so." + random.nextInt(10);
    }

    private static ElfFile.Dynamic randomDynamic(SplittableRandom random) {
        return new ElfFile.Dynamic(Generated.list(random, 0, 12, DynamicSectionTest::name),
                random.nextBoolean() ? name(random) : null,
                random.nextBoolean() ? "$ORIGIN/../lib:/opt/" + Generated.lower(random, 1, 20) : null,
                random.nextBoolean() ? "/usr/local/lib" : null);
    }

    private static String malformed(byte[] bytes) {
        return assertThrows(MalformedElfException.class, () -> read(bytes)).getMessage();
    }

    @Test
    void readsBackWhatWasWrittenInEveryClassAndByteOrder() {
        Generated.forAll(500, random -> {
            boolean wide = random.nextBoolean();
            boolean big = random.nextBoolean();
            ElfFile.Dynamic dynamic = randomDynamic(random);
            ElfFile.Dynamic expected = dynamic.needed().isEmpty() && dynamic.soname() == null
                    && dynamic.runpath() == null && dynamic.rpath() == null ? ElfFile.Dynamic.NONE : dynamic;
            assertEquals(expected, read(DynamicElf.of(wide, big, dynamic).bytes()));
        });
    }

    @Test
    void damagedDynamicSectionsAreMalformedOrReadNeverAnotherFailure() {
        Generated.forAll(3000, random -> {
            boolean wide = random.nextBoolean();
            DynamicElf elf = DynamicElf.of(wide, random.nextBoolean(), randomDynamic(random));
            byte[] bytes = elf.bytes();
            if (random.nextInt(4) == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(elf.stringsOffset() + 1, bytes.length));
            }
            for (int i = random.nextInt(1, 6); i > 0; i--) {
                bytes[random.nextInt(elf.stringsOffset(), bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                ElfFile.Dynamic dynamic = read(bytes);
                dynamic.needed().forEach(name -> assertTrue(name.length() <= DynamicSection.MAX_STRING));
            } catch (MalformedElfException expected) {
                assertTrue(!expected.getMessage().isBlank());
            }
        });
    }

    @Test
    void aDynamicSectionCutShortIsMalformed() {
        for (boolean wide : List.of(true, false)) {
            DynamicElf elf = DynamicElf.of(wide, false, new ElfFile.Dynamic(List.of("libc.so.6"), null, null, null));
            byte[] cut = Arrays.copyOf(elf.bytes(), elf.dynamicOffset() + 3);
            assertTrue(malformed(cut).startsWith("the file has " + cut.length + " bytes, too few for segment 0"));
        }
    }

    @Test
    void aNameOffsetPastTheStringTableIsMalformed() {
        for (boolean wide : List.of(true, false)) {
            for (boolean big : List.of(true, false)) {
                DynamicElf elf = DynamicElf.of(wide, big, new ElfFile.Dynamic(List.of("libc.so.6"), null, null,
                        null));
                ByteBuffer bytes = ByteBuffer.wrap(elf.bytes()).order(big ? ByteOrder.BIG_ENDIAN
                        : ByteOrder.LITTLE_ENDIAN);
                bytes.position(elf.valueOffset(wide, 0));
                DynamicElf.word(bytes, wide, 0x7fff_fff0L);
                assertEquals("a name in its dynamic section starts at offset 2147483632, past the 11 bytes of its"
                        + " string table", malformed(bytes.array()));
            }
        }
    }

    @Test
    void aNameWithoutItsNulIsMalformed() {
        DynamicElf elf = DynamicElf.of(true, false, new ElfFile.Dynamic(List.of("libc.so.6"), null, null, null));
        byte[] bytes = elf.bytes();
        bytes[elf.dynamicOffset() - 1] = 'x'; // the NUL after the last name; DT_STRSZ ends the table there
        assertEquals("a name in its dynamic section at string offset 1 has no terminating NUL within 10 bytes",
                malformed(bytes));
    }

    @Test
    void aStringTableOutsideTheLoadedSegmentsIsMalformed() {
        DynamicElf elf = DynamicElf.of(false, true, new ElfFile.Dynamic(List.of("libc.so.6"), null, null, null));
        ByteBuffer bytes = ByteBuffer.wrap(elf.bytes()).order(ByteOrder.BIG_ENDIAN);
        bytes.putInt(elf.valueOffset(false, 1), 0x1000); // DT_STRTAB follows the one DT_NEEDED
        assertEquals("its string table address 0x1000 lies in no loaded segment", malformed(bytes.array()));
    }

    @Test
    void namesWithoutAStringTableAreMalformed() {
        DynamicElf elf = DynamicElf.of(true, false, new ElfFile.Dynamic(List.of("libc.so.6"), null, null, null));
        ByteBuffer bytes = ByteBuffer.wrap(elf.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(elf.valueOffset(true, 1) - 8, 0x6fff_fff0L); // DT_STRTAB becomes DT_VERSYM, which is ignored
        assertEquals("its dynamic section names libraries but has no string table (DT_STRTAB)",
                malformed(bytes.array()));
    }

    @Test
    void anOversizedDynamicSegmentIsRefusedBeforeItIsRead() {
        DynamicElf elf = DynamicElf.of(true, false, new ElfFile.Dynamic(List.of("libc.so.6"), null, null, null));
        byte[] bytes = Arrays.copyOf(elf.bytes(), DynamicSection.MAX_DYNAMIC * 2);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int dynamicHeader = 64 + 56;
        buffer.putLong(dynamicHeader + 32, DynamicSection.MAX_DYNAMIC + 16); // p_filesz
        assertEquals("its dynamic section claims " + (DynamicSection.MAX_DYNAMIC + 16) + " bytes; at most "
                + DynamicSection.MAX_DYNAMIC + " are read", malformed(bytes));
    }

    @Test
    void aLongNameStraddlingTheReadWindowIsReadWhole() throws Exception {
        String runpath = "/" + "r".repeat(DynamicSection.MAX_STRING - 100);
        ElfFile.Dynamic dynamic = new ElfFile.Dynamic(List.of("libz.so.1", "libc.so.6"), "libx.so.1", runpath, null);
        assertEquals(dynamic, read(DynamicElf.of(true, false, dynamic).bytes()));
        ElfFile.Dynamic tooLong = new ElfFile.Dynamic(List.of(), null, runpath + "r".repeat(200), null);
        assertTrue(malformed(DynamicElf.of(true, false, tooLong).bytes()).contains("has no terminating NUL within "
                + DynamicSection.MAX_STRING + " bytes"));
    }
}
