package dev.lading.core.buildfile;

import dev.lading.core.InputException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a value stands in the build file. Kept on the values that later stages check (layer files, build
 * inputs, platforms, the base image) so their errors name the file, field and line as the parser's do.
 *
 * @param file  the build file as the user named it
 * @param field the dotted path such as {@code layers[0].files[1]}; empty for the whole document
 * @param line  the 1-based line, or 0 for a default that is not written in the file
 */
public record Origin(Path file, String field, int line) {
    public Origin {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
    }

    /** An exception for a problem with this value, to be thrown by the caller. */
    public InputException error(String message) {
        return new InputException(file, field.isEmpty() ? null : field, line, message);
    }

    Origin key(String key, int keyLine) {
        String name = Text.escape(key);
        return new Origin(file, field.isEmpty() ? name : field + "." + name, keyLine);
    }

    Origin item(int index, int itemLine) {
        return new Origin(file, field + "[" + index + "]", itemLine);
    }
}
