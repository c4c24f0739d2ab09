package dev.lading.toolchain.packages;

import java.util.Map;

/**
 * Debian architecture names and the wildcards of architecture lists ({@code linux-any}, {@code any-arm},
 * {@code gnueabihf-linux-any}...). Each Linux architecture stands for a tuple {@code abi-libc-os-cpu}, and a
 * wildcard matches when each of its parts is {@code any} or equal; a wildcard with fewer parts names the last
 * ones ({@code os-cpu}, {@code libc-os-cpu}), as dpkg's tuple table defines them.
 */
final class Architectures {
    /** The tuples of the architectures whose tuple is not simply {@code base-gnu-linux-NAME}. */
    private static final Map<String, String> TUPLES = Map.of(
            "armhf", "eabihf-gnu-linux-arm",
            "armel", "eabi-gnu-linux-arm",
            "arm64ilp32", "ilp32-gnu-linux-arm64",
            "x32", "x32-gnu-linux-amd64");

    private Architectures() {
    }

    /** Whether the Linux architecture {@code architecture} is named by {@code pattern}, a name or a wildcard. */
    static boolean matches(String architecture, String pattern) {
        if (pattern.equals(architecture) || pattern.equals("any")) {
            return true;
        }
        if (!pattern.contains("any")) {
            return false;
        }
        String[] tuple = TUPLES.getOrDefault(architecture, "base-gnu-linux-" + architecture).split("-");
        String[] wanted = pattern.split("-");
        if (wanted.length > tuple.length) {
            return false;
        }
        int offset = tuple.length - wanted.length;
        for (int i = 0; i < wanted.length; i++) {
            if (!wanted[i].equals("any") && !wanted[i].equals(tuple[offset + i])) {
                return false;
            }
        }
        return true;
    }
}
