package dev.lading.core.layer;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;

/** A layer blob as stored: its descriptor (compressed digest and size) and the diffID of its uncompressed tar. */
public record Layer(Descriptor descriptor, Digest diffId) {
}
