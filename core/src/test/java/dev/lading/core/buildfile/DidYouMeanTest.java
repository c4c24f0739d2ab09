package dev.lading.core.buildfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.testing.Generated;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidYouMeanTest {
    private static final List<String> KEYS = List.of("from", "platforms", "toolchain", "entrypoint", "cmd", "env",
            "exposedPorts");
    private static final List<String> PLATFORMS =
            List.of("linux/amd64", "linux/arm64", "linux/arm/v7", "amd64", "arm64");

    @ParameterizedTest
    @CsvSource({"'', abc, 3", "kitten, sitting, 3", "ab, ba, 1", "plaftorms, platforms, 1", "same, same, 0",
        "abc, '', 3", "ca, abc, 3"})
    void distanceCountsEditsWithNeighbourSwapsAsOne(String a, String b, int expected) {
        assertEquals(expected, DidYouMean.distance(a, b));
    }

    @ParameterizedTest
    @CsvSource({"platfrom, platforms", "plaftorms, platforms", "exposed_ports, exposedPorts",
        "EXPOSEDPORTS, exposedPorts", "ENV, env", "entrypiont, entrypoint", "cdm, cmd", "toolchian, toolchain"})
    void closestFindsLikelyTypos(String input, String expected) {
        assertEquals(Optional.of(expected), DidYouMean.closest(input, KEYS));
    }

    @ParameterizedTest
    @CsvSource({"ld", "image", "x", "labels", "''"})
    void closestOffersNothingForOtherWords(String input) {
        assertEquals(Optional.empty(), DidYouMean.closest(input, KEYS));
    }

    @Test
    void closestPrefersTheNearestThenTheFirst() {
        assertEquals(Optional.of("amd64"), DidYouMean.closest("amd46", PLATFORMS));
        assertEquals(Optional.of("linux/arm64"), DidYouMean.closest("linux/arm46", PLATFORMS));
        assertEquals(Optional.of("abc"), DidYouMean.closest("abx", List.of("abc", "abd")));
    }

    @Test
    void hintSuggestsOrListsTheCandidates() {
        assertEquals("did you mean 'cmd'?", DidYouMean.hint("cmdd", KEYS));
        assertEquals("expected one of: from, platforms, toolchain, entrypoint, cmd, env, exposedPorts",
                DidYouMean.hint("image", KEYS));
    }

    @Test
    void distanceIsSymmetricZeroOnlyForEqualAndBoundedByTheLengths() {
        String letters = "abcdeABCDE";
        Generated.forAll(1000, random -> {
            String a = Generated.string(random, letters, 0, 12);
            String b = random.nextInt(10) == 0 ? a : Generated.string(random, letters, 0, 12);
            int d = DidYouMean.distance(a, b);
            assertEquals(d, DidYouMean.distance(b, a));
            assertEquals(d == 0, a.equals(b));
            assertTrue(d >= Math.abs(a.length() - b.length()) && d <= Math.max(a.length(), b.length()));
        });
    }
}
