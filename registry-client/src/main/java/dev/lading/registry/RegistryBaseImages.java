package dev.lading.registry;

import dev.lading.core.InputException;
import dev.lading.core.attest.AttestationManifest;
import dev.lading.core.job.BaseImage;
import dev.lading.core.job.BaseImageSource;
import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Index;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Base images from registries: resolves {@code from:} per platform into a base image that names the repository
 * holding its layers, so that a push can check, mount or stream them there without ever storing them locally.
 */
public final class RegistryBaseImages implements BaseImageSource {
    private final Supplier<RegistryClient> client;

    /** @param client made on first use: a build from scratch never pays for starting an HTTP client */
    public RegistryBaseImages(Supplier<RegistryClient> client) {
        this.client = client;
    }

    @Override
    public BaseImage resolve(String text, List<Platform> platforms) throws IOException {
        Reference reference = Reference.parse(text);
        RegistryClient registries = client.get();
        Repository repository = registries.pull(reference);
        RemoteManifest root = repository.manifest(reference.tagOrDigest());
        Map<Platform, BaseImage.PlatformImage> images = new LinkedHashMap<>();
        if (root.isIndex()) {
            Index index = root.index();
            for (Platform platform : platforms) {
                Descriptor entry = index.manifests().stream()
                        .filter(d -> MediaTypes.isManifest(d.mediaType()) && matches(platform, d.platform()))
                        .findFirst()
                        .orElseThrow(() -> new InputException("base image " + reference + " has no " + platform
                                + "; it has " + available(index)));
                RemoteManifest manifest = repository.manifest(entry.digest().toString());
                images.put(platform, image(repository, manifest));
            }
        } else {
            BaseImage.PlatformImage image = image(repository, root);
            Platform own = image.config().platform();
            for (Platform platform : platforms) {
                if (!matches(platform, own)) {
                    throw new InputException("base image " + reference + " is a single-platform image for " + own
                            + "; it cannot be the base of " + platform + " (use a multi-platform base, or"
                            + " --platform " + own + ")");
                }
                images.put(platform, image);
            }
        }
        return new BaseImage(reference.toString(), images, new RepositoryBlobs(repository));
    }

    private BaseImage.PlatformImage image(Repository repository, RemoteManifest remote) throws IOException {
        Manifest manifest = remote.manifest();
        ConfigFile config = repository.config(manifest.config());
        if (config.rootfs().diffIds().size() != manifest.layers().size()) {
            throw RegistryException.refused(repository + "@" + remote.descriptor().digest() + ": its config lists "
                    + config.rootfs().diffIds().size() + " layers, its manifest " + manifest.layers().size(),
                    repository.name(), "MANIFEST_INVALID", null);
        }
        return new BaseImage.PlatformImage(remote.descriptor(), config, manifest.layers());
    }

    /** Equal after containerd's normalization: arm64 means arm64/v8, arm means arm/v7. */
    static boolean matches(Platform wanted, Platform candidate) {
        return candidate != null && wanted.normalized().equals(candidate.normalized());
    }

    private static String available(Index index) {
        // attestation entries (unknown/unknown, as buildx writes them) are no platform a build could use
        List<String> names = index.manifests().stream().filter(d -> !AttestationManifest.isAttestation(d))
                .map(Descriptor::platform).filter(Objects::nonNull).map(Platform::toString).distinct().toList();
        return names.isEmpty() ? "no platform entries" : String.join(", ", names);
    }
}
