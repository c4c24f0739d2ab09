package dev.lading.cli;

import dev.lading.core.LadingException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lading} command: parses arguments and hands them to core; maps failures to the contract's exit codes. */
@Command(name = "lading", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Daemonless multi-platform OCI image builder for native code.",
        subcommands = {BuildCommand.class, InspectCommand.class, PushCommand.class, IndexCommand.class, LoginCommand.class, LogoutCommand.class,
                KeygenCommand.class, SignCommand.class, VerifyCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /** Standard output as bytes, for output that must be byte-exact ({@code inspect --raw}). */
    private final OutputStream stdout;

    private Main(OutputStream stdout) {
        this.stdout = stdout;
    }

    OutputStream stdout() {
        return stdout;
    }

    public static void main(String[] args) {
        System.exit(Utf8Relaunch.relaunchIfNeeded().orElseGet(() -> run(System.out, System.err, args)));
    }

    /** Runs one command line and returns its exit code; used by {@link #main} and by the tests. */
    public static int run(OutputStream stdout, OutputStream stderr, String... args) {
        CommandLine commandLine = new CommandLine(new Main(stdout));
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true));
        commandLine.setExecutionExceptionHandler(Main::handle);
        int code = commandLine.execute(args);
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        return code;
    }

    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean debug = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--debug");
        if (debug) {
            e.printStackTrace(err);
        }
        if (e instanceof LadingException lading) {
            err.println("error: " + lading.getMessage());
            return lading.exitCode();
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        if (!debug) {
            e.printStackTrace(err);
        }
        return 1;
    }
}
