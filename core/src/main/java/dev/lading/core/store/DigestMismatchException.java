package dev.lading.core.store;

import dev.lading.core.model.Digest;
import java.io.IOException;

/** Content whose bytes do not hash to the digest that names them: corrupt storage or a lying peer. */
public final class DigestMismatchException extends IOException {
    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(String what, Digest expected, Digest actual) {
        super(what + ": expected " + expected + " but the content hashes to " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
