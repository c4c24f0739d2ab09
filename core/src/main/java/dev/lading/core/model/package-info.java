/**
 * The OCI image model as immutable values: digests, descriptors, manifests, indexes, image configs, media
 * types, platforms and image references and repository names, parsed once where text enters lading.
 * {@link dev.lading.core.model.Json} is the one mapper that turns them into bytes, and
 * {@link dev.lading.core.model.Blob} keeps a document's bytes with the descriptor taken of exactly those bytes.
 * Uses Jackson, the core exceptions and {@link dev.lading.core.io.Compression} (a format's layer media types).
 */
package dev.lading.core.model;
