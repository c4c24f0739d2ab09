/**
 * Target libraries from Debian: the repository client (signed {@code InRelease}, {@code Packages} indexes and
 * {@code .deb} files, each checked against the hash that vouches for it), the resolver that picks one consistent set
 * of packages per Debian architecture, the {@code lading.lock} that pins it, and the unpacking of packages into a
 * platform's sysroot and its runtime layer, without dpkg, root or emulation.
 * Implements core's {@code TargetPackages}; uses core, OkHttp for the mirror and Bouncy Castle for OpenPGP; knows
 * nothing of registries.
 */
package dev.lading.toolchain.packages;
