package dev.lading.core.attest;

import dev.lading.core.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The digests of one file's bytes: SHA-256 for everything, and SHA-1 because SPDX 2.3 requires it of every file.
 * Both come from one read.
 */
public record Checksums(String sha256, String sha1) {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA1 = Pattern.compile("[a-f0-9]{40}");

    public Checksums {
        if (!SHA256.matcher(sha256).matches() || !SHA1.matcher(sha1).matches()) {
            throw new IllegalArgumentException("malformed checksums " + sha256 + " / " + sha1);
        }
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
        HexFormat hex = HexFormat.of();
        return new Checksums(hex.formatHex(sha256.digest()), hex.formatHex(sha1.digest()));
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
