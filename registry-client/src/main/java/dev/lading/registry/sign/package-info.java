/**
 * Signatures in cosign's tag-based format, in a registry: signing a digest into its {@code sha256-<hex>.sig} image
 * ({@link dev.lading.registry.sign.Signer}) and checking what is stored there
 * ({@link dev.lading.registry.sign.Verifier}). The keys and their files are core's {@link dev.lading.core.sign}.
 * Uses the registry client to read and push the signature images, core.model for digests and the keys of core.sign.
 */
package dev.lading.registry.sign;
