package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.platform.Target;
import dev.lading.core.platform.Targets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every project, every platform, both toolchains: one lading run per toolchain and project builds all platforms
 * (the builder runs them in parallel); then each platform's binary is taken out of the image and run under
 * qemu, and must say it was compiled for that platform. On arm/v6 the emulated CPU is an ARM1176, so v7 code
 * would fault rather than pass.
 */
class CrossBuildMatrixTest {
    @TempDir
    Path dir;

    static Stream<Arguments> builds() {
        return CrossBuilds.TOOLCHAINS.stream().flatMap(toolchain ->
                Stream.of(CrossProject.values()).map(project -> Arguments.of(project, toolchain)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("builds")
    void everyPlatformRunsUnderItsEmulator(CrossProject project, String toolchain) throws Exception {
        Path context = Projects.copy(project.directory, dir.resolve("project"));
        Path layout = dir.resolve("oci");
        long start = System.nanoTime();
        Tool.Result build = CrossBuilds.build(project, context, toolchain, CrossBuilds.ALL_PLATFORMS, layout);
        System.out.printf("matrix: %s with %s, %d platforms: %.1f s%n", project, toolchain, Targets.ALL.size(),
                (System.nanoTime() - start) / 1e9);
        assertEquals(0, build.exitCode(), build.toString());

        List<Executable> checks = new ArrayList<>();
        for (Target target : Targets.ALL) {
            checks.add(() -> {
                Path rootfs = ImageRootfs.unpack(layout, target.platform(),
                        dir.resolve("rootfs/" + target.platform().toString().replace('/', '-')));
                Tool.Result run = Emulator.run(target.platform(), ImageRootfs.find(rootfs, project.binary));
                assertEquals(0, run.exitCode(), target.platform() + ": " + run);
                assertEquals(project.expectedOutput(target.platform()), run.stdout(), target.platform() + ": " + run);
            });
        }
        assertAll(project + " with " + toolchain, checks);
    }
}
