package dev.lading.toolchain.packages;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The packages a {@link Resolver} chose for one architecture, dependencies before their dependents, and why each
 * was chosen.
 *
 * @param architecture the Debian architecture resolved for
 * @param packages     every chosen package once; each after the packages it depends on, except inside a
 *                     dependency cycle, whose members follow each other by name
 * @param reasons      for each chosen package's name, the request or relation that brought it in
 * @param notes        choices a user may want to know about, one line each (a virtual package with several
 *                     providers, and which one was taken)
 */
public record Resolution(String architecture, List<PackageRecord> packages, Map<String, Reason> reasons,
                         List<String> notes) {

    /**
     * Why a package was chosen.
     *
     * @param requiredBy the name of the chosen package whose relation brought it in, or null for a request
     * @param relation   the request as written, or the alternative of the relation that it satisfied
     * @param provided   the virtual package it was chosen to provide, or null when chosen by its own name
     */
    public record Reason(String requiredBy, String relation, String provided) {
    }

    public Resolution {
        packages = List.copyOf(packages);
        reasons = Collections.unmodifiableMap(new TreeMap<>(reasons));
        notes = List.copyOf(notes);
    }

    /** The names of the chosen packages, in {@link #packages()} order. */
    public List<String> names() {
        return packages.stream().map(PackageRecord::name).toList();
    }

    /**
     * How a chosen package was reached from a request: {@code libssl-dev -> libssl3t64 -> libc6 (>= 2.38)} names
     * the requested package, the packages in between and the relation that chose this one.
     */
    public String chain(String name) {
        return chain(reasons, name);
    }

    static String chain(Map<String, Reason> reasons, String name) {
        Reason reason = reasons.get(name);
        if (reason == null) {
            throw new IllegalArgumentException(name + " was not chosen");
        }
        List<String> steps = new ArrayList<>();
        for (String up = reason.requiredBy(); up != null; up = reasons.get(up).requiredBy()) {
            steps.add(0, up);
        }
        String last = reason.relation();
        if (reason.provided() != null) {
            last += " (provided by " + name + ")";
        }
        steps.add(last);
        return String.join(" -> ", steps);
    }
}
