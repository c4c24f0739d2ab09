package dev.lading.core.job;

import dev.lading.core.buildfile.BuildFileParser;
import dev.lading.core.io.Compression;
import dev.lading.core.model.ImageFormat;
import dev.lading.core.model.Platform;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

/** Writes small build contexts and runs builds of them into a store. */
final class BuildFixture {
    private BuildFixture() {
    }

    static Path context(Path dir, String yaml, String... pathsAndContents) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("lading.yaml"), yaml);
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path file = dir.resolve(pathsAndContents[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, pathsAndContents[i + 1]);
        }
        return dir;
    }

    static void touchAll(Path dir, long epochSeconds) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path path : files.toList()) {
                Files.setLastModifiedTime(path, FileTime.fromMillis(epochSeconds * 1000));
            }
        }
    }

    static BuildResult build(Path context, Path store, long sourceDateEpoch, List<Platform> platforms,
                             Compression compression, int threads) throws IOException {
        BuildRequest request = new BuildRequest(context, BuildFileParser.parse(context.resolve("lading.yaml")),
                platforms, sourceDateEpoch, compression, ImageFormat.OCI, threads, ArtifactSource.NONE, null,
                BuildListener.NONE);
        return ImageBuild.run(request, OciLayout.openOrCreate(store));
    }

    static BuildResult build(Path context, Path store) throws IOException {
        return build(context, store, 0, List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64")),
                Compression.GZIP, 2);
    }
}
