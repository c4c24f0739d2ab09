#!/usr/bin/env bash
# Push benchmark, each comparison in the same run against fresh local registries (the reference registry,
# docker-registry, on loopback ports):
#  1. `lading push` of a 3-platform layout with MIB MiB of unique blobs vs `skopeo copy --all` of the same layout;
#  2. six 48 MiB files, one layer each, from scratch: `lading build --push` vs jib-core (same JVM flags), cold
#     (empty caches, empty registry) and no-op (everything cached and already pushed).
#   bench/push-bench.sh [MIB=300] [RUNS=3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mib=${1:-300}
runs=${2:-3}
scripts/install-deps.sh bench
. bench/common.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/lading-push-bench.XXXXXX")
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
[ -f cli/target/lading.jar ] || mvn -q -DskipTests install
java_flags=(-XX:+UseSerialGC -Xmx512m)
# lading as users run it: the launcher, whose class-data-sharing archive the warm-up run below creates
lading() { ./lading "$@"; }
# and as a bare `java -jar`, with exactly Jib's JVM flags and no archive, for the same comparison
lading_jar() { java "${java_flags[@]}" -jar cli/target/lading.jar "$@"; }


# the launcher's archive, from a run that builds and pushes (the classes a timed run loads)
rm -f cli/target/lading-*.jsa
mkdir -p "$work/warm"; printf 'layers: []\n' > "$work/warm/lading.yaml"
start_registry
LADING_HOME="$work/warm-home" lading build "$work/warm" -t "127.0.0.1:$registry_port/warm:1" --push --progress quiet >/dev/null
wait_for_archive
echo "machine: $(nproc) cores, $(uname -m), $(java -version 2>&1 | head -1), $(skopeo --version)"

# 1. lading push vs skopeo copy --all
java bench/GenLayout.java "$work/layout" "$mib"
echo "layout: 3 platforms, $(( $(du -sb "$work/layout/blobs" | cut -f1) >> 20 )) MiB of blobs"
cat "$work"/layout/blobs/sha256/* > /dev/null  # page cache warm for both tools
ours=() theirs=()
for i in $(seq "$runs"); do
  start_registry; ours+=("$(seconds lading push "oci:$work/layout:bench" "127.0.0.1:$registry_port/bench:1" --progress quiet)")
  start_registry; theirs+=("$(seconds skopeo copy --all --dest-tls-verify=false "oci:$work/layout:bench" "docker://127.0.0.1:$registry_port/bench:1")")
done
o=$(printf '%s\n' "${ours[@]}" | median); t=$(printf '%s\n' "${theirs[@]}" | median)
echo "lading push:          ${ours[*]} s (median $o)"
echo "skopeo copy --all:    ${theirs[*]} s (median $t)"
echo "lading / skopeo wall time: $(ratio "$o" "$t")x (target <= 1.0x)"

# 2. lading build --push vs jib-core, six 48 MiB files
mkdir -p "$work/jib-classes"
six_files "$work/six"
classpath=$(jib_classpath "$work/classpath")
javac -d "$work/jib-classes" -cp "$classpath" bench/JibPush.java
jib() { java "${java_flags[@]}" -cp "$classpath:$work/jib-classes" JibPush "$@"; }
lc=() ln=() lj=() jc=() jn=() uploads=()
for i in $(seq "$runs"); do
  rm -rf "$work/home" "$work/jib-cache"
  start_registry
  lc+=("$(LADING_HOME="$work/home" seconds lading build "$work/six" -t "127.0.0.1:$registry_port/six:1" --push --progress quiet)")
  ln+=("$(LADING_HOME="$work/home" seconds lading build "$work/six" -t "127.0.0.1:$registry_port/six:1" --push --progress quiet)")
  uploads+=("$(LADING_HOME="$work/home" lading build "$work/six" -t "127.0.0.1:$registry_port/six:1" --push --progress quiet | grep -o '[0-9]* blobs sent')")
  lj+=("$(LADING_HOME="$work/home" seconds lading_jar build "$work/six" -t "127.0.0.1:$registry_port/six:1" --push --progress quiet)")
  start_registry
  jc+=("$(seconds jib "$work/six/files" "127.0.0.1:$registry_port/six:1" "$work/jib-cache")")
  jn+=("$(seconds jib "$work/six/files" "127.0.0.1:$registry_port/six:1" "$work/jib-cache")")
done
m() { printf '%s\n' "$@" | median; }
echo "lading cold build+push: ${lc[*]} s (median $(m "${lc[@]}"))"
echo "jib cold build+push:    ${jc[*]} s (median $(m "${jc[@]}"))"
echo "lading no-op:           ${ln[*]} s (median $(m "${ln[@]}")); a third run reported: ${uploads[*]}"
echo "lading no-op, java -jar without the launcher's archive: ${lj[*]} s (median $(m "${lj[@]}"))"
echo "jib no-op:              ${jn[*]} s (median $(m "${jn[@]}"))"
echo "cold lading/jib: $(ratio "$(m "${lc[@]}")" "$(m "${jc[@]}")")x (target <= 0.6x)"
echo "no-op lading/jib: $(ratio "$(m "${ln[@]}")" "$(m "${jn[@]}")")x (target <= 0.8x); bare java -jar:"\
  "$(ratio "$(m "${lj[@]}")" "$(m "${jn[@]}")")x"
