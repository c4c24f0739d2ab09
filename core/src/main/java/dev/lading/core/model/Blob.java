package dev.lading.core.model;

import java.util.Arrays;

/**
 * Bytes serialized once together with their descriptor. Whatever is written or pushed is these bytes, so the
 * digest in the parent always matches what a reader receives.
 */
public final class Blob {
    private final byte[] bytes;
    private final Descriptor descriptor;

    private Blob(byte[] bytes, Descriptor descriptor) {
        this.bytes = bytes;
        this.descriptor = descriptor;
    }

    public static Blob of(String mediaType, byte[] bytes) {
        byte[] copy = bytes.clone();
        return new Blob(copy, new Descriptor(mediaType, Digest.sha256(copy), copy.length));
    }

    public static Blob json(String mediaType, Object value) {
        byte[] bytes = Json.bytes(value);
        return new Blob(bytes, new Descriptor(mediaType, Digest.sha256(bytes), bytes.length));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public Descriptor descriptor() {
        return descriptor;
    }

    public Digest digest() {
        return descriptor.digest();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Blob blob && descriptor.equals(blob.descriptor) && Arrays.equals(bytes, blob.bytes);
    }

    @Override
    public int hashCode() {
        return descriptor.hashCode();
    }
}
