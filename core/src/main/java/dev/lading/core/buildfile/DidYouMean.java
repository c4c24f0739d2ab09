package dev.lading.core.buildfile;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggestions for a mistyped name (a key, a toolchain, a platform) among the names that are allowed. */
public final class DidYouMean {
    private static final int MAX_DISTANCE = 2;

    private DidYouMean() {
    }

    /**
     * The candidate closest to {@code input}, if it is close enough to be a likely typo: the same apart from
     * case, '-' and '_' (exposed_ports for exposedPorts), or within two edits (a swap of neighbours counts as
     * one). An edit count as long as the shorter name is not a typo but another word, so it is never offered.
     * Ties go to the earlier candidate.
     */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        String folded = fold(input);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String other = fold(candidate);
            int d = distance(folded, other);
            boolean likely = d == 0 || (d <= MAX_DISTANCE && d < Math.min(folded.length(), other.length()));
            if (likely && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** "did you mean 'X'?" when a candidate is close, else "expected one of: a, b, c". */
    public static String hint(String input, Collection<String> candidates) {
        return closest(input, candidates)
                .map(name -> "did you mean '" + name + "'?")
                .orElseGet(() -> "expected one of: " + String.join(", ", candidates));
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }

    private static String fold(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
