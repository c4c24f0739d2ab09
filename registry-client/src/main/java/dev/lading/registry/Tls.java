package dev.lading.registry;

import dev.lading.core.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Trust decisions: the system's CAs, plus the user's {@code --ca-cert}, or none at all for an insecure registry. */
record Tls(SSLContext context, X509TrustManager trustManager) {

    /** Trusts what the JDK trusts, and the certificates of {@code caFile} too when it is given. */
    static Tls verified(Path caFile) {
        try {
            List<X509TrustManager> managers = new ArrayList<>();
            managers.add(trustManager(null));
            if (caFile != null) {
                managers.add(trustManager(keyStoreOf(caFile)));
            }
            X509TrustManager combined = managers.size() == 1 ? managers.get(0) : new AnyOf(managers);
            return of(combined);
        } catch (GeneralSecurityException | IOException e) {
            throw new InputException("--ca-cert " + caFile + ": " + e.getMessage());
        }
    }

    /** For {@code --insecure-registry} hosts served over TLS: any certificate is accepted, as the user asked. */
    static Tls unverified() {
        try {
            return of(new AcceptAll());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }

    private static Tls of(X509TrustManager manager) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {manager}, new SecureRandom());
        return new Tls(context, manager);
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private static KeyStore keyStoreOf(Path caFile) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no PEM certificate in the file");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return store;
    }

    /** Trusts a chain when any of its managers does. */
    private record AnyOf(List<X509TrustManager> managers) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("lading does not accept client connections");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CertificateException last = null;
            for (X509TrustManager manager : managers) {
                try {
                    manager.checkServerTrusted(chain, authType);
                    return;
                } catch (CertificateException e) {
                    last = e;
                }
            }
            throw last;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream().flatMap(m -> List.of(m.getAcceptedIssuers()).stream())
                    .toArray(X509Certificate[]::new);
        }
    }

    private static final class AcceptAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("lading does not accept client connections");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // --insecure-registry: the user chose not to verify this registry's certificate
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
