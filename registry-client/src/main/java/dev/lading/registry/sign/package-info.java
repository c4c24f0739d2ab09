/**
 * Signatures in cosign's tag-based format: ECDSA P-256 keys in PEM files ({@link dev.lading.registry.sign.KeyFiles}),
 * signing a digest into its {@code sha256-<hex>.sig} image ({@link dev.lading.registry.sign.Signer}) and checking
 * what is stored there ({@link dev.lading.registry.sign.Verifier}).
 * Uses the registry client to read and push the signature images, core.model for digests, and Bouncy Castle.
 */
package dev.lading.registry.sign;
