/**
 * Signing keys as cosign makes them: ECDSA P-256 ({@link dev.lading.core.sign.SigningKey},
 * {@link dev.lading.core.sign.VerificationKey}) and their PEM files ({@link dev.lading.core.sign.KeyFiles}):
 * password-encrypted PKCS#8, cosign's own encrypted format, SEC1, public keys and certificates. Pure crypto on
 * bytes and files, with BouncyCastle; what is signed and where signatures are stored is the registry client's.
 */
package dev.lading.core.sign;
