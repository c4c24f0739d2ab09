package dev.lading.tests;

import dev.lading.tests.FaultProxy.Fault;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Decides, request by request, what {@link FaultProxy} does to it. {@code request} is the method, a space and
 * the request target as sent (path and query), e.g. {@code PUT /v2/app/manifests/latest}.
 */
@FunctionalInterface
interface FaultPlan {
    Pattern STATE = Pattern.compile("_state=[^&]*&?");
    Pattern SESSION = Pattern.compile("/blobs/uploads/[^/?]+");

    Fault decide(String request);

    static FaultPlan none() {
        return request -> Fault.PASS;
    }

    /**
     * Each request is faulted with probability {@code rate}, the kind drawn uniformly from {@code kinds}. The draw is
     * a function of the seed and the request's {@link #key}, and of how many requests with that key came before, so a
     * seed replays the same faults however the client's threads interleave. Requests alike in everything but their
     * timing (two blobs' plain {@code POST}s to one repository at once) are still told apart by arrival order.
     */
    static FaultPlan random(long seed, double rate, Fault... kinds) {
        if (kinds.length == 0 || rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a rate in [0, 1] and at least one kind");
        }
        List<Fault> choices = List.of(kinds);
        Map<String, Integer> seen = new HashMap<>();
        return request -> {
            String key = key(request);
            int attempt;
            synchronized (seen) {
                attempt = seen.merge(key, 1, Integer::sum);
            }
            SplittableRandom draw = new SplittableRandom(mix(seed, key + "#" + attempt));
            return draw.nextDouble() < rate ? choices.get(draw.nextInt(choices.size())) : Fault.PASS;
        };
    }

    /**
     * What identifies a request from one run to the next: method and target without the parts a registry makes up
     * per run, the upload session's id and its {@code _state}; a {@code digest} parameter stays.
     */
    static String key(String request) {
        return SESSION.matcher(STATE.matcher(request).replaceAll("")).replaceAll("/blobs/uploads/{session}")
                .replace("?&", "?").replaceAll("[?&]$", "");
    }

    /** FNV-1a over the key's characters, started from the seed. */
    private static long mix(long seed, String key) {
        long hash = seed ^ 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            hash = (hash ^ key.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }

    /**
     * The first rule with turns left whose pattern is found in the request decides it and uses up one turn;
     * requests no rule takes pass.
     */
    static FaultPlan scripted(Rule... rules) {
        List<Rule> script = List.of(rules);
        return request -> {
            synchronized (script) {
                for (Rule rule : script) {
                    if (rule.take(request)) {
                        return rule.fault();
                    }
                }
                return Fault.PASS;
            }
        };
    }

    /** "The next {@code times} requests that match {@code regex} get {@code fault}." */
    final class Rule {
        private final Pattern pattern;
        private final Fault fault;
        private int left;

        private Rule(Pattern pattern, Fault fault, int times) {
            this.pattern = pattern;
            this.fault = fault;
            this.left = times;
        }

        static Rule next(int times, String regex, Fault fault) {
            return new Rule(Pattern.compile(regex), fault, times);
        }

        Fault fault() {
            return fault;
        }

        private boolean take(String request) {
            if (left > 0 && pattern.matcher(request).find()) {
                left--;
                return true;
            }
            return false;
        }
    }
}
