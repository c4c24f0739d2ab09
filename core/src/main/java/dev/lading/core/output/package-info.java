/**
 * The {@code --output} destinations a build can be written to: {@link dev.lading.core.output.OutputSpec}
 * parses a value, and one writer per type copies an image from the store into an OCI layout directory, an OCI
 * archive or a {@code docker load} tarball, each all-or-nothing. The registry output is not here: pushing belongs
 * to registry-client. Uses core.store (what is copied), core.layer's tar writer, core.io and core.model.
 */
package dev.lading.core.output;
