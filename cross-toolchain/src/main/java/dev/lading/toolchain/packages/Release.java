package dev.lading.toolchain.packages;

import dev.lading.core.LadingException;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A suite's {@code Release} data, read from the signed text of its {@code InRelease}: what it is, until when it may
 * be trusted, and the size and SHA-256 of every index file it vouches for.
 *
 * @param dist          the suite name the file was fetched under ({@code dists/DIST/InRelease})
 * @param validUntil    when the file stops being trustworthy, or null when it never does (stable suites)
 * @param acquireByHash whether the indexes are also served under {@code by-hash/SHA256/HEX}
 * @param files         the {@code SHA256} list, by path relative to {@code dists/DIST/}
 */
public record Release(String dist, String codename, String suite, Instant date, Instant validUntil,
                      List<String> architectures, List<String> components, boolean acquireByHash,
                      Map<String, IndexFile> files) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    /** Release dates are RFC 2822 dates; the weekday is dropped, as a wrong one must not make a file unreadable. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss [z][Z]",
            Locale.ROOT);

    /** One index file the release vouches for. */
    public record IndexFile(String path, long size, String sha256) {
    }

    public Release {
        architectures = List.copyOf(architectures);
        components = List.copyOf(components);
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    public Optional<IndexFile> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    /**
     * Reads the signed text of an {@code InRelease}.
     *
     * @param name what the text came from, for messages
     * @param now  the time to check {@code Valid-Until} against
     * @throws LadingException naming {@code name} when a field is malformed, the file has expired, or it is the
     *                         release of another suite than {@code dist}
     */
    public static Release parse(String dist, String signedText, String name, Instant now) {
        List<Deb822.Paragraph> paragraphs;
        try {
            paragraphs = Deb822.parse(signedText);
        } catch (IllegalArgumentException e) {
            throw new LadingException(name + ": " + e.getMessage(), e);
        }
        if (paragraphs.isEmpty()) {
            throw new LadingException(name + " is empty");
        }
        Deb822.Paragraph fields = paragraphs.get(0);
        String codename = fields.get("Codename");
        String suite = fields.get("Suite");
        if (!dist.equals(codename) && !dist.equals(suite)) {
            // A validly signed file of another suite (an older stable, say) must not stand in for this one.
            throw new LadingException(name + " is the release of " + (codename != null ? codename : suite)
                    + ", not of " + dist);
        }
        Instant date = date(required(fields, "Date", name), "Date", name);
        String validText = fields.get("Valid-Until");
        Instant validUntil = validText == null ? null : date(validText, "Valid-Until", name);
        if (validUntil != null && now.isAfter(validUntil)) {
            throw new LadingException(name + " expired at " + validUntil + " (Valid-Until); the mirror serves a "
                    + "stale release");
        }
        Map<String, IndexFile> files = new LinkedHashMap<>();
        for (String line : required(fields, "SHA256", name).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split("\\s+");
            if (parts.length != 3 || !HEX64.matcher(parts[0]).matches()) {
                throw new LadingException(name + ": malformed SHA256 line: " + line.strip());
            }
            try {
                files.put(parts[2], new IndexFile(parts[2], Long.parseLong(parts[1]), parts[0]));
            } catch (NumberFormatException e) {
                throw new LadingException(name + ": malformed size in SHA256 line: " + line.strip());
            }
        }
        return new Release(dist, codename, suite, date, validUntil, words(fields.get("Architectures")),
                words(fields.get("Components")), "yes".equalsIgnoreCase(fields.get("Acquire-By-Hash")), files);
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
    }

    private static String required(Deb822.Paragraph fields, String field, String name) {
        String value = fields.get(field);
        if (value == null) {
            throw new LadingException(name + " has no " + field + " field");
        }
        return value;
    }

    static Instant date(String text, String field, String name) {
        String value = text.strip();
        int comma = value.indexOf(',');
        if (comma >= 0) {
            value = value.substring(comma + 1).strip();
        }
        try {
            return ZonedDateTime.parse(value, DATE).toInstant();
        } catch (DateTimeParseException e) {
            throw new LadingException(name + ": unreadable " + field + " date: " + text.strip());
        }
    }
}
