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

/**
 * The packages one Debian architecture can install: that architecture's {@code Packages} index, which also lists
 * the suite's {@code Architecture: all} packages. Indexed by name (every version the index lists, highest first)
 * and by the virtual names they provide.
 */
public final class PackageUniverse {
    private static final Comparator<PackageRecord> HIGHEST_FIRST =
            Comparator.comparing(PackageRecord::version).reversed();

    private final String architecture;
    private final Map<String, List<PackageRecord>> byName = new HashMap<>();
    private final Map<String, List<PackageRecord>> byProvided = new HashMap<>();
    private final int size;

    /**
     * @param architecture the Debian architecture, e.g. {@code arm64}
     * @param packages     its packages; those of other architectures (never in a real index) are left out, and
     *                     an exact repeat of a name, version and architecture counts once
     */
    public PackageUniverse(String architecture, Collection<PackageRecord> packages) {
        this.architecture = architecture;
        Set<String> seen = new HashSet<>();
        int count = 0;
        for (PackageRecord record : packages) {
            boolean installable = record.architecture().equals(architecture) || record.architecture().equals("all");
            if (installable && seen.add(record.name() + ' ' + record.version() + ' ' + record.architecture())) {
                byName.computeIfAbsent(record.name(), n -> new ArrayList<>()).add(record);
                for (PackageRecord.Provide provide : record.provides()) {
                    byProvided.computeIfAbsent(provide.name(), n -> new ArrayList<>()).add(record);
                }
                count++;
            }
        }
        size = count;
        byName.values().forEach(versions -> versions.sort(HIGHEST_FIRST));
        // Providers by name, then highest version first: the order the resolver reports and chooses in.
        byProvided.values().forEach(providers ->
                providers.sort(Comparator.comparing(PackageRecord::name).thenComparing(HIGHEST_FIRST)));
        byName.replaceAll((name, versions) -> List.copyOf(versions));
        byProvided.replaceAll((name, providers) -> List.copyOf(providers));
    }

    /**
     * The universe of a parsed {@code Packages} index.
     *
     * @throws LadingException naming the package and field when an entry cannot be read: the index is the
     *                         archive's, not the user's, and a resolution that skipped entries could be wrong
     */
    public static PackageUniverse of(String architecture, List<Deb822.Paragraph> paragraphs) {
        List<PackageRecord> records = new ArrayList<>(paragraphs.size());
        for (Deb822.Paragraph paragraph : paragraphs) {
            try {
                records.add(PackageRecord.of(paragraph));
            } catch (IllegalArgumentException e) {
                throw new LadingException("unreadable entry in the " + architecture + " Packages index: "
                        + e.getMessage());
            }
        }
        return new PackageUniverse(architecture, records);
    }

    public String architecture() {
        return architecture;
    }

    /** Every version of the real package {@code name}, highest first; empty when the index has none. */
    public List<PackageRecord> versions(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The packages that provide {@code name}, by name and then highest version first. */
    public List<PackageRecord> providers(String name) {
        return byProvided.getOrDefault(name, List.of());
    }

    /** How many package versions the universe holds. */
    public int size() {
        return size;
    }
}
