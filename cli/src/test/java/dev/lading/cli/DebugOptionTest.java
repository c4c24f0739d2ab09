package dev.lading.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --debug} is one option of the root command that every subcommand inherits. */
class DebugOptionTest {
    // a host that does not parse fails before logout reads or writes any file
    private static final String BAD_HOST = "no:such:host";

    private static String stderr(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Main.run(new ByteArrayOutputStream(), err, args));
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"before", "after"})
    void printsTheStackTraceWhereverItStands(String where) {
        String err = where.equals("before")
                ? stderr("--debug", "logout", BAD_HOST) : stderr("logout", BAD_HOST, "--debug");
        assertTrue(err.contains("InputException"), err);
        assertTrue(err.contains("\tat dev.lading.cli.LogoutCommand.call"), err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"logout", "index create"})
    void everyCommandListsItInItsHelp(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = (command + " --help").split(" ");
        assertEquals(0, Main.run(out, new ByteArrayOutputStream(), args));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--debug"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutItAnErrorIsOneLine() {
        String err = stderr("logout", BAD_HOST);
        assertFalse(err.contains("\tat "), err);
        assertEquals(1, err.lines().count(), err);
    }
}
