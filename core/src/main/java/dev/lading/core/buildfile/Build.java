package dev.lading.core.buildfile;

import java.util.List;

/** How the platform artifacts are made: a CMake project or a list of executables, never both. */
public record Build(CMake cmake, List<Executable> executables) {
    public Build {
        executables = List.copyOf(executables);
        if ((cmake == null) == executables.isEmpty()) {
            throw new IllegalArgumentException("a build has either cmake or executables");
        }
    }
}
