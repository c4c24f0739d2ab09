package dev.lading.core.job;

import dev.lading.core.cache.CacheSession;
import dev.lading.core.attest.InstalledPackage;
import dev.lading.core.buildfile.Packages;
import dev.lading.core.layer.LayerTree;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code packages:} of a build: per platform, the sysroot its native build compiles against and the runtime
 * layer of its image. The cross-toolchain module implements it from a Debian repository; core only needs the
 * results, so that it builds the layer, checks the loader and attests the packages without knowing where they came
 * from.
 */
@FunctionalInterface
public interface TargetPackages {
    /**
     * Resolves the packages (or reads the lock beside the build file), fetches and unpacks what the platforms need,
     * before anything compiles.
     *
     * @param cache the build's cache, which keeps package files for a {@code --cache-to}
     */
    Prepared prepare(Packages spec, Path buildFile, List<Platform> platforms, CacheSession cache,
                     BuildListener listener) throws IOException;

    /** What was prepared for the platforms of one build. */
    interface Prepared {
        /** The root of the platform's sysroot: its libc, C++ library and the build packages. */
        Path sysroot(Platform platform);

        /** The {@code major.minor} version of the platform's C library, for toolchains that bring their own. */
        String glibcVersion(Platform platform);

        /**
         * The platform's runtime layer: the named runtime packages and, with {@code auto}, the packages whose files
         * provide the {@code needed} shared libraries, with their Depends.
         *
         * @param needed the {@code DT_NEEDED} names of the image's ELF files that the image does not hold itself
         */
        Runtime runtime(Platform platform, Set<String> needed) throws IOException;

        /** The package that ships a shared library of that file name, for the loader check's messages. */
        Optional<String> provider(Platform platform, String soname);
    }

    /**
     * @param tree     the layer's files, empty when no package is needed
     * @param packages what the layer installs, for the SBOM and the provenance
     * @param warnings one line each, e.g. a maintainer script that was not run
     */
    record Runtime(LayerTree tree, List<InstalledPackage> packages, List<String> warnings) {
        public Runtime {
            packages = List.copyOf(packages);
            warnings = List.copyOf(warnings);
        }
    }

    /** For callers without the cross-toolchain: a build file with {@code packages:} is refused. */
    TargetPackages NONE = (spec, buildFile, platforms, cache, listener) -> {
        throw spec.origin().error("packages: needs the Debian package client, which this caller does not provide");
    };
}
