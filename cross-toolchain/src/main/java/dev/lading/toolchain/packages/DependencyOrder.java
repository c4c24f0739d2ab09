package dev.lading.toolchain.packages;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * Orders chosen packages so that each comes after what it depends on. Debian has dependency cycles
 * ({@code libc6} and {@code libgcc-s1} depend on each other), so packages are first grouped into strongly connected
 * components: a cycle's members follow each other by name, and components come out as soon as everything they
 * depend on has, the one with the smallest name first. The order depends on names and relations only, never on
 * the order in which the packages were chosen.
 */
final class DependencyOrder {
    private final Map<String, Set<String>> edges;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> lowLink = new HashMap<>();
    private final List<String> stack = new ArrayList<>();
    private final Set<String> onStack = new HashSet<>();
    private final Map<String, Integer> component = new HashMap<>();
    private final List<TreeSet<String>> components = new ArrayList<>();

    private DependencyOrder(Map<String, Set<String>> edges) {
        this.edges = edges;
    }

    /**
     * @param packages     the chosen packages by name
     * @param dependencies for each package's name, the names of the chosen packages it depends on
     */
    static List<PackageRecord> of(Map<String, PackageRecord> packages, Map<String, Set<String>> dependencies) {
        DependencyOrder order = new DependencyOrder(dependencies);
        for (String name : new TreeSet<>(packages.keySet())) {
            if (!order.index.containsKey(name)) {
                order.connect(name);
            }
        }
        List<PackageRecord> ordered = new ArrayList<>(packages.size());
        for (TreeSet<String> members : order.topological()) {
            members.forEach(name -> ordered.add(packages.get(name)));
        }
        return ordered;
    }

    /** Tarjan's algorithm: numbers the components of everything reachable from {@code name}. */
    private void connect(String name) {
        index.put(name, index.size());
        lowLink.put(name, index.get(name));
        stack.add(name);
        onStack.add(name);
        for (String next : edges.getOrDefault(name, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next);
                lowLink.put(name, Math.min(lowLink.get(name), lowLink.get(next)));
            } else if (onStack.contains(next)) {
                lowLink.put(name, Math.min(lowLink.get(name), index.get(next)));
            }
        }
        if (lowLink.get(name).equals(index.get(name))) {
            TreeSet<String> members = new TreeSet<>();
            String member;
            do {
                member = stack.remove(stack.size() - 1);
                onStack.remove(member);
                members.add(member);
                component.put(member, components.size());
            } while (!member.equals(name));
            components.add(members);
        }
    }

    /** The components, each after those it depends on; among those ready, the smallest first name first. */
    private List<TreeSet<String>> topological() {
        int count = components.size();
        int[] waitingFor = new int[count];
        List<Set<Integer>> dependents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            dependents.add(new TreeSet<>());
        }
        for (int i = 0; i < count; i++) {
            Set<Integer> needs = new TreeSet<>();
            for (String member : components.get(i)) {
                for (String dependency : edges.getOrDefault(member, Set.of())) {
                    int other = component.get(dependency);
                    if (other != i) {
                        needs.add(other);
                    }
                }
            }
            waitingFor[i] = needs.size();
            for (int other : needs) {
                dependents.get(other).add(i);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>(Comparator.comparing(i -> components.get(i).first()));
        for (int i = 0; i < count; i++) {
            if (waitingFor[i] == 0) {
                ready.add(i);
            }
        }
        List<TreeSet<String>> ordered = new ArrayList<>(count);
        while (!ready.isEmpty()) {
            int next = ready.poll();
            ordered.add(components.get(next));
            for (int dependent : dependents.get(next)) {
                if (--waitingFor[dependent] == 0) {
                    ready.add(dependent);
                }
            }
        }
        return ordered;
    }
}
