/**
 * The attestations of a platform image as BuildKit writes them: an SLSA provenance and an SPDX SBOM, each an
 * in-toto statement in an attestation manifest that names the image as its subject. Everything follows from the
 * facts a build hands over ({@code BuildFacts}, {@code ImageFacts}), so the same build gives the same bytes.
 * Uses core.model, core.io and core.store (to store the manifests) and Jackson's streaming writer; never reads
 * the build file or the file system itself.
 */
package dev.lading.core.attest;
