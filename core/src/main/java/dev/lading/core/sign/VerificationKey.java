package dev.lading.core.sign;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** An ECDSA P-256 public key: checks signatures made by its {@link SigningKey}, or by cosign or openssl. */
public final class VerificationKey {
    private final ECPublicKeyParameters key;

    VerificationKey(ECPublicKeyParameters key) {
        this.key = key;
    }

    /**
     * Whether {@code signature} (ASN.1 DER, as cosign stores it) is one of SHA-256 over exactly these bytes. A
     * malformed signature is simply not valid.
     */
    public boolean verifies(byte[] payload, byte[] signature) {
        DSADigestSigner verifier = new DSADigestSigner(new ECDSASigner(), new SHA256Digest());
        verifier.init(false, key);
        verifier.update(payload, 0, payload.length);
        return verifier.verifySignature(signature);
    }

    /** PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), the form {@code cosign verify --key} reads. */
    public String toPem() {
        try {
            return pem("PUBLIC KEY", SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a public key", e);
        }
    }

    static String pem(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException("writing PEM to memory", e);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerificationKey that && key.getQ().equals(that.key.getQ());
    }

    @Override
    public int hashCode() {
        return key.getQ().hashCode();
    }
}
