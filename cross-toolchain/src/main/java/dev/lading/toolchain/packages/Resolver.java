package dev.lading.toolchain.packages;

import dev.lading.core.InputException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the packages that requests need on one architecture: the requested packages and, transitively, what
 * their {@code Pre-Depends} and {@code Depends} name. {@code Recommends} and {@code Suggests} are not followed, and
 * essential packages are not added unless something depends on them: the result is unpacked into a sysroot or a
 * runtime layer, where neither a shell nor apt's defaults are wanted.
 *
 * <p>The choice is greedy and deterministic, in the order the work arrives (requests in their order, then each
 * chosen package's relations, breadth first). A relation that a package already chosen satisfies needs nothing
 * more; otherwise the first alternative that can be satisfied wins, by the highest version of the named package
 * or else by a provider of that virtual name. One version per name: a relation that the version already chosen
 * does not satisfy is an error naming both, not a reason to backtrack. {@code Conflicts} and {@code Breaks} are
 * not checked: they protect a running system during upgrades, and nothing here is installed into one; the
 * archive's own dependency closure is what a sysroot needs.
 */
public final class Resolver {
    private final PackageUniverse universe;
    private final String architecture;
    private final Map<String, PackageRecord> chosen = new LinkedHashMap<>();
    private final Map<String, Resolution.Reason> reasons = new HashMap<>();
    private final Map<String, Set<String>> dependencies = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Deque<Work> work = new ArrayDeque<>();

    /** A group of alternatives to satisfy, for a chosen package or (with {@code dependent} null) a request. */
    private record Work(PackageRecord dependent, List<Relation> alternatives, String requestText) {
    }

    /** A way to satisfy one alternative with a package not chosen yet. */
    private record Candidate(PackageRecord record, String provided) {
    }

    private Resolver(PackageUniverse universe) {
        this.universe = universe;
        this.architecture = universe.architecture();
    }

    /**
     * Resolves {@code requests}, each {@code name}, {@code name (op version)} or {@code name=version}, optionally
     * with an architecture qualifier ({@code name:native}).
     *
     * @throws InputException (exit 2) for a malformed request, and for a relation nothing can satisfy: the message
     *                        names the chain from the request to the broken relation and what is wrong with each
     *                        alternative (not in the index, no suitable version, another version already chosen)
     */
    public static Resolution resolve(List<String> requests, PackageUniverse universe) {
        Resolver resolver = new Resolver(universe);
        for (String request : requests) {
            resolver.work.add(new Work(null, List.of(parseRequest(request)), request.strip()));
        }
        while (!resolver.work.isEmpty()) {
            resolver.satisfy(resolver.work.poll());
        }
        List<PackageRecord> ordered = DependencyOrder.of(resolver.chosen, resolver.dependencies);
        return new Resolution(resolver.architecture, ordered, resolver.reasons, resolver.notes);
    }

    /** A request as a relation; {@code name=version} is apt's spelling of {@code name (= version)}. */
    static Relation parseRequest(String request) {
        String text = request.strip();
        try {
            int equals = text.indexOf('=');
            Relation relation = equals > 0 && text.indexOf('(') < 0
                    ? Relation.parse(text.substring(0, equals) + " (= " + text.substring(equals + 1) + ")")
                    : Relation.parse(text);
            if (!relation.architectures().isEmpty() || !relation.profiles().isEmpty()) {
                throw new IllegalArgumentException("a request names a package and optionally its version");
            }
            return relation;
        } catch (IllegalArgumentException e) {
            throw new InputException("malformed package request '" + text + "': " + e.getMessage());
        }
    }

    private void satisfy(Work item) {
        List<Relation> alternatives = item.alternatives().stream().filter(r -> r.appliesTo(architecture)).toList();
        if (alternatives.isEmpty()) {
            return; // every alternative is for other architectures: the relation does not exist here
        }
        for (Relation alternative : alternatives) {
            PackageRecord satisfier = chosenSatisfier(alternative);
            if (satisfier != null) {
                depend(item, satisfier);
                return;
            }
        }
        List<String> failures = new ArrayList<>();
        for (Relation alternative : alternatives) {
            Candidate candidate = candidate(alternative, failures, item);
            if (candidate != null) {
                choose(candidate, alternative, item);
                return;
            }
            if (alternatives.size() > 1) {
                // In a group of alternatives each failure says which alternative it is about.
                int last = failures.size() - 1;
                failures.set(last, alternative.unrestricted() + ": " + failures.get(last));
            }
        }
        String group = Relation.formatGroup(alternatives.stream().map(Relation::unrestricted).toList());
        String where = item.dependent() == null
                ? "request '" + item.requestText() + "'"
                : chainTo(item.dependent().name()) + " -> " + group;
        throw new InputException("cannot satisfy " + where + " : " + String.join("; ", failures));
    }

    /** Adds the candidate to the result and its own relations to the work. */
    private void choose(Candidate candidate, Relation alternative, Work item) {
        PackageRecord record = candidate.record();
        chosen.put(record.name(), record);
        reasons.put(record.name(), item.dependent() == null
                ? new Resolution.Reason(null, item.requestText(), candidate.provided())
                : new Resolution.Reason(item.dependent().name(), alternative.unrestricted().toString(),
                        candidate.provided()));
        depend(item, record);
        for (List<Relation> group : record.preDepends()) {
            work.add(new Work(record, group, null));
        }
        for (List<Relation> group : record.depends()) {
            work.add(new Work(record, group, null));
        }
    }

    /** The names from a request down to {@code name}: {@code libssl-dev -> libssl3t64}. */
    private String chainTo(String name) {
        List<String> names = new ArrayList<>();
        for (String up = name; up != null; up = reasons.get(up).requiredBy()) {
            names.add(0, up);
        }
        return String.join(" -> ", names);
    }

    private void depend(Work item, PackageRecord dependency) {
        if (item.dependent() != null && !item.dependent().name().equals(dependency.name())) {
            dependencies.computeIfAbsent(item.dependent().name(), n -> new TreeSet<>()).add(dependency.name());
        }
    }

    /** The chosen package that already satisfies {@code relation}, by its name or by what it provides. */
    private PackageRecord chosenSatisfier(Relation relation) {
        PackageRecord byName = chosen.get(relation.name());
        if (byName != null && architectureFits(relation, byName) && relation.acceptsVersion(byName.version())) {
            return byName;
        }
        for (PackageRecord provider : universe.providers(relation.name())) {
            if (provider == chosen.get(provider.name()) && provides(provider, relation)) {
                return provider;
            }
        }
        return null;
    }

    /**
     * A package not chosen yet that satisfies {@code relation}: the highest fitting version of the package of that
     * name, else a provider. When it finds none it adds to {@code failures} why, for the error message.
     */
    private Candidate candidate(Relation relation, List<String> failures, Work item) {
        String name = relation.name();
        PackageRecord already = chosen.get(name);
        List<PackageRecord> versions = universe.versions(name);
        String realFailure = null;
        if (already != null) {
            realFailure = architectureFits(relation, already)
                    ? "chosen " + already.version() + " " + origin(name)
                    : "chosen " + name + " is " + fitProblem(relation, already);
        } else if (!versions.isEmpty()) {
            List<PackageRecord> fitting = versions.stream().filter(v -> architectureFits(relation, v)).toList();
            for (PackageRecord version : fitting) {
                if (relation.acceptsVersion(version.version())) {
                    return new Candidate(version, null);
                }
            }
            realFailure = fitting.isEmpty()
                    ? name + " is " + fitProblem(relation, versions.get(0))
                    : "the " + architecture + " index has " + name + " "
                            + String.join(", ", fitting.stream().map(v -> v.version().toString()).toList()) + " only";
        }
        // The highest version of each provider that fits: they come by name, highest version first.
        Map<String, PackageRecord> providers = new LinkedHashMap<>();
        for (PackageRecord provider : universe.providers(name)) {
            if (!chosen.containsKey(provider.name()) && provides(provider, relation)) {
                providers.putIfAbsent(provider.name(), provider);
            }
        }
        if (!providers.isEmpty()) {
            return new Candidate(pickProvider(relation, List.copyOf(providers.values()), item), name);
        }
        if (realFailure != null) {
            failures.add(realFailure);
        } else if (!universe.providers(name).isEmpty()) {
            failures.add("no provider of " + name + " fits: " + String.join(", ", universe.providers(name).stream()
                    .map(p -> describeProvide(p, name)).toList()));
        } else {
            failures.add("no package " + name + " in the " + architecture + " index");
        }
        return null;
    }

    private PackageRecord pickProvider(Relation relation, List<PackageRecord> providers, Work item) {
        if (providers.size() == 1) {
            return providers.get(0);
        }
        List<PackageRecord> ranked = new ArrayList<>(providers);
        ranked.sort(Comparator.comparingInt(PackageRecord::priorityRank).reversed()
                .thenComparing(PackageRecord::name));
        PackageRecord pick = ranked.get(0);
        String asker = item.dependent() == null ? "request '" + item.requestText() + "'" : item.dependent().name();
        notes.add("virtual package " + relation.name() + " (for " + asker + ") has " + providers.size()
                + " providers (" + String.join(", ", providers.stream().map(PackageRecord::name).toList())
                + "): chose " + pick.name() + ", the highest Priority, then the first by name; "
                + "request another by name to use it instead");
        return pick;
    }

    /** {@code libfoo 1.2-1 provides foo (= 1.2)}, and when another version of libfoo is chosen, which. */
    private String describeProvide(PackageRecord provider, String name) {
        String provide = provider.provides().stream().filter(p -> p.name().equals(name))
                .map(PackageRecord.Provide::toString).findFirst().orElse(name);
        return provider.name() + " " + provider.version() + " provides " + provide
                + (chosen.containsKey(provider.name()) && chosen.get(provider.name()) != provider
                        ? " but " + chosen.get(provider.name()).version() + " is chosen" : "");
    }

    /** Why the chosen package {@code name} is there, for a message about a relation it does not meet. */
    private String origin(String name) {
        Resolution.Reason reason = reasons.get(name);
        return reason.requiredBy() == null
                ? "by request '" + reason.relation() + "'"
                : "for " + Resolution.chain(reasons, name);
    }

    /** Whether {@code provider} provides the name {@code relation} asks for, at a version it accepts. */
    private boolean provides(PackageRecord provider, Relation relation) {
        if (!architectureFits(relation, provider)) {
            return false;
        }
        for (PackageRecord.Provide provide : provider.provides()) {
            // A versioned relation is only met by a versioned Provides, as dpkg and apt decide.
            boolean versionFits = relation.op() == null
                    || (provide.version() != null && relation.acceptsVersion(provide.version()));
            if (provide.name().equals(relation.name()) && versionFits) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code record} can meet a relation with the relation's architecture qualifier. Every record here is
     * of this architecture or {@code all}, and {@code all} counts as this architecture: {@code :any} needs
     * {@code Multi-Arch: allowed}, {@code :native} and {@code :THIS-ARCH} are met by any, another architecture by
     * none.
     */
    private boolean architectureFits(Relation relation, PackageRecord record) {
        String qualifier = relation.archQualifier();
        if (qualifier == null || qualifier.equals("native") || qualifier.equals(architecture)) {
            return true;
        }
        return qualifier.equals("any") && record.multiArch() == PackageRecord.MultiArch.ALLOWED;
    }

    private String fitProblem(Relation relation, PackageRecord record) {
        return relation.archQualifier().equals("any")
                ? "Multi-Arch: " + record.multiArch().name().toLowerCase(Locale.ROOT)
                        + ", and ':any' needs Multi-Arch: allowed"
                : "not of architecture " + relation.archQualifier() + " (this index is " + architecture + ")";
    }
}
