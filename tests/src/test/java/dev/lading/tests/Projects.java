package dev.lading.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies a project of the repository elsewhere, so builds neither write into the checkout nor depend on its path. */
final class Projects {
    private Projects() {
    }

    /** @param relative a directory relative to the repository root, e.g. {@code tests/projects/kitchen} */
    static Path copy(String relative, Path to) throws IOException {
        return copyTree(Lading.REPO.resolve(relative), to);
    }

    /** Copies a directory tree, keeping modification times: a copy is what a second checkout of it would be. */
    static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
