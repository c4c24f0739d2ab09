package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CompileFailureTest {
    @Test
    void theExcerptStartsAtTheFirstError() {
        String output = "[1/2] Building C object a.o\nFAILED: a.o\n/usr/bin/cc -c a.c\n"
                + "a.c:3:5: error: use of undeclared identifier 'x'\n    x = 1;\n    ^\n1 error generated.\n"
                + "ninja: build stopped: subcommand failed.\n";
        CompileFailure failure = new CompileFailure("building the CMake project", output);
        assertEquals("building the CMake project failed", failure.getMessage());
        assertEquals(List.of("a.c:3:5: error: use of undeclared identifier 'x'", "    x = 1;", "    ^",
                "1 error generated.", "ninja: build stopped: subcommand failed."), failure.excerpt());
    }

    @Test
    void withoutAnErrorLineTheLastLinesAreShownAndLongLinesCut() {
        String output = IntStream.range(0, 30).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"))
                + "\n" + "x".repeat(1000) + "\n";
        List<String> excerpt = new CompileFailure("linking app", output).excerpt();
        assertEquals(10, excerpt.size());
        assertEquals("line 21", excerpt.get(0));
        assertTrue(excerpt.get(9).length() < 420 && excerpt.get(9).endsWith(" ..."));
    }
}
