package dev.lading.cli;

import dev.lading.registry.auth.CredentialSource;
import dev.lading.registry.auth.DockerCredentials;

/** Where the CLI finds registry credentials: docker's config.json and helpers, then podman's auth.json. */
final class Credentials {
    private Credentials() {
    }

    static CredentialSource fromEnvironment() {
        return DockerCredentials.fromEnvironment();
    }
}
