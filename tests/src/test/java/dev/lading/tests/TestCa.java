package dev.lading.tests;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority and one server certificate it signed, for registries served over TLS.
 * The server certificate names every loopback spelling a client may dial: {@code localhost}, {@code 127.0.0.1},
 * {@code ::1}.
 */
final class TestCa {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final X509Certificate server;
    private final PrivateKey serverPrivateKey;
    private final Path caPem;
    private final Path serverPem;
    private final Path serverKey;

    private TestCa(X509Certificate certificate, X509Certificate server, PrivateKey serverPrivateKey, Path caPem,
            Path serverPem, Path serverKey) {
        this.certificate = certificate;
        this.server = server;
        this.serverPrivateKey = serverPrivateKey;
        this.caPem = caPem;
        this.serverPem = serverPem;
        this.serverKey = serverKey;
    }

    /** Writes {@code ca.pem}, {@code server.pem} (the server certificate, then the CA's) and {@code server.key}. */
    static TestCa create(Path dir) throws IOException {
        try {
            KeyPair caKeys = ecKeyPair();
            X509Certificate ca = selfSigned(caKeys, "lading test CA", true);
            KeyPair serverKeys = ecKeyPair();
            X509Certificate server = serverCertificate(serverKeys, ca, caKeys.getPrivate());
            Files.createDirectories(dir);
            Path caPem = Files.writeString(dir.resolve("ca.pem"), pem(ca));
            Path serverPem = Files.writeString(dir.resolve("server.pem"), pem(server) + pem(ca));
            Path serverKey = Files.writeString(dir.resolve("server.key"),
                    pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null)));
            return new TestCa(ca, server, serverKeys.getPrivate(), caPem, serverPem, serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("creating the test CA", e);
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    Path caPem() {
        return caPem;
    }

    Path serverPem() {
        return serverPem;
    }

    Path serverKey() {
        return serverKey;
    }

    /** A directory in the layout of containers' {@code certs.d}, for {@code skopeo --cert-dir} and friends. */
    Path writeCertDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.copy(caPem, dir.resolve("ca.crt"));
        return dir;
    }

    /** A TLS context that trusts this CA alone, for Java clients of the test registry. */
    SSLContext sslContext() {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("lading-test-ca", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("a TLS context for the test CA", e);
        }
    }

    /** A TLS context that presents the server certificate, for Java servers (a token server) of the tests. */
    SSLContext serverSslContext() {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = "unused".toCharArray();
            keys.setKeyEntry("server", serverPrivateKey, password, new X509Certificate[] {server, certificate});
            javax.net.ssl.KeyManagerFactory factory =
                    javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("a server TLS context for the test CA", e);
        }
    }

    static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    /** A self-signed EC certificate: the CA's, or a token server's signing certificate (then not a CA). */
    static X509Certificate selfSigned(KeyPair keys, String commonName, boolean ca)
            throws IOException, GeneralSecurityException {
        X500Name name = new X500Name("CN=" + commonName);
        int usage = KeyUsage.digitalSignature | (ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : 0);
        return sign(certificate(name, name, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic())),
                keys.getPrivate());
    }

    private static X509Certificate serverCertificate(KeyPair keys, X509Certificate ca, PrivateKey caKey)
            throws IOException, GeneralSecurityException {
        GeneralNames loopback = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")});
        return sign(certificate(new JcaX509CertificateHolder(ca).getSubject(), new X500Name("CN=localhost"), keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, loopback)
                .addExtension(Extension.authorityKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca)), caKey);
    }

    static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Valid from an hour ago, so a clock a little behind the registry's does not matter, for a day. */
    private static X509v3CertificateBuilder certificate(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
