package dev.lading.core.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.model.Platform;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetMultiarchTest {
    /** The directories Debian's libc6-dev of each architecture installs below usr/lib and usr/include. */
    @Test
    void multiarchNamesAreDebians() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("linux/amd64", "x86_64-linux-gnu");
        expected.put("linux/arm64", "aarch64-linux-gnu");
        expected.put("linux/arm/v7", "arm-linux-gnueabihf");
        expected.put("linux/arm/v6", "arm-linux-gnueabi");
        expected.put("linux/386", "i386-linux-gnu");
        expected.put("linux/riscv64", "riscv64-linux-gnu");
        expected.put("linux/ppc64le", "powerpc64le-linux-gnu");
        expected.put("linux/s390x", "s390x-linux-gnu");
        expected.forEach((platform, multiarch) ->
                assertEquals(multiarch, Targets.of(Platform.parse(platform)).multiarch(), platform));
        assertEquals(expected.size(), Targets.ALL.size());
    }

    @Test
    void zigGnuTakesTheSuitesGlibcVersion() {
        assertEquals("aarch64-linux-gnu.2.41", Targets.of(Platform.parse("linux/arm64")).zigGnu("2.41"));
        assertEquals("x86-linux-gnu.2.36", Targets.of(Platform.parse("linux/386")).zigGnu("2.36"));
        // armel's libraries use the soft-float ABI, so its glibc target is gnueabi, not gnueabihf
        assertEquals("arm-linux-gnueabi.2.41", Targets.of(Platform.parse("linux/arm/v6")).zigGnu("2.41"));
        assertEquals("arm-linux-gnueabihf.2.41", Targets.of(Platform.parse("linux/arm/v7")).zigGnu("2.41"));
    }
}
