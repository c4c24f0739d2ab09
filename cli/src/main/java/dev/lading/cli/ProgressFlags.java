package dev.lading.cli;

import dev.lading.core.InputException;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --progress}, shared by the commands that build or push. */
final class ProgressFlags {
    @Option(names = "--progress", paramLabel = "auto|tty|plain|json|quiet", defaultValue = "auto",
            description = "Progress on standard error: live bars on a terminal (tty), timestamped step lines"
                    + " (plain), a JSON event per line (json), or none (quiet). auto = tty on a terminal, else"
                    + " plain. Default: ${DEFAULT-VALUE}")
    String mode;

    Progress open(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        return switch (mode) {
            case "auto", "tty", "plain" -> new PlainProgress(err);
            case "json" -> new JsonProgress(err);
            case "quiet" -> Progress.QUIET;
            default -> throw new InputException("--progress '" + mode + "': expected auto, tty, plain, json or quiet");
        };
    }
}
