package dev.lading.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressTest {
    private final Events.Err err = new Events.Err();

    private Class<?> opened(String mode, boolean console, Map<String, String> env) {
        try (Progress progress = Progress.open(mode, err.writer, console, env)) {
            return progress.getClass();
        }
    }

    @Test
    void autoDrawsLiveOnlyOnATerminalThatIsNotDumb() {
        assertEquals(TtyProgress.class, opened("auto", true, Map.of("TERM", "xterm-256color")));
        assertEquals(TtyProgress.class, opened("auto", true, Map.of()));
        assertEquals(PlainProgress.class, opened("auto", true, Map.of("TERM", "dumb")));
        assertEquals(PlainProgress.class, opened("auto", false, Map.of("TERM", "xterm")));
    }

    @Test
    void explicitModesAreTakenAsAsked() {
        assertEquals(TtyProgress.class, opened("tty", false, Map.of("TERM", "dumb")));
        assertEquals(PlainProgress.class, opened("plain", true, Map.of()));
        assertEquals(JsonProgress.class, opened("json", true, Map.of()));
        assertSame(Progress.QUIET, Progress.open("quiet", err.writer, true, Map.of()));
        InputException unknown = assertThrows(InputException.class,
                () -> Progress.open("fancy", err.writer, true, Map.of()));
        assertTrue(unknown.getMessage().contains("'fancy'"), unknown.getMessage());
    }

    @Test
    void closingTheTtyRendererStopsItsThread() {
        Progress progress = Progress.open("tty", err.writer, false, Map.of());
        TtyProgress tty = assertInstanceOf(TtyProgress.class, progress);
        assertTrue(tty.animating());
        progress.close();
        assertTrue(!tty.animating(), "the drawing thread outlived close()");
    }

    @ParameterizedTest
    @CsvSource({"132, 132", "' 100 ', 100", "'', 80", "wide, 80", "-5, 80", "0, 80"})
    void widthComesFromColumns(String columns, int width) {
        assertEquals(width, TtyProgress.width(Map.of("COLUMNS", columns)));
    }

    @Test
    void widthWithoutColumnsIsEighty() {
        assertEquals(80, TtyProgress.width(Map.of()));
    }
}
