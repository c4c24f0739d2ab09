package dev.lading.toolchain.packages;

import dev.lading.core.LadingException;

import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * An OpenPGP cleartext-signed document ({@code InRelease}), verified. Only the text between the signed-message
 * header and the signature is returned: nothing before or after the signature is accepted, so no unsigned line
 * can ever be taken for a signed one.
 */
public final class SignedText {
    private static final String BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----";
    private static final String SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
    private static final String END = "-----END PGP SIGNATURE-----";
    /** Hashes no longer safe against collisions: a signature over one proves nothing about the text. */
    private static final Set<Integer> WEAK_HASHES = Set.of(HashAlgorithmTags.MD5, HashAlgorithmTags.SHA1,
            HashAlgorithmTags.RIPEMD160, HashAlgorithmTags.MD2);

    private SignedText() {
    }

    /**
     * The signed text of {@code file}, once a signature by one of {@code keys} verifies over it and no signature
     * by one of them fails; signatures by keys not there are ignored when another one vouches for the text.
     *
     * @param name what {@code file} is, for messages (e.g. its URL)
     * @throws LadingException naming {@code name} when the file is not signed, a signature is bad, or no signature
     *                         is by a known key (naming the key ids)
     */
    public static String verify(byte[] file, ArchiveKeys keys, String name) {
        List<String> lines = new ArrayList<>(Arrays.asList(
                new String(file, StandardCharsets.UTF_8).split("\n", -1)));
        lines.replaceAll(line -> line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        if (!lines.get(0).equals(BEGIN)) {
            throw new LadingException(name + " is not signed: it does not start with '" + BEGIN + "'");
        }
        int first = 1;
        while (first < lines.size() && !lines.get(first).isEmpty()) {
            if (!lines.get(first).startsWith("Hash:")) {
                throw new LadingException(name + ": unexpected armor header in the signed message: "
                        + lines.get(first));
            }
            first++;
        }
        first++;
        int signature = lines.indexOf(SIGNATURE);
        int end = lines.indexOf(END);
        if (signature < first || end < signature) {
            throw new LadingException(name + " is not signed: no complete '" + SIGNATURE + "' block");
        }
        for (String after : lines.subList(end + 1, lines.size())) {
            if (!after.isBlank()) {
                throw new LadingException(name + ": text after the signature; refusing unsigned content");
            }
        }
        List<String> text = new ArrayList<>(lines.subList(first, signature));
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            if (line.startsWith("- ")) {
                text.set(i, line.substring(2));
            } else if (line.startsWith("-")) {
                throw new LadingException(name + ": line " + (first + i + 1) + " of the signed text is not "
                        + "dash-escaped: " + line);
            }
        }
        byte[] canonical = canonical(text);
        List<PGPSignature> signatures = signatures(String.join("\n", lines.subList(signature, end + 1)), name);
        List<String> unknown = new ArrayList<>();
        boolean good = false;
        for (PGPSignature sig : signatures) {
            PGPPublicKey key = keys.key(sig.getKeyID());
            if (key == null) {
                unknown.add(ArchiveKeys.hex(sig.getKeyID()));
                continue;
            }
            check(sig, key, canonical, name);
            good = true;
        }
        if (!good) {
            throw new LadingException(name + " is signed by unknown key " + String.join(", ", unknown)
                    + ", not one of Debian's archive keys; add its key with --package-keyring FILE");
        }
        return String.join("\n", text) + "\n";
    }

    private static void check(PGPSignature sig, PGPPublicKey key, byte[] canonical, String name) {
        String id = ArchiveKeys.hex(sig.getKeyID());
        if (sig.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
            throw new LadingException(name + ": signature by key " + id + " is not a text signature (type "
                    + sig.getSignatureType() + ")");
        }
        if (WEAK_HASHES.contains(sig.getHashAlgorithm())) {
            throw new LadingException(name + ": signature by key " + id + " uses a weak hash (algorithm "
                    + sig.getHashAlgorithm() + ")");
        }
        if (key.hasRevocation()) {
            throw new LadingException(name + " is signed by revoked key " + id);
        }
        long valid = key.getValidSeconds();
        if (valid > 0 && sig.getCreationTime().getTime() > key.getCreationTime().getTime() + valid * 1000) {
            throw new LadingException(name + " is signed by key " + id + " after that key expired");
        }
        try {
            sig.init(new BcPGPContentVerifierBuilderProvider(), key);
            sig.update(canonical);
            if (!sig.verify()) {
                throw new LadingException(name + ": bad signature by key " + id
                        + " (the file was altered or corrupted)");
            }
        } catch (PGPException e) {
            throw new LadingException(name + ": cannot verify the signature by key " + id + ": " + e.getMessage(), e);
        }
    }

    /** RFC 4880 section 7.1: lines without trailing blanks, joined by CR LF, no line break after the last. */
    private static byte[] canonical(List<String> text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.size(); i++) {
            if (i > 0) {
                out.append("\r\n");
            }
            out.append(text.get(i).replaceAll("[ \t]+$", ""));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<PGPSignature> signatures(String armor, String name) {
        List<PGPSignature> signatures = new ArrayList<>();
        try (ArmoredInputStream in = new ArmoredInputStream(
                new ByteArrayInputStream(armor.getBytes(StandardCharsets.US_ASCII)))) {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
            Object object;
            while ((object = factory.nextObject()) != null) {
                if (!(object instanceof PGPSignatureList list)) {
                    throw new LadingException(name + ": the signature block holds a "
                            + object.getClass().getSimpleName() + ", not signatures");
                }
                list.forEach(signatures::add);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof LadingException lading) {
                throw lading;
            }
            throw new LadingException(name + ": unreadable signature block: " + e.getMessage(), e);
        }
        if (signatures.isEmpty()) {
            throw new LadingException(name + " is not signed: its signature block is empty");
        }
        return signatures;
    }
}
