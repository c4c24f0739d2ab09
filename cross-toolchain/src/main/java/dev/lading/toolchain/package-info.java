/**
 * Cross-compilation of the {@code build:} section of a build file, natively on the host for every target platform,
 * with zig or with clang and a Debian cross sysroot: no emulation. {@link dev.lading.toolchain.CrossBuilder} is the
 * entry point; {@link dev.lading.toolchain.ToolchainTargets} says how to build for each platform of core's
 * {@link dev.lading.core.platform.Targets}.
 */
package dev.lading.toolchain;
