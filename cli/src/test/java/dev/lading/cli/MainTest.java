package dev.lading.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command gives picocli only the subcommand a run names, and behaves as if it had all of them. */
class MainTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(out, err, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyNameIsItsCommandsOwn() {
        for (Map.Entry<String, Class<?>> command : Main.commands().entrySet()) {
            assertEquals(command.getKey(), command.getValue().getAnnotation(Command.class).name());
        }
        assertEquals(Main.commands().keySet(), Main.commandLine(new ByteArrayOutputStream()).getSubcommands().keySet());
    }

    @Test
    void theRootHelpListsEveryCommandInOrder() {
        Run help = run("--help");
        assertEquals(0, help.code());
        int last = -1;
        for (String name : Main.commands().keySet()) {
            int at = help.out().indexOf("\n  " + name + " ");
            assertTrue(at > last, name + " missing or out of order in:\n" + help.out());
            last = at;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"build", "inspect", "logout"})
    void aNamedCommandsHelpIsTheSameAsWithAllCommands(String name) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        CommandLine full = Main.commandLine(all);
        String expected = full.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF);
        Run help = run(name, "--help");
        assertEquals(0, help.code());
        assertEquals(expected, help.out());
    }

    @Test
    void helpOfACommandAndUnknownCommandsSeeEveryCommand() {
        Run help = run("help", "push");
        assertEquals(0, help.code());
        assertTrue(help.out().startsWith("Usage: lading push"), help.out());
        Run typo = run("--debug", "biuld");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("Did you mean: lading build?"), typo.err());
    }
}
