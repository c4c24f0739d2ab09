package dev.lading.cli;

import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** The {@code lading} command: parses arguments and hands them to core; maps failures to the contract's exit codes. */
// help and version options on every subcommand too: `lading build --help` is what a user types first
@Command(name = "lading", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Version.class,
        description = "Daemonless multi-platform OCI image builder for native code.")
public final class Main {
    /**
     * The subcommands by name, in the order help lists them. picocli reads every option of every command it is given,
     * by reflection, before it parses anything; a run that names its command gets only that one. The names are kept
     * here, beside the commands' own, so that choosing one reads no annotation.
     */
    private static final Map<String, Class<?>> COMMANDS = commands(BuildCommand.class, "build", LockCommand.class,
            "lock", InspectCommand.class, "inspect", PushCommand.class, "push", IndexCommand.class, "index",
            LoginCommand.class, "login", LogoutCommand.class, "logout", KeygenCommand.class, "keygen",
            SignCommand.class, "sign", VerifyCommand.class, "verify", CacheCommand.class, "cache",
            CommandLine.HelpCommand.class, "help");

    /** Standard output as bytes, for output that must be byte-exact ({@code inspect --raw}). */
    private final OutputStream stdout;

    // inherited by every subcommand, so that it may stand before or after the command's name; read from the parse
    // result by the exception handler, which is the only place that prints a trace
    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors")
    boolean debug;

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
        CommandLine commandLine = commandLine(stdout, named(args));
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true));
        commandLine.setExecutionExceptionHandler(Main::handle);
        int code = commandLine.execute(args);
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        return code;
    }

    /** Every command and its options, as picocli parses and documents them. */
    static CommandLine commandLine(OutputStream stdout) {
        return commandLine(stdout, null);
    }

    /** The command line with only the subcommand {@code name}, or with all of them when {@code name} is null. */
    private static CommandLine commandLine(OutputStream stdout, String name) {
        CommandLine commandLine = new CommandLine(new Main(stdout));
        COMMANDS.forEach((commandName, command) -> {
            if (name == null || name.equals(commandName)) {
                commandLine.addSubcommand(commandName, command);
            }
        });
        return commandLine;
    }

    /** Every subcommand's name with its class. */
    static Map<String, Class<?>> commands() {
        return COMMANDS;
    }

    private static Map<String, Class<?>> commands(Object... classesAndNames) {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        for (int i = 0; i < classesAndNames.length; i += 2) {
            commands.put((String) classesAndNames[i + 1], (Class<?>) classesAndNames[i]);
        }
        return Collections.unmodifiableMap(commands);
    }

    /**
     * The subcommand the arguments name, when it is one of ours other than {@code help}; null otherwise, so that
     * help, usage errors and their suggestions see every command. The root's options take no values, so the first
     * argument that is not an option is the command's name.
     */
    private static String named(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return COMMANDS.containsKey(arg) && !arg.equals("help") ? arg : null;
            }
        }
        return null;
    }

    /**
     * The JDK's file-system exceptions carry only the path as their message ({@code error: /a/b} says nothing):
     * their type is the reason.
     */
    static String describe(IOException e) {
        if (!(e instanceof FileSystemException fs) || fs.getFile() == null) {
            return e.getMessage();
        }
        String reason = e instanceof NoSuchFileException ? "no such file or directory"
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileAlreadyExistsException ? "already exists"
                : e instanceof NotDirectoryException ? "not a directory"
                : e instanceof DirectoryNotEmptyException ? "directory not empty"
                : fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
        return fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile()) + ": " + reason;
    }

    /** The contract's exit codes: 2 when the input (arguments, build file) is wrong, 1 when the work failed. */
    static int exitCode(LadingException e) {
        return e instanceof InputException ? 2 : 1;
    }

    private static int handle(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean debug = debug(parseResult);
        if (debug) {
            e.printStackTrace(err);
        }
        if (e instanceof LadingException lading) {
            err.println("error: " + lading.getMessage());
            return exitCode(lading);
        }
        if (e instanceof IOException io) {
            err.println("error: " + describe(io));
            return 1;
        }
        if (e instanceof UncheckedIOException unchecked) {
            err.println("error: " + describe(unchecked.getCause()));
            return 1;
        }
        if (!debug) {
            e.printStackTrace(err);
        }
        return 1;
    }

    /** Whether {@code --debug} was given at any level of the command line: {@code lading --debug index create …}. */
    private static boolean debug(ParseResult parseResult) {
        for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
