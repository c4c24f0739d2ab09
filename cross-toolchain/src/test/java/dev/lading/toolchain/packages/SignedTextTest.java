package dev.lading.toolchain.packages;

import dev.lading.core.LadingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignedTextTest {
    private static final TestKey KEY = TestKey.generate("Signer <signer@example.org>");

    @TempDir
    Path dir;

    private ArchiveKeys keys() throws IOException {
        return ArchiveKeys.shipped().withKeyring(Files.write(dir.resolve("k.gpg"), KEY.publicKeyring(false)));
    }

    @Test
    void anyTextRoundTripsDashesTrailingBlanksAndAllAndAnyChangedLineBreaksTheSignature() throws IOException {
        ArchiveKeys keys = keys();
        Random random = new Random(7);
        String alphabet = "ab -:\t#\u00e9";
        for (int round = 0; round < 150; round++) {
            StringBuilder text = new StringBuilder();
            int lines = 1 + random.nextInt(8);
            for (int i = 0; i < lines; i++) {
                int length = random.nextInt(12);
                for (int c = 0; c < length; c++) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                text.append('\n');
            }
            String signed = KEY.clearSign(text.toString());
            assertEquals(text.toString(), SignedText.verify(signed.getBytes(StandardCharsets.UTF_8), keys, "t"));
            String crlf = signed.replace("\n", "\r\n");
            assertEquals(text.toString(), SignedText.verify(crlf.getBytes(StandardCharsets.UTF_8), keys, "t"));
            String altered = signed.replaceFirst("\n\n", "\n\nZ");
            LadingException e = assertThrows(LadingException.class,
                    () -> SignedText.verify(altered.getBytes(StandardCharsets.UTF_8), keys, "t"), altered);
            assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
        }
    }

    @Test
    void anUndashedDashLineIsRefused() throws IOException {
        String signed = KEY.clearSign("a\n-b\n");
        String undashed = signed.replace("\n- -b\n", "\n-b\n");
        LadingException e = assertThrows(LadingException.class,
                () -> SignedText.verify(undashed.getBytes(StandardCharsets.UTF_8), keys(), "t"));
        assertTrue(e.getMessage().contains("not dash-escaped"), e.getMessage());
    }

    @Test
    void aMissingOrEmptySignatureBlockIsNotSigned() throws IOException {
        String signed = KEY.clearSign("Codename: trixie\n");
        String cut = signed.substring(0, signed.indexOf("-----BEGIN PGP SIGNATURE-----"));
        LadingException e = assertThrows(LadingException.class,
                () -> SignedText.verify(cut.getBytes(StandardCharsets.UTF_8), keys(), "t"));
        assertTrue(e.getMessage().contains("is not signed"), e.getMessage());
    }
}
