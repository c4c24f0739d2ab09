/**
 * What {@code lading inspect} shows of an image, given its documents: the stored bytes, the text of
 * {@code docker buildx imagetools inspect} to the space, and a JSON form with every platform's manifest and config.
 * Reads through core.store's {@code Documents}, so a layout and a registry look the same; uses core.model and
 * Jackson, and never does I/O of its own.
 */
package dev.lading.core.inspect;
