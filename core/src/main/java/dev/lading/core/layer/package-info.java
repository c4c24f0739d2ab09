/**
 * Layers: a sorted file tree ({@link dev.lading.core.layer.LayerTree}) written as a reproducible tar,
 * compressed and stored in one pass ({@link dev.lading.core.layer.LayerBuilder}), with a cache that skips
 * unchanged trees; and the stacked view of an image's files that the ELF checks read. Uses core.model, core.io
 * and core.store, commons-compress for tar and Jackson for the cache; knows nothing of build files or registries.
 */
package dev.lading.core.layer;
