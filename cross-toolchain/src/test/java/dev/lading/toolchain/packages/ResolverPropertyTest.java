package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The resolver on random indexes: whatever it returns is closed under the relations, names each package once, in
 * dependency order, and does not depend on the order of the index; whatever it refuses is an input error.
 */
class ResolverPropertyTest {
    private static final String[] OPS = {">=", "<<", "=", "<=", ">>"};

    @Test
    void resultsAreClosedOrderedAndIndependentOfTheIndexOrder() {
        Random random = new Random(42);
        int resolved = 0;
        int refused = 0;
        for (int round = 0; round < 200; round++) {
            List<String> paragraphs = randomIndex(random);
            List<String> requests = new ArrayList<>();
            for (int r = random.nextInt(3) + 1; r > 0; r--) {
                requests.add(random.nextInt(5) == 0 ? "v" + random.nextInt(4) : "p" + random.nextInt(25));
            }
            PackageUniverse universe = Indexes.universe("arm64", String.join("\n", paragraphs));
            List<String> shuffled = new ArrayList<>(paragraphs);
            Collections.shuffle(shuffled, random);
            PackageUniverse reordered = Indexes.universe("arm64", String.join("\n", shuffled));
            Resolution resolution;
            try {
                resolution = Resolver.resolve(requests, universe);
            } catch (InputException e) {
                refused++;
                InputException again = assertThrows(InputException.class,
                        () -> Resolver.resolve(requests, reordered));
                assertEquals(e.getMessage(), again.getMessage());
                assertTrue(e.getMessage().startsWith("cannot satisfy "), e.getMessage());
                continue;
            }
            resolved++;
            String context = requests + " in\n" + String.join("\n", paragraphs);
            assertEquals(resolution, Resolver.resolve(requests, reordered), context);
            assertClosedAndOrdered(resolution, context);
        }
        assertTrue(resolved > 40 && refused > 20, "both outcomes are exercised: " + resolved + "/" + refused);
    }

    private static void assertClosedAndOrdered(Resolution resolution, String context) {
        Map<String, PackageRecord> chosen = new HashMap<>();
        for (PackageRecord record : resolution.packages()) {
            assertTrue(chosen.put(record.name(), record) == null, "twice: " + record.name() + " " + context);
        }
        assertEquals(chosen.keySet(), resolution.reasons().keySet());
        Map<String, Set<String>> edges = new HashMap<>();
        for (PackageRecord record : resolution.packages()) {
            List<List<Relation>> groups = new ArrayList<>(record.preDepends());
            groups.addAll(record.depends());
            for (List<Relation> group : Relation.forArchitecture(groups, "arm64")) {
                Set<String> satisfiers = new HashSet<>();
                for (Relation relation : group) {
                    for (PackageRecord candidate : chosen.values()) {
                        if (meets(candidate, relation)) {
                            satisfiers.add(candidate.name());
                        }
                    }
                }
                assertTrue(!satisfiers.isEmpty(), record.name() + ": " + Relation.formatGroup(group) + " unmet, "
                        + context);
                satisfiers.remove(record.name());
                edges.computeIfAbsent(record.name(), n -> new HashSet<>()).addAll(satisfiers);
            }
        }
        // A package comes after everything it depends on, unless that depends on it in turn (a cycle).
        List<String> order = resolution.names();
        for (String dependent : order) {
            for (String dependency : edges.getOrDefault(dependent, Set.of())) {
                boolean before = order.indexOf(dependency) < order.indexOf(dependent);
                boolean cycle = reaches(edges, dependency, dependent);
                assertTrue(before || cycle, dependency + " after " + dependent + " in " + order + ", " + context);
            }
        }
    }

    /** The rules a relation is met by, restated independently of the resolver. */
    private static boolean meets(PackageRecord candidate, Relation relation) {
        if ("any".equals(relation.archQualifier()) && candidate.multiArch() != PackageRecord.MultiArch.ALLOWED) {
            return false;
        }
        if (candidate.name().equals(relation.name()) && relation.acceptsVersion(candidate.version())) {
            return true;
        }
        return candidate.provides().stream().anyMatch(p -> p.name().equals(relation.name())
                && (relation.op() == null || (p.version() != null && relation.acceptsVersion(p.version()))));
    }

    private static boolean reaches(Map<String, Set<String>> edges, String from, String to) {
        Set<String> seen = new HashSet<>();
        List<String> pending = new ArrayList<>(List.of(from));
        while (!pending.isEmpty()) {
            String next = pending.remove(pending.size() - 1);
            if (next.equals(to)) {
                return true;
            }
            if (seen.add(next)) {
                pending.addAll(edges.getOrDefault(next, Set.of()));
            }
        }
        return false;
    }

    /** 25 packages p0..p24 in one or two versions; relations also name p25..p29 (missing) and virtual v0..v3. */
    private static List<String> randomIndex(Random random) {
        List<String> paragraphs = new ArrayList<>();
        for (int p = 0; p < 25; p++) {
            int versions = random.nextInt(4) == 0 ? 2 : 1;
            for (int v = 1; v <= versions; v++) {
                StringBuilder text = new StringBuilder("Package: p" + p + "\nVersion: " + v + ".0\n");
                if (random.nextInt(6) == 0) {
                    text.append("Architecture: all\n");
                }
                if (random.nextInt(6) == 0) {
                    text.append("Multi-Arch: allowed\n");
                }
                List<String> groups = new ArrayList<>();
                for (int g = random.nextInt(4); g > 0; g--) {
                    List<String> alternatives = new ArrayList<>();
                    for (int a = random.nextInt(4) == 0 ? 2 : 1; a > 0; a--) {
                        alternatives.add(randomRelation(random));
                    }
                    groups.add(String.join(" | ", alternatives));
                }
                if (!groups.isEmpty()) {
                    text.append(random.nextInt(5) == 0 ? "Pre-Depends: " : "Depends: ")
                            .append(String.join(", ", groups)).append('\n');
                }
                if (random.nextInt(4) == 0) {
                    int virtual = random.nextInt(4);
                    text.append("Provides: v").append(virtual).append(random.nextBoolean() ? "" : " (= " + v + ".5)")
                            .append('\n');
                }
                if (random.nextInt(5) == 0) {
                    text.append("Priority: ").append(random.nextBoolean() ? "required" : "extra").append('\n');
                }
                paragraphs.add(text.toString());
            }
        }
        return paragraphs;
    }

    private static String randomRelation(Random random) {
        int kind = random.nextInt(40);
        // Mostly packages of the index, sometimes a virtual name, rarely a package the index lacks.
        String name = kind < 6 ? "v" + random.nextInt(4)
                : kind == 6 ? "p" + (25 + random.nextInt(5)) : "p" + random.nextInt(25);
        String qualifier = random.nextInt(10) == 0 ? ":any" : "";
        String version = random.nextInt(4) == 0
                ? " (" + OPS[random.nextInt(OPS.length)] + " " + (random.nextInt(3) + 1) + ".0)" : "";
        String restriction = random.nextInt(10) == 0 ? (random.nextBoolean() ? " [amd64]" : " [!amd64]") : "";
        return name + qualifier + version + restriction;
    }
}
