package dev.lading.toolchain.packages;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's control-file syntax (deb822), as {@code Release}, {@code Packages} and a package's {@code control} use
 * it: paragraphs separated by blank lines, {@code Field: value} lines, and continuation lines that start with a
 * space or tab. Field names are kept as written; lookups in Debian's files are by their canonical spelling.
 */
public final class Deb822 {
    private Deb822() {
    }

    /** One paragraph, fields in their order. Multi-line values keep their newlines, leading blank stripped. */
    public record Paragraph(Map<String, String> fields) {
        public Paragraph {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public String get(String name) {
            return fields.get(name);
        }

        public String require(String name) {
            String value = fields.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no " + name + " field");
            }
            return value;
        }
    }

    /**
     * Every paragraph of {@code text}.
     *
     * @throws IllegalArgumentException naming the line that is neither a field nor a continuation
     */
    public static List<Paragraph> parse(CharSequence text) {
        List<Paragraph> paragraphs = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        String field = null;
        StringBuilder value = null;
        int lineNumber = 0;
        int start = 0;
        int length = text.length();
        while (start <= length) {
            int end = start;
            while (end < length && text.charAt(end) != '\n') {
                end++;
            }
            lineNumber++;
            String line = text.subSequence(start, end).toString();
            start = end + 1;
            if (end == length && line.isEmpty()) {
                break;
            }
            if (line.isBlank()) {
                if (field != null) {
                    fields.put(field, value.toString());
                    field = null;
                }
                if (!fields.isEmpty()) {
                    paragraphs.add(new Paragraph(fields));
                    fields.clear();
                }
            } else if (line.startsWith("#")) {
                // a comment, wherever it stands in the paragraph (apt's .sources files have them between fields)
                continue;
            } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (field == null) {
                    throw new IllegalArgumentException("line " + lineNumber + " continues no field: " + line.strip());
                }
                value.append('\n').append(line.substring(1));
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("line " + lineNumber + " is not 'Field: value': " + line);
                }
                if (field != null) {
                    fields.put(field, value.toString());
                }
                field = line.substring(0, colon);
                value = new StringBuilder(line.substring(colon + 1).strip());
            }
        }
        if (field != null) {
            fields.put(field, value.toString());
        }
        if (!fields.isEmpty()) {
            paragraphs.add(new Paragraph(fields));
        }
        return paragraphs;
    }
}
