package dev.lading.toolchain.packages;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** An OpenPGP signing key made for one test run, and the cleartext signatures it makes, as Debian's archive does. */
record TestKey(PGPKeyPair pair, PGPPublicKeyRing ring) {
    static TestKey generate(String userId) {
        try {
            Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
            generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
            PGPKeyPair pair = new BcPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.EDDSA_LEGACY,
                    generator.generateKeyPair(), new Date(System.currentTimeMillis() - 60_000));
            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId,
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), null, null,
                    new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256),
                    null);
            return new TestKey(pair, rings.generatePublicKeyRing());
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    String keyId() {
        return String.format("%016X", pair.getKeyID());
    }

    /** The public key as a keyring file: binary, or armored as {@code gpg --export --armor} writes it. */
    byte[] publicKeyring(boolean armored) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (armored) {
                try (ArmoredOutputStream out = new ArmoredOutputStream(bytes)) {
                    ring.encode(out);
                }
            } else {
                ring.encode(bytes);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code text} (lines ending in newlines) as an InRelease file signed by this key. */
    String clearSign(String text) {
        return clearSign(text, List.of(this));
    }

    static String clearSign(String text, List<TestKey> signers) {
        List<String> lines = List.of(text.split("\n", -1));
        if (!lines.get(lines.size() - 1).isEmpty()) {
            throw new IllegalArgumentException("text must end with a newline");
        }
        lines = lines.subList(0, lines.size() - 1);
        List<String> canonical = new ArrayList<>();
        StringBuilder body = new StringBuilder("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n");
        for (String line : lines) {
            canonical.add(line.replaceAll("[ \t]+$", ""));
            body.append(line.startsWith("-") ? "- " : "").append(line).append('\n');
        }
        byte[] signed = String.join("\r\n", canonical).getBytes(StandardCharsets.UTF_8);
        try {
            ByteArrayOutputStream armor = new ByteArrayOutputStream();
            try (ArmoredOutputStream out = new ArmoredOutputStream(armor)) {
                for (TestKey signer : signers) {
                    PGPSignatureGenerator generator = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(
                            PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256),
                            signer.pair().getPublicKey());
                    generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, signer.pair().getPrivateKey());
                    generator.update(signed);
                    generator.generate().encode(out);
                }
            }
            return body + armor.toString(StandardCharsets.US_ASCII);
        } catch (IOException | PGPException e) {
            throw new IllegalStateException(e);
        }
    }
}
