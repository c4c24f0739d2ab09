package dev.lading.tests;

import dev.lading.tests.FaultProxy.Fault;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Decides, request by request, what {@link FaultProxy} does to it. {@code request} is the method, a space and
 * the request target as sent (path and query), e.g. {@code PUT /v2/app/manifests/latest}.
 */
@FunctionalInterface
interface FaultPlan {
    Fault decide(String request);

    static FaultPlan none() {
        return request -> Fault.PASS;
    }

    /** Each request is faulted with probability {@code rate}, the kind drawn uniformly from {@code kinds}. */
    static FaultPlan random(long seed, double rate, Fault... kinds) {
        if (kinds.length == 0 || rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a rate in [0, 1] and at least one kind");
        }
        Random random = new Random(seed);
        List<Fault> choices = List.of(kinds);
        return request -> {
            synchronized (random) {
                return random.nextDouble() < rate ? choices.get(random.nextInt(choices.size())) : Fault.PASS;
            }
        };
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
