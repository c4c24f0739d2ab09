package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which linker each target gets, following the platform table's {@code clangLinker}. */
class ClangLinkersTest {
    private static final ToolchainTarget ARM64 = ToolchainTargets.of(Fixtures.ARM64);
    private static final ToolchainTarget RISCV64 = ToolchainTargets.of(Platform.parse("linux/riscv64"));
    private static final ToolchainTarget S390X = ToolchainTargets.of(Platform.parse("linux/s390x"));

    @TempDir
    Path dir;

    private SearchPath path(String... programs) throws Exception {
        for (String program : programs) {
            Fixtures.script(dir.resolve(program), "exit 0\n");
        }
        return new SearchPath(List.of(dir));
    }

    @Test
    void lld14LinksMostTargetsAndRiscvGetsTheNewerLld() throws Exception {
        ClangLinkers linkers = ClangLinkers.find(path("ld.lld-16"));
        ClangLinkers with14 = new ClangLinkers(Path.of("/usr/bin/ld.lld"), 14, linkers.newerLld(), linkers.path());
        assertEquals(Optional.of(List.of("-fuse-ld=lld")), with14.flags(ARM64));
        assertEquals(Optional.of(List.of("-fuse-ld=lld-16")), with14.flags(RISCV64));
    }

    @Test
    void lld15OrLaterLinksRiscvItself() throws Exception {
        ClangLinkers linkers = new ClangLinkers(Path.of("/usr/bin/ld.lld"), 16, null, path());
        assertEquals(Optional.of(List.of("-fuse-ld=lld")), linkers.flags(RISCV64));
    }

    @Test
    void s390xNeedsGnuLdWhichClangPicksWithoutAFlag() throws Exception {
        ClangLinkers without = new ClangLinkers(Path.of("/usr/bin/ld.lld"), 16, null, path());
        assertEquals(Optional.empty(), without.flags(S390X));
        assertTrue(ClangLinkers.missing(S390X).contains("s390x-linux-gnu-ld"));
        assertEquals("binutils-s390x-linux-gnu", ClangLinkers.linkerPackage(S390X));
        ClangLinkers with = new ClangLinkers(null, 0, null, path("s390x-linux-gnu-ld"));
        assertEquals(Optional.of(List.of()), with.flags(S390X));
    }

    @Test
    void withoutLldGnuLdOfTheTargetStandsIn() throws Exception {
        ClangLinkers linkers = new ClangLinkers(null, 0, null, path("aarch64-linux-gnu-ld"));
        assertEquals(Optional.of(List.of()), linkers.flags(ARM64));
        assertEquals(Optional.empty(), linkers.flags(RISCV64));
        assertEquals("lld", ClangLinkers.linkerPackage(ARM64));
        assertEquals("lld-16", ClangLinkers.linkerPackage(RISCV64));
    }
}
