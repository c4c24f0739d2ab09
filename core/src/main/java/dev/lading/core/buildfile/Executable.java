package dev.lading.core.buildfile;

import java.util.List;
import java.util.Objects;

/** A program compiled and linked from sources without CMake. */
public record Executable(String name, List<String> sources, List<String> flags, List<String> libs, Origin origin) {
    public Executable {
        Objects.requireNonNull(name, "name");
        sources = List.copyOf(sources);
        flags = List.copyOf(flags);
        libs = List.copyOf(libs);
        Objects.requireNonNull(origin, "origin");
    }
}
