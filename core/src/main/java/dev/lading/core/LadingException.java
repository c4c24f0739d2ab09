package dev.lading.core;

/**
 * A failure the user should see as one clear line, never as a stack trace: the build or the registry failed.
 * Bad input is the subtype {@link InputException}; the type is the whole distinction, so callers that report
 * failures (the CLI's exit codes) decide by it.
 */
public class LadingException extends RuntimeException {
    public LadingException(String message) {
        super(message);
    }

    public LadingException(String message, Throwable cause) {
        super(message, cause);
    }
}
