package dev.lading.cli.progress;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --progress}, shared by the commands that build or push. */
public final class ProgressFlags {
    @Option(names = "--progress", paramLabel = "auto|tty|plain|json|quiet", defaultValue = "auto",
            description = "Progress on standard error: live lines redrawn in place (tty), a line per step with the"
                    + " time since the start (plain), a JSON event per line (json), or none (quiet). auto = tty on a"
                    + " terminal, else plain. Default: ${DEFAULT-VALUE}")
    String mode;

    public Progress open(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        return Progress.open(mode, err, System.console() != null, System.getenv());
    }
}
