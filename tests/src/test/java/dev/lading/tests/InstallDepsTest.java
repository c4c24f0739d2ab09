package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.toolchain.ToolchainTarget;
import dev.lading.toolchain.ToolchainTargets;
import java.nio.file.Files;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** scripts/install-deps.sh installs the cross sysroot of every platform the platform table knows. */
class InstallDepsTest {
    @Test
    void theScriptInstallsWhatEveryTargetNeeds() throws Exception {
        String script = Files.readString(Lading.REPO.resolve("scripts/install-deps.sh"));
        Matcher arches = Pattern.compile("(?m)^sysroot_arches=\\(([^)]*)\\)").matcher(script);
        assertTrue(arches.find(), "sysroot_arches=(...) in the script");
        // the host is amd64 (the zig package is the x86-64 build), so amd64 needs no cross sysroot
        Set<ToolchainTarget> foreign = ToolchainTargets.ALL.stream().filter(t -> !t.platform().toString().equals("linux/amd64"))
                .collect(Collectors.toSet());
        assertEquals(foreign.stream().map(ToolchainTarget::debianArch).collect(Collectors.toSet()),
                Set.of(arches.group(1).trim().split("\\s+")));
        for (ToolchainTarget target : foreign) {
            for (String pack : target.debianPackages()) {
                String perArch = pack.replace("-" + target.debianArch() + "-", "-$arch-");
                assertTrue(script.contains(pack) || script.contains("\"" + perArch + "\""),
                        target.platform() + " needs " + pack + ", which the script does not install");
            }
        }
    }
}
