#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs the real tools the tests run against
# (skopeo, umoci, GNU tar/gzip, zstd, curl, docker-registry and busybox-static .debs for the registry tests' base
# image), the cross-toolchain (clang, lld, cmake, ninja, Debian cross sysroots, zig)
# and qemu-user, which runs every platform's binary out of its image, then runs every module's tests with Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
"$(dirname "${BASH_SOURCE[0]}")/install-deps.sh" test
# zig's per-target libc and libc++ builds take minutes each: one cache, shared by every module's tests and kept
# between runs like Maven's repository, pays them once per machine.
export ZIG_GLOBAL_CACHE_DIR="${ZIG_GLOBAL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lading-tests/zig}"
mkdir -p "$ZIG_GLOBAL_CACHE_DIR"
# every test, the ones tagged "toolchain" too (a plain `mvn test` leaves those out)
exec mvn -B -ntp verify -Dlading.excludedGroups= "$@"
