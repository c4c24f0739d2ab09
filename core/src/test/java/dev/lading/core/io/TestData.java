package dev.lading.core.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Deterministic test inputs, so a failure can be reproduced from its seed. */
final class TestData {
    private static final String[] WORDS = {
        "layer", "image", "manifest", "digest", "sha256", "config", "the", "a", "of", "to", "and", "in", "tar",
        "gzip", "zstd", "blob", "index", "platform", "linux", "amd64", "arm64", "/usr/lib/", "/etc/", ".so.1",
        "return", "static", "void", "int", "{", "}", "(", ");", "0x", "=", "==", "if", "else", "for"
    };

    private TestData() {
    }

    /** Words from a small vocabulary with spaces and newlines: compresses about as well as source text. */
    static byte[] text(long seed, int size) {
        SplittableRandom random = new SplittableRandom(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 16);
        while (out.size() < size) {
            out.writeBytes(WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.US_ASCII));
            out.write(random.nextInt(12) == 0 ? '\n' : ' ');
            if (random.nextInt(50) == 0) {
                out.writeBytes(Integer.toHexString(random.nextInt()).getBytes(StandardCharsets.US_ASCII));
            }
        }
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, size);
    }

    /** Incompressible bytes. */
    static byte[] random(long seed, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Runs of text, random bytes and zeros of random lengths, as in a layer of mixed files. */
    static byte[] mixed(long seed, int size) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[size];
        int at = 0;
        while (at < size) {
            int run = Math.min(size - at, 1 + random.nextInt(300_000));
            byte[] piece = switch (random.nextInt(3)) {
                case 0 -> text(random.nextLong(), run);
                case 1 -> random(random.nextLong(), run);
                default -> new byte[run];
            };
            System.arraycopy(piece, 0, bytes, at, run);
            at += run;
        }
        return bytes;
    }
}
