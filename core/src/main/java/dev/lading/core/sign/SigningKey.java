package dev.lading.core.sign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * An ECDSA P-256 private key, the kind cosign makes. Its signatures are deterministic (RFC 6979): the same payload
 * signed again gives the same bytes, so signing an image twice leaves its signature manifest as it was. Verifiers
 * cannot tell them from randomized ones.
 */
public final class SigningKey {
    /**
     * PBKDF2-HMAC-SHA256 rounds that turn the password into the file's AES key: enough to slow guessing, few
     * enough that loading the key stays well under a second.
     */
    static final int KDF_ITERATIONS = 200_000;

    private final ECPrivateKeyParameters key;
    private final VerificationKey verificationKey;

    SigningKey(BigInteger scalar) {
        this.key = new ECPrivateKeyParameters(scalar, P256.DOMAIN);
        this.verificationKey = new VerificationKey(new ECPublicKeyParameters(
                new FixedPointCombMultiplier().multiply(P256.DOMAIN.getG(), scalar).normalize(), P256.DOMAIN));
    }

    public static SigningKey generate() {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(P256.DOMAIN, new SecureRandom()));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new SigningKey(((ECPrivateKeyParameters) pair.getPrivate()).getD());
    }

    /** ECDSA over SHA-256 of exactly {@code payload}, ASN.1 DER encoded: what cosign's annotation holds in base64. */
    public byte[] sign(byte[] payload) {
        DSADigestSigner signer = new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest())),
                new SHA256Digest());
        signer.init(true, key);
        signer.update(payload, 0, payload.length);
        return signer.generateSignature();
    }

    public VerificationKey verificationKey() {
        return verificationKey;
    }

    /**
     * PEM {@code ENCRYPTED PRIVATE KEY}: PKCS#8 with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), the standard
     * format that openssl, BouncyCastle and Go's x/crypto read with the password.
     */
    public String toEncryptedPem(char[] password) {
        try {
            PrivateKeyInfo info = PrivateKeyInfoFactory.createPrivateKeyInfo(key);
            JceOpenSSLPKCS8EncryptorBuilder encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(KDF_ITERATIONS)
                    .setRandom(new SecureRandom())
                    .setProvider(P256.PROVIDER)
                    .setPassword(password);
            return VerificationKey.pem("ENCRYPTED PRIVATE KEY",
                    new PKCS8Generator(info, encryptor.build()).generate().getContent());
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a private key", e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("the Java runtime lacks AES-256-CBC or PBKDF2-HMAC-SHA256", e);
        }
    }
}
