#!/usr/bin/env bash
# Build cache benchmark: a generated C project the size of facebook/zstd's CLI (50 files, about 33,000 lines),
# 4 platforms, clang, the cache in the reference registry. Every "runner" is a fresh LADING_HOME and a fresh
# checkout in another directory, as a CI job is. Prints seconds and ratios to the cold build of the same run:
#   a) cold build (no cache) and the same with --cache-to (the export's first cost)
#   b) a fresh runner with --cache-from the warm registry cache (target <= 0.15x), same index digest
#   c) a fresh runner with one source edited (target <= 0.3x)
#   d) a fresh runner writing an unchanged cache back (--cache-from and --cache-to the same ref): the export step's
#      own time, from its progress line (target <= 0.3 s), and the whole build against b)
#   e) zig, the same 4 targets on a fresh runner with an empty zig cache: without a cache and with --cache-from
#      (skipped with SKIP_ZIG=1: zig's cold libc builds take minutes)
# The project builds with CMake (lading.yaml); BUILD_FILE=plain.yaml builds the same sources as executables:.
# bench/cache-bench.sh [RUNS=3] [FILES=50] [FUNCTIONS=50]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-3} files=${2:-50} functions=${3:-50} build_file=${BUILD_FILE:-lading.yaml}
platforms=linux/amd64,linux/arm64,linux/arm/v7,linux/ppc64le
scripts/install-deps.sh bench
. bench/common.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/lading-cache-bench.XXXXXX")
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
bench_log="$work/last.log"
./lading --help >/dev/null  # builds the jar when it is missing or stale, outside the measurements
bench/generated-project.sh "$work/project" "$files" "$functions"
start_registry
ref="127.0.0.1:$registry_port/cache/bench:main"
zig_ref="127.0.0.1:$registry_port/cache/bench-zig:main"
n=0
# A fresh runner: a new checkout (another path), a new LADING_HOME, then lading build with the given options. It runs
# in the subshell of `seconds`, so the caller counts the runners: `next; seconds runner ...`.
next() { n=$((n + 1)); }
runner() { # TOOLCHAIN ZIG_CACHE [lading build options...]
  local toolchain=$1 zig_cache=$2
  shift 2
  mkdir -p "$work/runner-$n"
  cp -r "$work/project" "$work/runner-$n/checkout-$n"
  [ -z "${edit:-}" ] || printf '\nuint32_t edited%d(void) { return %d; }\n' "$n" "$n" >> "$work/runner-$n/checkout-$n/unit7.c"
  LADING_HOME="$work/runner-$n/home" ZIG_GLOBAL_CACHE_DIR="$zig_cache" ./lading build "$work/runner-$n/checkout-$n" \
    -f "$work/runner-$n/checkout-$n/$build_file" \
    --toolchain "$toolchain" --platform "$platforms" --progress plain --output "type=oci,dest=$work/runner-$n/oci" \
    --metadata-file "$work/runner-$n/metadata.json" "$@"
}
digest() { sed -n 's/.*"containerimage.digest" : "\(sha256:[0-9a-f]*\)".*/\1/p' "$work/runner-$n/metadata.json"; }
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
echo "tools: $(clang --version | head -1); zig $(zig version); $(cmake --version | head -1)"
echo "project: $files C files, $(cat "$work"/project/*.c | wc -l) lines, $build_file; platforms $platforms; median of $runs"
zig_warm="$work/zig-warm"

cold=() export_first=() warm=() edited=() unchanged=() export_step=()
for i in $(seq "$runs"); do
  next; cold+=("$(seconds runner clang "$zig_warm")"); cold_digest=$(digest)
  next; export_first+=("$(seconds runner clang "$zig_warm" --cache-to "type=registry,ref=$ref")")
  next; warm+=("$(seconds runner clang "$zig_warm" --cache-from "type=registry,ref=$ref")"); warm_digest=$(digest)
  [ "$warm_digest" = "$cold_digest" ] || { echo "warm digest $warm_digest differs from cold $cold_digest" >&2; exit 1; }
  next; edited+=("$(edit=1 seconds runner clang "$zig_warm" --cache-from "type=registry,ref=$ref")")
  next; unchanged+=("$(seconds runner clang "$zig_warm" --cache-from "type=registry,ref=$ref" --cache-to "type=registry,ref=$ref")")
  grep -q 'unchanged' "$bench_log" || { echo "the unchanged export wrote a new cache" >&2; tail -5 "$bench_log" >&2; exit 1; }
  export_step+=("$(sed -n 's/.*cache to .*, \([0-9.]*\)s$/\1/p' "$bench_log" | head -n 1)")
done
c=$(printf '%s\n' "${cold[@]}" | median)
echo "a) cold build: ${c}s; with --cache-to: $(printf '%s\n' "${export_first[@]}" | median)s"
w=$(printf '%s\n' "${warm[@]}" | median)
echo "b) fresh runner, --cache-from: ${w}s = $(ratio "$w" "$c")x the cold build (target <= 0.15x); index digest equal"
e=$(printf '%s\n' "${edited[@]}" | median)
echo "c) fresh runner, one file edited: ${e}s = $(ratio "$e" "$c")x (target <= 0.3x)"
u=$(printf '%s\n' "${unchanged[@]}" | median)
echo "d) fresh runner, unchanged cache written back: the export step $(printf '%s\n' "${export_step[@]}" | median)s (target <= 0.3 s); the whole build ${u}s against b)'s ${w}s"

[ -z "${SKIP_ZIG:-}" ] || exit 0
echo "e) zig, $platforms on a fresh runner with an empty zig cache"
next; zc=$(seconds runner zig "$work/zig-empty-1" --cache-to "type=registry,ref=$zig_ref")
next; zw=$(seconds runner zig "$work/zig-empty-2" --cache-from "type=registry,ref=$zig_ref")
echo "   without a cache: ${zc}s; with --cache-from: ${zw}s = $(ratio "$zw" "$zc")x"
