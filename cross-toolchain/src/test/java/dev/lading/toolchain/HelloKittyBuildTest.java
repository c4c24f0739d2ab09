package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.job.BuildListener;
import dev.lading.core.model.Platform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The embedded example, really compiled for amd64 and arm64 with each toolchain, and run. */
@RequiresToolchain
class HelloKittyBuildTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = ToolchainKind.class, names = {"CLANG", "ZIG"})
    void theExampleBuildsForAmd64AndArm64AndSaysWhereItRuns(ToolchainKind kind) throws Exception {
        List<String> reported = Collections.synchronizedList(new ArrayList<>());
        BuildListener listener = new BuildListener() {
            @Override
            public void nativeBuilt(Platform platform, String toolchain, String detail, Duration took) {
                reported.add(platform + " " + toolchain.substring(0, toolchain.indexOf(' ')) + " " + detail);
            }
        };
        List<PlatformBuild> builds = Fixtures.build(Fixtures.builder(kind, dir.resolve("cache")), Fixtures.EXAMPLE,
                listener, Fixtures.AMD64, Fixtures.ARM64);

        assertEquals("Hello, Kitty! Built for x86_64.\n", Fixtures.run(Fixtures.AMD64,
                Fixtures.of(builds, Fixtures.AMD64).outputDirectory().resolve("HelloKittyexe")));
        assertEquals("Hello, Kitty! Built for aarch64.\n", Fixtures.run(Fixtures.ARM64,
                Fixtures.of(builds, Fixtures.ARM64).outputDirectory().resolve("HelloKittyexe")));
        assertEquals(List.of("linux/amd64 " + kind + " 3 steps run", "linux/arm64 " + kind + " 3 steps run"),
                reported.stream().sorted().toList(), "configure, compile and link on each platform");
        PlatformBuild arm64 = Fixtures.of(builds, Fixtures.ARM64);
        assertTrue(arm64.toolchain().contains(kind == ToolchainKind.ZIG ? "-target aarch64-linux-musl"
                : "--target=aarch64-linux-gnu -fuse-ld=lld"), arm64.toolchain());
        assertTrue(arm64.outputDirectory().startsWith(dir.resolve("cache/builds")), arm64.outputDirectory().toString());
    }
}
