package dev.lading.core.buildfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PackagesSectionTest {
    private static final Path FILE = Path.of("proj", "lading.yaml");

    @Test
    void contractExampleParses() {
        Packages packages = BuildFileParser.parse("""
                packages:
                  distribution: debian:bookworm
                  build: [zlib1g-dev, libssl-dev, liblz4-dev=1.9.4-1]
                  runtime: [auto, ca-certificates]
                """, FILE).packages();

        assertEquals("bookworm", packages.suite());
        assertEquals(List.of("zlib1g-dev", "libssl-dev", "liblz4-dev=1.9.4-1"), packages.buildRequests());
        assertTrue(packages.autoRuntime());
        assertEquals(List.of("ca-certificates"), packages.namedRuntime());
        assertEquals(3, packages.build().get(2).line());
    }

    @Test
    void defaultsAreTrixieAndAuto() {
        Packages packages = BuildFileParser.parse("packages:\n  build: [zlib1g-dev]\n", FILE).packages();

        assertEquals("debian:trixie", packages.distribution().value());
        assertTrue(packages.autoRuntime());
        assertEquals(List.of(), packages.namedRuntime());
    }

    @Test
    void runtimeWithoutAutoAddsOnlyTheNamedOnes() {
        Packages packages = BuildFileParser.parse("packages:\n  runtime: [tzdata]\n", FILE).packages();

        assertFalse(packages.autoRuntime());
        assertEquals(List.of("tzdata"), packages.namedRuntime());
    }

    @Test
    void absentSectionIsNull() {
        assertNull(BuildFileParser.parse("from: scratch\n", FILE).packages());
    }

    @ParameterizedTest
    @ValueSource(strings = {"build: [Zlib]", "build: [auto]", "build: ['zlib1g-dev rm']", "build: [a]",
        "runtime: [../etc]", "distribution: ubuntu:noble", "distribution: 'debian:'", "mirror: x",
        "build: [zlib1g-dev, zlib1g-dev=1]"})
    void badEntriesNameTheirField(String entry) {
        InputException e = assertThrows(InputException.class,
                () -> BuildFileParser.parse("packages:\n  " + entry + "\n", FILE));

        assertTrue(e.getMessage().contains("packages"), e.getMessage());
        assertEquals(2, e.line(), e.getMessage());
    }
}
