package dev.lading.core.job;

import dev.lading.core.InputException;
import dev.lading.core.attest.InstalledPackage;
import dev.lading.core.buildfile.BuildFile;
import dev.lading.core.buildfile.LayerSpec;
import dev.lading.core.elf.ElfCheck;
import dev.lading.core.elf.LoaderCheck;
import dev.lading.core.layer.ImageView;
import dev.lading.core.layer.Layer;
import dev.lading.core.layer.LayerBuilder;
import dev.lading.core.layer.LayerTree;
import dev.lading.core.model.Annotations;
import dev.lading.core.model.Blob;
import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.ImageFormat;
import dev.lading.core.model.Index;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.Platform;
import dev.lading.core.platform.Targets;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Builds one image per platform from a build file and assembles them into one index, all in the store. Layers
 * that name no per-platform artifact are the same on every platform, so they are built once and shared.
 */
public final class ImageBuild {
    private final BuildRequest request;
    private final OciLayout store;
    private final LayerBuilder layerBuilder;
    private final LayerFiles files;
    /** Null for {@code from: scratch}. */
    private final BaseImage base;

    private ImageBuild(BuildRequest request, OciLayout store, BaseImage base) {
        this.request = request;
        this.store = store;
        this.base = base;
        this.layerBuilder = new LayerBuilder(store, request.compression(), request.threads(), request.cache(),
                request.listener());
        this.files = new LayerFiles(request.context(), request.artifacts());
    }

    public static BuildResult run(BuildRequest request, OciLayout store) throws IOException {
        return run(request, store, null);
    }

    /** @param base the resolved {@code from:} image, or null for scratch */
    public static BuildResult run(BuildRequest request, OciLayout store, BaseImage base) throws IOException {
        return build(request, store, base).result();
    }

    /**
     * The result and, per platform, the regular files its layers added, for the attestations.
     *
     * @param files    per platform, by image path; of two layers with a file at one path, the later one's
     * @param packages per platform, the distribution packages of its packages layer
     */
    record Built(BuildResult result, Map<Platform, List<LayerFiles.AddedFile>> files,
                 Map<Platform, List<InstalledPackage>> packages) {
    }

    static Built build(BuildRequest request, OciLayout store, BaseImage base) throws IOException {
        return new ImageBuild(request, store, base).run();
    }

    private Built run() throws IOException {
        BuildFile file = request.buildFile();
        boolean scratchBase = base == null;
        if (scratchBase != file.from().value().equals("scratch")) {
            throw new IllegalArgumentException("from: " + file.from().value() + " needs a resolved base image");
        }
        // Map and check every layer for every platform first, so a bad entry fails before anything is compressed.
        List<NamedLayer> trees = new ArrayList<>();
        Map<Platform, Map<String, LayerFiles.AddedFile>> added = new LinkedHashMap<>();
        for (LayerSpec layer : file.layers()) {
            Map<Platform, LayerFiles.Mapped> mapped = new LinkedHashMap<>();
            if (LayerFiles.usesArtifacts(layer)) {
                for (Platform platform : request.platforms()) {
                    mapped.put(platform, files.map(layer, platform));
                }
            } else {
                LayerFiles.Mapped shared = files.map(layer, request.platforms().get(0));
                request.platforms().forEach(platform -> mapped.put(platform, shared));
            }
            Map<Platform, LayerTree> perPlatform = new LinkedHashMap<>();
            mapped.forEach((platform, layerFiles) -> {
                perPlatform.put(platform, layerFiles.tree());
                // what a later layer puts at a path, a file or not, hides what an earlier one put there
                Map<String, LayerFiles.AddedFile> byPath = added.computeIfAbsent(platform, p -> new TreeMap<>());
                layerFiles.tree().entries().forEach(entry -> byPath.remove("/" + entry.path()));
                layerFiles.files().forEach(addedFile -> byPath.put(addedFile.imagePath(), addedFile));
            });
            trees.add(new NamedLayer(layer.name(), perPlatform));
            verifyElf(layer, perPlatform);
        }
        Map<Platform, List<InstalledPackage>> installed = new LinkedHashMap<>();
        if (request.packages() != null) {
            // below the build file's layers, as a base image's packages would be
            trees.add(0, runtimeLayer(trees, installed));
        }
        verifyLoading(trees, scratchBase);
        String mediaType = request.format().layerType(request.compression());
        List<BuildResult.PlatformImage> images = new ArrayList<>();
        Map<LayerTree, Layer> built = new HashMap<>();
        for (Platform platform : request.platforms()) {
            List<Layer> layers = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (NamedLayer named : trees) {
                LayerTree tree = named.perPlatform().get(platform);
                if (tree == null) {
                    continue;
                }
                Layer layer = built.get(tree);
                if (layer == null) {
                    long started = System.nanoTime();
                    List<Platform> sharing = named.perPlatform().entrySet().stream()
                            .filter(e -> e.getValue() == tree).map(Map.Entry::getKey).toList();
                    layer = layerBuilder.build(tree, request.sourceDateEpoch(), mediaType,
                            sharing.size() == 1 ? sharing.get(0).toString() : null);
                    built.put(tree, layer);
                    request.listener().layerBuilt(named.name(), sharing, layer, tree.contentSize(),
                            Duration.ofNanos(System.nanoTime() - started));
                }
                layers.add(layer);
                names.add(named.name());
            }
            images.add(image(platform, layers, names));
        }
        List<Descriptor> manifests = images.stream()
                .map(image -> image.manifest().withPlatform(image.platform())).toList();
        ImageFormat format = request.format();
        Descriptor index = store.put(Blob.json(format.indexType(),
                new Index(format.indexType(), manifests, ociOnly(file.annotations()))));
        Map<Platform, List<LayerFiles.AddedFile>> filesByPlatform = new LinkedHashMap<>();
        request.platforms().forEach(platform -> filesByPlatform.put(platform,
                List.copyOf(added.getOrDefault(platform, Map.of()).values())));
        return new Built(new BuildResult(index, images), filesByPlatform, installed);
    }

    /** One layer of every platform's image, by the name its history gives it; a platform may have none. */
    private record NamedLayer(String name, Map<Platform, LayerTree> perPlatform) {
    }

    /**
     * The packages layer of each platform: what the build file names and, with {@code auto}, the packages whose
     * files the image's executables and libraries load. Platforms that need no package get no layer.
     */
    private NamedLayer runtimeLayer(List<NamedLayer> trees, Map<Platform, List<InstalledPackage>> installed)
            throws IOException {
        Map<Platform, LayerTree> perPlatform = new LinkedHashMap<>();
        for (Platform platform : request.platforms()) {
            ImageView view = ImageView.scratch(layersOf(trees, platform));
            TargetPackages.Runtime runtime = request.packages().runtime(platform, LoaderCheck.needs(view));
            runtime.warnings().forEach(warning -> request.listener().warning(platform + ": " + warning));
            installed.put(platform, runtime.packages());
            if (!runtime.tree().entries().isEmpty()) {
                perPlatform.put(platform, runtime.tree());
            }
        }
        return new NamedLayer("packages", perPlatform);
    }

    private static List<LayerTree> layersOf(List<NamedLayer> trees, Platform platform) {
        return trees.stream().map(named -> named.perPlatform().get(platform)).filter(Objects::nonNull).toList();
    }

    /** Checks each distinct tree once against all the platforms whose images hold it, shared trees included. */
    private static void verifyElf(LayerSpec layer, Map<Platform, LayerTree> perPlatform) throws IOException {
        Map<LayerTree, List<Platform>> platformsByTree = new LinkedHashMap<>();
        perPlatform.forEach((platform, tree) ->
                platformsByTree.computeIfAbsent(tree, t -> new ArrayList<>()).add(platform));
        try {
            for (Map.Entry<LayerTree, List<Platform>> entry : platformsByTree.entrySet()) {
                ElfCheck.verify(entry.getKey(), entry.getValue());
            }
        } catch (InputException e) {
            throw layer.origin().error(e.getMessage());
        }
    }

    /**
     * Checks that each platform's image holds the loader and libraries its ELF files need. Over a base image the
     * base's files are unknown here, so only what the layers themselves get wrong (a symlink loop) can fail.
     */
    private void verifyLoading(List<NamedLayer> trees, boolean scratchBase) throws IOException {
        for (Platform platform : request.platforms()) {
            List<LayerTree> layers = layersOf(trees, platform);
            ImageView view = scratchBase ? ImageView.scratch(layers) : ImageView.over(Map.of(), false, layers);
            TargetPackages.Prepared packages = request.packages();
            LoaderCheck.verify(view, Targets.of(platform), packages == null ? LoaderCheck::runtimePackage
                    : name -> packages.provider(platform, name).or(() -> LoaderCheck.runtimePackage(name)));
        }
    }

    private BuildResult.PlatformImage image(Platform platform, List<Layer> layers, List<String> names)
            throws IOException {
        BuildFile file = request.buildFile();
        String created = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(request.sourceDateEpoch()));
        BaseImage.PlatformImage from = base == null ? null : base.platforms().get(platform);
        List<ConfigFile.History> history = new ArrayList<>(from == null ? List.of() : from.config().history());
        for (String name : names) {
            history.add(new ConfigFile.History(created, "lading: layer " + name, null, false));
        }
        List<Digest> diffIds = new ArrayList<>(from == null ? List.of() : from.config().rootfs().diffIds());
        layers.forEach(layer -> diffIds.add(layer.diffId()));
        ImageFormat format = request.format();
        List<Descriptor> layerDescriptors = new ArrayList<>();
        if (from != null) {
            from.layers().forEach(layer -> layerDescriptors.add(format.sameFamily(layer)));
        }
        layers.forEach(layer -> layerDescriptors.add(layer.descriptor()));
        ConfigFile config = new ConfigFile(created, platform.architecture(), platform.os(), platform.variant(),
                BaseConfig.merge(from == null ? null : from.config().config(), file),
                new ConfigFile.RootFs("layers", diffIds), history);
        Descriptor configDescriptor = store.put(Blob.json(format.configType(), config));
        Map<String, String> annotations = new LinkedHashMap<>(file.annotations());
        if (from != null) {
            annotations.put(Annotations.BASE_NAME, base.name());
            annotations.put(Annotations.BASE_DIGEST, from.manifest().digest().toString());
        }
        Manifest manifest = new Manifest(format.manifestType(), configDescriptor, layerDescriptors,
                ociOnly(annotations));
        Descriptor manifestDescriptor = store.put(Blob.json(format.manifestType(), manifest));
        return new BuildResult.PlatformImage(platform, manifestDescriptor, configDescriptor, layers);
    }

    /** Docker v2 schema 2 manifests and lists have no annotations. */
    private Map<String, String> ociOnly(Map<String, String> annotations) {
        return request.format() == ImageFormat.OCI ? annotations : Map.of();
    }
}
