package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated scripts, run with a stand-in compiler that prints the arguments it gets, one per line. */
class WrappersTest {
    private static final ToolchainTarget ARM64 = ToolchainTargets.of(Fixtures.ARM64);
    private static final ToolchainTarget ARM_V6 = ToolchainTargets.of(Platform.parse("linux/arm/v6"));

    @TempDir
    Path dir;
    Path echo;

    @BeforeEach
    void setUp() throws Exception {
        echo = Fixtures.script(dir.resolve("bin/echo-args"),
                "printf '%s\\n' \"$@\"\necho \"SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH\"\n"
                        + "echo \"ZIG_GLOBAL_CACHE_DIR=$ZIG_GLOBAL_CACHE_DIR\"\necho \"PWD=$PWD\"\n");
    }

    private ZigToolchain zig() {
        return new ZigToolchain(echo, "0.14.0", dir.resolve("zig-cache"));
    }

    private ClangToolchain clang() {
        return new ClangToolchain(echo, echo, "14.0.6", dir.resolve("llvm-ar"), dir.resolve("llvm-ranlib"), null,
                new ClangLinkers(Path.of("/usr/bin/ld.lld"), 14, null, new SearchPath(List.of())));
    }

    private List<String> run(Path wrapper, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(wrapper.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output.lines().toList();
    }

    private Wrappers write(Toolchain toolchain, ToolchainTarget target) throws Exception {
        return Wrappers.write(dir.resolve("tools"), toolchain, target, List.of("-ffile-prefix-map=/src=."),
                Map.of("SOURCE_DATE_EPOCH", "1700000000"));
    }

    @Test
    void zigCompileGetsTheTargetLastAndNoLinkerFlags() throws Exception {
        List<String> args = run(write(zig(), ARM64).cc(), "-O2", "-c", "main.c", "-o", "main.o");
        assertEquals(List.of("cc", "-ffile-prefix-map=/src=.", "-O2", "-c", "main.c", "-o", "main.o",
                "-target", "aarch64-linux-musl", "-fno-sanitize=undefined",
                "SOURCE_DATE_EPOCH=1700000000", "ZIG_GLOBAL_CACHE_DIR=" + dir.resolve("zig-cache"),
                "PWD=/proc/self/cwd"), args);
    }

    @Test
    void zigLinkGetsABuildIdAndArmV6ItsCpu() throws Exception {
        List<String> args = run(write(zig(), ARM_V6).cxx(), "main.o", "-o", "app");
        assertEquals(List.of("c++", "-ffile-prefix-map=/src=.", "main.o", "-o", "app", "-Wl,--build-id=sha1",
                "-Wl,--strip-debug", "-target", "arm-linux-musleabihf", "-mcpu=arm1176jzf_s",
                "-fno-sanitize=undefined"), args.subList(0, args.size() - 3));
    }

    @Test
    void zigKeepsDebugInfoOnlyWhenTheLinkAsksForIt() throws Exception {
        Wrappers wrappers = write(zig(), ARM64);
        assertTrue(run(wrappers.cc(), "-O2", "main.o").contains("-Wl,--strip-debug"));
        assertTrue(!run(wrappers.cc(), "-O2", "-g", "main.o").contains("-Wl,--strip-debug"));
        assertTrue(!run(wrappers.cc(), "-gdwarf-4", "main.o").contains("-Wl,--strip-debug"));
    }

    @Test
    void zigDropsWhatItRejectsAndKeepsTheRest() throws Exception {
        List<String> args = run(write(zig(), ARM64).cc(), "-Wl,--dependency-file=x.d", "-Wl,-Map=app.map",
                "-march=armv8.2-a", "-Wp,-D_FORTIFY_SOURCE=2", "-Wp,-MD,dep.d", "-Wl,--gc-sections",
                "-Wl,--fix-cortex-a53-843419", "a b'c", "main.o");
        assertEquals(List.of("cc", "-ffile-prefix-map=/src=.", "-Wp,-MD,dep.d", "-Wl,--gc-sections", "a b'c",
                "main.o", "-Wl,--build-id=sha1"), args.subList(0, 7));
    }

    @Test
    void clangLinksStaticallyWithItsLinkerButNotSharedLibraries() throws Exception {
        Wrappers wrappers = write(clang(), ARM64);
        assertEquals(List.of("-ffile-prefix-map=/src=.", "main.o", "-o", "app", "-fuse-ld=lld",
                "-Wl,--build-id=sha1", "-static", "--target=aarch64-linux-gnu"),
                run(wrappers.cxx(), "main.o", "-o", "app").subList(0, 8));
        List<String> shared = run(wrappers.cc(), "-shared", "a.o", "-o", "liba.so");
        assertTrue(shared.contains("-fuse-ld=lld") && !shared.contains("-static"), shared.toString());
        List<String> compile = run(wrappers.cc(), "-c", "a.c");
        assertTrue(!compile.contains("-fuse-ld=lld") && !compile.contains("-static"), compile.toString());
    }

    @Test
    void archiverScriptsRunTheToolchainsArchiver() throws Exception {
        Wrappers wrappers = write(zig(), ARM64);
        assertEquals(List.of("ar", "qcD", "lib.a", "a.o"), run(wrappers.ar(), "qcD", "lib.a", "a.o").subList(0, 4));
        assertEquals(List.of("ranlib", "-D", "lib.a"), run(wrappers.ranlib(), "-D", "lib.a").subList(0, 3));
        String clangAr = Files.readString(write(clang(), ARM64).ar());
        assertTrue(clangAr.endsWith("exec '" + dir.resolve("llvm-ar") + "' \"$@\"\n"), clangAr);
    }

    private static final PackageSysroot PACKAGES = new PackageSysroot(Path.of("/sr"), "2.41");

    @Test
    void zigWithPackagesTargetsTheSuitesGlibcAndSearchesThePackagesAfterItsOwnLibc() throws Exception {
        Wrappers wrappers = write(zig().withPackages(Map.of(Fixtures.ARM64, PACKAGES)), ARM64);
        assertEquals(List.of("cc", "-ffile-prefix-map=/src=.", "-c", "main.c", "-target", "aarch64-linux-gnu.2.41",
                "-fno-sanitize=undefined", "-idirafter", "/sr/usr/include/aarch64-linux-gnu", "-idirafter",
                "/sr/usr/include"), run(wrappers.cc(), "-c", "main.c").subList(0, 11));
        List<String> link = run(wrappers.cc(), "main.o", "-lz", "-o", "app");
        assertEquals(List.of("main.o", "-lz", "-o", "app", "-L/sr/usr/lib/aarch64-linux-gnu", "-Wl,--build-id=sha1"),
                link.subList(2, 8));
    }

    @Test
    void zigWithPackagesRefusesCxx() throws Exception {
        Wrappers wrappers = write(zig().withPackages(Map.of(Fixtures.ARM64, PACKAGES)), ARM64);
        Process process = new ProcessBuilder(wrappers.cxx().toString(), "-c", "main.cpp").start();
        String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.waitFor());
        assertEquals(Wrappers.REFUSAL + ZigToolchain.NO_CXX_WITH_PACKAGES + "\n", error);
        // other platforms of the same build keep their C++
        assertEquals("c++", run(write(zig().withPackages(Map.of(Fixtures.ARM64, PACKAGES)), ARM_V6).cxx()).get(0));
    }

    @Test
    void clangWithPackagesUsesTheSysrootAndLinksDynamically() throws Exception {
        Wrappers wrappers = write(clang().withPackages(Map.of(Fixtures.ARM64, PACKAGES)), ARM64);
        List<String> link = run(wrappers.cxx(), "main.o", "-o", "app");
        assertEquals(List.of("-ffile-prefix-map=/src=.", "main.o", "-o", "app", "-fuse-ld=lld",
                "-Wl,--build-id=sha1", "--target=aarch64-linux-gnu", "--sysroot=/sr"), link.subList(0, 8));
        assertTrue(!link.contains("-static"), link.toString());
    }

    @Test
    void thePkgConfigWrapperReadsTheSysrootsFilesOnly() throws Exception {
        Path pkgConfig = Wrappers.write(dir.resolve("tools"), zig().withPackages(Map.of(Fixtures.ARM64, PACKAGES)),
                ARM64, List.of(), Map.of(), echo).pkgConfig();
        Fixtures.script(echo, "printf '%s\\n' \"$@\" \"$PKG_CONFIG_SYSROOT_DIR\" \"$PKG_CONFIG_LIBDIR\""
                + " \"${PKG_CONFIG_PATH-unset}\"\n");
        ProcessBuilder builder = new ProcessBuilder(pkgConfig.toString(), "--libs", "zlib");
        builder.environment().put("PKG_CONFIG_PATH", "/usr/lib/pkgconfig");
        Process process = builder.start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        assertEquals(0, process.waitFor());
        assertEquals(List.of("--libs", "zlib", "/sr",
                "/sr/usr/lib/aarch64-linux-gnu/pkgconfig:/sr/usr/share/pkgconfig:/sr/usr/lib/pkgconfig", "unset"),
                lines);
        assertEquals(null, write(zig(), ARM64).pkgConfig(), "no packages, no pkg-config wrapper");
    }

    @Test
    void unchangedScriptsKeepTheirTimes() throws Exception {
        Wrappers first = write(zig(), ARM64);
        // a time no rewrite could give the file, so an unchanged one shows without waiting for the clock
        FileTime longAgo = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(first.cc(), longAgo);
        write(zig(), ARM64);
        assertEquals(longAgo, Files.getLastModifiedTime(first.cc()));
        write(zig(), ARM_V6);
        assertTrue(Files.readString(first.cc()).contains("arm1176jzf_s"));
    }
}
