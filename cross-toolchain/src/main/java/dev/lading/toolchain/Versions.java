package dev.lading.toolchain;

import dev.lading.core.LadingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Version numbers in what {@code --version} prints. */
final class Versions {
    private static final Pattern DOTTED = Pattern.compile("\\b(\\d+)\\.\\d+(\\.\\d+)?");

    private Versions() {
    }

    /** The first dotted number, e.g. {@code 14.0.6} in {@code Debian clang version 14.0.6}. */
    static String first(String output) {
        Matcher matcher = DOTTED.matcher(output);
        if (!matcher.find()) {
            throw new LadingException("no version number in: " + output.strip());
        }
        return matcher.group();
    }

    static int major(String output) {
        String version = first(output);
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }
}
