#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs the real tools the tests run against
# (skopeo, umoci, GNU tar/gzip, zstd), the cross-toolchain (clang, lld, cmake, ninja, Debian cross sysroots, zig)
# and qemu-user, which runs every platform's binary out of its image, then runs every module's tests with Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
"$(dirname "${BASH_SOURCE[0]}")/install-deps.sh" test
# One zig cache for every module's tests: zig builds libc and libc++ once per target, about a minute each on two
# cores, and the cross-toolchain and the tests modules would otherwise each pay for the same targets.
export ZIG_GLOBAL_CACHE_DIR="${ZIG_GLOBAL_CACHE_DIR:-$PWD/target/zig-cache}"
exec mvn -B -ntp verify "$@"
