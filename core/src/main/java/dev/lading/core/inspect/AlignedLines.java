package dev.lading.core.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines of a label and a value, where every label of one block is padded to the block's widest label plus one
 * space. This is the alignment of Go's {@code text/tabwriter} with padding 1, which {@code docker buildx imagetools
 * inspect} prints through; scripts that parse its text depend on the exact spacing, blank lines of spaces included.
 */
final class AlignedLines {
    private final StringBuilder out;
    private final List<String[]> block = new ArrayList<>();

    AlignedLines(StringBuilder out) {
        this.out = out;
    }

    AlignedLines line(String label, String value) {
        block.add(new String[] {label, value});
        return this;
    }

    /** A separator: in the block, so it is as wide as the labels, all spaces. */
    AlignedLines blank() {
        return line("", "");
    }

    /** Ends the block: the next lines are aligned among themselves. */
    void flush() {
        int width = block.stream().mapToInt(cells -> width(cells[0])).max().orElse(0) + 1;
        for (String[] cells : block) {
            out.append(cells[0]).append(" ".repeat(width - width(cells[0]))).append(cells[1]).append('\n');
        }
        block.clear();
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
