package dev.lading.toolchain;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The directories of {@code PATH}, searched the way a shell finds a program. */
record SearchPath(List<Path> directories) {
    SearchPath {
        directories = List.copyOf(directories);
    }

    static SearchPath of(Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        return new SearchPath(Arrays.stream(path.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of)
                .toList());
    }

    Optional<Path> find(String program) {
        return directories.stream().map(directory -> directory.resolve(program)).filter(SearchPath::isProgram)
                .findFirst().map(Path::toAbsolutePath);
    }

    static boolean isProgram(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }
}
