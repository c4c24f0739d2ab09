package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Steps are logged, and zig's cache races get exactly one more try. */
class PlatformSetupTest {
    @TempDir
    Path dir;

    /** Fails the first time with what zig prints when two builds race in its cache, then succeeds. */
    private Path racing() throws Exception {
        Path tried = dir.resolve("tried");
        return Fixtures.script(dir.resolve("racing"), "if [ -e " + tried + " ]; then echo built; exit 0; fi\n"
                + "touch " + tried + "\necho 'error: unable to build libc++: PathAlreadyExists'\nexit 1\n");
    }

    private PlatformSetup setup(Toolchain toolchain) throws Exception {
        BuildDirectory directory = new BuildDirectory(Files.createDirectories(dir.resolve("build")));
        return new PlatformSetup(ToolchainTargets.of(Fixtures.ARM64), toolchain, directory, null,
                Map.of("SOURCE_DATE_EPOCH", "7"), 1, null);
    }

    @Test
    void aZigCacheRaceIsTriedOnceMore() throws Exception {
        PlatformSetup setup = setup(new ZigToolchain(Path.of("/zig"), "0.14.0", dir));
        Commands.Outcome outcome = setup.run(List.of(racing().toString(), "arg"), dir);
        assertEquals(new Commands.Outcome(0, "built\n"), outcome);
        String log = Files.readString(setup.directory().log());
        assertEquals(2, log.split("\\$ '" + dir.resolve("racing") + "' 'arg'\n", -1).length - 1, log);
        assertTrue(log.contains("PathAlreadyExists\n(exit 1)\n"), log);
    }

    @Test
    void otherFailuresAndClangFailuresAreNotRetried() throws Exception {
        PlatformSetup setup = setup(new ClangToolchain(Path.of("/clang"), Path.of("/clang++"), "14.0.6", null, null,
                null, new ClangLinkers(null, 0, null, new SearchPath(List.of()))));
        assertEquals(1, setup.run(List.of(racing().toString()), dir).exitCode());
        Path failing = Fixtures.script(dir.resolve("failing"), "echo \"epoch $SOURCE_DATE_EPOCH\"\nexit 3\n");
        PlatformSetup zig = setup(new ZigToolchain(Path.of("/zig"), "0.14.0", dir));
        assertEquals(new Commands.Outcome(3, "epoch 7\n"), zig.run(List.of(failing.toString()), dir));
    }
}
