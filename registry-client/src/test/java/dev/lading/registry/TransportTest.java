package dev.lading.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Reference;
import dev.lading.registry.TransferListener.Outcome;
import dev.lading.registry.auth.Credential;
import dev.lading.registry.auth.CredentialSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Redirects, foreign upload locations, TLS and unreachable hosts: where requests go and what they carry. */
class TransportTest extends FakeRegistryTest {
    private static final Credential ALICE = Credential.password("alice", "s3cret");
    private static final String ALICE_BASIC = "Basic "
            + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
    private static final HeldCertificate CA = new HeldCertificate.Builder().certificateAuthority(0)
            .commonName("lading test CA").build();

    /** Every request under /v2/ needs Alice's Basic credentials. */
    private static void requireBasic(FakeRegistry registry, String method, String path, FakeRegistry.Handler then) {
        registry.on(method, path, request -> ALICE_BASIC.equals(request.getHeaders().get("Authorization"))
                ? then.answer(request)
                : new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", "Basic realm=\"fake\"").build());
    }

    private static MockResponse redirect(String location) {
        return new MockResponse.Builder().code(307).addHeader("Location", location).build();
    }

    @Test
    void blobRedirectToAnotherHostCarriesNoCredentialsAndIsVerified() throws IOException {
        byte[] layer = "served by a CDN".getBytes(StandardCharsets.UTF_8);
        TinyImage image = TinyImage.of(layer);
        clientWith(ALICE);
        try (FakeRegistry cdn = FakeRegistry.start()) {
            cdn.on("GET", "/cdn/", request -> new MockResponse.Builder().code(200).body(new Buffer().write(layer))
                    .build());
            requireBasic(registry, "GET", "/v2/", request -> FakeRegistry.status(200));
            requireBasic(registry, "GET", "/v2/x/blobs/",
                    request -> redirect("http://localhost:" + cdn.port() + "/cdn/" + image.layer().digest()));
            Repository repository = pull("x");

            try (InputStream in = repository.openBlob(image.layer())) {
                assertArrayEquals(layer, in.readAllBytes());
            }

            assertEquals(ALICE_BASIC, registry.requests("GET", "/v2/x/blobs/").get(0).getHeaders()
                    .get("Authorization"));
            RecordedRequest fetched = cdn.requests("GET", "/cdn/").get(0);
            assertNull(fetched.getHeaders().get("Authorization"));
        }
    }

    @Test
    void uploadLocationOnAnotherHostCarriesNoCredentials() throws IOException {
        TinyImage image = TinyImage.of("layer");
        clientWith(ALICE);
        try (FakeRegistry storage = FakeRegistry.start()) {
            storage.on("PUT", "/upload/", request -> FakeRegistry.status(201));
            requireBasic(registry, "GET", "/v2/", request -> FakeRegistry.status(200));
            requireBasic(registry, "HEAD", "/v2/x/blobs/", request -> FakeRegistry.status(404));
            requireBasic(registry, "POST", "/v2/x/blobs/uploads/", request -> new MockResponse.Builder().code(202)
                    .addHeader("Location", "http://localhost:" + storage.port() + "/upload/1?sig=abc").build());
            Repository target = client.push(registry.repository("x"), List.of());

            assertEquals(Outcome.UPLOADED, BlobTransfer.run(target, image.layer(), image, "layer", BlobLocations.NONE));

            RecordedRequest put = storage.requests("PUT", "/upload/").get(0);
            assertEquals("abc", put.getUrl().queryParameter("sig"));
            assertNull(put.getHeaders().get("Authorization"), "the registry's credentials stay with the registry");
        }
    }

    @Test
    void httpsRegistryRedirectingABlobDownToPlainHttpIsRefused(@TempDir Path dir) throws IOException {
        HeldCertificate serverCertificate = new HeldCertificate.Builder().signedBy(CA).commonName("127.0.0.1")
                .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost").build();
        HandshakeCertificates server = new HandshakeCertificates.Builder()
                .heldCertificate(serverCertificate, CA.certificate()).build();
        Path caFile = Files.writeString(dir.resolve("ca.pem"), CA.certificatePem());
        Descriptor blob = TinyImage.of("layer").layer();
        try (FakeRegistry https = FakeRegistry.start(server.sslSocketFactory());
             RegistryClient trusting = new RegistryClient(
                     FakeRegistry.options(CredentialSource.ANONYMOUS, listener).withCaCertificate(caFile))) {
            https.on("GET", "/v2/x/blobs/", request -> redirect("http://" + registry.registry() + "/blob"));
            Repository repository = trusting.pull(Reference.parse(https.registry() + "/x:latest"));

            RegistryException e = assertThrows(RegistryException.class, () -> repository.openBlob(blob).close());

            assertTrue(e.getMessage().contains("HTTPS down to plain HTTP"), e.getMessage());
            assertEquals("REDIRECT_REFUSED", e.code());
            assertEquals(List.of(), registry.requests(), "the plain HTTP server heard nothing");
            assertNotNull(https.requests("GET", "/v2/x/blobs/").get(0).getHandshake(),
                    "the registry was reached over TLS, trusted through --ca-cert");
        }
    }

    @Test
    void unknownHostIsReportedAsUnreachable() {
        // the module's tests resolve names from a hosts file (surefire's argLine), so this asks no DNS server
        String hosts = System.getProperty("jdk.net.hosts.file");
        assertNotNull(hosts, "surefire's argLine sets jdk.net.hosts.file");
        assertEquals("src/test/resources/loopback-hosts", Path.of("").toAbsolutePath().relativize(Path.of(hosts))
                .toString());
        Repository repository = client.pull(Reference.parse("nosuch.invalid/x:latest"));

        RegistryException e = assertThrows(RegistryException.class, () -> repository.manifest("latest"));

        assertTrue(e.getMessage().startsWith("cannot reach registry nosuch.invalid"), e.getMessage());
        assertFalse(e.retryable(), "a name that does not resolve is not retried for seconds");
    }

    @Test
    void untrustedCertificateFailsClearlyAndIsNotRetried() throws IOException {
        // on loopback the client tries plain HTTP first, which the TLS server drops; the HTTPS failure decides
        InetAddress address = InetAddress.getByName("127.0.0.1");
        HeldCertificate selfSigned = new HeldCertificate.Builder().commonName(address.getHostAddress())
                .addSubjectAlternativeName(address.getHostAddress()).build();
        HandshakeCertificates server = new HandshakeCertificates.Builder().heldCertificate(selfSigned).build();
        try (FakeRegistry untrusted = FakeRegistry.start(server.sslSocketFactory(), address)) {
            Repository repository = client.pull(Reference.parse(untrusted.registry() + "/x:latest"));

            RegistryException e = assertThrows(RegistryException.class, () -> repository.manifest("latest"));

            assertTrue(e.getMessage().startsWith("cannot reach registry " + untrusted.registry() + " (https://"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
            assertEquals(List.of(), listener.retries, "another attempt meets the same certificate");
            assertEquals(List.of(), untrusted.requests());
        }
    }
}
