package dev.lading.core;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Bad input: a malformed argument or build file. Carries where the problem is, so the message can name the
 * file, the field and (for YAML) the line, as the contract asks.
 */
public final class InputException extends LadingException {
    private final Path file;
    private final String field;
    private final int line;

    /** A problem not tied to a file, e.g. a command-line argument. */
    public InputException(String message) {
        this(null, null, 0, message);
    }

    /**
     * @param file  the build file, or null
     * @param field the dotted field path such as {@code layers[0].files[1].dest}, or null
     * @param line  the 1-based line in the file, or 0 when unknown
     */
    public InputException(Path file, String field, int line, String message) {
        super(format(file, field, line, message));
        this.file = file;
        this.field = field;
        this.line = line;
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** The 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    private static String format(Path file, String field, int line, String message) {
        StringBuilder where = new StringBuilder();
        if (file != null) {
            where.append(file);
            if (line > 0) {
                where.append(':').append(line);
            }
        }
        if (field != null) {
            where.append(where.length() > 0 ? ": " : "").append(field);
        }
        return where.length() == 0 ? message : where + ": " + message;
    }
}
