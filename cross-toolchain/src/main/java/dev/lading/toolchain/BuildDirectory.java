package dev.lading.toolchain;

import dev.lading.core.model.Digest;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where one platform's build of one project with one toolchain lives between builds:
 * {@code CACHE/builds/<project>-<hash of its path>/<platform>-<hash of the toolchain identity>/}. A new compiler,
 * flag or {@code SOURCE_DATE_EPOCH} gets a fresh directory instead of outputs that mix the old and the new.
 */
record BuildDirectory(Path root) {
    static BuildDirectory of(Path cache, Path project, Platform platform, String toolchainIdentity) {
        Path name = project.getFileName();
        String projectName = (name == null ? "root" : name.toString()).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-") + "-" + shortHash(project.toString());
        String platformName = platform.toString().replace('/', '-') + "-" + shortHash(toolchainIdentity);
        return new BuildDirectory(cache.resolve("builds").resolve(projectName).resolve(platformName));
    }

    /** The wrapper scripts and the CMake toolchain file. */
    Path tools() {
        return root.resolve("tools");
    }

    /** The platform's output directory: CMake's binary directory, or where executables are linked. */
    Path output() {
        return root.resolve("out");
    }

    /** Objects, depfiles and the records that decide what to rebuild, for builds without CMake. */
    Path objects() {
        return root.resolve("obj");
    }

    /** Everything the last build printed. */
    Path log() {
        return root.resolve("build.log");
    }

    /** Held while a build uses the directory, so that two lading processes take turns. */
    Path lock() {
        return root.resolve("lock");
    }

    /** Present once the host was found to have what the platform needs, so later builds skip the check. */
    Path checked() {
        return root.resolve("checked");
    }

    static String shortHash(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 12);
    }

    /**
     * Writes a generated file only when its text changed: an unchanged mtime keeps CMake from configuring again.
     */
    static void writeIfChanged(Path file, String text, boolean executable) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!Files.isRegularFile(file) || !Arrays.equals(Files.readAllBytes(file), bytes)) {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        }
        if (executable && !Files.isExecutable(file)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
