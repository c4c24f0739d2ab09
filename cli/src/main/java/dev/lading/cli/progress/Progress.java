package dev.lading.cli.progress;

import dev.lading.core.InputException;
import dev.lading.core.job.BuildListener;
import dev.lading.registry.TransferListener;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What shows a command's progress on standard error: the build's steps and the push's transfers. Closed when the
 * command ends, also when it fails, so that a live display never outlives the command.
 */
public interface Progress extends BuildListener, TransferListener, AutoCloseable {
    /** {@code --progress quiet}. */
    Progress QUIET = new Progress() {
    };

    @Override
    default void close() {
    }

    /**
     * The renderer for a {@code --progress} value. {@code auto} draws live only on a terminal that can take cursor
     * movement; CI logs and pipes get plain lines.
     *
     * @param console whether the command runs on a terminal ({@code System.console() != null}; on Java 17 that
     *                means standard input and output are one, so {@code 2>file} alone still counts as a terminal)
     * @param env     the environment, for {@code TERM} and {@code COLUMNS}
     */
    static Progress open(String mode, PrintWriter err, boolean console, Map<String, String> env) {
        return switch (mode) {
            case "auto" -> console && !"dumb".equals(env.get("TERM"))
                    ? TtyProgress.start(err, env) : new PlainProgress(err);
            case "tty" -> TtyProgress.start(err, env);
            case "plain" -> new PlainProgress(err);
            case "json" -> new JsonProgress(err);
            case "quiet" -> QUIET;
            default -> throw new InputException("--progress '" + mode + "': expected auto, tty, plain, json or quiet");
        };
    }
}
