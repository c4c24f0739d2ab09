package dev.lading.core.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
    private static final char[] PASSWORD = "correct horse battery".toCharArray();
    private static final KeyFiles.Password NEVER_ASKED = () -> {
        throw new AssertionError("the password was asked for an unencrypted key");
    };

    @TempDir
    Path dir;

    @Test
    void writtenKeysReadBackAsTheSamePairAndKeepThePasswordOut() throws IOException {
        SigningKey key = SigningKey.generate();
        KeyFiles.Pair pair = KeyFiles.write(dir.resolve("lading"), key, PASSWORD::clone);
        assertEquals(dir.resolve("lading.key"), pair.privateKey());
        assertEquals(dir.resolve("lading.pub"), pair.publicKey());
        String privatePem = Files.readString(pair.privateKey());
        assertTrue(privatePem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"), privatePem);
        assertFalse(privatePem.contains(new String(PASSWORD)));
        assertTrue(Files.readString(pair.publicKey()).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pair.privateKey())));

        SigningKey loaded = KeyFiles.readSigningKey(pair.privateKey(), PASSWORD::clone);
        VerificationKey publicKey = KeyFiles.readVerificationKey(pair.publicKey());
        assertEquals(key.verificationKey(), publicKey);
        assertEquals(loaded.verificationKey(), publicKey);
        byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(key.sign(payload), loaded.sign(payload), "the same key signs the same bytes alike");
        assertTrue(publicKey.verifies(payload, loaded.sign(payload)));
    }

    @Test
    void existingFilesAreNeverReplaced() throws IOException {
        Files.writeString(dir.resolve("mine.pub"), "keep me");
        InputException refused = assertThrows(InputException.class,
                () -> KeyFiles.write(dir.resolve("mine"), SigningKey.generate(), NEVER_ASKED));
        assertTrue(refused.getMessage().contains("mine.pub already exists"), refused.getMessage());
        assertEquals("keep me", Files.readString(dir.resolve("mine.pub")));
        assertFalse(Files.exists(dir.resolve("mine.key")), "neither file is written when one is in the way");
    }

    @Test
    void aWrongPasswordSaysSoWithoutTheSecrets() throws IOException {
        KeyFiles.Pair pair = KeyFiles.write(dir.resolve("k"), SigningKey.generate(), PASSWORD::clone);
        InputException wrong = assertThrows(InputException.class,
                () -> KeyFiles.readSigningKey(pair.privateKey(), "tr0ub4dor&3"::toCharArray));
        assertEquals("wrong password for " + pair.privateKey(), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("tr0ub4dor") || wrong.getMessage().contains(new String(PASSWORD)));
    }

    @Test
    void keysOfOtherKindsAreRefusedByName() throws Exception {
        assertRefused(writePem("rsa.key", generate("RSA", null).getPrivate()), "holds an RSA key");
        assertRefused(writePem("p384.key", generate("EC", "secp384r1").getPrivate()), "an EC key on curve secp384r1");
        assertRefused(writePem("ed.key", generate("Ed25519", null).getPrivate()), "an Ed25519 key");
        KeyFiles.Pair pair = KeyFiles.write(dir.resolve("k"), SigningKey.generate(), PASSWORD::clone);
        assertRefused(pair.publicKey(), "holds a public key; signing needs the private key");
        assertRefused(Files.writeString(dir.resolve("junk.key"), "not a key\n"), "is not a PEM key file");
        assertRefused(dir.resolve("missing.key"), "does not exist");

        Path rsaPublic = writePem("rsa.pub", generate("RSA", null).getPublic());
        InputException rsa = assertThrows(InputException.class, () -> KeyFiles.readVerificationKey(rsaPublic));
        assertTrue(rsa.getMessage().contains("holds an RSA key"), rsa.getMessage());
        InputException swapped = assertThrows(InputException.class,
                () -> KeyFiles.readVerificationKey(pair.privateKey()));
        assertTrue(swapped.getMessage().contains("holds a private key; verifying needs the public key"),
                swapped.getMessage());
    }

    /** An unencrypted P-256 key in PKCS#8, as openssl writes one: it signs, and no password is asked. */
    @Test
    void anUnencryptedP256KeyFromElsewhereSignsAndTheJdkAgrees() throws Exception {
        KeyPair jdk = generate("EC", "secp256r1");
        Path file = writePem("plain.key", jdk.getPrivate());
        SigningKey key = KeyFiles.readSigningKey(file, NEVER_ASKED);
        byte[] payload = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
        byte[] ours = key.sign(payload);

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(jdk.getPublic());
        verifier.update(payload);
        assertTrue(verifier.verify(ours), "the JDK accepts lading's DER signature");

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(jdk.getPrivate());
        signer.update(payload);
        assertTrue(key.verificationKey().verifies(payload, signer.sign()), "lading accepts the JDK's signature");

        String pem = key.verificationKey().toPem();
        String base64 = pem.replaceAll("-----[A-Z ]+-----|\\s", "");
        PublicKey parsed = KeyFactory.getInstance("EC").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        assertEquals(jdk.getPublic(), parsed, "the .pub file is the X.509 SubjectPublicKeyInfo of the key");
    }

    private void assertRefused(Path file, String expected) {
        InputException refused = assertThrows(InputException.class, () -> KeyFiles.readSigningKey(file, NEVER_ASKED));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
    }

    private static KeyPair generate(String algorithm, String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (curve != null) {
            generator.initialize(new ECGenParameterSpec(curve));
        }
        return generator.generateKeyPair();
    }

    private Path writePem(String name, Object key) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            // private keys as PKCS#8, as openssl writes them; the writer's own EC form would drop the curve
            writer.writeObject(key instanceof PrivateKey ? new JcaPKCS8Generator((PrivateKey) key, null) : key);
        }
        return Files.writeString(dir.resolve(name), text.toString());
    }
}
