package dev.lading.core.buildfile;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CMake project cross-compiled once per platform.
 *
 * @param source  the directory with CMakeLists.txt, relative to the build file; "." by default
 * @param targets the targets to build; empty means all
 * @param defines cache entries passed as -D, in the order written
 */
public record CMake(String source, List<String> targets, Map<String, String> defines, Origin origin) {
    public CMake {
        Objects.requireNonNull(source, "source");
        targets = List.copyOf(targets);
        defines = Maps.ordered(defines);
        Objects.requireNonNull(origin, "origin");
    }
}
