#!/usr/bin/env bash
# The main job on the embedded example: builds examples/hellokitty for linux/amd64 and linux/arm64 into the
# OCI layout out/hk and shows it with `lading inspect`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh run
./lading build examples/hellokitty --platform linux/amd64,linux/arm64 --output type=oci,dest=out/hk
./lading inspect oci:out/hk
