package dev.lading.core.attest;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Platform;
import java.util.List;

/**
 * What the attestations of one platform image say about it.
 *
 * @param manifest      the platform image's manifest, the subject of its attestations
 * @param files         the regular files lading added to the image, in image path order
 * @param toolchain     what compiled the platform's native code, or null when the build compiles nothing
 * @param nativeSources the sources the native build read ({@link NativeToolchain#sources}), with their digests
 * @param base          the {@code from:} image for this platform, or null for scratch
 * @param packages      the distribution packages lading installed into the image
 */
public record ImageFacts(Platform platform, Descriptor manifest, List<ImageFile> files, NativeToolchain toolchain,
                         List<SourceFile> nativeSources, Base base, List<InstalledPackage> packages) {
    public ImageFacts {
        files = List.copyOf(files);
        nativeSources = List.copyOf(nativeSources);
        packages = List.copyOf(packages);
    }

    public ImageFacts(Platform platform, Descriptor manifest, List<ImageFile> files, NativeToolchain toolchain,
                      List<SourceFile> nativeSources, Base base) {
        this(platform, manifest, files, toolchain, nativeSources, base, List.of());
    }

    /** @param name the normalized reference the user gave; @param manifest the platform's manifest in it */
    public record Base(String name, Digest manifest) {
    }
}
