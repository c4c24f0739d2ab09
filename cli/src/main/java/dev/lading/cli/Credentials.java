package dev.lading.cli;

import dev.lading.registry.auth.CredentialSource;

/** Where the CLI finds registry credentials. */
final class Credentials {
    private Credentials() {
    }

    static CredentialSource fromEnvironment() {
        return CredentialSource.ANONYMOUS;
    }
}
