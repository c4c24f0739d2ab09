package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DepFileTest {
    private static final Path DIR = Path.of("/build/obj");

    @Test
    void continuedLinesEscapedSpacesAndRelativePaths() {
        String text = "/build/obj/app/main.c.o: /src/main.c \\\n  /src/my\\ header.h ../inc/util.h \\\n"
                + "  /usr/include/stdio.h\n";
        assertEquals(List.of(Path.of("/src/main.c"), Path.of("/src/my header.h"), Path.of("/build/inc/util.h"),
                Path.of("/usr/include/stdio.h")), DepFile.prerequisites(text, DIR));
    }

    @Test
    void onlyTheFirstRuleCountsAndDollarsAreUnescaped() {
        String text = "a.o: a.c cost$$.h\nb.h:\n";
        assertEquals(List.of(DIR.resolve("a.c"), DIR.resolve("cost$.h")), DepFile.prerequisites(text, DIR));
    }

    @Test
    void windowsLineEndingsAndAnEmptyRule() {
        assertEquals(List.of(DIR.resolve("a.c"), DIR.resolve("b.h")),
                DepFile.prerequisites("a.o: a.c \\\r\n b.h\r\n", DIR));
        assertEquals(List.of(), DepFile.prerequisites("a.o:\n", DIR));
    }
}
