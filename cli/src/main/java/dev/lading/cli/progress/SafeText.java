package dev.lading.cli.progress;

/**
 * Text from events made safe for a terminal or a log. Reasons come from registry responses and paths from the
 * user's disk, so they may hold escape sequences or line breaks that would redraw a screen or forge log lines.
 */
public final class SafeText {
    private SafeText() {
    }

    /** Every control character (C0, DEL, C1) replaced by {@code ?}; everything else kept as it is. */
    public static String of(String text) {
        StringBuilder safe = null;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                if (safe == null) {
                    safe = new StringBuilder(text);
                }
                safe.setCharAt(i, '?');
            }
        }
        return safe == null ? text : safe.toString();
    }
}
