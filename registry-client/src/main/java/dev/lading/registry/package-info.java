/**
 * The OCI distribution client over OkHttp: pushes what {@code core} builds to registries, reads base images and
 * inspects remote references. HTTP concerns (auth, retries, transport policy) live in small collaborators of
 * {@link dev.lading.registry.RegistryClient}; pushing a whole image is {@link dev.lading.registry.ImagePusher}.
 */
package dev.lading.registry;
