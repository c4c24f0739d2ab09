package dev.lading.toolchain;

import dev.lading.core.attest.NativeToolchain;
import dev.lading.core.job.ArtifactSource;
import dev.lading.core.buildfile.FileSpec;
import dev.lading.core.model.Platform;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The outputs of finished native builds, by platform, with what compiled each. */
final class BuiltArtifacts implements ArtifactSource {
    private final Map<Platform, PlatformBuild> builds = new LinkedHashMap<>();

    BuiltArtifacts(List<PlatformBuild> builds) {
        builds.forEach(build -> this.builds.put(build.platform(), build));
    }

    @Override
    public Path outputDirectory(Platform platform, FileSpec spec) {
        PlatformBuild build = builds.get(platform);
        if (build == null) {
            throw spec.origin().error("'artifact: " + spec.artifact() + "': nothing was built for " + platform);
        }
        return build.outputDirectory();
    }

    @Override
    public Optional<NativeToolchain> toolchain(Platform platform) {
        return Optional.ofNullable(builds.get(platform)).map(PlatformBuild::facts);
    }
}
