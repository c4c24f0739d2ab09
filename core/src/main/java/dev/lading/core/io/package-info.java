/**
 * Byte streams and files below the image model: reproducible compression (parallel gzip, zstd, none),
 * streams that digest what passes or verify it against a descriptor, re-openable {@link dev.lading.core.io.Content},
 * and files written under a temporary name and renamed into place. Knows nothing of images beyond
 * {@code Digest} and {@code Descriptor} of core.model, and reports a bad hash as core.store's
 * {@code DigestMismatchException}; uses zstd-jni and the JDK.
 */
package dev.lading.core.io;
