package dev.lading.core.buildfile;

import dev.lading.core.InputException;
import java.util.Objects;

/** A value the parser accepts as written but a later stage interprets, with where it came from. */
public record Located<T>(T value, Origin origin) {
    public Located {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(origin, "origin");
    }

    public int line() {
        return origin.line();
    }

    public InputException error(String message) {
        return origin.error(message);
    }
}
