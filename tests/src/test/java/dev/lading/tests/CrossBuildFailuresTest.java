package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A build that cannot succeed says why in the compiler's or the checker's own words, and writes nothing. */
class CrossBuildFailuresTest {
    @TempDir
    Path dir;

    static Stream<Arguments> brokenBuilds() {
        return CrossBuilds.TOOLCHAINS.stream().flatMap(toolchain -> Stream.of(CrossProject.KITCHEN,
                CrossProject.KITCHEN_PLAIN).map(project -> Arguments.of(project, toolchain)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("brokenBuilds")
    void aCompileErrorFailsTheBuildWithTheCompilersMessage(CrossProject project, String toolchain) throws Exception {
        Path context = Projects.copy(project.directory, dir.resolve("project"));
        Path source = context.resolve("workers.cpp");
        List<String> lines = new ArrayList<>(Files.readAllLines(source));
        int broken = lines.indexOf("            total += partial;");
        assertTrue(broken >= 0, "the line to break is in " + source);
        lines.set(broken, "            total += undeclared_partial;");
        Files.write(source, lines);
        Path layout = dir.resolve("oci");
        Tool.Result result = CrossBuilds.build(project, context, toolchain, "linux/arm64", layout);
        assertEquals(1, result.exitCode(), result.toString());
        assertFalse(result.stderr().contains("\tat "), "a stack trace reached the user:\n" + result.stderr());
        // the compiler's own words: file, line, and the name it could not find
        for (String part : new String[] {"workers.cpp:" + (broken + 1) + ":", "error", "undeclared_partial"}) {
            assertTrue(result.stderr().contains(part), "expected '" + part + "' in:\n" + result.stderr());
        }
        assertFalse(Files.exists(layout), "a failed build wrote its output");
    }

    @Test
    void aPrebuiltBinaryOfAnotherArchitectureIsRefused() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project/bin"));
        Path hello = dir.resolve("hello.c");
        Files.writeString(hello, "int main(void) { return 0; }\n");
        // static, as a binary in an image from scratch must be: the architecture is the one thing wrong below
        Tool.ok("clang", "--target=aarch64-linux-gnu", "-fuse-ld=lld", "-static", "-O2", hello.toString(),
                "-o", project.resolve("hello-arm64").toString());
        Tool.ok("clang", "--target=x86_64-linux-gnu", "-fuse-ld=lld", "-static", "-O2", hello.toString(),
                "-o", project.resolve("hello-amd64").toString());
        Lading lading = new Lading(dir.resolve("home"));

        // the same image with the matching binary builds, so the refusal below is about the architecture
        Files.writeString(dir.resolve("project/lading.yaml"), imageOf("bin/hello-amd64"));
        lading.ok("build", dir.resolve("project").toString(), "--output", "type=oci,dest=" + dir.resolve("good"));

        Files.writeString(dir.resolve("project/lading.yaml"), imageOf("bin/hello-arm64"));
        Path layout = dir.resolve("bad");
        Tool.Result refused = lading.fails(2, "build", dir.resolve("project").toString(),
                "--output", "type=oci,dest=" + layout);
        // it names the file (where the image would hold it) and what the file is
        for (String part : new String[] {"lading.yaml", "/app/hello", "aarch64"}) {
            assertTrue(refused.stderr().contains(part), "expected '" + part + "' in:\n" + refused.stderr());
        }
        assertFalse(Files.exists(layout), "a refused build wrote its output");
    }

    private static String imageOf(String binary) {
        return "from: scratch\nplatforms: [linux/amd64]\nlayers:\n  - name: app\n    files:\n"
                + "      - src: " + binary + "\n        dest: /app/hello\nentrypoint: [/app/hello]\n";
    }
}
