package dev.lading.toolchain.packages;

import dev.lading.core.LadingException;

import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a {@code Packages.xz} index one paragraph at a time, keeping only the fields that resolving and fetching
 * packages need. An architecture's index is tens of megabytes of text, mostly descriptions: holding it whole, for
 * eight architectures, would not fit a modest heap.
 */
public final class PackageIndex {
    /** The fields kept, each name as Debian spells it. */
    public static final List<String> FIELDS = List.of("Package", "Version", "Architecture", "Multi-Arch", "Depends",
            "Pre-Depends", "Provides", "Filename", "Size", "SHA256", "Source", "Essential", "Priority");
    private static final Set<String> KEPT = Set.copyOf(FIELDS);
    /** Fields unique to each paragraph: sharing their values would cost more than it saves. */
    private static final Set<String> UNIQUE = Set.of("Filename", "SHA256", "Size");

    private PackageIndex() {
    }

    /**
     * What the indexes of several architectures share, kept once: equal field values, and whole paragraphs of
     * {@code Architecture: all} packages, which are half of each index and the same in every one.
     */
    public static final class Pool {
        private final Map<String, String> values = new ConcurrentHashMap<>();
        private final Map<Deb822.Paragraph, Deb822.Paragraph> archAll = new ConcurrentHashMap<>();

        String value(String value) {
            return values.computeIfAbsent(value, v -> v);
        }

        Deb822.Paragraph paragraph(Deb822.Paragraph paragraph) {
            return "all".equals(paragraph.get("Architecture"))
                    ? archAll.computeIfAbsent(paragraph, p -> p) : paragraph;
        }
    }

    /** The paragraphs of the xz-compressed index {@code file}, in its order; {@code name} is for messages. */
    public static List<Deb822.Paragraph> readXz(Path file, String name, Pool pool) {
        try (InputStream in = new XZInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            return read(in, name, pool);
        } catch (IOException e) {
            throw new LadingException(name + ": unreadable index: " + e.getMessage(), e);
        }
    }

    /** The paragraphs of the uncompressed index text {@code in}. */
    public static List<Deb822.Paragraph> read(InputStream in, String name, Pool pool) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        List<Deb822.Paragraph> paragraphs = new ArrayList<>();
        StringBuilder kept = new StringBuilder();
        boolean inField = false;
        boolean keeping = false;
        int lineNumber = 0;
        int paragraphLine = 1;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                add(kept, paragraphs, pool, name, paragraphLine);
                paragraphLine = lineNumber + 1;
                inField = false;
                keeping = false;
            } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (!inField) {
                    throw new LadingException(name + ": line " + lineNumber + " continues no field");
                }
                if (keeping) {
                    kept.append(line).append('\n');
                }
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new LadingException(name + ": line " + lineNumber + " is not 'Field: value'");
                }
                inField = true;
                keeping = KEPT.contains(line.substring(0, colon));
                if (keeping) {
                    kept.append(line).append('\n');
                }
            }
        }
        add(kept, paragraphs, pool, name, paragraphLine);
        return paragraphs;
    }

    private static void add(StringBuilder kept, List<Deb822.Paragraph> paragraphs, Pool pool, String name,
                            int line) {
        if (kept.isEmpty()) {
            return;
        }
        List<Deb822.Paragraph> parsed;
        try {
            parsed = Deb822.parse(kept);
        } catch (IllegalArgumentException e) {
            throw new LadingException(name + ": paragraph at line " + line + ": " + e.getMessage(), e);
        }
        kept.setLength(0);
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : parsed.get(0).fields().entrySet()) {
            String value = field.getValue();
            if (!UNIQUE.contains(field.getKey())) {
                value = pool.value(value);
            }
            fields.put(canonical(field.getKey()), value);
        }
        if (!fields.containsKey("Package")) {
            throw new LadingException(name + ": paragraph at line " + line + " has no Package field");
        }
        paragraphs.add(pool.paragraph(new Deb822.Paragraph(fields)));
    }

    private static String canonical(String fieldName) {
        int index = FIELDS.indexOf(fieldName);
        return index >= 0 ? FIELDS.get(index) : fieldName;
    }
}
