package dev.lading.toolchain.packages;

import dev.lading.core.InputException;
import dev.lading.core.LadingException;

import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenPGP public keys an {@code InRelease} may be signed with: Debian's archive keys (bookworm's and trixie's,
 * shipped as a resource so trust never depends on the host's keyring) plus any the user adds for another archive.
 */
public final class ArchiveKeys {
    private static final String SHIPPED = "debian-archive-keys.asc";
    private static final String ARMOR_START = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

    private final List<PGPPublicKeyRing> rings;

    private ArchiveKeys(List<PGPPublicKeyRing> rings) {
        this.rings = List.copyOf(rings);
    }

    /** Debian's archive signing keys as lading ships them. */
    public static ArchiveKeys shipped() {
        try (InputStream in = ArchiveKeys.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new LadingException("lading's Debian archive keys are missing from its jar (" + SHIPPED + ")");
            }
            return new ArchiveKeys(read(in.readAllBytes(), SHIPPED));
        } catch (IOException e) {
            throw new LadingException("cannot read lading's Debian archive keys: " + e.getMessage(), e);
        }
    }

    /**
     * These keys and those of {@code keyring}, an OpenPGP keyring either binary (as apt's {@code .gpg} files) or
     * ASCII-armored (as {@code gpg --export --armor} writes, several blocks allowed).
     *
     * @throws InputException when the file cannot be read or holds no public key
     */
    public ArchiveKeys withKeyring(Path keyring) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(keyring);
        } catch (IOException e) {
            throw new InputException("--package-keyring: cannot read " + keyring + ": " + e.getMessage());
        }
        List<PGPPublicKeyRing> added;
        try {
            added = read(bytes, keyring.toString());
        } catch (IOException e) {
            throw new InputException("--package-keyring: " + keyring + " is not an OpenPGP public keyring: "
                    + e.getMessage());
        }
        if (added.isEmpty()) {
            throw new InputException("--package-keyring: " + keyring + " holds no OpenPGP public key");
        }
        List<PGPPublicKeyRing> all = new ArrayList<>(rings);
        all.addAll(added);
        return new ArchiveKeys(all);
    }

    /** The key (primary or subkey) with this id, or null when none of these keys has it. */
    public PGPPublicKey key(long keyId) {
        for (PGPPublicKeyRing ring : rings) {
            PGPPublicKey key = ring.getPublicKey(keyId);
            if (key != null) {
                return key;
            }
        }
        return null;
    }

    /** Every key id, primary keys and subkeys, as 16 upper-case hex digits. */
    public List<String> keyIds() {
        List<String> ids = new ArrayList<>();
        for (PGPPublicKeyRing ring : rings) {
            ring.getPublicKeys().forEachRemaining(key -> ids.add(hex(key.getKeyID())));
        }
        return ids;
    }

    static String hex(long keyId) {
        return String.format("%016X", keyId);
    }

    private static List<PGPPublicKeyRing> read(byte[] bytes, String name) throws IOException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        if (!text.contains(ARMOR_START)) {
            rings.addAll(binary(new ByteArrayInputStream(bytes), name));
            return rings;
        }
        // One stream per armored block: a file may hold several, each with its own checksum.
        int start = text.indexOf(ARMOR_START);
        while (start >= 0) {
            int next = text.indexOf(ARMOR_START, start + ARMOR_START.length());
            byte[] block = text.substring(start, next < 0 ? text.length() : next).getBytes(StandardCharsets.ISO_8859_1);
            try (ArmoredInputStream armored = new ArmoredInputStream(new ByteArrayInputStream(block))) {
                rings.addAll(binary(armored, name));
            }
            start = next;
        }
        return rings;
    }

    private static List<PGPPublicKeyRing> binary(InputStream in, String name) throws IOException {
        try {
            List<PGPPublicKeyRing> rings = new ArrayList<>();
            new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()).forEach(rings::add);
            return rings;
        } catch (PGPException | RuntimeException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }
}
