package dev.lading.core.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.io.Content;
import dev.lading.core.testing.Generated;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.LinkOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfReaderTest {
    @TempDir
    Path dir;

    /** Counts the bytes read from its streams; skipped bytes do not count, as a file stream seeks over them. */
    private static final class CountingContent implements Content {
        private final Content content;
        long bytesRead;

        CountingContent(Content content) {
            this.content = content;
        }

        @Override
        public InputStream open() throws IOException {
            return new FilterInputStream(content.open()) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    bytesRead += b < 0 ? 0 : 1;
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    bytesRead += Math.max(n, 0);
                    return n;
                }
            };
        }

        @Override
        public long size() {
            return content.size();
        }
    }

    private static ElfFile randomElf(SplittableRandom random) {
        int machine = Generated.oneOf(random, 3, 21, 22, 40, 62, 183, 243, 258, random.nextInt(0x10000));
        boolean arm = machine == ElfFile.EM_ARM;
        String interpreter = random.nextBoolean() ? null : "/lib/" + Generated.lower(random, 1, 40) + ".so.1";
        return new ElfFile(random.nextBoolean(), random.nextBoolean(), machine,
                Generated.oneOf(random, ElfFile.ET_REL, ElfFile.ET_EXEC, ElfFile.ET_DYN), random.nextInt(),
                interpreter, arm && random.nextBoolean() ? random.nextInt(23) : null);
    }

    private static Optional<ElfFile> read(byte[] bytes) throws IOException, MalformedElfException {
        return ElfReader.read(Content.ofBytes(bytes));
    }

    @Test
    void readsBackWhatWasWritten() {
        Generated.forAll(300, random -> {
            ElfFile elf = randomElf(random);
            assertEquals(Optional.of(elf), read(SyntheticElf.bytes(elf)));
        });
    }

    @Test
    void damagedFilesAreMalformedOrReadNeverAnotherFailure() {
        Generated.forAll(2000, random -> {
            byte[] bytes = SyntheticElf.bytes(randomElf(random));
            if (random.nextBoolean()) {
                bytes = Arrays.copyOf(bytes, random.nextInt(5, bytes.length));
            }
            for (int i = random.nextInt(1, 4); i > 0; i--) {
                bytes[random.nextInt(4, bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                read(bytes);
            } catch (MalformedElfException expected) {
                assertTrue(!expected.getMessage().isBlank());
            }
        });
    }

    @Test
    void damagedArmAttributesAreMalformedOrReadNeverAnotherFailure() {
        Generated.forAll(1000, random -> {
            byte[] bytes = SyntheticElf.bytes(new ElfFile(false, random.nextBoolean(), ElfFile.EM_ARM,
                    ElfFile.ET_REL, 0x05000000, null, random.nextInt(23)));
            int attributes = 52; // an object has no program headers: its attributes follow the ELF32 header
            int sectionHeaders = bytes.length - 2 * 40;
            for (int i = random.nextInt(1, 4); i > 0; i--) {
                bytes[random.nextInt(attributes, sectionHeaders)] = (byte) random.nextInt(256);
            }
            try {
                read(bytes);
            } catch (MalformedElfException expected) {
                assertTrue(expected.getMessage().startsWith(".ARM.attributes: "), expected.getMessage());
            }
        });
    }

    @Test
    void aLargeFileThatIsNotElfIsJudgedByItsFirstBytes() throws IOException, MalformedElfException {
        Path big = dir.resolve("big.tar");
        try (FileChannel channel = FileChannel.open(big, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'u', 's', 't', 'a', 'r'}), 1L << 30);
        }
        CountingContent content = new CountingContent(Content.ofFile(big, Files.size(big)));
        assertEquals(Optional.empty(), ElfReader.read(content));
        assertTrue(content.bytesRead <= 8192, content.bytesRead + " bytes read");
    }

    @Test
    void aLargeArmFileIsReadOnlyWhereItsHeadersPoint() throws IOException, MalformedElfException {
        ElfFile elf = new ElfFile(false, false, ElfFile.EM_ARM, ElfFile.ET_EXEC, 0x05000400, "/lib/ld-linux-armhf.so.3",
                10);
        SyntheticElf layout = SyntheticElf.of(elf, 1L << 30);
        Path big = dir.resolve("big-arm");
        try (FileChannel channel = FileChannel.open(big, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(layout.head()), 0);
            channel.write(ByteBuffer.wrap(layout.tail()), layout.tailOffset());
        }
        CountingContent content = new CountingContent(Content.ofFile(big, Files.size(big)));
        assertEquals(Optional.of(elf), ElfReader.read(content));
        assertTrue(content.bytesRead <= 4 * 8192, content.bytesRead + " bytes read");
    }

    @Test
    void theLargestHostLibraryIsReadOnlyWhereItsHeadersAndNamesLie() throws IOException, MalformedElfException {
        Path largest;
        try (Stream<Path> libraries = Files.list(Path.of("/usr/lib/x86_64-linux-gnu"))) {
            largest = libraries.filter(f -> f.getFileName().toString().contains(".so"))
                    .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .max(Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
        }
        CountingContent content = new CountingContent(Content.ofFile(largest, Files.size(largest)));
        ElfFile elf = ElfReader.read(content).orElseThrow();
        assertTrue(Files.size(largest) > 10_000_000 && !elf.dynamic().needed().isEmpty(), largest + ": " + elf);
        assertTrue(content.bytesRead <= 64 * 1024, content.bytesRead + " bytes read of " + largest);
    }

    @Test
    void headersPointingOutsideTheFileAreNamed() {
        byte[] bytes = SyntheticElf.bytes(new ElfFile(true, false, 62, ElfFile.ET_EXEC, 0, "/lib/ld.so", null));
        ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(56, (short) 100); // e_phnum
        MalformedElfException e = assertThrows(MalformedElfException.class, () -> read(bytes));
        assertEquals("the file has " + bytes.length + " bytes, too few for the program headers (5600 bytes at offset"
                + " 64)", e.getMessage());
    }

    @Test
    void anUnknownClassIsMalformed() {
        byte[] bytes = SyntheticElf.bytes(new ElfFile(true, false, 62, ElfFile.ET_EXEC, 0, null, null));
        bytes[4] = 3;
        assertEquals("unknown ELF class 3", assertThrows(MalformedElfException.class, () -> read(bytes)).getMessage());
    }
}
