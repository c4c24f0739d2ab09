package dev.lading.toolchain.packages;

import dev.lading.core.LadingException;
import dev.lading.core.io.Content;
import dev.lading.core.layer.LayerEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ca-certificates}' postinst would make and lading, which runs no maintainer script, makes itself: the
 * bundle {@code /etc/ssl/certs/ca-certificates.crt} that OpenSSL, GnuTLS and most programs read. The postinst
 * enables every certificate the package ships ({@code /etc/ca-certificates.conf}, written sorted), and
 * {@code update-ca-certificates} concatenates them in that order, each ending in a newline. When a package ships
 * its own {@code etc/ca-certificates.conf}, its order and its {@code !} exclusions are followed instead. The
 * per-certificate links and hash links of {@code /etc/ssl/certs} are not made.
 */
final class CaCertificates {
    static final String PACKAGE = "ca-certificates";
    static final String BUNDLE = "etc/ssl/certs/ca-certificates.crt";
    private static final String CERTS = "usr/share/ca-certificates/";
    private static final String CONF = "etc/ca-certificates.conf";

    private CaCertificates() {
    }

    /** The bundle as a layer entry, or empty when there is no certificate to put in it. */
    static Optional<LayerEntry> bundle(UnpackedDebs unpacked) {
        Path root = unpacked.root();
        try {
            List<String> names = new ArrayList<>();
            List<String> available = new ArrayList<>();
            boolean confShipped = false;
            for (UnpackedDebs.Entry entry : unpacked.entries()) {
                if (entry.type() == LayerEntry.Type.FILE && entry.path().startsWith(CERTS)
                        && entry.path().endsWith(".crt")) {
                    available.add(entry.path().substring(CERTS.length()));
                }
                confShipped |= entry.path().equals(CONF) && entry.type() == LayerEntry.Type.FILE;
            }
            if (confShipped) {
                for (String line : Files.readAllLines(root.resolve(CONF), StandardCharsets.UTF_8)) {
                    String name = line.strip();
                    if (!name.isEmpty() && !name.startsWith("#") && !name.startsWith("!")
                            && available.contains(name)) {
                        names.add(name);
                    }
                }
            } else {
                names.addAll(available);
                names.sort(null); // as sort(1) in the C locale: by code point
            }
            if (names.isEmpty()) {
                return Optional.empty();
            }
            ByteArrayOutputStream bundle = new ByteArrayOutputStream();
            for (String name : names) {
                byte[] cert = Files.readAllBytes(root.resolve(CERTS + name));
                bundle.write(cert);
                if (cert.length > 0 && cert[cert.length - 1] != '\n') {
                    bundle.write('\n');
                }
            }
            return Optional.of(LayerEntry.file(BUNDLE, Content.ofBytes(bundle.toByteArray()), 0644, 0, 0,
                    "package " + PACKAGE + " (its postinst's bundle, made by lading)"));
        } catch (IOException e) {
            throw new LadingException("making " + BUNDLE + " from the unpacked " + PACKAGE + " failed: " + e.getMessage(), e);
        }
    }
}
