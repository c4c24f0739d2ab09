package dev.lading.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/REFERENCE.md is the user's reference: a command or flag it does not name is one users cannot find. */
class ReferenceDocumentTest {
    private static final Path REFERENCE = Path.of("..", "docs", "REFERENCE.md");

    @Test
    void namesEveryCommandAndEveryLongOption() throws IOException {
        String reference = Files.readString(REFERENCE, StandardCharsets.UTF_8);
        List<CommandLine> commands = new ArrayList<>();
        collect(Main.commandLine(new ByteArrayOutputStream()), commands);
        TreeSet<String> missing = new TreeSet<>();
        for (CommandLine command : commands) {
            String name = command.getCommandSpec().qualifiedName();
            if (!reference.contains("`" + name)) {
                missing.add(name);
            }
            // a hidden option is a knob for tests, kept out of the help and of the reference alike
            for (OptionSpec option : command.getCommandSpec().options().stream().filter(o -> !o.hidden()).toList()) {
                for (String flag : option.names()) {
                    // --push must be named on its own, not only as the start of --push-by-digest
                    if (flag.startsWith("--")
                            && !Pattern.compile(Pattern.quote(flag) + "(?![A-Za-z0-9-])").matcher(reference).find()) {
                        missing.add(name + " " + flag);
                    }
                }
            }
        }
        // the walk itself must reach the nested commands, or an empty walk would pass
        assertFalse(commands.stream().noneMatch(c -> c.getCommandSpec().qualifiedName().equals("lading index create")));
        assertEquals(new TreeSet<>(), missing, "missing from " + REFERENCE);
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}
