package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.toolchain.packages.Relation.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RelationTest {
    private static final Op[] OPS = Op.values();

    @Test
    void readsEveryPart() {
        Relation relation = Relation.parse("libc6:any (>= 2.38) [amd64 arm64] <!nocheck cross> <stage1>");
        assertEquals("libc6", relation.name());
        assertEquals("any", relation.archQualifier());
        assertEquals(Op.LATER_OR_EQUAL, relation.op());
        assertEquals(DebianVersion.parse("2.38"), relation.version());
        assertEquals(List.of("amd64", "arm64"), relation.architectures());
        assertEquals(List.of(List.of("!nocheck", "cross"), List.of("stage1")), relation.profiles());
        Relation bare = Relation.parse("zlib1g");
        assertNull(bare.op());
        assertNull(bare.version());
        assertNull(bare.archQualifier());
    }

    @Test
    void blanksAreOptionalAndObsoleteOperatorsMeanOrEqual() {
        assertEquals(Relation.parse("a (>= 1.0)"), Relation.parse("a(>=1.0)"));
        assertEquals(Relation.parse("a (<= 1.0)"), Relation.parse("a (< 1.0)"));
        assertEquals(Relation.parse("a (>= 1.0)"), Relation.parse("a\n (> 1.0 )"));
        assertEquals("a (<< 2), b:native [!i386]", Relation.format(Relation.parseField("a(<<2),b:native[!i386]")));
    }

    @Test
    void operatorsCompareAsDebianDoes() {
        DebianVersion one = DebianVersion.parse("1.0");
        DebianVersion tilde = DebianVersion.parse("1.0~rc1");
        assertTrue(Relation.parse("a (<< 1.0)").acceptsVersion(tilde));
        assertFalse(Relation.parse("a (<< 1.0)").acceptsVersion(one));
        assertTrue(Relation.parse("a (<= 1.0)").acceptsVersion(one));
        assertTrue(Relation.parse("a (= 1.0)").acceptsVersion(DebianVersion.parse("0:1.0")));
        assertFalse(Relation.parse("a (>= 1.0)").acceptsVersion(tilde));
        assertFalse(Relation.parse("a (>> 1.0)").acceptsVersion(one));
        assertTrue(Relation.parse("a").acceptsVersion(tilde));
    }

    @Test
    void architectureListsAreEvaluatedForTheTarget() {
        assertTrue(Relation.parse("a [amd64 arm64]").appliesTo("arm64"));
        assertFalse(Relation.parse("a [amd64 arm64]").appliesTo("armhf"));
        assertFalse(Relation.parse("a [!i386 !armel]").appliesTo("i386"));
        assertTrue(Relation.parse("a [!i386 !armel]").appliesTo("riscv64"));
        assertTrue(Relation.parse("a [linux-any]").appliesTo("s390x"));
        assertTrue(Relation.parse("a [any-arm]").appliesTo("armel"));
        assertFalse(Relation.parse("a [any-arm]").appliesTo("arm64"));
        assertFalse(Relation.parse("a [gnueabihf-linux-any]").appliesTo("armhf"), "3 parts are libc-os-cpu");
        assertTrue(Relation.parse("a [eabihf-any-any-any]").appliesTo("armhf"));
        assertFalse(Relation.parse("a [!linux-any]").appliesTo("ppc64el"));
        assertTrue(Relation.parse("a [any-amd64]").appliesTo("amd64"));
        assertTrue(Relation.parse("a <!nocheck>").appliesTo("amd64"), "profiles do not restrict binary relations");

        List<List<Relation>> field = Relation.parseField("a [amd64] | b [arm64], c [amd64], d");
        List<List<Relation>> reduced = Relation.forArchitecture(field, "arm64");
        assertEquals("b, d", Relation.format(
                reduced.stream().map(g -> g.stream().map(Relation::unrestricted).toList()).toList()));
    }

    @Test
    void malformedRelationsAreRefusedNamingTheText() {
        for (String bad : List.of("", "a (>> )", "a (~ 1)", "a (1.0)", "a [amd64", "a [amd64 !i386]", "a [ ]",
                "a <>", "a (>= 1.0) extra", "-a", "a:", "a:ANY", "a (>= 1.0", "a b", "a [Amd64]")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Relation.parse(bad), bad);
            assertTrue(e.getMessage().contains("malformed relation '" + bad.strip() + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Relation.parseField("a | | b"));
        assertThrows(IllegalArgumentException.class, () -> Relation.parseField("a,, b"));
        assertEquals(List.of(), Relation.parseField(" "));
        assertEquals(List.of(), Relation.parseField(null));
    }

    /** Any relation field, printed with arbitrary blanks where Debian allows them, parses back to itself. */
    @Test
    void generatedFieldsSurviveARoundTrip() {
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            List<List<Relation>> field = new ArrayList<>();
            for (int g = random.nextInt(4) + 1; g > 0; g--) {
                List<Relation> group = new ArrayList<>();
                for (int a = random.nextInt(3) + 1; a > 0; a--) {
                    group.add(randomRelation(random));
                }
                field.add(group);
            }
            String canonical = Relation.format(field);
            assertEquals(field, Relation.parseField(canonical), canonical);
            String noisy = noisy(random, field);
            assertEquals(field, Relation.parseField(noisy), noisy);
            assertEquals(canonical, Relation.format(Relation.parseField(noisy)));
        }
    }

    private static Relation randomRelation(Random random) {
        String name = pick(random, "libc6", "zlib1g", "g++", "libstdc++6", "python3.13", "x", "0ad", "lib_x",
                "a-b.c+d") + (random.nextBoolean() ? "" : String.valueOf(random.nextInt(100)));
        String qualifier = random.nextInt(4) == 0 ? pick(random, "any", "native", "amd64", "armhf") : null;
        Op op = random.nextBoolean() ? OPS[random.nextInt(OPS.length)] : null;
        DebianVersion version = op == null ? null : DebianVersion.parse(DebianVersionTest.randomVersion(random));
        List<String> architectures = new ArrayList<>();
        if (random.nextInt(4) == 0) {
            boolean negated = random.nextBoolean();
            for (int n = random.nextInt(3) + 1; n > 0; n--) {
                String architecture = pick(random, "amd64", "arm64", "linux-any", "any-arm", "i386");
                architectures.add((negated ? "!" : "") + architecture);
            }
        }
        List<List<String>> profiles = new ArrayList<>();
        for (int p = random.nextInt(4) == 0 ? random.nextInt(3) + 1 : 0; p > 0; p--) {
            List<String> formula = new ArrayList<>();
            for (int n = random.nextInt(2) + 1; n > 0; n--) {
                formula.add((random.nextBoolean() ? "!" : "") + pick(random, "nocheck", "cross", "stage1", "pkg.foo"));
            }
            profiles.add(formula);
        }
        return new Relation(name, qualifier, op, version, architectures, profiles);
    }

    /** The field with blanks, tabs and continuation lines between tokens, and none where they are optional. */
    private static String noisy(Random random, List<List<Relation>> field) {
        StringBuilder text = new StringBuilder(blank(random));
        for (int g = 0; g < field.size(); g++) {
            if (g > 0) {
                text.append(',').append(blank(random));
            }
            List<Relation> group = field.get(g);
            for (int a = 0; a < group.size(); a++) {
                if (a > 0) {
                    text.append(blank(random)).append('|').append(blank(random));
                }
                Relation r = group.get(a);
                text.append(r.name());
                if (r.archQualifier() != null) {
                    text.append(':').append(r.archQualifier());
                }
                if (r.op() != null) {
                    text.append(blank(random)).append('(').append(blank(random)).append(r.op().symbol())
                            .append(blank(random)).append(r.version()).append(blank(random)).append(')');
                }
                if (!r.architectures().isEmpty()) {
                    text.append(blank(random)).append('[').append(blank(random))
                            .append(String.join(" " + blank(random), r.architectures())).append(blank(random))
                            .append(']');
                }
                for (List<String> formula : r.profiles()) {
                    text.append(blank(random)).append('<').append(blank(random))
                            .append(String.join(" " + blank(random), formula)).append(blank(random)).append('>');
                }
            }
        }
        return text.append(blank(random)).toString();
    }

    private static String blank(Random random) {
        return pick(random, "", "", " ", "  ", "\t", "\n ");
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
