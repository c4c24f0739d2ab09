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

/**
 * The blob upload endpoints of one repository: mount, open a session, stream bytes into it, ask how far it got, and
 * close it with the digest. The two requests that may not simply be sent again retry here: a broken PATCH resumes
 * from the registry's {@code Range}, and a closing PUT whose answer was lost is sent again only when the blob is
 * not there.
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
        try {
            return repository.exchange(() -> new Request.Builder().url(url).post(RequestBody.create(new byte[0])),
                    response -> response.code() == 201 ? new MountResult(true, null)
                            : new MountResult(false, repository.location(response)));
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
        return repository.exchange(() -> new Request.Builder().url(url).post(RequestBody.create(new byte[0])),
                repository::location);
    }

    /**
     * Streams {@code content} into an upload session and returns the session's next URL. When the PATCH breaks off,
     * the registry is asked how far it got, and the rest follows from there with a {@code Content-Range}.
     */
    HttpUrl patch(HttpUrl location, Content content, LongConsumer progress) throws IOException {
        HttpUrl session = location;
        long from = 0;
        for (int failed = 1; ; failed++) {
            try {
                return patchOnce(session, content, from, progress);
            } catch (RegistryException e) {
                repository.retries().pause("PATCH " + session.encodedPath(), failed, e);
                Optional<UploadStatus> status = uploadStatus(session);
                if (status.isEmpty()) {
                    throw RegistryException.answered(repository + ": the registry forgot the upload session after "
                            + e.getMessage(), repository.name(), 404, "BLOB_UPLOAD_UNKNOWN", null);
                }
                session = status.get().location();
                from = status.get().received();
                if (from >= content.size()) {
                    return session;
                }
            }
        }
    }

    private HttpUrl patchOnce(HttpUrl location, Content content, long from, LongConsumer progress)
            throws IOException {
        return repository.exchangeOnce(() -> {
            Request.Builder builder = new Request.Builder().url(location)
                    .patch(new ContentBody(content, from, progress));
            if (from > 0) {
                builder.header("Content-Range", from + "-" + (content.size() - 1));
            }
            return builder;
        }, repository::location);
    }

    /** How many bytes a session holds, and its current URL; empty when the registry forgot it. */
    private Optional<UploadStatus> uploadStatus(HttpUrl location) throws IOException {
        return repository.exchange(() -> new Request.Builder().url(location).get(), response -> {
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
        }, 404);
    }

    private record UploadStatus(long received, HttpUrl location) {
    }

    /**
     * Closes an upload session: {@code content} is sent along unless the bytes went up in PATCHes already. After a
     * failure a HEAD asks for the blob first: when only the answer was lost, the registry has it and its session is
     * gone, so sending the PUT again would fail or send the bytes twice.
     */
    void finishUpload(HttpUrl location, Descriptor descriptor, Content content, LongConsumer progress)
            throws IOException {
        HttpUrl url = location.newBuilder().addQueryParameter("digest", descriptor.digest().toString()).build();
        for (int failed = 1; ; failed++) {
            try {
                repository.exchangeOnce(() -> new Request.Builder().url(url)
                        .put(content == null ? RequestBody.create(new byte[0], OCTET_STREAM)
                                : new ContentBody(content, 0, progress))
                        .tag(RegistryHost.BlobSize.class, new RegistryHost.BlobSize(descriptor.size())), response -> {
                            String stated = response.header("Docker-Content-Digest");
                            if (stated != null && stated.startsWith("sha256:")
                                    && !stated.equals(descriptor.digest().toString())) {
                                throw new DigestMismatchException("blob upload to " + repository, descriptor.digest(),
                                        Digest.parse(stated));
                            }
                            return null;
                        });
                return;
            } catch (RegistryException e) {
                if (repository.blobSize(descriptor.digest()).isPresent()) {
                    return;
                }
                repository.retries().pause("PUT " + location.encodedPath(), failed, e);
            }
        }
    }
}
