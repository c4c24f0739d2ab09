package dev.lading.cli;

import dev.lading.cli.progress.Progress;
import dev.lading.cli.progress.ProgressFlags;
import dev.lading.core.InputException;
import dev.lading.core.job.BuildJob;
import dev.lading.core.job.BuildListener;
import dev.lading.core.job.BuildResult;
import dev.lading.core.io.Compression;
import dev.lading.core.model.ImageFormat;
import dev.lading.core.output.OutputSpec;
import dev.lading.core.model.Reference;
import dev.lading.core.store.OciLayout;
import dev.lading.registry.RegistryBaseImages;
import dev.lading.core.sign.SigningKey;
import dev.lading.toolchain.CrossBuilder;
import dev.lading.toolchain.ToolchainKind;
import dev.lading.toolchain.packages.DebianPackages;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "build", description = "Build one image per platform and assemble them into one OCI image index.")
final class BuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectFlags project;

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

    @Option(names = "--push", description = "Push every platform image and the index to each tag's registry")
    boolean push;

    @Option(names = "--push-by-digest",
            description = "Push the images without tags, for merging later with lading index create")
    boolean pushByDigest;

    @Mixin
    ProgressFlags progress;

    @Mixin
    RegistryFlags registry;

    @Option(names = "--toolchain", paramLabel = "auto|zig|clang",
            description = "Compiler of the build: section; overrides the build file's toolchain:. auto = zig when"
                    + " found, else clang")
    String toolchain;

    @Option(names = "--zig", paramLabel = "PATH", description = "The zig program (default: $LADING_ZIG, else zig on PATH)")
    Path zig;

    @Option(names = "--sysroot", paramLabel = "DIR",
            description = "clang's sysroot for every platform (default: the Debian cross sysroots under /usr)")
    Path sysroot;

    @Mixin
    PackageFlags packages;

    @Option(names = "--sign-key", paramLabel = "FILE",
            description = "Sign the pushed index and each platform manifest with this private key (cosign format)")
    Path signKey;

    @Mixin
    AttestFlags attest;

    @Override
    public Integer call() throws Exception {
        boolean pushing = push || pushByDigest || outputs.stream().anyMatch(o -> OutputSpec.parse(o).type()
                == OutputSpec.Type.REGISTRY);
        // --push is type=registry to the build, which records the outputs in the provenance
        List<String> allOutputs = new ArrayList<>(outputs);
        if (pushing && outputs.stream().noneMatch(o -> OutputSpec.parse(o).type() == OutputSpec.Type.REGISTRY)) {
            allOutputs.add("type=registry");
        }
        List<Reference> references = tags.stream().map(Reference::parse).toList();
        // a push writes the metadata file itself, once the push succeeded
        BuildJob.Options options = new BuildJob.Options(project.context, project.file, project.platforms, references,
                allOutputs, ImageFormat.parse(format), Compression.parse(compression), pushing ? null : metadataFile,
                Settings.storeDirectory(), Settings.sourceDateEpoch(), Runtime.getRuntime().availableProcessors(),
                attest.options(), Version.current());
        PrintWriter out = spec.commandLine().getOut();
        if (pushing && references.isEmpty()) {
            throw new InputException("--push needs a -t/--tag naming the repository to push to");
        }
        if (signKey != null && !pushing) {
            throw new InputException("--sign-key signs what is pushed; add --push");
        }
        // loaded before anything is built: a wrong password must not leave an unsigned image behind
        SigningKey signingKey = signKey == null ? null : KeyPassword.load(signKey);
        CrossBuilder crossBuilder = new CrossBuilder(new CrossBuilder.Settings(
                toolchain == null ? null : ToolchainKind.parse(toolchain, "--toolchain"), zig, sysroot,
                Settings.cacheDirectory(), options.sourceDateEpoch(), options.threads(), System.getenv()));
        try (Progress listener = progress.open(spec); Registries registries = new Registries(registry, listener);
             BuildPush push = pushing ? new BuildPush(registries, references, pushByDigest) : null) {
            RegistryBaseImages baseImages = new RegistryBaseImages(registries::client);
            BuildListener buildListener = push == null ? listener
                    : push.listener(listener, OciLayout.openOrCreate(options.storeDirectory()));
            BuildJob.Summary summary = BuildJob.run(options, crossBuilder, baseImages,
                    new DebianPackages(packages.settings()), buildListener);
            List<String> pushed = push == null ? List.of() : push.finish(summary);
            if (signingKey != null) {
                pushed = push.sign(summary, signingKey, pushed);
            }
            if (push != null && metadataFile != null) {
                // buildx names the repository alone for an image pushed by digest
                BuildJob.writeMetadata(metadataFile, pushByDigest ? references.get(0).name().toString()
                        : references.get(0).toString(), summary.result().index(), summary.result());
            }
            listener.close();
            for (BuildResult.PlatformImage image : summary.result().images()) {
                out.printf("%-14s %s%n", image.platform(), image.manifest().digest());
            }
            // a push with referrers sends the index of the platforms only; the layouts hold the one with attestations
            out.printf("%-14s %s%n", "index", (pushing ? summary.result().index() : summary.root()).digest());
            for (OutputSpec output : summary.outputs()) {
                out.printf("wrote %s to %s%n", output.type(), output.dest());
            }
            pushed.forEach(out::println);
            if (summary.outputs().isEmpty() && !pushing) {
                out.printf("no --output given: the image stays in the local store as oci:%s:%s%n",
                        summary.store(), summary.storeRef());
            }
            out.flush();
        }
        return 0;
    }
}
