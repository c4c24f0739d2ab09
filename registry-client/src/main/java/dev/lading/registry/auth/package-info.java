/**
 * Registry credentials where docker, buildx, crane, skopeo and podman keep them: read from docker's
 * {@code config.json}, its credential helpers and podman's {@code auth.json}
 * ({@link dev.lading.registry.auth.DockerCredentials}), and written by {@code lading login} and {@code logout}
 * ({@link dev.lading.registry.auth.DockerConfigFile}). A {@link dev.lading.registry.auth.Credential} never shows
 * its secret. Knows no HTTP; uses the core exceptions, Jackson and jib-core's decoding of {@code auths} entries.
 */
package dev.lading.registry.auth;
