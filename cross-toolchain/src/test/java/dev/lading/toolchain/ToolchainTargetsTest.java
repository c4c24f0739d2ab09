package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.model.Platform;
import dev.lading.core.platform.Target;
import dev.lading.core.platform.Targets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolchainTargetsTest {
    @Test
    void everyPlatformOfCoresTableHasOneRowInTheSameOrder() {
        assertEquals(Targets.ALL.stream().map(Target::platform).toList(),
                ToolchainTargets.ALL.stream().map(ToolchainTarget::platform).toList());
    }

    /** Debian's sysroot directory is the GNU triple; only 386 keeps the i386 name for its multiarch directory. */
    @Test
    void theMultiarchDirectoryIsTheGnuTripleExceptOn386() {
        for (ToolchainTarget target : ToolchainTargets.ALL) {
            String expected = target.debianArch().equals("i386") ? "i386-linux-gnu" : target.gnuTriple();
            assertEquals(expected, target.multiarch(), target.platform().toString());
        }
    }

    @Test
    void zigGnuTakesTheSuitesGlibcVersion() {
        assertEquals("aarch64-linux-gnu.2.41", ToolchainTargets.of(Platform.parse("linux/arm64")).zigGnu("2.41"));
        assertEquals("x86-linux-gnu.2.36", ToolchainTargets.of(Platform.parse("linux/386")).zigGnu("2.36"));
        // armel's libraries use the soft-float ABI, so its glibc target is gnueabi, not gnueabihf
        assertEquals("arm-linux-gnueabi.2.41", ToolchainTargets.of(Platform.parse("linux/arm/v6")).zigGnu("2.41"));
        assertEquals("arm-linux-gnueabihf.2.41", ToolchainTargets.of(Platform.parse("linux/arm/v7")).zigGnu("2.41"));
    }

    @Test
    void debianPackagesAddTheLinkerClangNeeds() {
        assertEquals(List.of("libc6-dev-s390x-cross", "libstdc++-12-dev-s390x-cross", "binutils-s390x-linux-gnu"),
                ToolchainTargets.of(Platform.parse("linux/s390x")).debianPackages());
        assertEquals(List.of("libc6-dev-riscv64-cross", "libstdc++-12-dev-riscv64-cross", "lld-16"),
                ToolchainTargets.of(Platform.parse("linux/riscv64")).debianPackages());
        assertEquals(List.of("libc6-dev-arm64-cross", "libstdc++-12-dev-arm64-cross"),
                ToolchainTargets.of(Platform.parse("linux/arm64")).debianPackages());
    }
}
