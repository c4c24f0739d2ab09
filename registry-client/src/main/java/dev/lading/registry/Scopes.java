package dev.lading.registry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The token scopes one repository handle needs, push scope first because a few registries look at the first
 * alone: {@code repository:NAME:push,pull} or {@code :pull}, then {@code pull} on each repository blobs are mounted
 * from.
 */
record Scopes(List<String> values) {
    Scopes {
        values = List.copyOf(new LinkedHashSet<>(values));
    }

    static Scopes of(String repository, boolean push, List<String> mountSources) {
        List<String> values = new ArrayList<>();
        values.add("repository:" + repository + (push ? ":push,pull" : ":pull"));
        for (String source : mountSources) {
            if (!source.equals(repository)) {
                values.add("repository:" + source + ":pull");
            }
        }
        return new Scopes(values);
    }

    /** These scopes and those a challenge asked for that are not among them yet. */
    Scopes plus(String challengeScope) {
        if (challengeScope == null || challengeScope.isBlank()) {
            return this;
        }
        Set<String> merged = new LinkedHashSet<>(values);
        merged.addAll(List.of(challengeScope.trim().split(" +")));
        return new Scopes(new ArrayList<>(merged));
    }

    /** The cache key of a token: the same scopes in any order share one token. */
    String key() {
        return String.join(" ", values.stream().sorted().toList());
    }
}
