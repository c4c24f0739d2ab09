package dev.lading.tests;

import dev.lading.core.model.Platform;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** The native projects of the repository that lading cross-compiles, and what their programs must print. */
enum CrossProject {
    /** The README's example: one C++ file, built with CMake. */
    EXAMPLE("examples/hellokitty", "lading.yaml", "HelloKittyexe"),
    /** A C static library, C++ with std::thread, built with CMake. */
    KITCHEN("tests/projects/kitchen", "lading.yaml", "kitchen"),
    /** The same sources as one executable, without CMake. */
    KITCHEN_PLAIN("tests/projects/kitchen", "plain.yaml", "kitchen");

    private static final String RECIPE = "tomato basil garlic olive";

    final String directory;
    final String buildFile;
    final String binary;

    CrossProject(String directory, String buildFile, String binary) {
        this.directory = directory;
        this.buildFile = buildFile;
        this.binary = binary;
    }

    String expectedOutput(Platform platform) {
        String architecture = Emulator.architectureName(platform);
        if (this == EXAMPLE) {
            return "Hello, Kitty! Built for " + architecture + ".\n";
        }
        // Java's CRC-32 is the reference the program's C library must match on every byte order.
        CRC32 crc = new CRC32();
        crc.update(RECIPE.getBytes(StandardCharsets.US_ASCII));
        return "Kitchen built for " + architecture + ".\n"
                + String.format("crc32(\"%s\") = %08x%n", RECIPE, crc.getValue())
                + "sorted: basil garlic olive tomato\n"
                + "4 threads: sum(1..1000000) = 500000500000\n";
    }
}
