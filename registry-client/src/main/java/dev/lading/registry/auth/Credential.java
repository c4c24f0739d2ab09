package dev.lading.registry.auth;

import java.util.Objects;

/**
 * What a user gave for one registry. {@link #toString()} never shows the secret, so a credential can be logged or
 * put in an exception message without leaking it.
 */
public record Credential(Kind kind, String username, String secret) {
    public enum Kind {
        /** A user name and password: Basic auth, or the Basic header of a token request. */
        PASSWORD,
        /** An OAuth2 refresh token (docker's {@code identitytoken}, a helper's {@code <token>} user). */
        IDENTITY_TOKEN,
        /** A bearer token sent as it is (docker's {@code registrytoken}). */
        REGISTRY_TOKEN
    }

    public Credential {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(secret, "secret");
        username = username == null ? "" : username;
    }

    public static Credential password(String username, String password) {
        return new Credential(Kind.PASSWORD, username, password);
    }

    @Override
    public String toString() {
        return kind + "(" + username + ", secret hidden)";
    }
}
