package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ResolverTest {
    private static final PackageUniverse BASE = Indexes.universe("arm64", """
            Package: libc6
            Version: 2.41-12
            Multi-Arch: same
            Depends: libgcc-s1
            Priority: optional

            Package: libgcc-s1
            Version: 14.2.0-19
            Multi-Arch: same
            Depends: gcc-14-base (= 14.2.0-19), libc6 (>= 2.35)

            Package: gcc-14-base
            Version: 14.2.0-19
            Multi-Arch: same

            Package: zlib1g
            Version: 1:1.3.dfsg+really1.3.1-1+b1
            Source: zlib (1:1.3.dfsg+really1.3.1-1)
            Multi-Arch: same
            Depends: libc6 (>= 2.14)
            Provides: libz1

            Package: zlib1g-dev
            Version: 1:1.3.dfsg+really1.3.1-1+b1
            Source: zlib (1:1.3.dfsg+really1.3.1-1)
            Multi-Arch: same
            Depends: zlib1g (= 1:1.3.dfsg+really1.3.1-1+b1), libc6-dev | libc-dev
            Provides: libz-dev
            Recommends: pkgconf

            Package: libc6-dev
            Version: 2.41-12
            Multi-Arch: same
            Depends: libc6 (= 2.41-12), libc-dev-bin (= 2.41-12), linux-libc-dev
            Provides: libc-dev

            Package: libc-dev-bin
            Version: 2.41-12
            Depends: libc6 (>> 2.41), libc6 (<< 2.42)

            Package: linux-libc-dev
            Version: 6.12.57-1
            Architecture: all
            Multi-Arch: foreign

            Package: linux-libc-dev
            Version: 6.12.48-1
            Architecture: all
            Multi-Arch: foreign

            Package: pkgconf
            Version: 1.8.1-4
            """);

    private static Resolution resolve(PackageUniverse universe, String... requests) {
        return Resolver.resolve(List.of(requests), universe);
    }

    @Test
    void followsDependsTakesFirstSatisfiableAlternativeAndSkipsRecommends() {
        Resolution resolution = resolve(BASE, "zlib1g-dev");
        assertEquals(Set.of("zlib1g-dev", "zlib1g", "libc6", "libgcc-s1", "gcc-14-base", "libc6-dev",
                "libc-dev-bin", "linux-libc-dev"), new TreeSet<>(resolution.names()));
        assertEquals("zlib1g-dev -> libc6-dev", resolution.chain("libc6-dev"));
        assertEquals("zlib1g-dev -> libc6-dev -> linux-libc-dev", resolution.chain("linux-libc-dev"));
        assertEquals("zlib1g-dev", resolution.chain("zlib1g-dev"));
        assertEquals(List.of(), resolution.notes());
        PackageRecord zlib = record(resolution, "zlib1g");
        assertEquals("zlib", zlib.source());
        assertEquals("1:1.3.dfsg+really1.3.1-1", zlib.sourceVersion().toString());
    }

    @Test
    void severalVersionsOfOnePackageAreKeptAndTheHighestFittingIsTaken() {
        assertEquals(2, BASE.versions("linux-libc-dev").size());
        assertEquals("6.12.57-1", record(resolve(BASE, "linux-libc-dev"), "linux-libc-dev").version().toString());
        assertEquals("6.12.48-1",
                record(resolve(BASE, "linux-libc-dev (<< 6.12.57)"), "linux-libc-dev").version().toString());
        assertEquals("6.12.48-1", record(resolve(BASE, "linux-libc-dev=6.12.48-1"), "linux-libc-dev").version()
                .toString());
    }

    @Test
    void dependenciesComeBeforeDependentsAndACycleResolvesInNameOrder() {
        Resolution resolution = resolve(BASE, "zlib1g-dev");
        List<String> order = resolution.names();
        // libc6 and libgcc-s1 depend on each other: both are chosen, the cycle's members by name.
        assertEquals(List.of("gcc-14-base", "libc6", "libgcc-s1"), order.subList(0, 3));
        for (PackageRecord record : resolution.packages()) {
            for (List<Relation> group : record.depends()) {
                for (Relation relation : group) {
                    int at = order.indexOf(relation.name());
                    boolean cycle = Set.of("libc6", "libgcc-s1").containsAll(List.of(record.name(), relation.name()));
                    assertTrue(at < 0 || cycle || at < order.indexOf(record.name()), record.name() + " after "
                            + relation.name() + " in " + order);
                }
            }
        }
        // The order is the same whatever the order of the requests and of the work.
        assertEquals(order, resolve(BASE, "libgcc-s1", "linux-libc-dev", "zlib1g-dev").names());
        assertEquals(order.size(), new TreeSet<>(order).size());
    }

    @Test
    void anAlternativeAlreadyChosenIsPreferredToTheFirstOne() {
        PackageUniverse universe = Indexes.universe("arm64", """
                Package: app
                Version: 1
                Depends: mawk | gawk

                Package: mawk
                Version: 1.3.4

                Package: gawk
                Version: 5.2.1
                """);
        assertEquals(List.of("mawk", "app"), resolve(universe, "app").names());
        assertEquals(List.of("gawk", "app"), resolve(universe, "gawk", "app").names());
        Resolution skipMissing = resolve(Indexes.universe("arm64", """
                Package: app
                Version: 1
                Depends: missing (>= 1) | gawk

                Package: gawk
                Version: 5.2.1
                """), "app");
        assertEquals(List.of("gawk", "app"), skipMissing.names());
    }

    @Test
    void aVirtualPackageWithOneProvider() {
        Resolution resolution = resolve(BASE, "libz-dev");
        assertTrue(resolution.names().contains("zlib1g-dev"));
        assertEquals(new Resolution.Reason(null, "libz-dev", "libz-dev"), resolution.reasons().get("zlib1g-dev"));
        assertEquals("libz-dev (provided by zlib1g-dev)", resolution.chain("zlib1g-dev"));
    }

    @Test
    void severalProvidersChooseByPriorityThenNameAndSaySo() {
        String index = """
                Package: app
                Version: 1
                Depends: awk

                Package: original-awk
                Version: 2012-12-20-13
                Provides: awk
                Priority: optional

                Package: mawk
                Version: 1.3.4
                Provides: awk
                Priority: required

                Package: gawk
                Version: 5.2.1
                Provides: awk
                Priority: optional
                """;
        Resolution resolution = resolve(Indexes.universe("arm64", index), "app");
        assertEquals(List.of("mawk", "app"), resolution.names());
        assertEquals(1, resolution.notes().size());
        String note = resolution.notes().get(0);
        assertTrue(note.contains("awk") && note.contains("gawk, mawk, original-awk") && note.contains("chose mawk"),
                note);
        assertEquals("app -> awk (provided by mawk)", resolution.chain("mawk"));

        // Without priorities, the first by name; and a provider already chosen wins without a note.
        Resolution byName = resolve(Indexes.universe("arm64", index.replace("required", "optional")), "app");
        assertEquals(List.of("app", "gawk"), new TreeSet<>(byName.names()).stream().toList());
        Resolution chosenFirst = resolve(Indexes.universe("arm64", index), "original-awk", "app");
        assertEquals(List.of("original-awk", "app"), chosenFirst.names());
        assertEquals(List.of(), chosenFirst.notes());
    }

    @Test
    void aVersionedRelationIsOnlyMetByAVersionedProvides() {
        String index = """
                Package: app
                Version: 1
                Depends: libfoo-abi (>= 2)

                Package: unversioned
                Version: 9
                Provides: libfoo-abi

                Package: old
                Version: 1
                Provides: libfoo-abi (= 1)

                Package: new
                Version: 3
                Provides: libfoo-abi (= 3)
                """;
        assertEquals(List.of("new", "app"), resolve(Indexes.universe("arm64", index), "app").names());
        InputException e = assertThrows(InputException.class,
                () -> resolve(Indexes.universe("arm64", index.replace("(= 3)", "")), "app"));
        assertTrue(e.getMessage().contains("app -> libfoo-abi (>= 2)") && e.getMessage().contains("no provider"),
                e.getMessage());
    }

    @Test
    void multiArchQualifiers() {
        String index = """
                Package: tool
                Version: 1
                Depends: python3:any, libgcc-s1:amd64 | libgcc-s1-amd64-cross, libc6:native

                Package: python3
                Version: 3.13.5-1
                Multi-Arch: allowed

                Package: libgcc-s1
                Version: 14.2.0-19
                Multi-Arch: same

                Package: libgcc-s1-amd64-cross
                Version: 14.2.0-19cross1
                Architecture: all

                Package: libc6
                Version: 2.41-12
                Multi-Arch: same

                Package: other
                Version: 1
                Depends: libc6:any
                """;
        PackageUniverse universe = Indexes.universe("arm64", index);
        assertEquals(List.of("libc6", "libgcc-s1-amd64-cross", "python3", "tool"), resolve(universe, "tool").names());
        InputException e = assertThrows(InputException.class, () -> resolve(universe, "other"));
        assertEquals("cannot satisfy other -> libc6:any : libc6 is Multi-Arch: same, and ':any' needs "
                + "Multi-Arch: allowed", e.getMessage());
        InputException onlyOther = assertThrows(InputException.class, () -> resolve(universe, "libgcc-s1:amd64"));
        assertTrue(onlyOther.getMessage().contains("not of architecture amd64"), onlyOther.getMessage());
    }

    @Test
    void architectureAllPackagesResolveAsTheTargetsOwn() {
        PackageUniverse universe = Indexes.universe("riscv64", """
                Package: tzdata
                Version: 2025b-4
                Architecture: all
                Depends: debconf (>= 0.5) | debconf-2.0

                Package: debconf
                Version: 1.5.91
                Architecture: all
                Multi-Arch: foreign

                Package: uses-tzdata
                Version: 1
                Architecture: riscv64
                Depends: tzdata:native, tzdata:riscv64

                Package: foreign
                Version: 1
                Architecture: amd64
                """);
        Resolution resolution = resolve(universe, "uses-tzdata");
        assertEquals(List.of("debconf", "tzdata", "uses-tzdata"), resolution.names());
        assertEquals(3, universe.size(), "an amd64 package is not installable on riscv64");
        assertTrue(universe.versions("foreign").isEmpty());
    }

    @Test
    void architectureRestrictionsAreEvaluatedForTheTarget() {
        String index = """
                Package: app
                Version: 1
                Depends: libseccomp2 [!s390x], libx86 [amd64 i386], libnuma1 [linux-any]

                Package: libseccomp2
                Version: 2.6.0-2

                Package: libnuma1
                Version: 2.0.19-1

                Package: libx86
                Version: 1.1
                """;
        assertEquals(List.of("app", "libnuma1", "libseccomp2"),
                new TreeSet<>(resolve(Indexes.universe("arm64", index), "app").names()).stream().toList());
        assertEquals(List.of("app", "libnuma1"), new TreeSet<>(
                resolve(Indexes.universe("s390x", index), "app")
                        .names()).stream().toList());
    }

    @Test
    void preDependsAreFollowed() {
        PackageUniverse universe = Indexes.universe("armhf", """
                Package: libssl3t64
                Version: 3.5.1-1
                Pre-Depends: libc6 (>= 2.36)

                Package: libc6
                Version: 2.41-12
                """);
        Resolution resolution = resolve(universe, "libssl3t64");
        assertEquals(List.of("libc6", "libssl3t64"), resolution.names());
        assertEquals(new Resolution.Reason("libssl3t64", "libc6 (>= 2.36)", null), resolution.reasons().get("libc6"));
    }

    @Test
    void aMissingPackageNamesItTheRelationAndWhoAskedForIt() {
        PackageUniverse universe = Indexes.universe("arm64", """
                Package: libcurl4t64
                Version: 8.14.1-2
                Depends: libnghttp2-14 (>= 1.50), libc6

                Package: curl
                Version: 8.14.1-2
                Depends: libcurl4t64 (= 8.14.1-2)

                Package: libc6
                Version: 2.41-12
                """);
        InputException e = assertThrows(InputException.class, () -> resolve(universe, "curl"));
        assertEquals("cannot satisfy curl -> libcurl4t64 -> libnghttp2-14 (>= 1.50) : no package libnghttp2-14 in "
                + "the arm64 index", e.getMessage());
        InputException request = assertThrows(InputException.class, () -> resolve(universe, "libc6", "nosuch"));
        assertEquals("cannot satisfy request 'nosuch' : no package nosuch in the arm64 index", request.getMessage());
    }

    @Test
    void noSatisfyingVersionListsTheVersionsThereAre() {
        InputException e = assertThrows(InputException.class, () -> resolve(BASE, "linux-libc-dev (>= 7)"));
        assertEquals("cannot satisfy request 'linux-libc-dev (>= 7)' : the arm64 index has linux-libc-dev "
                + "6.12.57-1, 6.12.48-1 only", e.getMessage());
        PackageUniverse universe = Indexes.universe("arm64", """
                Package: app
                Version: 1
                Depends: liba (>= 2) | libb

                Package: liba
                Version: 1.5
                """);
        InputException group = assertThrows(InputException.class, () -> resolve(universe, "app"));
        assertEquals("cannot satisfy app -> liba (>= 2) | libb : liba (>= 2): the arm64 index has liba 1.5 only; "
                + "libb: no package libb in the arm64 index", group.getMessage());
    }

    @Test
    void aRelationOnAPackageChosenAtAnotherVersionNamesTheChain() {
        PackageUniverse universe = Indexes.universe("arm64", """
                Package: libssl-dev
                Version: 3.5.9-1
                Depends: libssl3t64 (= 3.5.9-1)

                Package: libssl3t64
                Version: 3.5.9-1

                Package: libssl3t64
                Version: 3.5.8-1
                """);
        InputException e = assertThrows(InputException.class,
                () -> resolve(universe, "libssl3t64=3.5.8-1", "libssl-dev"));
        assertEquals("cannot satisfy libssl-dev -> libssl3t64 (= 3.5.9-1) : chosen 3.5.8-1 by request "
                + "'libssl3t64=3.5.8-1'", e.getMessage());
        // Requests are all served before any dependency, so their order does not matter here.
        InputException reversed = assertThrows(InputException.class,
                () -> resolve(universe, "libssl-dev", "libssl3t64 (<< 3.5.9)"));
        assertEquals("cannot satisfy libssl-dev -> libssl3t64 (= 3.5.9-1) : chosen 3.5.8-1 by request "
                + "'libssl3t64 (<< 3.5.9)'", reversed.getMessage());
        // A dependency chosen deeper down is named by its own chain.
        PackageUniverse deeper = Indexes.universe("arm64", """
                Package: app
                Version: 1
                Depends: libssl3t64 (<< 3.5.9), libssl-dev

                Package: libssl-dev
                Version: 3.5.9-1
                Depends: libssl3t64 (= 3.5.9-1)

                Package: libssl3t64
                Version: 3.5.9-1

                Package: libssl3t64
                Version: 3.5.8-1
                """);
        InputException chain = assertThrows(InputException.class, () -> resolve(deeper, "app"));
        assertEquals("cannot satisfy app -> libssl-dev -> libssl3t64 (= 3.5.9-1) : chosen 3.5.8-1 for app -> "
                + "libssl3t64 (<< 3.5.9)", chain.getMessage());
    }

    @Test
    void malformedRequestsAreInputErrors() {
        for (String bad : List.of("", "zlib1g (>= )", "zlib1g=", "zlib1g [amd64]", "Zlib1g dev")) {
            InputException e = assertThrows(InputException.class, () -> resolve(BASE, bad), bad);
            assertTrue(e.getMessage().startsWith("malformed package request '" + bad.strip() + "'"), e.getMessage());
        }
        assertEquals("native", Resolver.parseRequest("zlib1g:native").archQualifier());
        assertNull(Resolver.parseRequest("zlib1g").op());
    }

    private static PackageRecord record(Resolution resolution, String name) {
        return resolution.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
