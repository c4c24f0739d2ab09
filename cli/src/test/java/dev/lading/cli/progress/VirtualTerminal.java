package dev.lading.cli.progress;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of a terminal to replay what the tty renderer writes: text, {@code \r}, {@code \n} (as a tty with
 * onlcr), cursor up {@code ESC[nA} and erase in line {@code ESC[2K}. Anything else fails the test, so that the
 * renderer cannot start to rely on sequences this model would silently ignore.
 */
final class VirtualTerminal {
    private final int width;
    private final List<StringBuilder> rows = new ArrayList<>();
    private int row;
    private int col;
    private int widest;

    VirtualTerminal(int width) {
        this.width = width;
    }

    VirtualTerminal feed(String output) {
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            switch (c) {
                case '\u001b' -> i = escape(output, i);
                case '\r' -> col = 0;
                case '\n' -> {
                    row++;
                    col = 0;
                }
                default -> put(c);
            }
        }
        return this;
    }

    private int escape(String output, int at) {
        if (at + 1 >= output.length() || output.charAt(at + 1) != '[') {
            throw new AssertionError("not a CSI sequence at " + at + " in " + output);
        }
        int end = at + 2;
        while (Character.isDigit(output.charAt(end))) {
            end++;
        }
        int n = end == at + 2 ? 1 : Integer.parseInt(output.substring(at + 2, end));
        switch (output.charAt(end)) {
            case 'A' -> row = Math.max(0, row - n);
            case 'K' -> {
                if (n != 2) {
                    throw new AssertionError("only ESC[2K is modelled");
                }
                line().setLength(0);
            }
            default -> throw new AssertionError("unexpected sequence " + output.substring(at + 1, end + 1));
        }
        return end;
    }

    private void put(char c) {
        StringBuilder line = line();
        while (line.length() < col) {
            line.append(' ');
        }
        if (col < line.length()) {
            line.setCharAt(col, c);
        } else {
            line.append(c);
        }
        col++;
        widest = Math.max(widest, col);
    }

    private StringBuilder line() {
        while (rows.size() <= row) {
            rows.add(new StringBuilder());
        }
        return rows.get(row);
    }

    /** The screen's rows, without trailing empty ones. */
    List<String> screen() {
        List<String> lines = new ArrayList<>(rows.stream().map(StringBuilder::toString).toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    int cursorRow() {
        return row;
    }

    int cursorColumn() {
        return col;
    }

    /** Whether any character was ever written past the width: on a real terminal that line would have wrapped. */
    boolean overflowed() {
        return widest > width;
    }
}
