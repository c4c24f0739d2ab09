package dev.lading.registry;

import dev.lading.core.io.Content;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.store.DigestMismatchException;
import java.io.IOException;
import java.util.Optional;
import java.util.function.LongConsumer;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The blob upload endpoints of one repository: mount, open a session, stream bytes into it (from an offset, to
 * resume), ask how far it got, and close it with the digest. Each method is one request; {@link BlobTransfer}
 * decides the flow and its retries.
 */
final class Uploads {
    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

    private final Repository repository;

    Uploads(Repository repository) {
        this.repository = repository;
    }

    /**
     * Asks the registry to link a blob from another of its repositories: true when it did; otherwise the upload
     * session it opened instead (202), or none when it refused the mount request.
     */
    MountResult mount(Digest digest, String from) throws IOException {
        HttpUrl url = repository.url("blobs/uploads/").addQueryParameter("mount", digest.toString())
                .addQueryParameter("from", from).build();
        try (Response response = repository.send(() -> new Request.Builder().url(url).post(RequestBody.create(new byte[0])))) {
            if (response.code() == 201) {
                return new MountResult(true, null);
            }
            return new MountResult(false, repository.location(response));
        } catch (RegistryException e) {
            if (e.retryable()) {
                throw e;
            }
            // some registries refuse mount parameters outright; a plain upload follows
            return new MountResult(false, null);
        }
    }

    record MountResult(boolean mounted, HttpUrl uploadLocation) {
    }

    /** Opens an upload session; its URL carries the state the registry needs, and is used as given. */
    HttpUrl startUpload() throws IOException {
        HttpUrl url = repository.url("blobs/uploads/").build();
        try (Response response = repository.send(() -> new Request.Builder().url(url).post(RequestBody.create(new byte[0])))) {
            return repository.location(response);
        }
    }

    /**
     * Sends bytes {@code from} to the end of {@code content} into an upload session and returns the session's
     * next URL. {@code from > 0} resumes an interrupted upload, so the chunk says where it starts.
     */
    HttpUrl patch(HttpUrl location, Content content, long from, LongConsumer progress) throws IOException {
        RequestBody body = new ContentBody(content, from, progress);
        try (Response response = repository.send(() -> {
            Request.Builder builder = new Request.Builder().url(location).patch(body);
            if (from > 0) {
                builder.header("Content-Range", from + "-" + (content.size() - 1));
            }
            return builder;
        })) {
            return repository.location(response);
        }
    }

    /** How many bytes an interrupted session holds, and its current URL; empty when the registry forgot it. */
    Optional<UploadStatus> uploadStatus(HttpUrl location) throws IOException {
        try (Response response = repository.send(() -> new Request.Builder().url(location).get(), 404)) {
            if (response.code() == 404) {
                return Optional.empty();
            }
            String range = response.header("Range");
            long end = -1;
            if (range != null && range.matches("(bytes=)?\\d+-\\d+")) {
                end = Long.parseLong(range.substring(range.lastIndexOf('-') + 1));
            }
            // "0-0" means no bytes as well as one byte; starting over from zero is right in both cases
            return Optional.of(new UploadStatus(end <= 0 ? 0 : end + 1, repository.location(response)));
        }
    }

    record UploadStatus(long received, HttpUrl location) {
    }

    /** Closes an upload session: {@code content} is sent along unless the bytes went up in PATCHes already. */
    void finishUpload(HttpUrl location, Descriptor descriptor, Content content, LongConsumer progress)
            throws IOException {
        HttpUrl url = location.newBuilder().addQueryParameter("digest", descriptor.digest().toString()).build();
        RequestBody body = content == null ? RequestBody.create(new byte[0], OCTET_STREAM)
                : new ContentBody(content, 0, progress);
        try (Response response = repository.send(() -> new Request.Builder().url(url).put(body))) {
            String stated = response.header("Docker-Content-Digest");
            if (stated != null && stated.startsWith("sha256:") && !stated.equals(descriptor.digest().toString())) {
                throw new DigestMismatchException("blob upload to " + repository, descriptor.digest(), Digest.parse(stated));
            }
        }
    }
}
