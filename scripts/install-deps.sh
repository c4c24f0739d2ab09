#!/usr/bin/env bash
# Installs what lading needs on Debian 12, skipping what is already there.
#   install-deps.sh run   Java 17 and Maven, to build and run lading
#   install-deps.sh test  the same plus the independent tools the tests check lading's output with
#   install-deps.sh bench the same plus GNU time and bc for the benchmarks
set -euo pipefail
want=(openjdk-17-jdk-headless:javac maven:mvn)
if [ "${1:-run}" = bench ]; then
  want+=(time:/usr/bin/time bc:bc gzip:gzip tar:tar)
fi
if [ "${1:-run}" = test ]; then
  want+=(skopeo:skopeo umoci:umoci tar:tar gzip:gzip zstd:zstd)
fi
missing=()
for pair in "${want[@]}"; do
  command -v "${pair#*:}" >/dev/null 2>&1 || missing+=("${pair%%:*}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
