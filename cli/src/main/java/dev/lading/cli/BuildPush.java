package dev.lading.cli;

import dev.lading.core.job.BuildJob;
import dev.lading.core.job.BuildResult;
import dev.lading.core.job.BuildListener;
import dev.lading.core.layer.Layer;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import dev.lading.core.output.OutputSpec;
import dev.lading.core.store.OciLayout;
import dev.lading.registry.ImagePusher;
import dev.lading.registry.LayoutContent;
import dev.lading.registry.TransferListener.Outcome;
import dev.lading.registry.sign.Signer;
import dev.lading.core.sign.SigningKey;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The push of {@code lading build --push}: it meets the registries while the build runs, sends each layer as
 * soon as the build stored it, and pushes the whole image (manifests, index, tags) once the build is done.
 */
final class BuildPush implements AutoCloseable {
    private final Registries registries;
    /** Tags grouped by repository ({@code host/repo}): each repository is pushed once with all its tags. */
    private final Map<String, List<String>> repositories = new LinkedHashMap<>();
    private final boolean byDigest;
    private final ImagePusher pusher;

    BuildPush(Registries registries, List<Reference> targets, boolean byDigest) {
        this.registries = registries;
        this.byDigest = byDigest;
        for (Reference target : targets) {
            List<String> tags = repositories.computeIfAbsent(target.name().toString(), name -> new ArrayList<>());
            if (target.tag() != null) {
                tags.add(target.tag());
            }
        }
        this.pusher = new ImagePusher(registries.client());
        Thread warmUp = new Thread(() -> repositories.keySet().forEach(name -> {
            Reference repository = Reference.parse(name);
            registries.client().prepare(repository.name());
        }), "lading-registry-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** {@code progress}, and each stored layer starts on its way to every target repository. */
    BuildListener listener(BuildListener progress, OciLayout store) {
        LayoutContent content = new LayoutContent(store);
        return new BuildListener() {
            @Override
            public void layerBuilt(String layerName, List<Platform> platforms, Layer layer, long contentBytes,
                                   Duration took) {
                progress.layerBuilt(layerName, platforms, layer, contentBytes, took);
                String label = String.join(", ", platforms.stream().map(Platform::toString).toList());
                for (String name : repositories.keySet()) {
                    Reference repository = Reference.parse(name);
                    pusher.startBlob(content, layer.descriptor(), label, repository.name());
                }
            }

            @Override
            public void outputWritten(OutputSpec output, Duration took) {
                progress.outputWritten(output, took);
            }

            @Override
            public void nativeBuilt(Platform platform, String toolchain, String detail, Duration took) {
                progress.nativeBuilt(platform, toolchain, detail, took);
            }

            @Override
            public void packagesPrepared(Platform platform, String detail, Duration took) {
                progress.packagesPrepared(platform, detail, took);
            }

            @Override
            public void warning(String message) {
                progress.warning(message);
            }
        };
    }

    /** Pushes what the build made; returns one line per repository for the user. */
    List<String> finish(BuildJob.Summary summary) throws IOException {
        LayoutContent content = new LayoutContent(OciLayout.open(summary.store()), summary.remote());
        Descriptor index = summary.result().index();
        // attestations the pushed index does not list (--attest-format referrers) go up as its images' referrers
        Set<Digest> listed = content.index(index).manifests().stream()
                .map(Descriptor::digest).collect(Collectors.toSet());
        List<Descriptor> referrers = summary.result().images().stream().map(BuildResult.PlatformImage::attestation)
                .filter(Objects::nonNull).filter(a -> !listed.contains(a.digest())).toList();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, List<String>> repository : repositories.entrySet()) {
            Reference target = Reference.parse(repository.getKey());
            ImagePusher.Result result = pusher.push(content, index, referrers, target.name(),
                    byDigest ? List.of() : repository.getValue());
            lines.add(String.format("pushed %s@%s (%d blobs sent, %d already there, %d mounted)",
                    repository.getKey(), result.root().digest(), result.count(Outcome.UPLOADED),
                    result.count(Outcome.EXISTED), result.count(Outcome.MOUNTED)));
        }
        return lines;
    }

    /** Signs the pushed index and its platform manifests in every target repository: {@code lines}, one more each. */
    List<String> sign(BuildJob.Summary summary, SigningKey key, List<String> lines) throws IOException {
        List<String> all = new ArrayList<>(lines);
        OciLayout store = OciLayout.open(summary.store());
        Signer signer = new Signer(registries.client(), key);
        for (String name : repositories.keySet()) {
            Reference target = Reference.parse(name);
            signer.signImage(target.name(), summary.result().index(), store::read)
                    .forEach(signed -> all.add(SignCommand.line(signed)));
        }
        return all;
    }

    @Override
    public void close() {
        pusher.close();
    }
}
