package dev.lading.cli;

import dev.lading.core.buildfile.BuildFileParser;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which project and build file a command works on, and for which platforms. */
final class ProjectFlags {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTEXT", description = "Project directory (default: .)")
    Path context = Path.of(".");

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Build file (default: CONTEXT/lading.yaml)")
    Path file;

    @Option(names = "--platform", paramLabel = "LIST",
            description = "Comma-separated platforms, e.g. linux/amd64,linux/arm64 (default: the build file's)")
    String platforms;

    /** {@code -f} when given, else the context's {@code lading.yaml}. */
    Path buildFile() {
        return file != null ? file : context.resolve(BuildFileParser.DEFAULT_NAME);
    }
}
