package dev.lading.registry.auth;

import java.util.Optional;

/** Finds the credential for a registry host such as {@code ghcr.io} or {@code localhost:5000}. */
@FunctionalInterface
public interface CredentialSource {
    CredentialSource ANONYMOUS = registry -> Optional.empty();

    Optional<Credential> find(String registry);
}
