package dev.lading.toolchain.packages;

/**
 * A Debian package version, {@code [epoch:]upstream[-revision]}, ordered as dpkg orders versions.
 *
 * <p>The parts are kept as written, so {@link #toString()} gives back the text of the index byte for byte (the
 * archive has versions such as {@code 0:2009.10.04-2}, and the lock, the SBOM and the dpkg status entries must
 * name them as the archive does). Hence {@code equals} compares spellings while {@link #compareTo} compares
 * versions: {@code 1.0}, {@code 0:1.0} and {@code 1.0-0} are three values that dpkg considers one version.
 *
 * @param epoch    the digits before the first colon, or empty when there is none (epoch 0)
 * @param upstream the part between the epoch and the last hyphen; starts with a digit
 * @param revision the part after the last hyphen, or empty when there is no hyphen
 */
public record DebianVersion(String epoch, String upstream, String revision) implements Comparable<DebianVersion> {

    public DebianVersion {
        String problem = problem(epoch, upstream, revision);
        if (problem != null) {
            String text = (epoch.isEmpty() ? "" : epoch + ":") + upstream + (revision.isEmpty() ? "" : "-" + revision);
            throw malformed(text, problem);
        }
    }

    /** What is wrong with these parts, or null. */
    private static String problem(String epoch, String upstream, String revision) {
        if (!epoch.isEmpty()) {
            if (!epoch.chars().allMatch(DebianVersion::isDigit)) {
                return "the epoch is not a number";
            }
            if (compareDigits(epoch, String.valueOf(Integer.MAX_VALUE)) > 0) {
                return "the epoch is too large";
            }
        }
        if (upstream.isEmpty()) {
            return "the upstream version is empty";
        }
        if (!isDigit(upstream.charAt(0))) {
            return "the upstream version does not start with a digit";
        }
        // dpkg's own character sets: a colon only makes sense after an epoch, a hyphen only before a revision.
        String problem = characterProblem(upstream, (epoch.isEmpty() ? "" : ":") + (revision.isEmpty() ? "" : "-")
                + ".+~");
        return problem != null ? problem : characterProblem(revision, ".+~");
    }

    /**
     * Parses {@code [epoch:]upstream[-revision]}: the epoch ends at the first colon, the revision starts after the
     * last hyphen. Surrounding blanks are ignored, as dpkg ignores them.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static DebianVersion parse(String text) {
        String version = text.strip();
        if (version.isEmpty()) {
            throw malformed(text, "it is empty");
        }
        int colon = version.indexOf(':');
        String epoch = "";
        if (colon >= 0) {
            epoch = version.substring(0, colon);
            if (epoch.isEmpty()) {
                throw malformed(text, "the epoch before ':' is empty");
            }
        }
        String rest = version.substring(colon + 1);
        int hyphen = rest.lastIndexOf('-');
        String revision = "";
        if (hyphen >= 0) {
            revision = rest.substring(hyphen + 1);
            if (revision.isEmpty()) {
                throw malformed(text, "the revision after the last '-' is empty");
            }
            rest = rest.substring(0, hyphen);
        }
        return new DebianVersion(epoch, rest, revision);
    }

    @Override
    public int compareTo(DebianVersion other) {
        int byEpoch = compareDigits(epoch.isEmpty() ? "0" : epoch, other.epoch.isEmpty() ? "0" : other.epoch);
        if (byEpoch != 0) {
            return byEpoch;
        }
        int byUpstream = compareParts(upstream, other.upstream);
        return byUpstream != 0 ? byUpstream : compareParts(revision, other.revision);
    }

    /** The version exactly as written. */
    @Override
    public String toString() {
        return (epoch.isEmpty() ? "" : epoch + ":") + upstream + (revision.isEmpty() ? "" : "-" + revision);
    }

    /**
     * dpkg's comparison of an upstream version or a revision: alternately a run of non-digits, compared character
     * by character with letters before other characters and {@code ~} before everything including the end, and a
     * run of digits, compared as a number of any length (a missing run counts as 0).
     */
    private static int compareParts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !isDigit(a.charAt(i))) || (j < b.length() && !isDigit(b.charAt(j)))) {
                int left = order(a, i);
                int right = order(b, j);
                if (left != right) {
                    return Integer.compare(left, right);
                }
                i++;
                j++;
            }
            int startA = i;
            while (i < a.length() && isDigit(a.charAt(i))) {
                i++;
            }
            int startB = j;
            while (j < b.length() && isDigit(b.charAt(j))) {
                j++;
            }
            int byNumber = compareDigits(a.substring(startA, i), b.substring(startB, j));
            if (byNumber != 0) {
                return byNumber;
            }
        }
        return 0;
    }

    /** The weight of the character at {@code index} in a non-digit run; the end of the text (or a digit) is 0. */
    private static int order(String text, int index) {
        if (index >= text.length()) {
            return 0;
        }
        char c = text.charAt(index);
        if (isDigit(c)) {
            return 0;
        }
        if (isLetter(c)) {
            return c;
        }
        return c == '~' ? -1 : c + 256;
    }

    /** Two runs of ASCII digits as numbers of any size; an empty run is 0. */
    private static int compareDigits(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : Integer.signum(x.compareTo(y));
    }

    private static String stripZeros(String digits) {
        int start = 0;
        while (start < digits.length() && digits.charAt(start) == '0') {
            start++;
        }
        return digits.substring(start);
    }

    private static String characterProblem(String part, String allowedPunctuation) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!isDigit(c) && !isLetter(c) && allowedPunctuation.indexOf(c) < 0) {
                return "'" + c + "' is not allowed there";
            }
        }
        return null;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static IllegalArgumentException malformed(String text, String why) {
        return new IllegalArgumentException("malformed Debian version '" + text + "': " + why);
    }
}
