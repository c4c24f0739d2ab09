/**
 * The failures every module throws and the CLI reports as one line: {@link dev.lading.core.LadingException}
 * (the build or a registry failed) and its subtype {@link dev.lading.core.InputException} (arguments or the build
 * file are wrong), which carry what the message needs. The subpackages hold the rest of core: building images
 * into a local store without a network, a daemon or a compiler of its own. Depends on nothing but the JDK.
 */
package dev.lading.core;
