package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution API spoken by curl, to read and forge what lading stores without lading: manifests and blobs
 * by hand, exactly the bytes given.
 */
final class RegistryCurl {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final Pattern LOCATION = Pattern.compile("(?im)^location:\\s*(\\S+)\\s*$");

    private final RegistryServer registry;
    private final Path scratch;

    /** @param scratch a directory for the request bodies curl reads from files */
    RegistryCurl(RegistryServer registry, Path scratch) {
        this.registry = registry;
        this.scratch = scratch;
    }

    byte[] manifest(String repository, String reference) throws IOException, InterruptedException {
        return curl("-sSf", "-H", "Accept: " + OCI_MANIFEST + ", application/vnd.oci.image.index.v1+json",
                registry.url("/v2/" + repository + "/manifests/" + reference)).stdoutBytes();
    }

    /** The body of a GET of {@code path} ({@code /v2/...}). */
    String get(String path) throws IOException, InterruptedException {
        return curl("-sSf", registry.url(path)).stdout();
    }

    byte[] blob(String repository, String digest) throws IOException, InterruptedException {
        return curl("-sSfL", registry.url("/v2/" + repository + "/blobs/" + digest)).stdoutBytes();
    }

    /** The HTTP status of a HEAD on a manifest: 200 when the tag or digest is there, 404 when not. */
    int manifestStatus(String repository, String reference) throws IOException, InterruptedException {
        String code = curl("-sS", "-I", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Accept: " + OCI_MANIFEST
                + ", application/vnd.oci.image.index.v1+json",
                registry.url("/v2/" + repository + "/manifests/" + reference)).stdout();
        return Integer.parseInt(code.trim());
    }

    /** Uploads a blob (POST, then PUT with its digest) and returns the digest. */
    String putBlob(String repository, byte[] bytes) throws IOException, InterruptedException {
        String digest = BusyboxBase.digest(bytes);
        String started = curl("-sSf", "-X", "POST", "-o", "/dev/null", "-D", "-",
                registry.url("/v2/" + repository + "/blobs/uploads/")).stdout();
        Matcher location = LOCATION.matcher(started);
        assertTrue(location.find(), "an upload location: " + started);
        String url = location.group(1);
        url = url.startsWith("/") ? registry.url(url) : url;
        curl("-sSf", "-X", "PUT", "-H", "Content-Type: application/octet-stream", "--data-binary",
                "@" + body(bytes), url + (url.contains("?") ? "&" : "?") + "digest=" + digest);
        return digest;
    }

    void putManifest(String repository, String reference, byte[] bytes) throws IOException, InterruptedException {
        curl("-sSf", "-X", "PUT", "-H", "Content-Type: " + OCI_MANIFEST, "--data-binary", "@" + body(bytes),
                registry.url("/v2/" + repository + "/manifests/" + reference));
    }

    private Path body(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(scratch, "body", ".bin"), bytes);
    }

    private Tool.Result curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl"));
        command.addAll(List.of(args));
        Tool.Result result = Tool.run(scratch, Map.of(), command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + "\n" + result);
        return result;
    }
}
