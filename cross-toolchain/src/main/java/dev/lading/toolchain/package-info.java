/**
 * Cross-compilation of the {@code build:} section of a build file, natively on the host for every target platform,
 * with zig or with clang and a Debian cross sysroot: no emulation. {@link dev.lading.toolchain.CrossBuilder} is the
 * entry point; {@link dev.lading.toolchain.ToolchainTargets} says how to build for each platform of core's
 * {@link dev.lading.core.platform.Targets}.
 * Implements core's {@code NativeBuilder}; uses core (build file, platforms, model, attestation facts) and runs
 * the compilers as processes; knows nothing of registries.
 */
package dev.lading.toolchain;
