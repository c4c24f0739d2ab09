package dev.lading.toolchain.packages;

import dev.lading.core.LadingException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The packages one Debian architecture can install: that architecture's {@code Packages} index, which also lists
 * the suite's {@code Architecture: all} packages. Indexed by name (every version the index lists, highest first)
 * and by the virtual names they provide.
 *
 * <p>An index has some 70,000 entries and a resolution reads a few hundred, so entries are only indexed by name
 * up front and read into {@link PackageRecord}s when first asked for: building the universe costs a scan, not a
 * parse of every relation. Safe for use from several threads.
 */
public final class PackageUniverse {
    private static final Comparator<PackageRecord> HIGHEST_FIRST =
            Comparator.comparing(PackageRecord::version).reversed();

    private final String architecture;
    private final Map<String, List<Deb822.Paragraph>> paragraphs;
    private final Map<String, Set<String>> providerNames;
    private final Map<String, List<PackageRecord>> versions = new ConcurrentHashMap<>();
    private final Map<String, List<PackageRecord>> providers = new ConcurrentHashMap<>();
    private final int size;

    private PackageUniverse(String architecture, Map<String, List<Deb822.Paragraph>> paragraphs,
                            Map<String, Set<String>> providerNames, int size) {
        this.architecture = architecture;
        this.paragraphs = paragraphs;
        this.providerNames = providerNames;
        this.size = size;
    }

    /**
     * The universe of records already read.
     *
     * @param architecture the Debian architecture, e.g. {@code arm64}
     * @param packages     its packages; those of other architectures (never in a real index) are left out, and
     *                     an exact repeat of a name, version and architecture counts once
     */
    public static PackageUniverse ofRecords(String architecture, Collection<PackageRecord> packages) {
        Map<String, List<PackageRecord>> byName = new HashMap<>();
        Map<String, Set<String>> providerNames = new HashMap<>();
        for (PackageRecord record : packages) {
            if (installable(record.architecture(), architecture)) {
                byName.computeIfAbsent(record.name(), n -> new ArrayList<>()).add(record);
                for (PackageRecord.Provide provide : record.provides()) {
                    providerNames.computeIfAbsent(provide.name(), n -> new TreeSet<>()).add(record.name());
                }
            }
        }
        PackageUniverse universe = new PackageUniverse(architecture, Map.of(), providerNames, 0);
        byName.forEach((name, records) -> universe.versions.put(name, highestFirst(records)));
        return universe;
    }

    /**
     * The universe of a parsed {@code Packages} index. An entry the resolver reaches that cannot be read is a
     * {@link LadingException} naming the package and the field: the index is the archive's, not the user's, and a
     * resolution that skipped entries could be wrong.
     */
    public static PackageUniverse of(String architecture, List<Deb822.Paragraph> index) {
        Map<String, List<Deb822.Paragraph>> byName = new HashMap<>();
        Map<String, Set<String>> providerNames = new HashMap<>();
        int size = 0;
        for (Deb822.Paragraph paragraph : index) {
            String name = paragraph.get("Package");
            String packageArchitecture = paragraph.get("Architecture");
            if (name == null || packageArchitecture == null) {
                throw new LadingException("unreadable entry in the " + architecture + " Packages index: "
                        + (name == null ? "a paragraph has no Package field" : "package " + name
                        + ": no Architecture field"));
            }
            if (installable(packageArchitecture, architecture)) {
                byName.computeIfAbsent(name, n -> new ArrayList<>(1)).add(paragraph);
                String provides = paragraph.get("Provides");
                if (provides != null) {
                    for (String provided : providedNames(provides)) {
                        providerNames.computeIfAbsent(provided, n -> new TreeSet<>()).add(name);
                    }
                }
                size++;
            }
        }
        return new PackageUniverse(architecture, byName, providerNames, size);
    }

    public String architecture() {
        return architecture;
    }

    /** Every version of the real package {@code name}, highest first; empty when the index has none. */
    public List<PackageRecord> versions(String name) {
        List<PackageRecord> known = versions.get(name);
        if (known != null) {
            return known;
        }
        List<Deb822.Paragraph> entries = paragraphs.get(name);
        if (entries == null) {
            return List.of();
        }
        List<PackageRecord> records = new ArrayList<>(entries.size());
        for (Deb822.Paragraph entry : entries) {
            try {
                records.add(PackageRecord.of(entry));
            } catch (IllegalArgumentException e) {
                throw new LadingException("unreadable entry in the " + architecture + " Packages index: "
                        + e.getMessage());
            }
        }
        List<PackageRecord> sorted = highestFirst(records);
        versions.putIfAbsent(name, sorted);
        return sorted;
    }

    /** The package versions that provide {@code name}, by package name and then highest version first. */
    public List<PackageRecord> providers(String name) {
        List<PackageRecord> known = providers.get(name);
        if (known != null) {
            return known;
        }
        List<PackageRecord> found = new ArrayList<>();
        for (String provider : providerNames.getOrDefault(name, Set.of())) {
            for (PackageRecord record : versions(provider)) {
                if (record.provides().stream().anyMatch(p -> p.name().equals(name))) {
                    found.add(record);
                }
            }
        }
        List<PackageRecord> result = List.copyOf(found);
        providers.putIfAbsent(name, result);
        return result;
    }

    /** How many package entries the universe holds. */
    public int size() {
        return paragraphs.isEmpty() ? versions.values().stream().mapToInt(List::size).sum() : size;
    }

    private static boolean installable(String packageArchitecture, String architecture) {
        return packageArchitecture.equals(architecture) || packageArchitecture.equals("all");
    }

    /** Highest version first, an exact repeat of a version and architecture dropped. */
    private static List<PackageRecord> highestFirst(List<PackageRecord> records) {
        Set<String> seen = new HashSet<>();
        List<PackageRecord> unique = new ArrayList<>(records.size());
        for (PackageRecord record : records) {
            if (seen.add(record.version() + " " + record.architecture())) {
                unique.add(record);
            }
        }
        unique.sort(HIGHEST_FIRST);
        return List.copyOf(unique);
    }

    /** The names in a {@code Provides} field, read cheaply; the entries are checked when the package is read. */
    private static List<String> providedNames(String field) {
        List<String> names = new ArrayList<>();
        for (String entry : field.split(",")) {
            String name = entry.strip();
            int end = 0;
            while (end < name.length() && !Character.isWhitespace(name.charAt(end)) && name.charAt(end) != '(') {
                end++;
            }
            if (end > 0) {
                names.add(name.substring(0, end));
            }
        }
        return names;
    }
}
