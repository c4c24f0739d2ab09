package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.tests.FaultPlan.Rule;
import dev.lading.tests.FaultProxy.Exchange;
import dev.lading.tests.FaultProxy.Fault;
import dev.lading.tests.RegistryServer.Setup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large blob's PATCH cut off mid-body in front of a real registry (docker-registry 2.8), bytes counted at the
 * proxy as they reached the registry.
 *
 * <p>What "resume from the registry's {@code Range}" can do depends on the registry. docker-registry keeps the bytes
 * that arrived, but the session URL it handed out carries the offset it had then (0 for lading's one streamed
 * PATCH); asked with it, the registry finds more bytes than the URL says, logs "upload resumed at wrong offest",
 * cancels the session and answers 404 {@code BLOB_UPLOAD_INVALID}. So against this registry nothing can be resumed,
 * and the right thing is what this test pins down: ask where the upload stands, learn the session is gone, open a
 * new one and send the blob whole exactly once more. (Resuming from a {@code Range} that a registry does honour is
 * covered against the fake registry of registry-client.)
 */
class UploadResumeTest {
    private static final int LAYER_BYTES = 24 << 20;
    private static final long CUT_AFTER = 6 << 20;

    @TempDir
    Path dir;

    @Test
    void patchCutMidBodyIsAskedAboutThenSentWholeOnceMore() throws Exception {
        Lading lading = new Lading(dir.resolve("home"));
        SmallImage.Layout image = SmallImage.build(lading, dir.resolve("image"), List.of("linux/amd64"), LAYER_BYTES);
        Path layer = largestBlob(image.dir());
        long size = Files.size(layer);
        String digest = "sha256:" + layer.getFileName();
        assertTrue(size > LAYER_BYTES, "random bytes do not compress: " + size);

        String repository = "resume/app";
        String uploads = "/v2/" + repository + "/blobs/uploads/";
        FaultPlan plan = FaultPlan.scripted(Rule.next(1, "^PATCH " + uploads, Fault.CUT_REQUEST_BODY));
        try (RegistryServer registry = RegistryServer.start(Setup.anonymous());
                FaultProxy proxy = FaultProxy.start(registry.host(), plan).cutAfter(CUT_AFTER)) {
            Tool.Result push = lading.run("push", image.source(), proxy.host() + "/" + repository + ":v1",
                    "--retries", "2", "--progress", "plain");
            List<Exchange> log = proxy.exchanges();
            assertEquals(0, push.exitCode(), push + "\n--- proxy log\n" + log);

            List<Exchange> patches = log.stream().filter(e -> e.method().equals("PATCH")).toList();
            assertEquals(2, patches.size(), "one cut PATCH, one whole: " + log);
            Exchange cut = patches.get(0);
            assertEquals(Fault.CUT_REQUEST_BODY, cut.fault(), log.toString());
            assertEquals(CUT_AFTER, cut.bodyBytes(), "the registry got the first part: " + log);
            assertTrue(registry.log().contains("upload resumed at wrong offest: " + CUT_AFTER + " != 0"),
                    "the registry kept the part and refused the session's old offset:\n" + registry.log());

            // other blobs go up at the same time: only this blob's session and the sessions opened are looked at
            String session = cut.target().substring(0, cut.target().indexOf('?'));
            int asked = indexAfter(log, log.indexOf(cut), e -> e.method().equals("GET"));
            assertTrue(log.get(asked).target().startsWith(session + "?"),
                    "where the upload stands is asked first: " + log);
            int reopened = indexAfter(log, asked, e -> e.method().equals("POST") && e.target().equals(uploads));
            assertTrue(reopened < log.indexOf(patches.get(1)), "the forgotten session is replaced by a new one: " + log);
            assertEquals(size, patches.get(1).bodyBytes(), "the blob went up whole, once: " + log);
            assertEquals(0, log.stream().filter(e -> e.method().equals("PUT") && e.target().contains(uploads)
                    && e.target().contains(digest.substring(7))).mapToLong(Exchange::bodyBytes).sum(),
                    "the closing PUT carries no bytes after PATCHes: " + log);

            assertEquals(image.digest(), SmallImage.digestInRegistry(registry, repository + ":v1"));
            HttpResponse<byte[]> blob = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(registry.url("/v2/" + repository + "/blobs/" + digest))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, blob.statusCode());
            assertEquals(size, blob.body().length);
            assertEquals(digest, "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(blob.body())), "the registry holds the blob intact");
        }
    }

    private static int indexAfter(List<Exchange> log, int from, java.util.function.Predicate<Exchange> test) {
        for (int i = from + 1; i < log.size(); i++) {
            if (test.test(log.get(i))) {
                return i;
            }
        }
        throw new AssertionError("none matches after " + log.get(from) + " in " + log);
    }

    private static Path largestBlob(Path layout) throws Exception {
        try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
            return blobs.max(Comparator.comparingLong(path -> path.toFile().length())).orElseThrow();
        }
    }
}
