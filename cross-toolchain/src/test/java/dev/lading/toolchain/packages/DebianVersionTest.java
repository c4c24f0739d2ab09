package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DebianVersionTest {
    private static final long SEED = 20261207L;

    @Test
    void partsAreKeptAsWritten() {
        DebianVersion version = DebianVersion.parse("0:2009.10.04-2+1.3.1-2");
        assertEquals("0", version.epoch());
        assertEquals("2009.10.04-2+1.3.1", version.upstream());
        assertEquals("2", version.revision());
        assertEquals("0:2009.10.04-2+1.3.1-2", version.toString());
        assertEquals(new DebianVersion("", "1.2.13.dfsg", ""), DebianVersion.parse(" 1.2.13.dfsg "));
        assertEquals("1:2:3", DebianVersion.parse("1:2:3").toString());
    }

    @Test
    void dpkgOrderingOnKnownCases() {
        assertOrdered("1.0~rc1", "1.0");
        assertOrdered("1.0", "1.0+b1");
        assertOrdered("1.0", "1.0a");
        assertOrdered("1.0a", "1.0+");
        assertOrdered("1.0~~", "1.0~");
        assertOrdered("1.9", "1.10");
        assertOrdered("2.41-11", "2.41-12");
        assertOrdered("9:1", "10:0");
        assertOrdered("1:1.2.13", "2:0");
        assertOrdered("3.5.8-1", "3.5.9-1");
        assertOrdered("1.0-1~bpo1", "1.0-1");
        assertOrdered("18446744073709551615", "18446744073709551616"); // beyond long: compared as digits
        assertEquals(0, DebianVersion.parse("1.0").compareTo(DebianVersion.parse("0:1.0-0")));
        assertEquals(0, DebianVersion.parse("1.001").compareTo(DebianVersion.parse("1.1")));
    }

    private static void assertOrdered(String lower, String higher) {
        DebianVersion a = DebianVersion.parse(lower);
        DebianVersion b = DebianVersion.parse(higher);
        assertTrue(a.compareTo(b) < 0, lower + " < " + higher);
        assertTrue(b.compareTo(a) > 0, higher + " > " + lower);
    }

    @Test
    void malformedVersionsAreRefusedWithTheirText() {
        for (String bad : List.of("", " ", ":1.0", "1.0-", "-1", "a1.0", "1.0 2", "1_0", "x:1.0", "1:", "1.0-1:2",
                "99999999999:1", "1.0-a_b", "1:-1", "1.0-1-", "é1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DebianVersion.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        // The record refuses parts that a parse could never produce.
        assertThrows(IllegalArgumentException.class, () -> new DebianVersion("", "1-2", ""));
        assertThrows(IllegalArgumentException.class, () -> new DebianVersion("", "1:2", ""));
    }

    @Test
    void toStringParsesBackToTheSameVersion() {
        Random random = new Random(SEED);
        for (int i = 0; i < 5000; i++) {
            String text = randomVersion(random);
            DebianVersion version = DebianVersion.parse(text);
            assertEquals(text, version.toString());
            assertEquals(version, DebianVersion.parse(version.toString()));
        }
    }

    @Test
    void orderIsReflexiveAntisymmetricAndTransitive() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 20000; i++) {
            DebianVersion a = DebianVersion.parse(randomVersion(random));
            DebianVersion b = DebianVersion.parse(randomVersion(random));
            DebianVersion c = random.nextBoolean() ? DebianVersion.parse(randomVersion(random)) : b;
            assertEquals(0, a.compareTo(a));
            assertEquals(Integer.signum(a.compareTo(b)), -Integer.signum(b.compareTo(a)), a + " vs " + b);
            if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
                assertTrue(a.compareTo(c) <= 0, a + " <= " + b + " <= " + c);
            }
            if (a.compareTo(b) == 0) {
                assertEquals(Integer.signum(a.compareTo(c)), Integer.signum(b.compareTo(c)), a + " = " + b);
            }
        }
    }

    /** dpkg itself is the oracle: every pair is compared by {@code dpkg --compare-versions} in one shell. */
    @Test
    void orderAgreesWithDpkgCompareVersions() throws Exception {
        assertTrue(onPath("dpkg"), "dpkg is not installed (scripts/install-deps.sh test installs it)");
        List<String[]> pairs = pairs(new Random(SEED + 2), 250);
        String script = "while read a b; do if dpkg --compare-versions \"$a\" lt \"$b\"; then echo -1; "
                + "elif dpkg --compare-versions \"$a\" eq \"$b\"; then echo 0; else echo 1; fi; done";
        assertAgrees(pairs, run(List.of("sh", "-c", script), pairs));
    }

    /** Many more pairs through dpkg's own Perl module, one process for all of them. */
    @Test
    void orderAgreesWithDpkgPerlModule() throws Exception {
        assertTrue(onPath("perl") && exitCode(List.of("perl", "-MDpkg::Version", "-e", "1")) == 0,
                "dpkg's Perl modules are not installed (libdpkg-perl; scripts/install-deps.sh test)");
        List<String[]> pairs = pairs(new Random(SEED + 3), 10000);
        String script = "use Dpkg::Version; while (<STDIN>) { my ($a, $b) = split; "
                + "print version_compare($a, $b) <=> 0, \"\\n\"; }";
        assertAgrees(pairs, run(List.of("perl", "-e", script), pairs));
    }

    private static void assertAgrees(List<String[]> pairs, List<String> answers) {
        assertEquals(pairs.size(), answers.size());
        int equal = 0;
        for (int i = 0; i < pairs.size(); i++) {
            int expected = Integer.parseInt(answers.get(i).strip());
            DebianVersion a = DebianVersion.parse(pairs.get(i)[0]);
            int actual = Integer.signum(a.compareTo(DebianVersion.parse(pairs.get(i)[1])));
            assertEquals(expected, actual, pairs.get(i)[0] + " vs " + pairs.get(i)[1]);
            equal += expected == 0 ? 1 : 0;
        }
        // The generator must produce ties and both orders, or agreeing would prove little.
        assertTrue(equal > pairs.size() / 50, "too few equal pairs: " + equal);
    }

    /**
     * Random pairs, half of them near each other (one derived from the other by a small edit), since unrelated
     * versions mostly differ in their first character.
     */
    private static List<String[]> pairs(Random random, int count) {
        List<String[]> pairs = new ArrayList<>();
        while (pairs.size() < count) {
            String a = randomVersion(random);
            String b = random.nextBoolean() ? randomVersion(random) : nearby(random, a);
            pairs.add(new String[] {a, b});
        }
        return pairs;
    }

    private static String nearby(Random random, String version) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String edited = switch (random.nextInt(6)) {
                case 0 -> version + "~";
                case 1 -> version + pick(random, "0", "a", "+", ".", "~1");
                case 2 -> version.replaceFirst("[0-9]", String.valueOf(random.nextInt(10)));
                case 3 -> version.replaceFirst("([0-9])", "0$1");
                case 4 -> version.contains(":") ? version.substring(version.indexOf(':') + 1) : "0:" + version;
                default -> version.contains("-") ? version + pick(random, "", "0", "+b1") : version + "-0";
            };
            try {
                return DebianVersion.parse(edited).toString();
            } catch (IllegalArgumentException e) {
                // the edit broke the syntax: try another
            }
        }
        return version;
    }

    static String randomVersion(Random random) {
        StringBuilder text = new StringBuilder();
        boolean epoch = random.nextInt(5) == 0;
        if (epoch) {
            text.append(pick(random, "0", "1", "2", "01", "10")).append(':');
        }
        boolean revision = random.nextInt(3) > 0;
        text.append(random.nextInt(random.nextBoolean() ? 3 : 120));
        String upstreamCharacters = "0123456789abzAZ.+~" + (revision ? "-" : "") + (epoch ? ":" : "");
        appendRandom(random, text, upstreamCharacters, random.nextInt(8));
        if (revision) {
            text.append('-');
            text.append("0123456789abz+~".charAt(random.nextInt(15)));
            appendRandom(random, text, "0123456789abz.+~", random.nextInt(5));
        }
        return text.toString();
    }

    private static void appendRandom(Random random, StringBuilder text, String characters, int length) {
        for (int i = 0; i < length; i++) {
            text.append(characters.charAt(random.nextInt(characters.length())));
        }
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static List<String> run(List<String> command, List<String[]> pairs) throws Exception {
        StringBuilder input = new StringBuilder();
        pairs.forEach(p -> input.append(p[0]).append(' ').append(p[1]).append('\n'));
        Path in = Files.createTempFile("versions", ".txt");
        try {
            Files.writeString(in, input);
            Process process = new ProcessBuilder(command).redirectInput(in.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), "the oracle failed: " + command);
            return output.lines().toList();
        } finally {
            Files.deleteIfExists(in);
        }
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        return exitCode(List.of("sh", "-c", "command -v " + tool)) == 0;
    }

    private static int exitCode(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
