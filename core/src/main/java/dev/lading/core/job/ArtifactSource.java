package dev.lading.core.job;

import dev.lading.core.attest.NativeToolchain;
import dev.lading.core.buildfile.FileSpec;
import dev.lading.core.model.Platform;
import java.nio.file.Path;
import java.util.Optional;

/** Where a platform's build outputs are, for the {@code artifact:} entries of a build file. */
@FunctionalInterface
public interface ArtifactSource {
    /**
     * @param platform the platform whose outputs are needed
     * @param spec     the entry that asks, so a refusal can name its line
     * @return the directory that {@code artifact} paths are relative to
     */
    Path outputDirectory(Platform platform, FileSpec spec);

    /** What compiled the platform's outputs, for the attestations; empty when nothing was compiled. */
    default Optional<NativeToolchain> toolchain(Platform platform) {
        return Optional.empty();
    }

    /** For builds without a {@code build:} section: every artifact entry is an error naming its line. */
    ArtifactSource NONE = (platform, spec) -> {
        throw spec.origin().error("'artifact: " + spec.artifact() + "' names a build output, but the build file has"
                + " no build: section to produce it; use src: for a prebuilt file");
    };
}
