package dev.lading.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScopesTest {
    @Test
    void pushScopeComesFirstThenPullOnEachOtherMountSource() {
        Scopes scopes = Scopes.of("org/app", true, List.of("library/base", "org/app", "library/base", "tools"));

        assertEquals(List.of("repository:org/app:push,pull", "repository:library/base:pull", "repository:tools:pull"),
                scopes.values());
    }

    @Test
    void pullHandleAsksForPullAlone() {
        assertEquals(List.of("repository:library/alpine:pull"), Scopes.of("library/alpine", false, List.of()).values());
    }

    @Test
    void challengeWithoutScopeChangesNothing() {
        Scopes scopes = Scopes.of("x", true, List.of());

        assertSame(scopes, scopes.plus(null));
        assertSame(scopes, scopes.plus("  "));
    }

    @Test
    void challengeScopesAreAddedAfterTheOwnOnesOnce() {
        Scopes scopes = Scopes.of("x", true, List.of());

        assertEquals(List.of("repository:x:push,pull", "repository:y:pull", "registry:catalog:*"),
                scopes.plus(" repository:y:pull  repository:x:push,pull registry:catalog:* ").values());
    }

    @Test
    void cacheKeyIgnoresOrderButNotContent() {
        Scopes one = new Scopes(List.of("repository:a:pull", "repository:b:pull"));

        assertEquals(one.key(), new Scopes(List.of("repository:b:pull", "repository:a:pull")).key());
        assertNotEquals(one.key(), new Scopes(List.of("repository:a:pull")).key());
    }

    private static final String[] NAMES = {"a", "b", "org/app", "library/base", "localhost:5000/x"};
    private static final String[] ACTIONS = {"pull", "push,pull", "*", "delete"};

    private static String randomScope(Random random) {
        return "repository:" + NAMES[random.nextInt(NAMES.length)] + ":" + ACTIONS[random.nextInt(ACTIONS.length)];
    }

    /** Seeded, so a failure repeats: scopes joined with one or more spaces, with repeats, plus is a union. */
    @Test
    void plusNeverLosesNorDuplicatesAScope() {
        Random random = new Random(20261128);
        for (int round = 0; round < 2000; round++) {
            List<String> own = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                own.add(randomScope(random));
            }
            List<String> challenged = new ArrayList<>();
            StringBuilder challenge = new StringBuilder(" ".repeat(random.nextInt(3)));
            for (int i = random.nextInt(4); i > 0; i--) {
                String scope = randomScope(random);
                challenged.add(scope);
                challenge.append(scope).append(" ".repeat(1 + random.nextInt(3)));
            }

            List<String> merged = new Scopes(own).plus(challenge.toString()).values();

            LinkedHashSet<String> expected = new LinkedHashSet<>(own);
            expected.addAll(challenged);
            assertEquals(List.copyOf(expected), merged, "own " + own + ", challenge '" + challenge + "'");
        }
    }
}
