package dev.lading.cli;

import dev.lading.core.InputException;
import dev.lading.core.sign.KeyFiles;
import dev.lading.core.sign.SigningKey;
import java.io.Console;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The password of a signing key: {@code LADING_KEY_PASSWORD} when set (CI), else typed on the terminal without
 * echo. Without either there is no way to ask, which is bad usage. The password never reaches any output.
 */
final class KeyPassword {
    static final String VARIABLE = "LADING_KEY_PASSWORD";

    private KeyPassword() {
    }

    /** The private key of {@code file}; the password is asked only when the file is encrypted. */
    static SigningKey load(Path file) {
        return KeyFiles.readSigningKey(file, () -> existing(file));
    }

    private static char[] existing(Path file) {
        String variable = System.getenv(VARIABLE);
        if (variable != null && !variable.isEmpty()) {
            return variable.toCharArray();
        }
        Console console = terminal(file + " is encrypted");
        char[] typed = console.readPassword("Password for %s: ", file);
        if (typed == null) {
            throw new InputException("no password typed for " + file);
        }
        return typed;
    }

    /** The password of a new key, typed twice on a terminal so that a typo cannot lock the key away. */
    static char[] forNewKey() {
        String variable = System.getenv(VARIABLE);
        if (variable != null && !variable.isEmpty()) {
            return variable.toCharArray();
        }
        Console console = terminal("the new key is encrypted");
        char[] first = console.readPassword("Password for the new key: ");
        char[] second = console.readPassword("The same password again: ");
        try {
            if (first == null || first.length == 0) {
                throw new InputException("the key needs a non-empty password");
            }
            if (!Arrays.equals(first, second)) {
                throw new InputException("the two passwords differ; no key was written");
            }
            return first.clone();
        } finally {
            Arrays.fill(first == null ? new char[0] : first, '\0');
            Arrays.fill(second == null ? new char[0] : second, '\0');
        }
    }

    private static Console terminal(String why) {
        Console console = System.console();
        if (console == null) {
            throw new InputException(why + ": set " + VARIABLE + " or run on a terminal to type the password");
        }
        return console;
    }
}
