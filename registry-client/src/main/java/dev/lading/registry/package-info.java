/**
 * The OCI distribution client: pushes what {@code core} builds to registries and reads base images from them.
 * Its protocol, auth and retry work is tracked in the registry issue; until then the module holds no code and
 * the CLI offers no registry output.
 */
package dev.lading.registry;
