package dev.lading.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.store.DigestMismatchException;
import dev.lading.core.testing.Generated;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Bytes pass through unchanged when they are the descriptor's, and fail at the end otherwise. */
class VerifyingInputStreamTest {
    private static InputStream verifying(byte[] actual, byte[] expected) {
        Descriptor descriptor = new Descriptor("application/octet-stream", Digest.sha256(expected), expected.length);
        return new VerifyingInputStream(new ByteArrayInputStream(actual), descriptor, "test");
    }

    @Test
    void passesTheRightBytesAndRefusesAnyCorruption() {
        Generated.forAll(200, random -> {
            byte[] content = new byte[random.nextInt(0, 5000)];
            random.nextBytes(content);
            try (InputStream in = verifying(content, content)) {
                assertArrayEquals(content, in.readAllBytes());
            }
            byte[] corrupt;
            int change = random.nextInt(3);
            if (change == 0 && content.length > 0) {
                corrupt = content.clone();
                corrupt[random.nextInt(corrupt.length)] ^= (byte) (1 + random.nextInt(255));
            } else if (change == 1 && content.length > 0) {
                corrupt = java.util.Arrays.copyOf(content, random.nextInt(content.length));
            } else {
                corrupt = java.util.Arrays.copyOf(content, content.length + 1 + random.nextInt(10));
            }
            IOException failure = assertThrows(IOException.class, () -> {
                try (InputStream in = verifying(corrupt, content)) {
                    in.readAllBytes();
                }
            });
            assertTrue(failure instanceof DigestMismatchException || failure.getMessage().contains("bytes")
                    || failure.getMessage().contains("longer"), failure.getMessage());
        });
    }
}
