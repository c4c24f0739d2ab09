package dev.lading.core.job;

import dev.lading.core.layer.Layer;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import dev.lading.core.model.RepositoryName;
import dev.lading.core.store.BlobOrigins;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.util.List;

/**
 * Sends a build to where {@code --output type=registry} points: the registry client implements it, so that core
 * pushes without speaking HTTP. A push is opened before anything is built, so that meeting the registries overlaps
 * the build; it gets every layer as soon as the store holds it, and the result once the build is done.
 */
@FunctionalInterface
public interface Publisher {
    /**
     * Starts a push to {@code targets}.
     *
     * @param targets  the build's tags, at least one; every repository named gets the image once
     * @param byDigest the repositories get the image without any tag, for merging later
     */
    Publication open(List<Reference> targets, boolean byDigest) throws IOException;

    /** One push, from before the build until its result is published. Closing it stops what is still running. */
    interface Publication extends AutoCloseable {
        /** A layer the build just stored; it may go up while the next one is still being built. */
        void layerStored(OciLayout store, Layer layer, List<Platform> platforms);

        /**
         * Publishes the finished build from the store: its manifests, index, referrers and tags, and signatures.
         *
         * @param remote where the blobs the store may lack live: the base image's layers, which a push mounts from
         *               their repository when it can
         */
        Published publish(OciLayout store, BuildResult result, BlobOrigins remote) throws IOException;

        @Override
        void close();
    }

    /** What a push published, in the order it happened. */
    record Published(List<Pushed> repositories, List<Signature> signatures) {
        public Published {
            repositories = List.copyOf(repositories);
            signatures = List.copyOf(signatures);
        }
    }

    /**
     * One repository's push.
     *
     * @param root     the pushed index as the registry now has it
     * @param uploaded blobs sent
     * @param existed  blobs the repository held already
     * @param mounted  blobs mounted from another repository of the same registry
     */
    record Pushed(RepositoryName repository, Descriptor root, int uploaded, int existed, int mounted) {
    }

    /**
     * One signature of a pushed manifest or index, kept in the repository under {@code tag}.
     *
     * @param added false when this very signature was there already, so nothing was pushed
     */
    record Signature(RepositoryName repository, Digest subject, String tag, boolean added) {
    }

    /** For callers without a registry client: a build that pushes is refused. */
    Publisher NONE = (targets, byDigest) -> {
        throw new dev.lading.core.InputException(
                "a push needs the registry client, which this caller does not provide");
    };
}
