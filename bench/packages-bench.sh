#!/usr/bin/env bash
# Target libraries benchmark: what the packages: section of examples/libdeps costs a build.
#   cold  an empty LADING_HOME: per platform the resolution (index download and parse), the .deb downloads (bytes,
#         time) and the sysroot unpacking, then the runtime layer, as `lading lock` and `lading build` report them;
#   warm  the same build again, nothing changed, with the lock and the cache and a mirror that does not answer
#         (so any request would fail the build): the packages' share of the build, summed over the platforms.
# The suite is bookworm, the suite whose files this machine's mirror serves for seven of lading's platforms (all
# but riscv64, which bookworm lacks); the mirror comes from the host's apt sources.
#   bench/packages-bench.sh [SUITE=bookworm] [PLATFORMS=the seven]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
suite=${1:-bookworm}
platforms=${2:-linux/amd64,linux/arm64,linux/arm/v7,linux/arm/v6,linux/386,linux/ppc64le,linux/s390x}
[ -f cli/target/lading.jar ] || mvn -B -ntp -q -DskipTests package >&2
work=$(mktemp -d "${TMPDIR:-/tmp}/lading-packages-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r examples/libdeps "$work/project"
sed -i "s/distribution: .*/distribution: debian:$suite/" "$work/project/lading.yaml"
export LADING_HOME="$work/home"
. bench/common.sh
lading() { java -XX:+UseSerialGC -Xms32m -Xmx1g -jar cli/target/lading.jar "$@"; }
# the "packages" events of a --progress json run, as "PLATFORM<TAB>SECONDS<TAB>DETAIL"
events() { python3 -c '
import json, sys
for line in sys.stdin:
    line = line.strip()
    if line.startswith("{"):
        event = json.loads(line)
        if event.get("event") == "packages":
            print("%s\t%.2f\t%s" % (event["platform"], event["seconds"], event["detail"]))
        elif event.get("event") == "layer" and event.get("name") == "packages":
            print("%s\t%.2f\tpackages layer, %d bytes" % (",".join(event["platforms"]), event["seconds"], event["size"]))'; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); suite $suite; platforms $platforms"
echo "== cold: lading lock (resolution per platform)"
start=$(date +%s.%N)
lading lock "$work/project" --platform "$platforms" | tee "$work/lock.txt"
echo "lock total: $(echo "$(date +%s.%N) - $start" | bc -l | xargs printf '%.2f') s"
echo "== cold: lading build (downloads and unpacking per platform, runtime layers)"
start=$(date +%s.%N)
lading build "$work/project" --toolchain clang --platform "$platforms" --progress json \
  --output "type=oci,dest=$work/oci-cold" 2>"$work/cold.json" >/dev/null || { tail -5 "$work/cold.json"; exit 1; }
echo "build total: $(echo "$(date +%s.%N) - $start" | bc -l | xargs printf '%.2f') s"
events < "$work/cold.json" | tee "$work/cold.txt"
echo "cache: $(du -sm "$LADING_HOME/cache/packages/debs" | cut -f1) MiB of .debs, $(du -sm \
  "$LADING_HOME/cache/packages/indexes" | cut -f1) MiB of indexes, $(ls "$LADING_HOME/cache/packages/debs" | wc -l) files"

echo "== warm: the same build, nothing changed, mirror unreachable (3 runs)"
shares=() layer_times=()
for run in 1 2 3; do
  start=$(date +%s.%N)
  LADING_PACKAGE_MIRROR=http://127.0.0.1:9/debian lading build "$work/project" --toolchain clang \
    --platform "$platforms" --progress json --output "type=oci,dest=$work/oci-warm" 2>"$work/warm.json" >/dev/null \
    || { echo "the warm build failed (did it need the network?)"; tail -5 "$work/warm.json"; exit 1; }
  echo "run $run: build total $(echo "$(date +%s.%N) - $start" | bc -l | xargs printf '%.2f') s"
  events < "$work/warm.json" > "$work/warm.txt"
  shares+=("$(grep -v 'packages layer' "$work/warm.txt" | awk -F'\t' '{s += $2} END {printf "%.2f", s}')")
  layer_times+=("$(grep 'packages layer' "$work/warm.txt" | awk -F'\t' '{s += $2} END {printf "%.2f", s}')")
done
cat "$work/warm.txt"
echo "warm packages share: ${shares[*]} s (median $(printf '%s\n' "${shares[@]}" | median)) over" \
  "$(tr ',' '\n' <<<"$platforms" | wc -l) platforms (lock, sysroots, runtime trees; target <= 0.3 s), plus" \
  "${layer_times[*]} s building the packages layers (the layer cache's work, as for any layer); requests: 0" \
  "(the mirror did not answer and every build succeeded)"
