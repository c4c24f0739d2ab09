package dev.lading.toolchain;

import java.util.Locale;
import java.util.Optional;

/** The languages a source can be in; each has its own compiler driver (cc or c++). */
enum Language {
    C("cc"), CXX("c++");

    /** The file name of the driver's wrapper script, and zig's subcommand. */
    final String driver;

    Language(String driver) {
        this.driver = driver;
    }

    /** C for {@code .c}, C++ for {@code .cc}, {@code .cpp}, {@code .cxx} and {@code .c++}. */
    static Optional<Language> ofSource(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (extension) {
            case "c" -> Optional.of(C);
            case "cc", "cpp", "cxx", "c++" -> Optional.of(CXX);
            default -> Optional.empty();
        };
    }
}
