package dev.lading.registry;

import dev.lading.core.io.Content;
import dev.lading.core.model.Descriptor;
import dev.lading.registry.TransferListener.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongConsumer;
import okhttp3.HttpUrl;

/**
 * Puts one blob into a repository, as one retried operation: it is not sent when the repository has it (also
 * after a lost answer to an earlier attempt), mounted when another repository of the registry has it, resumed
 * from the registry's {@code Range} when an earlier attempt's upload broke off, and otherwise sent whole.
 */
final class BlobTransfer {
    /** Up to this size one PUT carries the blob; above it a streamed PATCH, which a broken attempt can resume. */
    static final long MONOLITHIC_LIMIT = 4 << 20;

    private final Repository target;
    private final Descriptor blob;
    private final ImageContent source;
    private final TransferListener listener;
    /** The upload session of the last attempt, kept so that the next one can resume it. */
    private HttpUrl session;

    private BlobTransfer(Repository target, Descriptor blob, ImageContent source, TransferListener listener) {
        this.target = target;
        this.blob = blob;
        this.source = source;
        this.listener = listener;
    }

    static Outcome run(Repository target, Descriptor blob, ImageContent source, String label) throws IOException {
        TransferListener listener = target.options().listener();
        listener.blobStarted(blob, label);
        long started = System.nanoTime();
        BlobTransfer transfer = new BlobTransfer(target, blob, source, listener);
        Outcome outcome = target.options().retry().run("push blob " + blob.digest().hex().substring(0, 12),
                listener, transfer::attempt);
        listener.blobDone(blob, outcome, Duration.ofNanos(System.nanoTime() - started));
        return outcome;
    }

    private Outcome attempt() throws IOException {
        if (target.blobSize(blob.digest()).isPresent()) {
            return Outcome.EXISTED;
        }
        Content content = source.blob(blob);
        LongConsumer progress = sent -> listener.blobProgress(blob.digest(), sent, blob.size());
        if (session != null && resume(content, progress)) {
            return Outcome.UPLOADED;
        }
        HttpUrl location = null;
        Optional<String> mountFrom = source.mountSource(blob, target.registry());
        if (mountFrom.isPresent()) {
            Uploads.MountResult mount = target.uploads().mount(blob.digest(), mountFrom.get());
            if (mount.mounted()) {
                return Outcome.MOUNTED;
            }
            location = mount.uploadLocation();
        }
        if (location == null) {
            location = target.uploads().startUpload();
        }
        if (blob.size() <= MONOLITHIC_LIMIT) {
            target.uploads().finishUpload(location, blob, content, progress);
        } else {
            session = location;
            session = target.uploads().patch(location, content, 0, progress);
            target.uploads().finishUpload(session, blob, null, progress);
        }
        session = null;
        return Outcome.UPLOADED;
    }

    /** Continues the session an earlier attempt left; false when the registry no longer has it. */
    private boolean resume(Content content, LongConsumer progress) throws IOException {
        HttpUrl previous = session;
        session = null;
        try {
            Optional<Uploads.UploadStatus> status = target.uploads().uploadStatus(previous);
            if (status.isEmpty()) {
                return false;
            }
            HttpUrl location = status.get().location();
            long received = status.get().received();
            if (received < blob.size()) {
                session = location;
                location = target.uploads().patch(location, content, received, progress);
                session = location;
            }
            target.uploads().finishUpload(location, blob, null, progress);
            session = null;
            return true;
        } catch (RegistryException e) {
            if (e.retryable()) {
                throw e;
            }
            // the registry refused the resumed range or forgot the session: start a new one
            session = null;
            return false;
        }
    }
}
