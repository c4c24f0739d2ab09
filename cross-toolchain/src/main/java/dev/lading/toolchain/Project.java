package dev.lading.toolchain;

import dev.lading.core.buildfile.Build;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The {@code build:} section, checked against the files it names: a CMake project or plain sources. */
sealed interface Project permits CMakeProject, SourcesProject {
    /** @param context the directory the build file's paths are relative to */
    static Project of(Build build, Path context, SearchPath path) {
        return build.cmake() != null ? CMakeProject.of(build.cmake(), context, path)
                : SourcesProject.of(build.executables(), context);
    }

    /** The directory mapped to {@code .} in the outputs, and what the build directories are kept by. */
    Path sourceDirectory();

    Toolchain.Needs needs();

    /** What the host lacks for this kind of project whatever the target, e.g. cmake. */
    Toolchain.Shortfall shortfall();

    /** Whatever else decides the outputs besides the toolchain, such as the CMake generator. */
    String identity();

    /**
     * The files a finished build for one platform read, for its attestations: absolute, sorted, each once.
     *
     * @param directory the platform's build directory
     */
    List<Path> sources(BuildDirectory directory) throws IOException;

    /** Builds for one platform into {@code setup.directory().output()}; returns the steps that ran. */
    List<String> build(PlatformSetup setup) throws IOException, CompileFailure;
}
