package dev.lading.core.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lading.core.InputException;
import dev.lading.core.attest.AttestationOptions;
import dev.lading.core.attest.BuildFacts;
import dev.lading.core.attest.Checksums;
import dev.lading.core.buildfile.BuildFile;
import dev.lading.core.cache.CacheLocations;
import dev.lading.core.cache.CacheOptions;
import dev.lading.core.buildfile.BuildFileParser;
import dev.lading.core.buildfile.Located;
import dev.lading.core.io.Compression;
import dev.lading.core.model.Annotations;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.ImageFormat;
import dev.lading.core.model.Json;
import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import dev.lading.core.output.DockerArchiveWriter;
import dev.lading.core.output.OciArchiveWriter;
import dev.lading.core.output.OciDirectoryWriter;
import dev.lading.core.output.OutputSpec;
import dev.lading.core.store.BlobOrigins;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code lading build} as a plain call: reads the build file, decides the platforms, builds into the store and
 * writes the requested outputs and metadata. Every input is checked before anything is built.
 */
public final class BuildJob {
    /**
     * @param buildFile    null for {@code CONTEXT/lading.yaml}
     * @param platforms    comma-separated, or null for the build file's (else the host's)
     * @param tags         the image's names; a push goes to each of their repositories and needs one
     * @param outputs      where the image goes; {@link OutputSpec#REGISTRY} pushes it through the job's
     *                     {@link Publisher}, and every output is recorded in the provenance
     * @param pushByDigest a push leaves the repositories untagged; without a registry output it does nothing
     * @param signs        the publisher signs what it pushes, which needs a push
     * @param metadataFile null for none; it describes what was pushed when there was a push, else what the layouts
     *                     and the store hold
     * @param attestations which attestations to make; Docker media types get none (no subject, no annotations)
     * @param builderVersion lading's version, as the attestations name the builder
     * @param cache        the local cache and the {@code --cache-from}/{@code --cache-to} locations
     */
    public record Options(Path context, Path buildFile, String platforms, List<Reference> tags,
                          List<OutputSpec> outputs, boolean pushByDigest, boolean signs, ImageFormat format,
                          Compression compression, Path metadataFile, Path storeDirectory, long sourceDateEpoch,
                          int threads, AttestationOptions attestations, String builderVersion,
                          CacheOptions cache) {
        public Options {
            tags = List.copyOf(tags);
            outputs = List.copyOf(outputs);
            boolean pushes = outputs.contains(OutputSpec.REGISTRY);
            if (pushes && tags.isEmpty()) {
                throw new InputException("--push needs a -t/--tag naming the repository to push to");
            }
            if (signs && !pushes) {
                throw new InputException("--sign-key signs what is pushed; add --push");
            }
        }

        /** Options of a build that keeps no cache. */
        public Options(Path context, Path buildFile, String platforms, List<Reference> tags, List<OutputSpec> outputs,
                       boolean pushByDigest, boolean signs, ImageFormat format, Compression compression,
                       Path metadataFile, Path storeDirectory, long sourceDateEpoch, int threads,
                       AttestationOptions attestations, String builderVersion) {
            this(context, buildFile, platforms, tags, outputs, pushByDigest, signs, format, compression, metadataFile,
                    storeDirectory, sourceDateEpoch, threads, attestations, builderVersion, CacheOptions.NONE);
        }

        public boolean pushes() {
            return outputs.contains(OutputSpec.REGISTRY);
        }
    }

    /**
     * What was built and where it went; {@code root} is the index entry the layouts got, and {@code storeRef}
     * names the result in the store.
     *
     * @param outputs   the outputs written to files
     * @param published what the push published, empty without one
     * @param caches    the cache artifact each {@code --cache-to} now holds, by where it is; those that could not
     *                  be written are missing
     */
    public record Summary(BuildResult result, Descriptor root, List<OutputSpec> outputs, Path store, String storeRef,
                          Optional<Publisher.Published> published, Map<String, Descriptor> caches) {
        public Summary {
            caches = Map.copyOf(caches);
        }
    }

    private BuildJob() {
    }

    public static Summary run(Options options, NativeBuilder nativeBuilder, BuildListener listener) throws IOException {
        return run(options, nativeBuilder, BaseImageSource.NONE, listener);
    }

    public static Summary run(Options options, NativeBuilder nativeBuilder, BaseImageSource baseImages,
                              BuildListener listener) throws IOException {
        return run(options, nativeBuilder, baseImages, TargetPackages.NONE, Publisher.NONE, CacheLocations.LOCAL_ONLY,
                listener);
    }

    /**
     * @param baseImages resolves a {@code from:} other than scratch, before anything is compiled
     * @param packages   prepares the build file's {@code packages:}, after the base and before any compile
     * @param publisher  pushes the image when the outputs have a registry
     * @param caches     opens the registry caches of {@code --cache-from} and {@code --cache-to}
     */
    public static Summary run(Options options, NativeBuilder nativeBuilder, BaseImageSource baseImages,
                              TargetPackages packages, Publisher publisher, CacheLocations caches,
                              BuildListener listener) throws IOException {
        Instant started = Instant.now();
        if (!Files.isDirectory(options.context())) {
            throw new InputException("build context " + options.context() + " is not a directory");
        }
        // opened first, so that meeting the registries overlaps everything before the push
        try (Publisher.Publication publication = options.pushes()
                ? publisher.open(options.tags(), options.pushByDigest()) : null) {
            return build(options, nativeBuilder, baseImages, packages, publication, caches, listener, started);
        }
    }

    /** @param publication null when nothing is pushed */
    private static Summary build(Options options, NativeBuilder nativeBuilder, BaseImageSource baseImages,
                                 TargetPackages packages, Publisher.Publication publication, CacheLocations caches,
                                 BuildListener progress, Instant started) throws IOException {
        Path context = options.context();
        Path buildFilePath = options.buildFile() != null ? options.buildFile() : context.resolve("lading.yaml");
        BuildFile buildFile = BuildFileParser.parse(buildFilePath);
        List<Platform> platforms = platforms(options.platforms(), buildFile);
        List<Reference> tags = options.tags();
        boolean pushes = publication != null;
        List<OutputSpec> outputs = options.outputs().stream().filter(o -> o.type() != OutputSpec.Type.REGISTRY)
                .toList();
        if (platforms.size() > 1 && outputs.stream().anyMatch(o -> o.type() == OutputSpec.Type.DOCKER)) {
            throw new InputException("--output type=docker holds one platform, but " + platforms.size()
                    + " are requested (" + joined(platforms) + "); use type=oci or one --platform");
        }
        OutputCollisions.check(outputs, options.metadataFile(), buildFilePath, buildFile, context,
                options.storeDirectory());

        BaseImage base = null;
        if (!buildFile.from().value().equals("scratch")) {
            try {
                base = baseImages.resolve(buildFile.from().value(), platforms);
            } catch (InputException e) {
                throw buildFile.from().error(e.getMessage());
            }
        }

        OciLayout store = OciLayout.openStore(options.storeDirectory());
        BuildListener listener = pushes ? new PublishingListener(progress, publication, store) : progress;
        // The contract makes src and build paths relative to the build file, which is in the context by default.
        Path filesRoot = buildFilePath.toAbsolutePath().getParent();
        BuildCaches cache = BuildCaches.open(options.cache(), caches, listener);
        ArtifactSource artifacts;
        TargetPackages.Prepared prepared;
        try {
            cache.importFor(platforms, entry -> BuildCaches.usable(entry, buildFile, nativeBuilder));
            prepared = buildFile.packages() == null ? null
                    : packages.prepare(buildFile.packages(), buildFilePath, platforms, cache.session(), listener);
            artifacts = buildFile.build() == null ? ArtifactSource.NONE
                    : nativeBuilder.build(buildFile, filesRoot, platforms, prepared, cache.session(), listener);
        } finally {
            // what the compiles made before a failure is kept too: the next build needs it just as well
            cache.commit();
        }
        ImageBuild.Built built = ImageBuild.build(new BuildRequest(filesRoot, buildFile, platforms,
                options.sourceDateEpoch(), options.compression(), options.format(), options.threads(), artifacts,
                prepared, listener, cache.session()), store, base);
        // the layers' entries, which the image build used or made after the first commit
        cache.commit();
        AttestationOptions attest = options.format() == ImageFormat.DOCKER ? AttestationOptions.NONE
                : options.attestations();
        BuildResult result = new BuildAttestations(store, filesRoot, artifacts, base)
                .attach(built, facts(options, buildFilePath, tags, options.outputs(),
                        attest.timestamps() ? started : null), attest);
        if (base != null && (!outputs.isEmpty() || !pushes)) {
            // layout and archive outputs hold every blob, the base's layers included; so does the store's image
            // when it is the result (no push), because it may be pushed from there later
            for (BaseImage.PlatformImage image : base.platforms().values()) {
                for (Descriptor layer : image.layers()) {
                    if (!store.hasIntact(layer)) {
                        base.origin().copy(layer, store);
                    }
                }
            }
        }

        String refName = tags.isEmpty() ? "latest" : tags.get(0).tagName().orElse("latest");
        String imageName = tags.isEmpty() ? null : tags.get(0).toString();
        Descriptor root = result.layoutIndex()
                .withAnnotations(OciDirectoryWriter.refAnnotations(refName, imageName));
        for (OutputSpec output : outputs) {
            long writing = System.nanoTime();
            write(output, store, root, result, tags, options.sourceDateEpoch());
            listener.outputWritten(output, Duration.ofNanos(System.nanoTime() - writing));
        }
        String storeRef = imageName != null ? imageName : storeName(context);
        store.updateIndex(index -> {
            List<Descriptor> entries = new ArrayList<>(index.manifests().stream()
                    .filter(d -> !storeRef.equals(d.annotations().get(Annotations.REF_NAME))).toList());
            entries.add(result.layoutIndex().withAnnotations(Map.of(Annotations.REF_NAME, storeRef)));
            return index.withManifests(entries);
        });
        Optional<Publisher.Published> published = pushes ? Optional.of(publication.publish(store, result,
                base == null ? BlobOrigins.NONE : base.layerOrigins()))
                : Optional.empty();
        Map<String, Descriptor> exported = cache.export();
        if (options.metadataFile() != null) {
            // written once the push succeeded, so that a failed push leaves no file claiming an image; buildx names
            // the repository alone for an image pushed by digest
            String described = pushes && options.pushByDigest() ? tags.get(0).name().toString() : imageName;
            writeMetadata(options.metadataFile(), described, pushes ? result.index() : result.layoutIndex(), result,
                    exported);
        }
        return new Summary(result, root, outputs, options.storeDirectory(), storeRef, published, exported);
    }

    /** {@code --platform} when given, else the build file's, else this host's. */
    public static List<Platform> platforms(String option, BuildFile buildFile) {
        if (option != null) {
            return Platform.parseList(option);
        }
        if (buildFile.platforms().isEmpty()) {
            return List.of(hostPlatform());
        }
        List<Platform> platforms = new ArrayList<>();
        for (Located<String> name : buildFile.platforms()) {
            Platform platform;
            try {
                platform = Platform.parse(name.value());
            } catch (InputException e) {
                throw name.error(e.getMessage());
            }
            if (!platforms.contains(platform)) {
                platforms.add(platform);
            }
        }
        return platforms;
    }

    /** The platform of this machine, which buildx also builds for when nothing else is named. */
    static Platform hostPlatform() {
        return Platform.parse(System.getProperty("os.arch"));
    }

    /**
     * The facts every attestation of the build shares.
     *
     * @param started when the build started, or null to record no times
     */
    private static BuildFacts facts(Options options, Path buildFilePath, List<Reference> tags,
                                    List<OutputSpec> outputs, Instant started) throws IOException {
        Checksums buildFile;
        try (InputStream in = Files.newInputStream(buildFilePath)) {
            buildFile = Checksums.of(in);
        }
        String relative = options.context().toAbsolutePath().normalize()
                .relativize(buildFilePath.toAbsolutePath().normalize()).toString();
        List<String> kinds = outputs.stream().map(o -> o.type().toString()).distinct().toList();
        return new BuildFacts(options.builderVersion(), relative, buildFile, tags, kinds, options.sourceDateEpoch(),
                started, started == null ? null : Instant.now());
    }

    /**
     * Writes a file output: layouts get the {@code root} entry, a docker archive the one platform image without
     * attestations.
     */
    private static void write(OutputSpec output, OciLayout store, Descriptor root, BuildResult result,
                              List<Reference> tags, long mtime) throws IOException {
        switch (output.type()) {
            case OCI -> OciDirectoryWriter.write(store, root, output.dest());
            case OCI_ARCHIVE -> OciArchiveWriter.write(store, root, mtime, output.dest());
            case DOCKER -> DockerArchiveWriter.write(store, result.images().get(0).manifest(),
                    tags.stream().map(BuildJob::dockerTag).toList(), mtime, output.dest());
        }
    }

    /** docker load shows docker.io names the short way, as docker save writes them. */
    private static String dockerTag(Reference reference) {
        String name = reference.toString();
        name = name.startsWith("docker.io/library/") ? name.substring("docker.io/library/".length()) : name;
        return name.startsWith("docker.io/") ? name.substring("docker.io/".length()) : name;
    }

    /** The {@code --metadata-file} JSON, as buildx writes it. */
    private static void writeMetadata(Path file, String imageName, Descriptor index, BuildResult result,
                                      Map<String, Descriptor> caches) throws IOException {
        ObjectNode metadata = Json.mapper().createObjectNode();
        if (imageName != null) {
            metadata.put("image.name", imageName);
        }
        metadata.put("containerimage.digest", index.digest().toString());
        metadata.set("containerimage.descriptor", Json.mapper().valueToTree(index));
        ObjectNode platforms = metadata.putObject("platforms");
        for (BuildResult.PlatformImage image : result.images()) {
            ObjectNode entry = platforms.putObject(image.platform().toString());
            entry.put("digest", image.manifest().digest().toString());
            entry.put("config", image.config().digest().toString());
        }
        if (!caches.isEmpty()) {
            ObjectNode exported = metadata.putObject("lading.cache");
            caches.forEach((where, manifest) -> exported.put(where, manifest.digest().toString()));
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
    }

    private static String storeName(Path context) {
        Path name = context.toAbsolutePath().normalize().getFileName();
        String base = name == null ? "context" : name.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return base + ":latest";
    }

    private static String joined(List<Platform> platforms) {
        return String.join(", ", platforms.stream().map(Platform::toString).toList());
    }
}
