package dev.lading.core.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.model.Platform;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {
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
    void everySupportedPlatformHasOneRowInTheSameOrder() {
        assertEquals(Platform.SUPPORTED, Targets.ALL.stream().map(Target::platform).toList());
    }
}
