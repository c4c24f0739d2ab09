package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import dev.lading.core.job.BuildListener;
import dev.lading.core.buildfile.BuildFile;
import dev.lading.core.buildfile.BuildFileParser;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds against a real Debian trixie sysroot of arm64: zlib (FindZLIB), libcrypto (FindOpenSSL) and lz4
 * (pkg-config) linked by clang and by zig, run under qemu with the sysroot as the root of their libraries.
 */
class PackageSysrootBuildTest {
    private static final Platform ARM64 = Fixtures.ARM64;
    private static final String TEXT = "lading packages";

    @TempDir
    static Path shared;
    static PackageSysroot sysroot;

    @TempDir
    Path dir;

    @BeforeAll
    static void sysroot() throws Exception {
        sysroot = TrixieSysroot.build("arm64", shared.resolve("sysroot-arm64"), TrixieSysroot.LIBRARIES);
    }

    private static final String PROGRAM = """
            #include <stdio.h>
            #include <string.h>
            #include <lz4.h>
            #include <openssl/crypto.h>
            #include <openssl/evp.h>
            #include <zlib.h>

            int main(int argc, char **argv) {
                const char *text = argc > 1 ? argv[1] : "";
                int n = (int) strlen(text);
                printf("zlib %s crc32 %08lx\\n", zlibVersion(), crc32(0L, (const Bytef *) text, (uInt) n));
                unsigned char digest[EVP_MAX_MD_SIZE];
                unsigned int size = 0;
                if (!EVP_Digest(text, n, digest, &size, EVP_sha256(), NULL)) return 1;
                printf("openssl %s sha256 ", OpenSSL_version(OPENSSL_VERSION_STRING));
                for (unsigned int i = 0; i < size; i++) printf("%02x", digest[i]);
                printf("\\n");
                char packed[LZ4_COMPRESSBOUND(256)], unpacked[256];
                int packedSize = LZ4_compress_default(text, packed, n, (int) sizeof packed);
                int unpackedSize = LZ4_decompress_safe(packed, unpacked, packedSize, (int) sizeof unpacked);
                printf("lz4 %s %d -> %d -> %s\\n", LZ4_versionString(), n, packedSize,
                       unpackedSize == n && memcmp(text, unpacked, n) == 0 ? "same" : "different");
                return 0;
            }
            """;

    private static final String CMAKE_LISTS = """
            cmake_minimum_required(VERSION 3.16)
            project(libs C)
            find_package(ZLIB REQUIRED)
            find_package(OpenSSL REQUIRED)
            find_package(PkgConfig REQUIRED)
            pkg_check_modules(LZ4 REQUIRED IMPORTED_TARGET liblz4)
            add_executable(libs main.c)
            target_link_libraries(libs PRIVATE ZLIB::ZLIB OpenSSL::Crypto PkgConfig::LZ4)
            """;

    private static final String LAYERS = "layers:\n  - files:\n      - artifact: libs\n        dest: /libs\n";

    private Path cmakeProject(String cmakeLists) throws IOException {
        return Fixtures.write(dir.resolve("cmake"), "CMakeLists.txt", cmakeLists, "main.c", PROGRAM,
                "lading.yaml", "build:\n  cmake:\n    source: .\n" + LAYERS);
    }

    private Path sourcesProject(String libs, String source) throws IOException {
        return Fixtures.write(dir.resolve("sources"), source, PROGRAM, "lading.yaml",
                "build:\n  executables:\n    - name: libs\n      sources: [" + source + "]\n      flags: [-O2, -g]\n"
                        + "      libs: [" + libs + "]\n" + LAYERS);
    }

    private CrossBuilder builder(ToolchainKind kind, Map<String, String> environment) {
        return new CrossBuilder(new CrossBuilder.Settings(kind, null, null, dir.resolve("cache"), 0, 2, environment));
    }

    private PlatformBuild build(ToolchainKind kind, Path project, PackageSysroot packages) throws IOException {
        return build(builder(kind, Fixtures.environment()), project, packages);
    }

    private static PlatformBuild build(CrossBuilder builder, Path project, PackageSysroot packages)
            throws IOException {
        BuildFile file = BuildFileParser.parse(project.resolve("lading.yaml"));
        return builder.build(file.build(), file.toolchain(), project, List.of(ARM64), BuildListener.NONE,
                Map.of(ARM64, packages)).get(0);
    }

    /** Runs an arm64 program with the sysroot's loader and libraries, as the image will hold them. */
    private static List<String> run(Path program) throws Exception {
        Process process = new ProcessBuilder(Fixtures.qemu(ARM64), "-L", sysroot.root().toString(),
                program.toString(), TEXT).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), program + " printed: " + output);
        return output.lines().toList();
    }

    /** What the program prints when each library did its work: checked against Java's own CRC-32 and SHA-256. */
    private static void assertUsedTheLibraries(List<String> lines) throws Exception {
        byte[] bytes = TEXT.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("zlib 1\\.\\d+\\.\\d+ crc32 " + String.format("%08x", crc.getValue())),
                lines.get(0));
        assertTrue(lines.get(1).matches("openssl 3\\.\\d+\\.\\d+ sha256 " + sha256), lines.get(1));
        assertTrue(lines.get(2).matches("lz4 1\\.\\d+\\.\\d+ " + bytes.length + " -> \\d+ -> same"), lines.get(2));
    }

    /** The shared libraries an executable names (DT_NEEDED), as readelf prints them. */
    private static List<String> needed(Path program) throws Exception {
        Process process = new ProcessBuilder("llvm-readelf", "-d", program.toString()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output.lines().filter(line -> line.contains("(NEEDED)"))
                .map(line -> line.substring(line.indexOf('[') + 1, line.indexOf(']'))).toList();
    }

    @RequiresToolchain
    @Test
    void clangBuildsTheCMakeProjectAgainstTheTargetsOwnLibraries() throws Exception {
        PlatformBuild built = build(ToolchainKind.CLANG, cmakeProject(CMAKE_LISTS), sysroot);
        Path program = built.outputDirectory().resolve("libs");
        assertUsedTheLibraries(run(program));
        assertTrue(needed(program).containsAll(List.of("libz.so.1", "libcrypto.so.3", "liblz4.so.1", "libc.so.6")),
                needed(program).toString());
        assertTrue(built.toolchain().contains("--sysroot=" + sysroot.root()), built.toolchain());
        String toolchainFile = Files.readString(built.outputDirectory().resolveSibling("tools/toolchain.cmake"));
        assertTrue(toolchainFile.contains("set(CMAKE_SYSROOT \"" + sysroot.root() + "\")"), toolchainFile);
        // CMake found the packages' files inside the sysroot, not the host's
        String cache = Files.readString(built.outputDirectory().resolve("CMakeCache.txt"));
        assertTrue(cache.contains("ZLIB_LIBRARY_RELEASE:FILEPATH=" + sysroot.root()
                + "/usr/lib/aarch64-linux-gnu/libz.so"), cache);
        assertTrue(cache.contains("OPENSSL_CRYPTO_LIBRARY:FILEPATH=" + sysroot.root()
                + "/usr/lib/aarch64-linux-gnu/libcrypto.so"), cache);
    }

    @RequiresToolchain
    @Test
    void zigBuildsTheCProjectForTheSuitesGlibc() throws Exception {
        PlatformBuild built = build(ToolchainKind.ZIG, cmakeProject(CMAKE_LISTS), sysroot);
        Path program = built.outputDirectory().resolve("libs");
        assertUsedTheLibraries(run(program));
        // the suite's glibc, or the newest zig can build when that is older: never one the image lacks
        Matcher glibc = Pattern.compile("-target aarch64-linux-gnu\\.2\\.(\\d+)").matcher(built.toolchain());
        assertTrue(glibc.find(), built.toolchain());
        assertTrue(Integer.parseInt(glibc.group(1)) <= Integer.parseInt(sysroot.glibcVersion().split("\\.")[1]),
                built.toolchain());
        String log = Files.readString(built.outputDirectory().resolveSibling("build.log"));
        assertFalse(log.contains("cannot build new glibc"), "zig was asked for a glibc it cannot build");
        // the sysroot's headers stay behind zig's libc headers: CMake passes no -I or -isystem for them
        String ninja = Files.readString(built.outputDirectory().resolve("build.ninja"));
        assertFalse(ninja.contains(sysroot.root() + "/usr/include"), ninja);
        assertTrue(needed(program).containsAll(List.of("libz.so.1", "libcrypto.so.3", "liblz4.so.1", "libc.so.6")),
                needed(program).toString());
    }

    @RequiresToolchain
    @Test
    void plainSourcesLinkThePackagesLibrariesWithEitherCompiler() throws Exception {
        for (ToolchainKind kind : List.of(ToolchainKind.CLANG, ToolchainKind.ZIG)) {
            PlatformBuild built = build(kind, sourcesProject("z, crypto, lz4", "main.c"), sysroot);
            Path program = built.outputDirectory().resolve("libs");
            assertUsedTheLibraries(run(program));
            // where this machine keeps the sysroot reaches neither the binary's debug info nor the attestations
            String bytes = new String(Files.readAllBytes(program), StandardCharsets.ISO_8859_1);
            assertFalse(bytes.contains(sysroot.root().toString()), kind + " binary names the sysroot's path");
            List<String> flags = new ArrayList<>(built.facts().compileFlags());
            flags.addAll(built.facts().linkFlags());
            assertTrue(flags.stream().noneMatch(flag -> flag.contains(sysroot.root().toString())), flags.toString());
            assertTrue(flags.contains(kind == ToolchainKind.CLANG ? "--sysroot=<packages>"
                    : "-L<packages>/usr/lib/aarch64-linux-gnu"), flags.toString());
        }
    }

    @RequiresToolchain
    @Test
    void theTargetsPkgConfigReadsOnlyTheSysroot() throws Exception {
        PlatformBuild built = build(ToolchainKind.CLANG, cmakeProject(CMAKE_LISTS), sysroot);
        Path pkgConfig = built.outputDirectory().resolveSibling("tools/pkg-config");
        List<String> command = List.of(pkgConfig.toString(), "--cflags", "--libs", "liblz4", "openssl");
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true);
        // a PKG_CONFIG_PATH of the caller's must not bring the host's .pc files in
        process.environment().put("PKG_CONFIG_PATH", "/usr/lib/x86_64-linux-gnu/pkgconfig");
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, started.waitFor(), output);
        assertEquals("-L" + sysroot.root() + "/usr/lib/aarch64-linux-gnu -llz4 -lxxhash -lssl -lcrypto", output);
        Process missing = new ProcessBuilder(pkgConfig.toString(), "--exists", "libudev").start();
        assertEquals(1, missing.waitFor(), "only the sysroot's .pc files are seen");
    }

    @RequiresToolchain
    @Test
    void zigRefusesCxxWithPackagesAsBadInput() throws Exception {
        InputException sources = assertThrows(InputException.class,
                () -> build(ToolchainKind.ZIG, sourcesProject("z", "main.cpp"), sysroot));
        assertTrue(sources.getMessage().startsWith("linux/arm64: zig cannot build C++ against Debian packages"),
                sources.getMessage());
        assertTrue(sources.getMessage().contains("--toolchain clang"), sources.getMessage());
        // project() without languages is C and C++: CMake's check of the C++ compiler meets the refusal
        InputException cmake = assertThrows(InputException.class, () -> build(ToolchainKind.ZIG,
                cmakeProject(CMAKE_LISTS.replace("project(libs C)", "project(libs)")), sysroot));
        assertEquals(sources.getMessage(), cmake.getMessage());
    }

    @RequiresToolchain
    @Test
    void clangBuildsCxxAgainstThePackagesLibstdcxx() throws Exception {
        Path project = Fixtures.write(dir.resolve("cxx"), "main.cpp", """
                #include <iostream>
                #include <string>
                #include <zlib.h>
                int main() {
                    std::string text = "lading";
                    std::cout << "libstdc++ " << __GLIBCXX__ << " crc32 " << std::hex
                              << crc32(0L, reinterpret_cast<const Bytef *>(text.data()), text.size()) << std::endl;
                }
                """, "lading.yaml", "build:\n  executables:\n    - name: libs\n      sources: [main.cpp]\n"
                + "      libs: [z]\n" + LAYERS);
        Path program = build(ToolchainKind.CLANG, project, sysroot).outputDirectory().resolve("libs");
        CRC32 crc = new CRC32();
        crc.update("lading".getBytes(StandardCharsets.UTF_8));
        Process process = new ProcessBuilder(Fixtures.qemu(ARM64), "-L", sysroot.root().toString(),
                program.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        // trixie's libstdc++ is GCC 14's, dated 2024 or later; bookworm's cross one is GCC 12's
        assertTrue(output.matches("libstdc\\+\\+ 202[4-9]\\d{4} crc32 " + Long.toHexString(crc.getValue())), output);
        assertTrue(needed(program).contains("libstdc++.so.6"), needed(program).toString());
    }

    @RequiresToolchain
    @Test
    void anotherSysrootOrGlibcIsAnotherBuildDirectory() throws Exception {
        Path project = sourcesProject("z, crypto, lz4", "main.c");
        Path first = build(ToolchainKind.ZIG, project, sysroot).outputDirectory();
        PackageSysroot older = new PackageSysroot(sysroot.root(), "2.36");
        Path second = build(ToolchainKind.ZIG, project, older).outputDirectory();
        assertNotEquals(first, second);
        Path copy = shared.resolve("sysroot-link");
        if (!Files.exists(copy)) {
            Files.createSymbolicLink(copy, sysroot.root());
        }
        Path third = build(ToolchainKind.ZIG, project, new PackageSysroot(copy, sysroot.glibcVersion()))
                .outputDirectory();
        assertFalse(List.of(first, second).contains(third), third.toString());
        // the same packages elsewhere give the same executable, debug info included
        assertArrayEquals(Files.readAllBytes(first.resolve("libs")), Files.readAllBytes(third.resolve("libs")));
    }

    @Test
    void withPackagesTheHostNeedsNoCrossPackagesButPkgConfigAndALinker() throws Exception {
        Path bin = Fixtures.clangOnly(dir);
        // cmake and ninja, but neither a linker nor pkg-config
        for (String tool : List.of("cmake", "ninja")) {
            Fixtures.script(bin.resolve(tool), "exec /usr/bin/" + tool + " \"$@\"\n");
        }
        CrossBuilder builder = builder(ToolchainKind.CLANG, Map.of("PATH", bin.toString()));
        LadingException e = assertThrows(LadingException.class,
                () -> build(builder, cmakeProject(CMAKE_LISTS), sysroot));
        String message = e.getMessage();
        assertTrue(message.contains("\n  missing pkg-config, which finds the packages' libraries"), message);
        assertTrue(message.contains("\n  linux/arm64: missing a linker: lld or GNU ld aarch64-linux-gnu-ld"), message);
        assertTrue(message.contains("apt-get install pkgconf lld"), message);
        assertFalse(message.contains("-cross"), message);
    }

    @Test
    void theSysrootOptionAndPackagesDoNotMix() throws Exception {
        CrossBuilder builder = new CrossBuilder(new CrossBuilder.Settings(ToolchainKind.CLANG, null, sysroot.root(),
                dir.resolve("cache"), 0, 2, Fixtures.environment()));
        InputException e = assertThrows(InputException.class,
                () -> build(builder, sourcesProject("z", "main.c"), sysroot));
        assertTrue(e.getMessage().startsWith("--sysroot " + sysroot.root() + " and packages:"), e.getMessage());
    }
}
