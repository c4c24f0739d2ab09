/**
 * Cross-compilation of C/C++ for each target platform with zig or clang. Its work is tracked in the
 * cross-toolchain issue; until then the module holds no code and {@code artifact:} entries of a build file
 * are refused with a message that says so.
 */
package dev.lading.toolchain;
