package dev.lading.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.lading.core.InputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:<64 hex>}. Validated when made; {@link #parse} is the way in from text. */
public record Digest(String algorithm, String hex) {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        Pattern pattern = switch (algorithm) {
            case "sha256" -> SHA256;
            case "sha512" -> SHA512;
            default -> throw new InputException("unsupported digest algorithm '" + algorithm + "' (sha256, sha512)");
        };
        if (!pattern.matcher(hex).matches()) {
            throw new InputException("malformed " + algorithm + " digest '" + hex + "'");
        }
    }

    @JsonCreator
    public static Digest parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new InputException("malformed digest '" + text + "': expected algorithm:hex");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest sha256(byte[] bytes) {
        return ofSha256(newSha256().digest(bytes));
    }

    /** Wraps the result of a SHA-256 {@link MessageDigest}. */
    public static Digest ofSha256(byte[] digestBytes) {
        return new Digest("sha256", HexFormat.of().formatHex(digestBytes));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm + ':' + hex;
    }
}
