package dev.lading.toolchain.packages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One binary package as a {@code Packages} index describes it: what the resolver needs to choose it and what the
 * downloader needs to fetch and check it.
 *
 * @param name          the package name
 * @param version       its version
 * @param architecture  a Debian architecture, or {@code all}
 * @param multiArch     how it may satisfy relations from other architectures
 * @param depends       the {@code Depends} groups of alternatives, architecture lists not yet evaluated
 * @param preDepends    the {@code Pre-Depends} groups, likewise
 * @param provides      the virtual packages it provides
 * @param filename      its path below the mirror's root, e.g. {@code pool/main/z/zlib/zlib1g_..._arm64.deb}
 * @param size          the {@code .deb}'s size in bytes
 * @param sha256        the {@code .deb}'s SHA-256, lower-case hex
 * @param source        the source package's name; the package's own name when the index gives none
 * @param sourceVersion the source package's version; the package's own when the index gives none
 * @param essential     {@code Essential: yes}
 * @param priority      the {@code Priority} field, or {@code optional} (Debian's default) when absent
 */
public record PackageRecord(String name, DebianVersion version, String architecture, MultiArch multiArch,
                            List<List<Relation>> depends, List<List<Relation>> preDepends, List<Provide> provides,
                            String filename, long size, String sha256, String source, DebianVersion sourceVersion,
                            boolean essential, String priority) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SOURCE = Pattern.compile("([^\\s(]+)(?:\\s*\\(\\s*([^\\s)]+)\\s*\\))?");

    /** The {@code Multi-Arch} field. */
    public enum MultiArch {
        /** Absent or {@code no}: satisfies relations of its own architecture only. */
        NONE,
        /** Co-installable with itself of other architectures. */
        SAME,
        /** Satisfies relations of any architecture (tools, data). */
        FOREIGN,
        /** Satisfies {@code name:any} relations. */
        ALLOWED;

        static MultiArch parse(String value) {
            if (value == null || value.equals("no")) {
                return NONE;
            }
            return switch (value) {
                case "same" -> SAME;
                case "foreign" -> FOREIGN;
                case "allowed" -> ALLOWED;
                default -> throw new IllegalArgumentException("unknown Multi-Arch value '" + value + "'");
            };
        }
    }

    /** A {@code Provides} entry: a virtual package name, versioned only when the provider says {@code (= v)}. */
    public record Provide(String name, DebianVersion version) {
        @Override
        public String toString() {
            return version == null ? name : name + " (= " + version + ")";
        }
    }

    public PackageRecord {
        depends = copy(depends);
        preDepends = copy(preDepends);
        provides = List.copyOf(provides);
        checkSha256(sha256);
        parseSize(String.valueOf(size));
    }

    private static String checkSha256(String text) {
        if (!SHA256.matcher(text).matches()) {
            throw new IllegalArgumentException("expected 64 hex digits, got '" + text + "'");
        }
        return text;
    }

    private static long parseSize(String text) {
        try {
            long size = Long.parseLong(text);
            if (size >= 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below, as a negative size is
        }
        throw new IllegalArgumentException("expected a size in bytes, got '" + text + "'");
    }

    /**
     * The record of one paragraph of a {@code Packages} index.
     *
     * @throws IllegalArgumentException naming the package and the field that is missing or malformed
     */
    public static PackageRecord of(Deb822.Paragraph paragraph) {
        String name = paragraph.get("Package");
        if (name == null) {
            throw new IllegalArgumentException("a paragraph has no Package field");
        }
        String field = "Version";
        try {
            DebianVersion version = DebianVersion.parse(paragraph.require(field));
            field = "Architecture";
            String architecture = paragraph.require(field);
            field = "Multi-Arch";
            MultiArch multiArch = MultiArch.parse(paragraph.get(field));
            field = "Depends";
            List<List<Relation>> depends = Relation.parseField(paragraph.get(field));
            field = "Pre-Depends";
            List<List<Relation>> preDepends = Relation.parseField(paragraph.get(field));
            field = "Provides";
            List<Provide> provides = provides(paragraph.get(field));
            field = "Filename";
            String filename = paragraph.require(field);
            field = "Size";
            long size = parseSize(paragraph.require(field));
            field = "SHA256";
            String sha256 = checkSha256(paragraph.require(field).toLowerCase(Locale.ROOT));
            field = "Source";
            String source = name;
            DebianVersion sourceVersion = version;
            String sourceField = paragraph.get(field);
            if (sourceField != null) {
                // "Source: name", or "Source: name (version)" when the binary's version differs (binNMUs).
                Matcher parts = SOURCE.matcher(sourceField.strip());
                if (!parts.matches() || !Relation.isPackageName(parts.group(1))) {
                    throw new IllegalArgumentException("expected 'name' or 'name (version)', got '" + sourceField
                            + "'");
                }
                source = parts.group(1);
                sourceVersion = parts.group(2) != null ? DebianVersion.parse(parts.group(2)) : version;
            }
            field = "Essential";
            boolean essential = "yes".equals(paragraph.get(field));
            String priority = paragraph.get("Priority") == null ? "optional" : paragraph.get("Priority");
            return new PackageRecord(name, version, architecture, multiArch, depends, preDepends, provides, filename,
                    size, sha256, source, sourceVersion, essential, priority);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("package " + name + ": " + field + ": " + e.getMessage(), e);
        }
    }

    /**
     * How strongly the archive wants this package installed, for choosing between providers:
     * {@code required} highest, then {@code important}, {@code standard}, {@code optional}, {@code extra}.
     */
    public int priorityRank() {
        return switch (priority) {
            case "required" -> 5;
            case "important" -> 4;
            case "standard" -> 3;
            case "optional" -> 2;
            case "extra" -> 1;
            default -> 0;
        };
    }

    /** {@code name version architecture}, the way apt names one package version. */
    @Override
    public String toString() {
        return name + " " + version + " " + architecture;
    }

    private static List<Provide> provides(String field) {
        List<Provide> provides = new ArrayList<>();
        for (List<Relation> group : Relation.parseField(field)) {
            Relation relation = group.get(0);
            if (group.size() > 1 || relation.archQualifier() != null || !relation.architectures().isEmpty()
                    || (relation.op() != null && relation.op() != Relation.Op.EQUAL)) {
                throw new IllegalArgumentException("a Provides entry is a name with at most '(= version)': "
                        + Relation.formatGroup(group));
            }
            provides.add(new Provide(relation.name(), relation.version()));
        }
        return List.copyOf(provides);
    }

    private static List<List<Relation>> copy(List<List<Relation>> field) {
        return field.stream().map(List::copyOf).toList();
    }
}
