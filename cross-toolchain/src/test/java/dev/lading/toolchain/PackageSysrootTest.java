package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lading.core.InputException;
import dev.lading.core.model.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackageSysrootTest {
    @Test
    void theGlibcVersionIsTheUpstreamPartOfLibc6sVersion() {
        assertEquals("2.41", PackageSysroot.of(Path.of("/sr"), "2.41-12+deb13u5").glibcVersion());
        assertEquals("2.36", PackageSysroot.of(Path.of("/sr"), "2.36-9+deb12u10").glibcVersion());
        assertEquals("2.40", PackageSysroot.of(Path.of("/sr"), "2.40").glibcVersion());
        assertEquals("2.31", PackageSysroot.of(Path.of("/sr"), "2.31.1-0ubuntu1").glibcVersion());
        assertEquals("2.42", PackageSysroot.of(Path.of("/sr"), "2.42~rc1-1").glibcVersion());
    }

    /** Any Debian version of libc6, with or without an epoch and a revision, gives MAJOR.MINOR. */
    @Test
    void everyWellFormedLibc6VersionGivesMajorDotMinor() {
        Random random = new Random(9);
        for (int i = 0; i < 500; i++) {
            int major = random.nextInt(5);
            int minor = random.nextInt(100);
            String version = (random.nextBoolean() ? random.nextInt(3) + ":" : "") + major + "." + minor
                    + (random.nextBoolean() ? "." + random.nextInt(9) : "")
                    + (random.nextBoolean() ? "-" + random.nextInt(20) + (random.nextBoolean() ? "+deb13u" + i : "")
                    : "");
            assertEquals(major + "." + minor, PackageSysroot.of(Path.of("/sr"), version).glibcVersion(), version);
        }
    }

    @Test
    void otherVersionsAreBadInput() {
        for (String bad : List.of("", "2", "two.41-1", "2.x-1", "-2.41", "2.41a")) {
            assertThrows(InputException.class, () -> PackageSysroot.of(Path.of("/sr"), bad), bad);
        }
        assertThrows(InputException.class, () -> new PackageSysroot(Path.of("/sr"), "2.41.1"));
    }

    @Test
    void directoriesAreDebiansMultiarchOnes() {
        PackageSysroot sysroot = new PackageSysroot(Path.of("/sr/x/.."), "2.41");
        assertEquals(Path.of("/sr"), sysroot.root());
        assertEquals(List.of(Path.of("/sr/usr/include/i386-linux-gnu"), Path.of("/sr/usr/include")),
                sysroot.includeDirectories(ToolchainTargets.of(Platform.parse("linux/386"))));
        assertEquals(Path.of("/sr/usr/lib/i386-linux-gnu"),
                sysroot.libraryDirectory(ToolchainTargets.of(Platform.parse("linux/386"))));
    }
}
