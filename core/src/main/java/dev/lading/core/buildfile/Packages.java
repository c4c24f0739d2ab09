package dev.lading.core.buildfile;

import java.util.List;
import java.util.Objects;

/**
 * The {@code packages:} section: Debian packages of each platform's own architecture, for the sysroot the native
 * build compiles against and for the image.
 *
 * @param distribution {@code debian:SUITE}, checked for form only
 * @param build        requests as written ({@code name}, {@code name=version}), unpacked into each sysroot with their
 *                     Depends
 * @param runtime      requests for the image; {@link #AUTO} stands for the packages whose shared libraries the image's
 *                     executables load
 */
public record Packages(Located<String> distribution, List<Located<String>> build, List<Located<String>> runtime,
                       Origin origin) {
    public static final String AUTO = "auto";
    public static final String DEFAULT_DISTRIBUTION = "debian:trixie";

    public Packages {
        Objects.requireNonNull(distribution, "distribution");
        build = List.copyOf(build);
        runtime = List.copyOf(runtime);
    }

    /** The suite of {@code debian:SUITE}. */
    public String suite() {
        return distribution.value().substring(distribution.value().indexOf(':') + 1);
    }

    public boolean autoRuntime() {
        return runtime.stream().anyMatch(request -> request.value().equals(AUTO));
    }

    public List<String> buildRequests() {
        return build.stream().map(Located::value).toList();
    }

    /** The named runtime packages, without {@code auto}. */
    public List<String> namedRuntime() {
        return runtime.stream().map(Located::value).filter(value -> !value.equals(AUTO)).toList();
    }
}
