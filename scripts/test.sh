#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs the real tools the tests run against
# (skopeo, umoci, GNU tar/gzip, zstd), then runs every module's tests with Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
"$(dirname "${BASH_SOURCE[0]}")/install-deps.sh" test
exec mvn -B -ntp verify "$@"
