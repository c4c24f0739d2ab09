package dev.lading.core.buildfile;

/** User text echoed in messages and field paths, kept to one readable line whatever the file holds. */
final class Text {
    private static final int MAX_ECHO = 80;

    private Text() {
    }

    /** Control characters as escapes, so a key or value with a line break cannot split a message. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    /** A value in quotes, shortened when long: messages point at the line, they need not repeat it. */
    static String quote(String text) {
        String shown = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
        return "'" + escape(shown) + "'";
    }
}
