package dev.lading.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lading.core.io.Content;
import dev.lading.core.io.VerifyingInputStream;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Index;
import dev.lading.core.model.Json;
import dev.lading.core.model.JsonObject;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.RepositoryName;
import dev.lading.core.store.Documents;
import dev.lading.core.store.DigestMismatchException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One repository of one registry: the distribution API's blob, manifest, tag and referrers endpoints. Each
 * request is retried where it failed ({@link RegistryHost#exchange}), its answer read within the retries.
 */
public final class Repository implements ImageContent {
    /** Every manifest type lading reads; the reference registry hides an index from a client that omits its type. */
    static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);

    private final RegistryHost host;
    private final RepositoryName name;
    private final Scopes scopes;
    private final RegistryOptions options;

    Repository(RegistryHost host, RepositoryName name, Scopes scopes, RegistryOptions options) {
        this.host = host;
        this.name = name;
        this.scopes = scopes;
        this.options = options;
    }

    public RepositoryName name() {
        return name;
    }

    RegistryOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return name.toString();
    }

    HttpUrl.Builder url(String path) throws IOException {
        return host.base(name).newBuilder().addPathSegments(name.path()).addPathSegments(path);
    }

    <T> T exchange(Supplier<Request.Builder> request, RegistryHost.Reader<T> reader, int... expected)
            throws IOException {
        return host.exchange(request, scopes, name, reader, expected);
    }

    <T> T exchangeOnce(Supplier<Request.Builder> request, RegistryHost.Reader<T> reader, int... expected)
            throws IOException {
        return host.exchangeOnce(request, scopes, name, reader, expected);
    }

    Retries retries() {
        return host.retries();
    }

    /** Contacts the repository's registry with a token for this handle's scopes ({@link RegistryHost#checkAccess}). */
    void checkAccess() throws IOException {
        host.checkAccess(scopes, name);
    }

    // ---- as the content of images, for inspecting and copying ----

    @Override
    public byte[] document(Descriptor descriptor) throws IOException {
        if (descriptor.size() > Documents.MAX_BYTES) {
            throw tooLarge(descriptor.digest().toString(), descriptor.size(), Documents.MAX_BYTES);
        }
        if (MediaTypes.isIndex(descriptor.mediaType()) || MediaTypes.isManifest(descriptor.mediaType())) {
            return manifest(descriptor.digest().toString()).bytes();
        }
        HttpUrl url = url("blobs/" + descriptor.digest()).build();
        return exchange(() -> blobRequest(url, descriptor), response -> {
            try (InputStream in = verified(response, descriptor)) {
                return in.readAllBytes();
            }
        });
    }

    @Override
    public Content blob(Descriptor descriptor) {
        return new RepositoryBlobs(this).blob(descriptor);
    }

    @Override
    public Optional<String> mountSource(Descriptor descriptor, String targetRegistry) {
        return targetRegistry.equals(name.registry()) ? Optional.of(name.path()) : Optional.empty();
    }

    // ---- blobs ----

    /** The size of the blob when the repository holds it. */
    public Optional<Long> blobSize(Digest digest) throws IOException {
        HttpUrl url = url("blobs/" + digest).build();
        return exchange(() -> new Request.Builder().url(url).head(), response -> {
            if (response.code() == 404) {
                return Optional.empty();
            }
            String length = response.header("Content-Length");
            return Optional.of(length == null ? -1L : Long.parseLong(length));
        }, 404);
    }

    /**
     * Streams a blob, with one request: the stream fails at its end when the bytes are not the descriptor's, and
     * with a {@link RegistryException} when the connection breaks or stalls, for the caller to read again within
     * {@link RegistryClient#retries()}.
     */
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        HttpUrl url = url("blobs/" + descriptor.digest()).build();
        Response response = host.send(() -> blobRequest(url, descriptor), scopes, name);
        InputStream verified = verified(response, descriptor);
        return new FilterInputStream(verified) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    response.close();
                }
            }
        };
    }

    private static Request.Builder blobRequest(HttpUrl url, Descriptor descriptor) {
        // identity: OkHttp would otherwise unzip a gzip Content-Encoding and the digest could never match
        return new Request.Builder().url(url).get().header("Accept-Encoding", "identity")
                .tag(RegistryHost.BlobSize.class, new RegistryHost.BlobSize(descriptor.size()));
    }

    private InputStream verified(Response response, Descriptor descriptor) {
        return new VerifyingInputStream(response.body().byteStream(), descriptor,
                "blob " + descriptor.digest() + " from " + this);
    }

    /** The upload-session endpoints, for {@link BlobTransfer}. */
    Uploads uploads() {
        return new Uploads(this);
    }

    /** The session URL a response names in {@code Location}, resolved against the request's URL. */
    HttpUrl location(Response response) throws IOException {
        String location = response.header("Location");
        HttpUrl resolved = location == null ? null : response.request().url().resolve(location);
        if (resolved == null) {
            throw RegistryException.refused(this + ": " + response.request().method() + " answered "
                    + response.code() + " without a usable Location", name, null, null);
        }
        return resolved;
    }

    // ---- manifests ----

    /** A manifest or index by tag or digest, its bytes checked against the digest; refused over 4 MiB. */
    public RemoteManifest manifest(String reference) throws IOException {
        HttpUrl url = url("manifests/" + reference).build();
        return exchange(() -> new Request.Builder().url(url).get().header("Accept", MANIFEST_ACCEPT),
                response -> readManifest(response, reference));
    }

    /** {@link #manifest}, or empty when the repository has no such manifest (or no such name) yet. */
    public Optional<RemoteManifest> findManifest(String reference) throws IOException {
        HttpUrl url = url("manifests/" + reference).build();
        return exchange(() -> new Request.Builder().url(url).get().header("Accept", MANIFEST_ACCEPT),
                response -> response.code() == 404 ? Optional.empty()
                        : Optional.of(readManifest(response, reference)), 404);
    }

    private RemoteManifest readManifest(Response response, String reference) throws IOException {
        byte[] bytes = readAtMost(response.body(), Documents.MAX_BYTES, reference);
        Digest actual = Digest.sha256(bytes);
        Digest expected = reference.contains(":") ? Digest.parse(reference)
                : Optional.ofNullable(response.header("Docker-Content-Digest"))
                        .filter(d -> d.startsWith("sha256:")).map(Digest::parse).orElse(actual);
        if (!expected.equals(actual)) {
            throw new DigestMismatchException("manifest " + this + ":" + reference, expected, actual);
        }
        String type = mediaType(bytes, response);
        try {
            return new RemoteManifest(new Descriptor(type, actual, bytes.length), bytes);
        } catch (IllegalArgumentException e) {
            // the type comes from the server: a malformed one is the registry's fault, not a bug of lading
            throw RegistryException.refused(this + ":" + reference + ": " + e.getMessage(), name,
                    "MANIFEST_INVALID", null);
        }
    }

    private RegistryException tooLarge(String reference, long size, int limit) {
        return RegistryException.refused(this + (reference.isEmpty() ? "" : ":" + reference) + ": the registry sent "
                + (size > limit ? "more than " + limit : String.valueOf(size)) + " bytes for a JSON document;"
                + " lading refuses documents over " + (limit >> 20) + " MiB", name, "MANIFEST_INVALID",
                null);
    }

    /** The type the document names itself, else the one the server sent. */
    private String mediaType(byte[] bytes, Response response) throws IOException {
        JsonObject json;
        String declared;
        try {
            json = Json.object(bytes);
            declared = json.string("mediaType");
        } catch (IOException e) {
            throw RegistryException.refused(this + ": the manifest is not JSON", name, "MANIFEST_INVALID",
                    null);
        }
        if (declared != null && !declared.isEmpty()) {
            return declared;
        }
        String contentType = response.header("Content-Type", "");
        String type = contentType.split(";")[0].trim();
        if (type.isEmpty() || type.equals("application/json")) {
            return json.fields().containsKey("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        }
        return type;
    }

    /** The descriptor of a manifest when the repository holds it. */
    public Optional<Descriptor> manifestDescriptor(String reference) throws IOException {
        HttpUrl url = url("manifests/" + reference).build();
        Optional<Optional<Descriptor>> described = exchange(() -> new Request.Builder().url(url).head()
                .header("Accept", MANIFEST_ACCEPT), response -> {
                    if (response.code() == 404) {
                        return Optional.of(Optional.empty());
                    }
                    String digest = response.header("Docker-Content-Digest");
                    String length = response.header("Content-Length");
                    String type = response.header("Content-Type", "").split(";")[0].trim();
                    if (digest == null || length == null || type.isEmpty()) {
                        return Optional.empty();
                    }
                    return Optional.of(Optional.of(new Descriptor(type, Digest.parse(digest), Long.parseLong(length))));
                }, 404);
        // a registry that does not describe by HEAD: read it
        return described.isPresent() ? described.get() : Optional.of(manifest(reference).descriptor());
    }

    /**
     * Puts manifest bytes under a tag or their digest. The registry stores exactly these bytes; its stated
     * digest must be theirs.
     *
     * @return whether the registry indexed the manifest's subject itself ({@code OCI-Subject}), so that no
     *         referrers fallback tag is needed
     */
    public boolean putManifest(String reference, Descriptor descriptor, byte[] bytes) throws IOException {
        if (!Digest.sha256(bytes).equals(descriptor.digest())) {
            throw new IllegalArgumentException("the bytes are not those of " + descriptor.digest());
        }
        HttpUrl url = url("manifests/" + reference).build();
        RequestBody body = RequestBody.create(bytes, MediaType.get(descriptor.mediaType()));
        return exchange(() -> new Request.Builder().url(url).put(body), response -> {
            String stated = response.header("Docker-Content-Digest");
            if (stated != null && stated.startsWith("sha256:") && !stated.equals(descriptor.digest().toString())) {
                throw new DigestMismatchException("manifest put to " + this + ":" + reference, descriptor.digest(),
                        Digest.parse(stated));
            }
            return response.header("OCI-Subject") != null;
        });
    }

    // ---- discovery ----

    /** All tags, following the registry's {@code Link} pages. */
    public List<String> tags() throws IOException {
        List<String> tags = new ArrayList<>();
        // a registry that ignores "last" links back to a page already read; lading would list forever
        Set<HttpUrl> read = new HashSet<>();
        HttpUrl next = url("tags/list").addQueryParameter("n", "1000").build();
        while (next != null && read.add(next)) {
            HttpUrl page = next;
            next = exchange(() -> new Request.Builder().url(page).get(), response -> {
                JsonNode json = Json.mapper().readTree(readAtMost(response.body(), 16 << 20, ""));
                json.path("tags").forEach(tag -> tags.add(tag.asText()));
                return nextPage(response);
            });
        }
        return tags;
    }

    /** The {@code rel="next"} target of the {@code Link} headers, resolved and kept on this registry. */
    private static HttpUrl nextPage(Response response) {
        for (String header : response.headers("Link")) {
            // one header may hold several links, e.g. rel="prev" before rel="next"
            for (String link : header.split(",(?=\\s*<)")) {
                int open = link.indexOf('<');
                int close = link.indexOf('>', open + 1);
                if (open < 0 || close < 0 || !link.substring(close).contains("rel=\"next\"")) {
                    continue;
                }
                HttpUrl next = response.request().url().resolve(link.substring(open + 1, close));
                return next != null && next.host().equals(response.request().url().host()) ? next : null;
            }
        }
        return null;
    }

    /**
     * The manifests whose subject is {@code subject}: from the referrers API, or where the registry has none
     * (the reference registry), from the fallback tag {@code sha256-<hex>}.
     */
    public Index referrers(Digest subject) throws IOException {
        HttpUrl url = url("referrers/" + subject).build();
        Optional<Index> listed = exchange(() -> new Request.Builder().url(url).get()
                .header("Accept", MediaTypes.OCI_INDEX), response -> {
                    String type = response.header("Content-Type", "");
                    if (response.isSuccessful() && type.startsWith(MediaTypes.OCI_INDEX)) {
                        return Optional.of(Json.parse(readAtMost(response.body(), Documents.MAX_BYTES, ""),
                                Index.class, "referrers of " + subject));
                    }
                    return Optional.empty();
                }, 404, 400, 405, 406);
        if (listed.isPresent()) {
            return listed.get();
        }
        Optional<Descriptor> fallback = manifestDescriptor(fallbackTag(subject));
        if (fallback.isEmpty()) {
            return new Index(MediaTypes.OCI_INDEX, List.of(), null);
        }
        RemoteManifest tagged = manifest(fallbackTag(subject));
        return tagged.isIndex() ? tagged.index() : new Index(MediaTypes.OCI_INDEX, List.of(), null);
    }

    /** The referrers fallback tag of the OCI distribution spec: {@code <alg>-<hex>}. */
    public static String fallbackTag(Digest digest) {
        return digest.algorithm() + "-" + digest.hex();
    }

    /** The whole body, or an error when it is longer than {@code limit}: a hostile server cannot exhaust memory. */
    private byte[] readAtMost(ResponseBody body, int limit, String reference) throws IOException {
        if (body.contentLength() > limit || body.source().request(limit + 1L)) {
            throw tooLarge(reference, Math.max(body.contentLength(), limit + 1L), limit);
        }
        return body.source().readByteArray();
    }
}
