package dev.lading.cli;

import dev.lading.core.build.BuildJob;
import dev.lading.core.build.BuildResult;
import dev.lading.core.io.Compression;
import dev.lading.core.model.ImageFormat;
import dev.lading.core.output.OutputSpec;
import dev.lading.toolchain.CrossBuilder;
import dev.lading.toolchain.ToolchainKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "build", description = "Build one image per platform and assemble them into one OCI image index.")
final class BuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTEXT", description = "Project directory (default: .)")
    Path context = Path.of(".");

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Build file (default: CONTEXT/lading.yaml)")
    Path file;

    @Option(names = "--platform", paramLabel = "LIST", description = "Comma-separated platforms, e.g. linux/amd64,linux/arm64")
    String platforms;

    @Option(names = {"-t", "--tag"}, paramLabel = "REF", description = "Image reference host[:port]/repo[:tag] (repeatable)")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "SPEC",
            description = "type=oci,dest=DIR | type=oci-archive,dest=FILE | type=docker,dest=FILE (repeatable)")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--format", paramLabel = "oci|docker", defaultValue = "oci",
            description = "Media types of manifests and index (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--compression", paramLabel = "gzip|zstd|none", defaultValue = "gzip",
            description = "Layer compression (default: ${DEFAULT-VALUE})")
    String compression;

    @Option(names = "--metadata-file", paramLabel = "FILE", description = "Write the build's digests as JSON")
    Path metadataFile;

    @Option(names = "--progress", paramLabel = "auto|tty|plain|json|quiet", defaultValue = "auto",
            description = "Progress on standard error: live lines redrawn in place (tty; auto on a terminal),"
                    + " a line per step with the time since the start (plain; auto elsewhere), a JSON event per line"
                    + " (json), or none (quiet). Default: ${DEFAULT-VALUE}")
    String progress;

    @Option(names = "--toolchain", paramLabel = "auto|zig|clang",
            description = "Compiler of the build: section; overrides the build file's toolchain:. auto = zig when"
                    + " found, else clang")
    String toolchain;

    @Option(names = "--zig", paramLabel = "PATH", description = "The zig program (default: $LADING_ZIG, else zig on PATH)")
    Path zig;

    @Option(names = "--sysroot", paramLabel = "DIR",
            description = "clang's sysroot for every platform (default: the Debian cross sysroots under /usr)")
    Path sysroot;

    @Option(names = "--debug", description = "Print stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        BuildJob.Options options = new BuildJob.Options(context, file, platforms, tags, outputs,
                ImageFormat.parse(format), Compression.parse(compression), metadataFile, Settings.storeDirectory(),
                Settings.sourceDateEpoch(), Runtime.getRuntime().availableProcessors());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BuildJob.Summary summary;
        // closed before the summary goes out, so that a live region is gone when stdout shares the terminal
        try (Progress listener = Progress.open(progress, err, System.console() != null, System.getenv())) {
            CrossBuilder crossBuilder = new CrossBuilder(new CrossBuilder.Settings(
                    toolchain == null ? null : ToolchainKind.parse(toolchain, "--toolchain"), zig, sysroot,
                    Settings.cacheDirectory(), options.sourceDateEpoch(), options.threads(), System.getenv()));
            summary = BuildJob.run(options, crossBuilder, listener);
        }
        for (BuildResult.PlatformImage image : summary.result().images()) {
            out.printf("%-14s %s%n", image.platform(), image.manifest().digest());
        }
        out.printf("%-14s %s%n", "index", summary.root().digest());
        for (OutputSpec output : summary.outputs()) {
            out.printf("wrote %s to %s%n", output.type(), output.dest());
        }
        if (summary.outputs().isEmpty()) {
            out.printf("no --output given: the image stays in the local store as oci:%s:%s%n",
                    summary.store(), summary.storeRef());
        }
        out.flush();
        return 0;
    }
}
