package dev.lading.registry;

import dev.lading.core.io.Content;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.RepositoryName;
import dev.lading.registry.TransferListener.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import okhttp3.HttpUrl;

/**
 * Puts one blob into a repository: it is not sent when the repository has it, mounted when another repository of
 * the registry has it (the source's own, or one an earlier push noted in {@link BlobLocations}), and otherwise sent
 * into an upload session. Each request retries where it failed ({@link Uploads}); a session the registry forgot or
 * refused is started over once.
 */
final class BlobTransfer {
    /** Up to this size one PUT carries the blob; above it a streamed PATCH, which a broken attempt can resume. */
    static final long MONOLITHIC_LIMIT = 4 << 20;

    private final Repository target;
    private final Descriptor blob;
    private final ImageContent source;
    private final BlobLocations locations;
    private final LongConsumer progress;

    private BlobTransfer(Repository target, Descriptor blob, ImageContent source, BlobLocations locations,
                         TransferListener listener) {
        this.target = target;
        this.blob = blob;
        this.source = source;
        this.locations = locations;
        this.progress = sent -> listener.blobProgress(blob.digest(), sent, blob.size());
    }

    static Outcome run(Repository target, Descriptor blob, ImageContent source, String label,
                       BlobLocations locations) throws IOException {
        TransferListener listener = target.options().listener();
        listener.blobStarted(blob, label);
        long started = System.nanoTime();
        Outcome outcome = new BlobTransfer(target, blob, source, locations, listener).put();
        locations.remember(target.name(), blob.digest());
        listener.blobDone(blob, outcome, Duration.ofNanos(System.nanoTime() - started));
        return outcome;
    }

    /**
     * Puts a blob that no other repository is known to hold, without progress events: the blobs of a build cache,
     * whose transfer the build reports as a whole.
     */
    static void send(Repository target, Descriptor blob, ImageContent source) throws IOException {
        new BlobTransfer(target, blob, source, BlobLocations.NONE, TransferListener.NONE).put();
    }

    /** The repositories a mount may take the blob from, the source's own first. */
    static List<String> mountSources(ImageContent source, Descriptor blob, RepositoryName target,
                                     BlobLocations locations) {
        List<String> sources = new ArrayList<>();
        source.mountSource(blob, target.registry()).filter(s -> !s.equals(target.path())).ifPresent(sources::add);
        locations.repositories(target, blob.digest()).stream()
                .filter(s -> !sources.contains(s)).forEach(sources::add);
        return sources;
    }

    private Outcome put() throws IOException {
        if (target.blobSize(blob.digest()).isPresent()) {
            return Outcome.EXISTED;
        }
        for (int session = 1; ; session++) {
            try {
                return upload();
            } catch (RegistryException e) {
                // the registry forgot the session (it expired) or refused its bytes (a body broken off before the
                // registry closed it may leave bytes the digest does not match): a new session starts over
                if (session >= 2 || !forgotOrRefused(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean forgotOrRefused(RegistryException e) {
        return e.kind() == RegistryException.Kind.ANSWERED
                && (e.status() == 400 || e.status() == 404 || e.status() == 416);
    }

    private Outcome upload() throws IOException {
        HttpUrl location = null;
        for (String from : mountSources(source, blob, target.name(), locations)) {
            Uploads.MountResult mount = target.uploads().mount(blob.digest(), from);
            if (mount.mounted()) {
                return Outcome.MOUNTED;
            }
            // a registry that could not mount opens a session instead; the latest is used, the others expire
            location = mount.uploadLocation() != null ? mount.uploadLocation() : location;
        }
        if (location == null) {
            location = target.uploads().startUpload();
        }
        Content content = source.blob(blob);
        if (blob.size() <= MONOLITHIC_LIMIT) {
            target.uploads().finishUpload(location, blob, content, progress);
        } else {
            HttpUrl session = target.uploads().patch(location, content, progress);
            target.uploads().finishUpload(session, blob, null, progress);
        }
        return Outcome.UPLOADED;
    }
}
