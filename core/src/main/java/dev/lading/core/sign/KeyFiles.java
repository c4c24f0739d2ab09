package dev.lading.core.sign;

import dev.lading.core.InputException;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Key files in PEM, as openssl writes and reads them: {@code PREFIX.key} (the private key, password-encrypted
 * PKCS#8) and {@code PREFIX.pub} (the public key). Reading also takes unencrypted PKCS#8 and SEC1 ({@code EC
 * PRIVATE KEY}) keys, so that a key made with openssl signs too. Every problem with a file is bad input naming
 * the file; no message ever holds the password.
 */
public final class KeyFiles {
    /** Where the password of a key file comes from; asked only when needed (never for an unencrypted key). */
    @FunctionalInterface
    public interface Password {
        char[] get();
    }

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** The two files {@link #write} made. */
    public record Pair(Path privateKey, Path publicKey) {
    }

    private KeyFiles() {
    }

    /**
     * Writes {@code PREFIX.key} (readable by its owner alone) and {@code PREFIX.pub}; refuses to replace either.
     * The password is asked only once it is clear that both files can be written.
     */
    public static Pair write(Path prefix, SigningKey key, Password password) throws IOException {
        Pair pair = new Pair(withSuffix(prefix, ".key"), withSuffix(prefix, ".pub"));
        for (Path file : List.of(pair.privateKey(), pair.publicKey())) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw alreadyExists(file);
            }
        }
        char[] secret = password.get();
        try {
            createNew(pair.privateKey(), key.toEncryptedPem(secret), true);
        } finally {
            Arrays.fill(secret, '\0');
        }
        createNew(pair.publicKey(), key.verificationKey().toPem(), false);
        return pair;
    }

    private static Path withSuffix(Path prefix, String suffix) {
        return prefix.resolveSibling(prefix.getFileName() + suffix);
    }

    private static void createNew(Path file, String text, boolean secret) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = secret && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file, options, attributes)) {
            Channels.newOutputStream(channel).write(text.getBytes(StandardCharsets.US_ASCII));
        } catch (FileAlreadyExistsException e) {
            // made by someone else since the check: still never overwritten
            throw alreadyExists(file);
        }
    }

    private static InputException alreadyExists(Path file) {
        return new InputException(file + " already exists; move it away or choose another prefix");
    }

    /** The private key of {@code file}, decrypted with {@code password} when it is encrypted. */
    public static SigningKey readSigningKey(Path file, Password password) {
        Object pem = readPem(file);
        PrivateKeyInfo info;
        if (pem instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            info = decrypt(file, encrypted, password);
        } else if (pem instanceof PEMEncryptedKeyPair encrypted) {
            info = decrypt(file, encrypted, password);
        } else if (pem instanceof PrivateKeyInfo plain) {
            info = plain;
        } else if (pem instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else if (pem instanceof SubjectPublicKeyInfo) {
            throw new InputException(file + " holds a public key; signing needs the private key (the .key file of"
                    + " lading keygen)");
        } else {
            throw notAKey(file, pem);
        }
        P256.require(info.getPrivateKeyAlgorithm(), file);
        try {
            BigInteger scalar = ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
            return new SigningKey(scalar);
        } catch (IOException | RuntimeException e) {
            throw new InputException(file + " holds a damaged P-256 private key");
        }
    }

    /** The public key of {@code file} ({@code PUBLIC KEY} PEM, as lading keygen, cosign and openssl write it). */
    public static VerificationKey readVerificationKey(Path file) {
        Object pem = readPem(file);
        if (pem instanceof PKCS8EncryptedPrivateKeyInfo || pem instanceof PEMEncryptedKeyPair
                || pem instanceof PrivateKeyInfo || pem instanceof PEMKeyPair) {
            throw new InputException(file + " holds a private key; verifying needs the public key (the .pub file of"
                    + " lading keygen)");
        }
        if (!(pem instanceof SubjectPublicKeyInfo info)) {
            throw notAKey(file, pem);
        }
        P256.require(info.getAlgorithm(), file);
        try {
            return new VerificationKey((ECPublicKeyParameters) PublicKeyFactory.createKey(info));
        } catch (IOException | RuntimeException e) {
            throw new InputException(file + " holds a damaged P-256 public key");
        }
    }

    private static InputException notAKey(Path file, Object pem) {
        String what = pem instanceof X509CertificateHolder ? "a certificate" : "no key lading reads";
        return new InputException(file + " holds " + what + "; expected a PEM PUBLIC KEY or (ENCRYPTED) PRIVATE KEY");
    }

    /** The first PEM object of the file other than curve parameters (which {@code openssl ecparam} puts first). */
    private static Object readPem(Path file) {
        Object pem;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            pem = parser.readObject();
            while (pem instanceof ASN1ObjectIdentifier || pem instanceof X9ECParameters) {
                pem = parser.readObject();
            }
        } catch (NoSuchFileException e) {
            throw new InputException("key file " + file + " does not exist");
        } catch (IOException | RuntimeException e) {
            throw new InputException(file + " is not a readable PEM key file");
        }
        if (pem == null) {
            throw new InputException(file + " is not a PEM key file");
        }
        return pem;
    }

    private static PrivateKeyInfo decrypt(Path file, PKCS8EncryptedPrivateKeyInfo encrypted, Password password) {
        char[] secret = password.get();
        try {
            return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(P256.PROVIDER).build(secret));
        } catch (OperatorCreationException e) {
            throw unknownEncryption(file);
        } catch (Exception e) {
            // a bad padding, or (rarely) a good one over garbage that is no key: both mean the password is wrong
            throw wrongPassword(file);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** The encrypted {@code EC PRIVATE KEY} of older openssl versions ({@code Proc-Type: 4,ENCRYPTED}). */
    private static PrivateKeyInfo decrypt(Path file, PEMEncryptedKeyPair encrypted, Password password) {
        char[] secret = password.get();
        try {
            return encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(P256.PROVIDER)
                    .build(secret)).getPrivateKeyInfo();
        } catch (Exception e) {
            throw wrongPassword(file);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private static InputException wrongPassword(Path file) {
        return new InputException("wrong password for " + file);
    }

    private static InputException unknownEncryption(Path file) {
        return new InputException(file + " is encrypted in a way lading cannot read; re-encrypt it with openssl"
                + " pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256");
    }
}
