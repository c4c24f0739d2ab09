package dev.lading.core.attest;

import dev.lading.core.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The digests of one file's bytes: SHA-256 for everything, and SHA-1 because SPDX 2.3 requires it of every file.
 * Both come from one read. A class rather than a record of two hex strings: a build holds one per file it adds,
 * and the 52 raw bytes take a third of the memory the strings would.
 */
public final class Checksums {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA1 = Pattern.compile("[a-f0-9]{40}");
    private static final int SHA256_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    /** The SHA-256 digest, then the SHA-1 digest. */
    private final byte[] digests;

    private Checksums(byte[] digests) {
        this.digests = digests;
    }

    public Checksums(String sha256, String sha1) {
        if (sha256 == null || sha1 == null || !SHA256.matcher(sha256).matches() || !SHA1.matcher(sha1).matches()) {
            throw new IllegalArgumentException("malformed checksums " + sha256 + " / " + sha1);
        }
        this.digests = HEX.parseHex(sha256 + sha1);
    }

    /** Reads the stream to its end; the caller closes it. */
    public static Checksums of(InputStream in) throws IOException {
        MessageDigest sha256 = Digest.newSha256();
        MessageDigest sha1 = newSha1();
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            sha256.update(buffer, 0, n);
            sha1.update(buffer, 0, n);
        }
        byte[] digests = Arrays.copyOf(sha256.digest(), SHA256_BYTES + sha1.getDigestLength());
        System.arraycopy(sha1.digest(), 0, digests, SHA256_BYTES, sha1.getDigestLength());
        return new Checksums(digests);
    }

    /** Lowercase hex. */
    public String sha256() {
        return HEX.formatHex(digests, 0, SHA256_BYTES);
    }

    /** Lowercase hex. */
    public String sha1() {
        return HEX.formatHex(digests, SHA256_BYTES, digests.length);
    }

    /** Orders by SHA-1 as its hex strings order, without making them. */
    int compareSha1(Checksums other) {
        return Arrays.compareUnsigned(digests, SHA256_BYTES, digests.length,
                other.digests, SHA256_BYTES, other.digests.length);
    }

    /** Adds the SHA-1 as lowercase hex, as SPDX's package verification code hashes it. */
    void updateWithSha1Hex(MessageDigest digest) {
        for (int i = SHA256_BYTES; i < digests.length; i++) {
            int b = digests[i] & 0xff;
            digest.update((byte) Character.forDigit(b >> 4, 16));
            digest.update((byte) Character.forDigit(b & 0xf, 16));
        }
    }

    static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checksums checksums && Arrays.equals(digests, checksums.digests);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digests);
    }

    @Override
    public String toString() {
        return "Checksums[sha256=" + sha256() + ", sha1=" + sha1() + "]";
    }
}
