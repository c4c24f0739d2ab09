#!/usr/bin/env bash
# The no-op path against jib-core, measured from outside as a user meets it: six 48 MiB files, one platform, a
# fresh LADING_HOME and a fresh registry each round; per round a cold build + push, then the same command again
# (the no-op) for both tools, the order of the tools alternating between rounds. Then one lading no-op is
# profiled from the JVM's own logs (class loading on the main thread, GC, exit): where its time goes.
#   bench/startup-bench.sh [RUNS=7]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-7}
scripts/install-deps.sh bench
. bench/common.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/lading-startup-bench.XXXXXX")
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
[ -f cli/target/lading.jar ] || mvn -q -DskipTests install
java_flags=(-XX:+UseSerialGC -Xmx512m)


mkdir -p "$work/jib-classes"
six_files "$work/six"
classpath=$(jib_classpath "$work/classpath")
javac -d "$work/jib-classes" -cp "$classpath" bench/JibPush.java
jib() { java "${java_flags[@]}" -cp "$classpath:$work/jib-classes" JibPush "$work/six/files" "$1" "$work/jib-cache"; }
lading() { LADING_HOME="$work/home" ./lading build "$work/six" -t "$1" --push --progress quiet; }

# the launcher's class-data-sharing archive is made by the first build after the jar changed, as for a user
rm -f cli/target/lading-*.jsa
start_registry; lading "127.0.0.1:$registry_port/warm:1" > /dev/null; rm -rf "$work/home"
wait_for_archive
echo "machine: $(nproc) cores, $(uname -m), $(java -version 2>&1 | head -1)"

lc=() ln=() jc=() jn=()
round_lading() {
  rm -rf "$work/home"; start_registry
  lc+=("$(seconds lading "127.0.0.1:$registry_port/six:1")")
  sync  # the cold run's writes reach the disk before the no-op is timed, for both tools
  ln+=("$(seconds lading "127.0.0.1:$registry_port/six:1")")
}
round_jib() {
  rm -rf "$work/jib-cache"; start_registry
  jc+=("$(seconds jib "127.0.0.1:$registry_port/six:1")")
  sync
  jn+=("$(seconds jib "127.0.0.1:$registry_port/six:1")")
}
for i in $(seq "$runs"); do
  if (( i % 2 )); then round_lading; round_jib; else round_jib; round_lading; fi
done
m() { printf '%s\n' "$@" | median; }
echo "lading cold build+push: ${lc[*]} s (median $(m "${lc[@]}"))"
echo "jib cold build+push:    ${jc[*]} s (median $(m "${jc[@]}"))"
echo "lading no-op:           ${ln[*]} s (median $(m "${ln[@]}"))"
echo "jib no-op:              ${jn[*]} s (median $(m "${jn[@]}"))"
echo "cold lading/jib: $(ratio "$(m "${lc[@]}")" "$(m "${jc[@]}")")x; no-op lading/jib:" \
  "$(ratio "$(m "${ln[@]}")" "$(m "${jn[@]}")")x (target <= 0.8x)"

# Where one no-op's time goes. Phases end where the main thread first loads a class of the next step:
# the lading entry point (JVM start-up), the job (arguments parsed by picocli), the attestations (build file read,
# layers found in the cache, configs and manifests made), the push result (attestations, store index, the
# registry's HEADs and PUTs of manifests and tag), and the JVM's exit.
log="$work/profile"
rm -rf "$work/home"; start_registry; lading "127.0.0.1:$registry_port/six:1" > /dev/null; sync
LADING_JAVA_OPTS="-Xlog:class+load:file=$log.classes:uptime,tid -Xlog:gc:file=$log.gc:uptime -Xlog:gc+heap+exit:file=$log.exit:uptime" \
  lading "127.0.0.1:$registry_port/six:1" > /dev/null
awk -v gcfile="$log.gc" -v exitfile="$log.exit" '
  function at(line) { return substr(line, 2, index(line, "s]") - 2) + 0 }
  /dev\.lading\.cli\.Main source/ && !main { main = at($0); split($1, t, "[][]"); tid = t[4] }
  { n++; if ($0 !~ /shared objects file/) unshared++ }
  tid && index($0, "[" tid "]") {
    if ($2 == "dev.lading.core.job.BuildJob" && !job) job = at($0)
    if ($2 == "dev.lading.core.job.BuildAttestations" && !att) att = at($0)
    if ($2 == "dev.lading.core.job.Publisher$Pushed" && !pushed) pushed = at($0)
  }
  END {
    while ((getline line < exitfile) > 0) if (!done) { done = at(line) }
    while ((getline line < gcfile) > 0) if (match(line, /[0-9.]+ms$/)) { gc += substr(line, RSTART, RLENGTH - 2); pauses++ }
    printf "profile of one no-op (JVM uptime, logging on):\n"
    printf "  JVM start-up to lading main       %4.0f ms\n", main * 1000
    printf "  arguments (picocli)               %4.0f ms\n", (job - main) * 1000
    printf "  build file, layer cache, configs  %4.0f ms\n", (att - job) * 1000
    printf "  attestations, store, push         %4.0f ms\n", (pushed - att) * 1000
    printf "  exit                              %4.0f ms\n", (done - pushed) * 1000
    printf "  total                             %4.0f ms; %d GC pauses, %.0f ms; %d classes loaded, %d not from the CDS archive\n",
      done * 1000, pauses, gc, n, unshared
  }' "$log.classes"
