/**
 * The build cache a fresh CI runner restores: compile results, zig's libc builds and package files, kept as entries
 * (a kind, a key, a blob addressed by its digest) in a local store under lading's home, bounded and dropped least
 * recently used first. {@link dev.lading.core.cache.CacheTransfer} moves entries between that store and a
 * {@link dev.lading.core.cache.CacheLocation} (an OCI layout here, a registry in registry-client) as one OCI artifact
 * of type {@link dev.lading.core.cache.CacheArtifact#ARTIFACT_TYPE}. Nothing here ever fails a build: a cache that
 * cannot be read or written is a warning. Uses {@code model}, {@code io} and {@code store}; knows no compiler and no
 * HTTP.
 */
package dev.lading.core.cache;
