package dev.lading.toolchain.packages;

import dev.lading.core.LadingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackageIndexTest {
    @TempDir
    Path dir;

    private static List<Deb822.Paragraph> read(String text) throws IOException {
        return read(text, new PackageIndex.Pool());
    }

    private static List<Deb822.Paragraph> read(String text, PackageIndex.Pool pool) throws IOException {
        return PackageIndex.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test", pool);
    }

    @Test
    void keepsExactlyTheResolversFieldsOfAnyParagraphs() throws IOException {
        Random random = new Random(11);
        List<String> others = List.of("Description", "Maintainer", "Section", "Installed-Size", "Tag", "Homepage",
                "Description-md5", "Breaks", "Recommends");
        List<String> all = new ArrayList<>(PackageIndex.FIELDS);
        all.addAll(others);
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            List<Map<String, String>> expected = new ArrayList<>();
            int paragraphs = 1 + random.nextInt(5);
            for (int p = 0; p < paragraphs; p++) {
                Map<String, String> kept = new LinkedHashMap<>();
                kept.put("Package", "pkg" + p);
                text.append("Package: pkg").append(p).append('\n');
                for (String field : all) {
                    if (field.equals("Package") || random.nextInt(3) == 0) {
                        continue;
                    }
                    String value = "v" + random.nextInt(1000);
                    text.append(field).append(": ").append(value).append('\n');
                    int continuations = random.nextInt(3);
                    for (int c = 0; c < continuations; c++) {
                        String more = random.nextBoolean() ? "." : "more " + c;
                        text.append(' ').append(more).append('\n');
                        value += "\n" + more;
                    }
                    if (PackageIndex.FIELDS.contains(field)) {
                        kept.put(field, value);
                    }
                }
                expected.add(kept);
                text.append(random.nextBoolean() ? "\n" : "\n\n");
            }
            List<Deb822.Paragraph> read = read(text.toString());
            assertEquals(expected, read.stream().map(Deb822.Paragraph::fields).toList(), text.toString());
        }
    }

    @Test
    void equalValuesShareOneString() throws IOException {
        List<Deb822.Paragraph> read = read("Package: a\nArchitecture: arm64\nDepends: libc6 (>= 2.34)\n\n"
                + "Package: b\nArchitecture: arm64\nDepends: libc6 (>= 2.34)\n");
        assertSame(read.get(0).get("Architecture"), read.get(1).get("Architecture"));
        assertSame(read.get(0).get("Depends"), read.get(1).get("Depends"));
    }

    @Test
    void architecturesShareTheirArchAllParagraphsThroughAPool() throws IOException {
        PackageIndex.Pool pool = new PackageIndex.Pool();
        String all = "Package: tzdata\nVersion: 2025b\nArchitecture: all\nFilename: pool/main/t/tzdata/t.deb\n\n";
        List<Deb822.Paragraph> amd64 = read(all + "Package: libc6\nVersion: 2.41\nArchitecture: amd64\n", pool);
        List<Deb822.Paragraph> arm64 = read(all + "Package: libc6\nVersion: 2.41\nArchitecture: arm64\n", pool);
        assertSame(amd64.get(0), arm64.get(0));
        assertEquals("arm64", arm64.get(1).get("Architecture"));
        assertSame(amd64.get(1).get("Version"), arm64.get(1).get("Version"));
    }

    @Test
    void aParagraphWithoutPackageOrAMalformedLineNamesItsLine() throws IOException {
        LadingException missing = assertThrows(LadingException.class,
                () -> read("Package: a\nVersion: 1\n\nVersion: 2\nArchitecture: all\n"));
        assertTrue(missing.getMessage().contains("line 4 has no Package field"), missing.getMessage());
        LadingException continuation = assertThrows(LadingException.class,
                () -> read("Package: a\n\n Depends: b\nPackage: c\n"));
        assertTrue(continuation.getMessage().contains("line 3 continues no field"), continuation.getMessage());
        LadingException noColon = assertThrows(LadingException.class, () -> read("Package: a\nnonsense\n"));
        assertTrue(noColon.getMessage().contains("line 2 is not 'Field: value'"), noColon.getMessage());
    }

    @Test
    void readsXzCompressedIndexes() throws IOException {
        Path file = Files.write(dir.resolve("Packages.xz"),
                FixtureArchive.xz("Package: zlib1g\nVersion: 1:1.3\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("1:1.3", PackageIndex.readXz(file, "x", new PackageIndex.Pool()).get(0).get("Version"));
        Path broken = Files.write(dir.resolve("broken.xz"), new byte[] {1, 2, 3});
        LadingException e = assertThrows(LadingException.class,
                () -> PackageIndex.readXz(broken, "broken index", new PackageIndex.Pool()));
        assertTrue(e.getMessage().startsWith("broken index: unreadable index"), e.getMessage());
    }
}
