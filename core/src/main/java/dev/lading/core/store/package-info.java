/**
 * The local content store: an OCI image layout on disk ({@link dev.lading.core.store.OciLayout}) whose blobs are
 * written atomically, verified against their digest and hashed again only when their file changed; reading the
 * documents of an image from it ({@link dev.lading.core.store.Documents}, {@code ContentGraph}); and opening
 * {@code oci:DIR[:TAG]} and {@code oci-archive:FILE[:TAG]} references. Uses core.model and core.io, and
 * commons-compress to unpack an archive.
 */
package dev.lading.core.store;
