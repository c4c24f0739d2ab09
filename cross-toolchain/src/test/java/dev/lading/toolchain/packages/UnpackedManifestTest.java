package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.layer.LayerEntry.Type;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnpackedManifestTest {
    private static final String ALPHABET = "ab\\\t\n\r-,é/ tn";

    @TempDir
    Path temp;

    /** Whatever the strings hold (tabs, newlines, backslashes, commas), what is written is what is read. */
    @Test
    void readsBackWhatItWrote() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 200; round++) {
            List<UnpackedDebs.Package> packages = new ArrayList<>();
            for (int p = random.nextInt(3); p > 0; p--) {
                Map<String, String> control = new LinkedHashMap<>();
                control.put("Package", text(random));
                control.put("Description", text(random));
                packages.add(new UnpackedDebs.Package("pkg" + p, control,
                        random.nextBoolean() ? List.of() : List.of("preinst", "postinst"),
                        random.nextBoolean() ? null : text(random)));
            }
            List<UnpackedDebs.Entry> entries = new ArrayList<>();
            for (int e = random.nextInt(4); e > 0; e--) {
                Type type = Type.values()[random.nextInt(3)];
                entries.add(new UnpackedDebs.Entry("p" + text(random), type, random.nextInt(07777),
                        random.nextInt(70000), random.nextInt(70000), type == Type.SYMLINK ? text(random) : null,
                        random.nextBoolean() ? null : "pkg"));
            }
            Path file = temp.resolve("m" + round);
            UnpackedManifest.write(file, packages, entries);
            Map.Entry<List<UnpackedDebs.Package>, List<UnpackedDebs.Entry>> read = UnpackedManifest.read(file);
            assertEquals(packages, read.getKey());
            assertEquals(entries, read.getValue());
        }
    }

    private static String text(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }
}
