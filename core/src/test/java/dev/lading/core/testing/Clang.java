package dev.lading.core.testing;

import dev.lading.core.platform.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles C with the installed clang and Debian cross sysroots ({@link CrossTools}). A missing compiler or
 * sysroot fails the test that asked: these tests exist to check real toolchain output, and are tagged
 * {@link RequiresToolchain}.
 */
public final class Clang {
    private Clang() {
    }

    /** Compiles {@code source} for {@code target} into {@code output}; {@code flags} add to the platform's own. */
    public static Path compile(Target target, String source, Path output, String... flags)
            throws IOException, InterruptedException {
        Path sourceFile = output.resolveSibling(output.getFileName() + ".c");
        Files.writeString(sourceFile, source);
        CrossTools tools = CrossTools.of(target);
        List<String> command = new ArrayList<>(List.of("clang", "--target=" + tools.triple()));
        command.addAll(tools.clangFlags());
        command.addAll(List.of(flags));
        command.addAll(List.of("-o", output.toString(), sourceFile.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + log);
        }
        return output;
    }
}
