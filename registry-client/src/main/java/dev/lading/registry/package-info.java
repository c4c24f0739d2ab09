/**
 * The OCI distribution client over OkHttp: pushes what {@code core} builds to registries, reads base images and
 * inspects remote references. HTTP concerns (auth, retries, transport policy) live in small collaborators of
 * {@link dev.lading.registry.RegistryClient}; pushing a whole image is {@link dev.lading.registry.ImagePusher}.
 * Implements core's {@code BaseImageSource}; uses core (model, store, io), the credentials of {@code registry.auth}
 * and OkHttp; knows nothing of compilers or build files.
 */
package dev.lading.registry;
