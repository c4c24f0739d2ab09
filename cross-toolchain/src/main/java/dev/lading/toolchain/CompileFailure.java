package dev.lading.toolchain;

import java.util.List;
import java.util.regex.Pattern;

/** A step of a platform's build failed; {@link CrossBuilder} reports every platform's in one error. */
final class CompileFailure extends Exception {
    private static final int EXCERPT_LINES = 10;
    private static final int LINE_LENGTH = 400;
    private static final Pattern ERROR = Pattern.compile("(?i)\\berror\\b");

    private final String output;

    /** @param step what failed, e.g. {@code compiling main.c} */
    CompileFailure(String step, String output) {
        super(step + " failed");
        this.output = output;
    }

    /** Whether the output of the failed step holds the text, e.g. a refusal a wrapper script printed. */
    boolean says(String text) {
        return output.contains(text);
    }

    /**
     * The first lines of the compiler's complaint: from its first line that says error, else the last lines, which
     * is where make and ninja say what stopped them.
     */
    List<String> excerpt() {
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        int first = 0;
        while (first < lines.size() && !ERROR.matcher(lines.get(first)).find()) {
            first++;
        }
        int from = first < lines.size() ? first : Math.max(0, lines.size() - EXCERPT_LINES);
        return lines.subList(from, Math.min(lines.size(), from + EXCERPT_LINES)).stream()
                .map(line -> line.length() > LINE_LENGTH ? line.substring(0, LINE_LENGTH) + " ..." : line).toList();
    }
}
