package dev.lading.core.sign;

import dev.lading.core.InputException;
import java.nio.file.Path;
import java.security.Provider;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one kind of key lading signs with: ECDSA on NIST P-256 (secp256r1), as {@code cosign generate-key-pair}
 * makes. Keys of any other kind are refused when read, with a message naming what the file holds instead.
 */
final class P256 {
    static final ASN1ObjectIdentifier CURVE = SECObjectIdentifiers.secp256r1;
    /** Named rather than explicit parameters, so that written keys name the curve by its OID as openssl does. */
    static final ECNamedDomainParameters DOMAIN = new ECNamedDomainParameters(CURVE, ECNamedCurveTable.getByOID(CURVE));
    /**
     * For the PKCS#8 encryption: the JDK's own providers lack the cipher names BouncyCastle asks for. Handed to
     * each operation rather than installed, so that lading changes no JVM-wide provider list.
     */
    static final Provider PROVIDER = new BouncyCastleProvider();

    private static final Map<ASN1ObjectIdentifier, String> OTHER_KINDS = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "an RSA key",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "an RSA-PSS key",
            X9ObjectIdentifiers.id_dsa, "a DSA key",
            EdECObjectIdentifiers.id_Ed25519, "an Ed25519 key",
            EdECObjectIdentifiers.id_Ed448, "an Ed448 key");

    private P256() {
    }

    /** Accepts an EC key on P-256; anything else is bad input. */
    static void require(AlgorithmIdentifier algorithm, Path file) {
        ASN1ObjectIdentifier kind = algorithm.getAlgorithm();
        String what;
        if (kind.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (algorithm.getParameters() instanceof ASN1ObjectIdentifier curve) {
                if (curve.equals(CURVE)) {
                    return;
                }
                String name = ECNamedCurveTable.getName(curve);
                what = "an EC key on curve " + (name == null ? curve.getId() : name);
            } else if (algorithm.getParameters() == null || algorithm.getParameters() instanceof ASN1Null) {
                what = "an EC key that names no curve";
            } else {
                what = "an EC key with explicit curve parameters";
            }
        } else {
            what = OTHER_KINDS.getOrDefault(kind, "a key of type " + kind.getId());
        }
        throw new InputException(file + " holds " + what + "; lading signs with ECDSA P-256 keys (lading keygen"
                + " makes them)");
    }
}
