package dev.lading.cli.progress;

import java.util.List;

/**
 * The escape sequences that redraw a live region in place, as docker buildx does: the cursor rests below the
 * region; each frame moves up over it, rewrites it line by line and leaves finished lines above it, where they
 * scroll away with the terminal. Knows how tall the last region was; writes nothing itself.
 */
final class TtyScreen {
    private static final String CSI = "\u001b[";
    private static final String CLEAR_LINE = "\r" + CSI + "2K";

    private int liveRows;

    /** The bytes that replace the last frame by {@code permanent} lines, once, and a new {@code live} region. */
    String frame(List<String> permanent, List<String> live) {
        StringBuilder out = new StringBuilder();
        up(out, liveRows);
        int written = 0;
        for (List<String> lines : List.of(permanent, live)) {
            for (String line : lines) {
                out.append(CLEAR_LINE).append(line).append('\n');
                written++;
            }
        }
        // a region that shrank leaves rows of the last frame below the new one: clear them and come back
        int stale = liveRows - written;
        for (int i = 0; i < stale; i++) {
            out.append(CLEAR_LINE).append('\n');
        }
        up(out, stale);
        liveRows = live.size();
        return out.toString();
    }

    private static void up(StringBuilder out, int rows) {
        if (rows > 0) {
            out.append(CSI).append(rows).append('A');
        }
    }
}
