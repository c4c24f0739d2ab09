package dev.lading.toolchain.packages;

import dev.lading.toolchain.packages.LockFile.LockedPackage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runtime packages {@code auto} picked, with their Depends and Pre-Depends, taken from the platform's sysroot:
 * a runtime library's dependencies are runtime libraries its {@code -dev} package already brought into the
 * sysroot, so the lock and the package files there are all this needs, no index. The order puts each package after
 * its dependencies (libc6 first), as an installer would unpack them.
 */
final class RuntimeClosure {
    private RuntimeClosure() {
    }

    static List<LockedPackage> withDepends(Set<String> chosen, Sysroot sysroot, List<LockedPackage> locked) {
        Map<String, LockedPackage> byName = new HashMap<>();
        locked.forEach(p -> byName.put(p.name(), p));
        Map<String, List<List<Relation>>> relations = new HashMap<>();
        Map<String, String> providers = new HashMap<>();
        for (UnpackedDebs.Package pkg : sysroot.packages()) {
            List<List<Relation>> all = new ArrayList<>(Relation.parseField(pkg.control().get("Pre-Depends")));
            all.addAll(Relation.parseField(pkg.control().get("Depends")));
            relations.put(pkg.name(), all);
            for (List<Relation> provided : Relation.parseField(pkg.control().get("Provides"))) {
                provided.forEach(relation -> providers.putIfAbsent(relation.name(), pkg.name()));
            }
        }
        Set<String> ordered = new LinkedHashSet<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String name : chosen) {
            visit(name, relations, providers, byName, visiting, ordered);
        }
        return ordered.stream().map(byName::get).toList();
    }

    /** Depth first, dependencies before the package; a cycle (libc6 and libgcc-s1) is cut where it closes. */
    private static void visit(String name, Map<String, List<List<Relation>>> relations, Map<String, String> providers,
                              Map<String, LockedPackage> locked, Set<String> visiting, Set<String> ordered) {
        if (ordered.contains(name) || !visiting.add(name)) {
            return;
        }
        for (List<Relation> alternatives : relations.getOrDefault(name, List.of())) {
            for (Relation relation : alternatives) {
                String target = locked.containsKey(relation.name()) ? relation.name()
                        : providers.get(relation.name());
                if (target != null && locked.containsKey(target)) {
                    visit(target, relations, providers, locked, visiting, ordered);
                    break;
                }
            }
        }
        visiting.remove(name);
        if (locked.containsKey(name)) {
            ordered.add(name);
        }
    }
}
