package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.job.BuildListener;
import dev.lading.core.buildfile.BuildFile;
import dev.lading.core.buildfile.BuildFileParser;
import dev.lading.core.model.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's 386 names its directories i386-linux-gnu while the compilers' triple and gcc's directory say i686:
 * both compilers and CMake's find modules still find the packages' files.
 */
@RequiresToolchain
class PackageSysroot386Test {
    private static final Platform I386 = Platform.parse("linux/386");
    private static final String PROGRAM = """
            #include <stdio.h>
            #include <zlib.h>
            int main(void) {
                printf("zlib %s crc32 %08lx\\n", zlibVersion(), crc32(0L, (const Bytef *) "lading", 6));
                return 0;
            }
            """;

    @TempDir
    static Path shared;
    static PackageSysroot sysroot;

    @TempDir
    Path dir;

    @BeforeAll
    static void sysroot() throws Exception {
        sysroot = TrixieSysroot.build("i386", shared.resolve("sysroot-i386"), TrixieSysroot.BASE);
    }

    private Path build(ToolchainKind kind, String name, String buildSection) throws Exception {
        Path project = Fixtures.write(dir.resolve(name), "main.c", PROGRAM, "main.cpp",
                "#include <iostream>\n#include <zlib.h>\nint main() { std::cout << \"zlib \" << zlibVersion()"
                        + " << \" crc32 \" << std::hex << crc32(0L, (const Bytef *) \"lading\", 6) << std::endl; }\n",
                "CMakeLists.txt", "cmake_minimum_required(VERSION 3.16)\nproject(z C)\nfind_package(ZLIB REQUIRED)\n"
                        + "add_executable(z main.c)\ntarget_link_libraries(z PRIVATE ZLIB::ZLIB)\n",
                "lading.yaml",
                "build:\n" + buildSection + "layers:\n  - files:\n      - artifact: z\n        dest: /z\n");
        BuildFile file = BuildFileParser.parse(project.resolve("lading.yaml"));
        CrossBuilder builder = new CrossBuilder(new CrossBuilder.Settings(kind, null, null, dir.resolve("cache"), 0, 2,
                Fixtures.environment()));
        return builder.build(file.build(), file.toolchain(), project, List.of(I386), BuildListener.NONE,
                Map.of(I386, sysroot)).get(0).outputDirectory().resolve("z");
    }

    private static void assertRunsWithZlib(Path program) throws Exception {
        Process process = new ProcessBuilder(Fixtures.qemu(I386), "-L", sysroot.root().toString(),
                program.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        CRC32 crc = new CRC32();
        crc.update("lading".getBytes(StandardCharsets.UTF_8));
        assertTrue(output.matches("zlib 1\\.\\d+\\.\\d+ crc32 0*" + Long.toHexString(crc.getValue())), output);
    }

    @Test
    void clangFindsGccsI686DirectoryAndTheI386Libraries() throws Exception {
        assertRunsWithZlib(build(ToolchainKind.CLANG, "cxx",
                "  executables:\n    - name: z\n      sources: [main.cpp]\n      libs: [z]\n"));
        assertRunsWithZlib(build(ToolchainKind.CLANG, "cmake", "  cmake:\n    source: .\n"));
    }

    @Test
    void zigTakesTheI386Headers() throws Exception {
        assertRunsWithZlib(build(ToolchainKind.ZIG, "c",
                "  executables:\n    - name: z\n      sources: [main.c]\n      libs: [z]\n"));
        assertRunsWithZlib(build(ToolchainKind.ZIG, "cmake", "  cmake:\n    source: .\n"));
    }
}
