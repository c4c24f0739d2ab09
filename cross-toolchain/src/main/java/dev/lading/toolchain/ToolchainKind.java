package dev.lading.toolchain;

import dev.lading.core.InputException;
import java.util.Locale;

/** Which compiler builds the platforms: {@code auto} takes zig when it is found, else clang. */
public enum ToolchainKind {
    AUTO, ZIG, CLANG;

    /** @param where how the user gave the value, for the error, e.g. {@code --toolchain} */
    public static ToolchainKind parse(String value, String where) {
        for (ToolchainKind kind : values()) {
            if (kind.toString().equals(value)) {
                return kind;
            }
        }
        throw new InputException(where + " '" + value + "': expected auto, zig or clang");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
