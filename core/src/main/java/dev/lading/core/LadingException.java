package dev.lading.core;

/**
 * A failure the user should see as one clear line, never as a stack trace. The exit code follows the
 * contract: 1 when the build or the registry failed, 2 when the input (arguments, build file) is wrong.
 */
public class LadingException extends RuntimeException {
    private final int exitCode;

    public LadingException(String message) {
        this(message, 1, null);
    }

    public LadingException(String message, Throwable cause) {
        this(message, 1, cause);
    }

    protected LadingException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
