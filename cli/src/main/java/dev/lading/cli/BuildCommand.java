package dev.lading.cli;

import dev.lading.cli.progress.Progress;
import dev.lading.cli.progress.ProgressFlags;
import dev.lading.core.InputException;
import dev.lading.core.cache.CacheOptions;
import dev.lading.core.cache.CacheSpec;
import dev.lading.core.job.BuildJob;
import dev.lading.core.job.BuildResult;
import dev.lading.core.job.Publisher;
import dev.lading.core.io.Compression;
import dev.lading.core.model.ImageFormat;
import dev.lading.core.output.OutputSpec;
import dev.lading.core.model.Reference;
import dev.lading.registry.RegistryBaseImages;
import dev.lading.registry.RegistryCaches;
import dev.lading.core.sign.SigningKey;
import dev.lading.registry.RegistryPublisher;
import dev.lading.toolchain.CrossBuilder;
import dev.lading.toolchain.ToolchainKind;
import dev.lading.toolchain.packages.DebianPackages;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
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

    @Option(names = "--cache-from", paramLabel = "SPEC",
            description = "Read build cache entries: type=registry,ref=REF | type=local,src=DIR (repeatable)")
    List<String> cacheFrom = new ArrayList<>();

    @Option(names = "--cache-to", paramLabel = "SPEC",
            description = "Write the build's cache entries: type=registry,ref=REF | type=local,dest=DIR,"
                    + " with max-size=SIZE (default 2g) (repeatable)")
    List<String> cacheTo = new ArrayList<>();

    @Option(names = "--no-cache", description = "Take nothing from any cache (compiles run again); what the build"
            + " makes is still kept and exported")
    boolean noCache;

    @Override
    public Integer call() throws Exception {
        List<OutputSpec> outputSpecs = new ArrayList<>(outputs.stream().map(OutputSpec::parse).toList());
        if ((push || pushByDigest) && !outputSpecs.contains(OutputSpec.REGISTRY)) {
            outputSpecs.add(OutputSpec.REGISTRY);
        }
        BuildJob.Options options = new BuildJob.Options(project.context, project.file, project.platforms,
                tags.stream().map(Reference::parse).toList(), outputSpecs, pushByDigest, signKey != null,
                ImageFormat.parse(format), Compression.parse(compression), metadataFile, Settings.storeDirectory(),
                Settings.sourceDateEpoch(), Runtime.getRuntime().availableProcessors(), attest.options(),
                Version.current(), new CacheOptions(Settings.cacheDirectory().resolve("entries"),
                        cacheFrom.stream().map(text -> CacheSpec.parse(text, CacheSpec.Direction.FROM)).toList(),
                        cacheTo.stream().map(text -> CacheSpec.parse(text, CacheSpec.Direction.TO)).toList(),
                        !noCache));
        // loaded before anything is built: a wrong password must not leave an unsigned image behind
        SigningKey signingKey = signKey == null ? null : KeyPassword.load(signKey);
        CrossBuilder crossBuilder = new CrossBuilder(new CrossBuilder.Settings(
                toolchain == null ? null : ToolchainKind.parse(toolchain, "--toolchain"), zig, sysroot,
                Settings.cacheDirectory(), options.sourceDateEpoch(), options.threads(), System.getenv()));
        try (Progress listener = progress.open(spec); Registries registries = new Registries(registry, listener)) {
            RegistryBaseImages baseImages = new RegistryBaseImages(registries::client);
            BuildJob.Summary summary = BuildJob.run(options, crossBuilder, baseImages,
                    new DebianPackages(packages.settings()),
                    new RegistryPublisher(registries::client, signingKey), new RegistryCaches(registries::client),
                    listener);
            listener.close();
            print(summary, spec.commandLine().getOut());
        }
        return 0;
    }

    private static void print(BuildJob.Summary summary, PrintWriter out) {
        for (BuildResult.PlatformImage image : summary.result().images()) {
            out.printf("%-14s %s%n", image.platform(), image.manifest().digest());
        }
        // a push with referrers sends the index of the platforms only; the layouts hold the one with attestations
        out.printf("%-14s %s%n", "index",
                (summary.published().isPresent() ? summary.result().index() : summary.root()).digest());
        for (OutputSpec output : summary.outputs()) {
            out.printf("wrote %s to %s%n", output.type(), output.dest());
        }
        summary.published().ifPresent(published -> {
            for (Publisher.Pushed pushed : published.repositories()) {
                out.printf("pushed %s@%s (%d blobs sent, %d already there, %d mounted)%n", pushed.repository(),
                        pushed.root().digest(), pushed.uploaded(), pushed.existed(), pushed.mounted());
            }
            for (Publisher.Signature signature : published.signatures()) {
                out.println(SignCommand.line(signature.added(), signature.repository(),
                        signature.subject(), signature.tag()));
            }
        });
        // by where, so that the lines come in the same order on every run
        new TreeMap<>(summary.caches()).forEach((where, manifest) -> out.printf("cache written to %s (%s)%n", where,
                manifest.digest()));
        if (summary.outputs().isEmpty() && summary.published().isEmpty()) {
            out.printf("no --output given: the image stays in the local store as oci:%s:%s%n",
                    summary.store(), summary.storeRef());
        }
        out.flush();
    }
}
