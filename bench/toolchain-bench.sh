#!/usr/bin/env bash
# Cross-toolchain benchmark on tests/projects/kitchen (a C static library and C++ with std::thread), printing
# figures and ratios:
#   a) lading cross-compiling for linux/arm64 vs compiling for the host (linux/amd64), clang and zig, clean builds
#   b) the same C/C++ compiled by Debian's arm64 gcc under qemu-aarch64-static vs the x86-64 cross gcc and clang
#   c) a warm no-change rebuild of a 4-platform image (nothing may be recompiled)
#   d) zig's first use of a target (cold cache: libc, then libc++) and its warm per-compile cost next to clang's
#   bench/toolchain-bench.sh [RUNS=5] [COLD_TARGETS="aarch64-linux-musl"]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-5}
cold_targets=${2:-aarch64-linux-musl}
scripts/install-deps.sh bench
. bench/common.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/lading-toolchain-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
bench_log="$work/last.log"
./lading --help >/dev/null  # builds the jar when it is missing or stale, outside the measurements
project=tests/projects/kitchen
# zig's cache outlives the run (as a user's does): its first use of a target is measured apart, in d)
zig_cache="${XDG_CACHE_HOME:-$HOME/.cache}/lading-bench/zig-cache"

# A clean build: a fresh copy of the project and a fresh LADING_HOME (build directories, store); zig's cache kept.
clean_build() { # TOOLCHAIN PLATFORMS NAME
  rm -rf "$work/$3" && mkdir -p "$work/$3" && cp -r "$project" "$work/$3/src"
  LADING_HOME="$work/$3/home" ZIG_GLOBAL_CACHE_DIR="$zig_cache" ./lading build "$work/$3/src" --toolchain "$1" \
    --platform "$2" --progress plain --output "type=oci,dest=$work/$3/oci"
}
# The native step of the last build (configure, compile, link), from its progress line "native ...: ..., 2.38s".
native_seconds() { sed -n 's/^native .*, \([0-9.]*\)s$/\1/p' "$bench_log" | head -n 1; }
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
echo "tools: $(clang --version | head -1); zig $(zig version); $(cmake --version | head -1); ninja $(ninja --version)"

echo "== a) cross (linux/arm64) vs host (linux/amd64), clean builds of the whole lading build, median of $runs"
for toolchain in clang zig; do
  seconds clean_build "$toolchain" linux/amd64,linux/arm64 warm >/dev/null  # zig: libc and libc++ of both targets
  host=() cross=() host_native=() cross_native=()
  for i in $(seq "$runs"); do
    host+=("$(seconds clean_build "$toolchain" linux/amd64 host)"); host_native+=("$(native_seconds)")
    cross+=("$(seconds clean_build "$toolchain" linux/arm64 cross)"); cross_native+=("$(native_seconds)")
  done
  h=$(printf '%s\n' "${host[@]}" | median) c=$(printf '%s\n' "${cross[@]}" | median)
  hn=$(printf '%s\n' "${host_native[@]}" | median) cn=$(printf '%s\n' "${cross_native[@]}" | median)
  echo "$toolchain whole command: host ${host[*]} s (median $h), cross ${cross[*]} s (median $c):" \
    "cross/host = $(ratio "$c" "$h")x"
  echo "$toolchain native step:   host ${host_native[*]} s (median $hn), cross ${cross_native[*]} s (median $cn):" \
    "cross/host = $(ratio "$cn" "$hn")x"
done

echo "== b) the arm64 gcc emulated by qemu-aarch64-static vs compilers running on the host, same preprocessed input"
arm64_root="${XDG_CACHE_HOME:-$HOME/.cache}/lading-bench/arm64-gcc-12"
if [ ! -x "$arm64_root/usr/lib/gcc/aarch64-linux-gnu/12/cc1plus" ]; then
  # Debian's own arm64 compiler packages, unpacked (not installed): cc1/cc1plus and the libraries they load.
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $sudo dpkg --add-architecture arm64 && $sudo apt-get update -qq
  fi
  mkdir -p "$work/debs" "$arm64_root.partial"
  (cd "$work/debs" && apt-get download -qq cpp-12:arm64 g++-12:arm64 libgmp10:arm64 libmpfr6:arm64 libmpc3:arm64 \
    libisl23:arm64 libzstd1:arm64 zlib1g:arm64 libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64)
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$arm64_root.partial"; done
  rm -rf "$arm64_root" && mv "$arm64_root.partial" "$arm64_root"
fi
mkdir -p "$work/pp"
for source in checksum.c workers.cpp main.cpp; do
  case "$source" in *.c) out="$work/pp/${source%.c}.i" cc=aarch64-linux-gnu-gcc ;; *) out="$work/pp/${source%.cpp}.ii" cc=aarch64-linux-gnu-g++ ;; esac
  "$cc" -O2 -pthread -E "$project/$source" -I "$project" -o "$out"
done
cc1_for() { case "$1" in *.ii) echo cc1plus ;; *) echo cc1 ;; esac; }
compile_all() { # how: emulated | cross | clang
  local file
  if [ "$1" = clang ]; then  # clang cannot read gcc's preprocessed libstdc++, so it preprocesses too
    for file in checksum.c workers.cpp main.cpp; do
      clang --target=aarch64-linux-gnu -O2 -pthread -I "$project" -S "$project/$file" -o "$work/$file.s"
    done
    return
  fi
  for file in "$work"/pp/*.i "$work"/pp/*.ii; do
    case "$1" in
      emulated) qemu-aarch64-static -L "$arm64_root" "$arm64_root/usr/lib/gcc/aarch64-linux-gnu/12/$(cc1_for "$file")" \
                  -quiet -O2 "$file" -o "$file.s" ;;
      cross) "/usr/lib/gcc-cross/aarch64-linux-gnu/12/$(cc1_for "$file")" -quiet -O2 "$file" -o "$file.s" ;;
    esac
  done
}
echo "input: $(cat "$work"/pp/* | wc -l) preprocessed lines in $(ls "$work/pp" | wc -l) files, -O2, to assembly"
emulated=() cross=() clang_host=()
for i in $(seq "$runs"); do
  emulated+=("$(seconds compile_all emulated)")
  cross+=("$(seconds compile_all cross)")
  clang_host+=("$(seconds compile_all clang)")
done
e=$(printf '%s\n' "${emulated[@]}" | median) x=$(printf '%s\n' "${cross[@]}" | median)
k=$(printf '%s\n' "${clang_host[@]}" | median)
echo "arm64 gcc 12 under qemu: ${emulated[*]} s (median $e)"
echo "x86-64 cross gcc 12:     ${cross[*]} s (median $x): emulated/cross = $(ratio "$e" "$x")x"
echo "clang on the host:       ${clang_host[*]} s (median $k, preprocessing included): emulated/clang = $(ratio "$e" "$k")x"

echo "== c) warm no-change rebuild of a 4-platform image (clang and zig), median of $runs"
four=linux/amd64,linux/arm64,linux/arm/v7,linux/riscv64
for toolchain in clang zig; do
  seconds clean_build "$toolchain" "$four" "rebuild-$toolchain" >/dev/null
  touch "$work/marker"
  again=()
  for i in $(seq "$runs"); do
    again+=("$(seconds env LADING_HOME="$work/rebuild-$toolchain/home" ZIG_GLOBAL_CACHE_DIR="$zig_cache" \
      ./lading build "$work/rebuild-$toolchain/src" --toolchain "$toolchain" --platform "$four" --progress plain \
      --output "type=oci,dest=$work/rebuild-$toolchain/oci")")
  done
  recompiled=$(find "$work/rebuild-$toolchain/home" \( -name '*.o' -o -name '*.a' \) -newer "$work/marker" | wc -l)
  echo "$toolchain: ${again[*]} s (median $(printf '%s\n' "${again[@]}" | median)), object files rewritten: $recompiled"
  sed -n 's/^native \(linux[^ ]*\) .*: \(.*\)$/  \1: \2/p' "$bench_log"
done

echo "== d) zig's first use of a target (empty cache) and warm compiles, vs clang"
printf 'int main(void) { return 0; }\n' > "$work/hello.c"
printf '#include <thread>\nint main() { std::thread t([] {}); t.join(); }\n' > "$work/hello.cpp"
for target in $cold_targets; do
  rm -rf "$work/cold-cache"
  cold_c=$(seconds env ZIG_GLOBAL_CACHE_DIR="$work/cold-cache" zig cc -target "$target" -O2 "$work/hello.c" -o "$work/h")
  cold_cxx=$(seconds env ZIG_GLOBAL_CACHE_DIR="$work/cold-cache" zig c++ -target "$target" -O2 "$work/hello.cpp" -o "$work/h")
  echo "$target cold: C program ${cold_c} s (libc, compiler_rt), then C++ program ${cold_cxx} s (libc++, libc++abi, libunwind); cache $(du -sm "$work/cold-cache" | cut -f1) MiB"
done
# Warm costs, for aarch64 with the kitchen's sources: each round compiles a workers.cpp made unique by one more
# variable (both compilers would otherwise answer from a cache, zig from its own), then links it with the rest.
# Compiling and linking are separate commands, as in CMake and lading's plain builds.
cross_cc() { # TOOLCHAIN cc|c++ ARGS...: the toolchain's compiler driver for aarch64
  local toolchain=$1 language=$2
  shift 2
  case "$toolchain" in
    zig) ZIG_GLOBAL_CACHE_DIR="$zig_cache" zig "$language" -target aarch64-linux-musl "$@" ;;
    clang) "$([ "$language" = cc ] && echo clang || echo clang++)" --target=aarch64-linux-gnu -fuse-ld=lld -static \
             -Wno-unused-command-line-argument "$@" ;;
  esac
}
for toolchain in zig clang; do
  mkdir -p "$work/warm-$toolchain"
  cross_cc "$toolchain" cc -O2 -c "$project/checksum.c" -o "$work/warm-$toolchain/checksum.o"
  cross_cc "$toolchain" c++ -O2 -c "$project/main.cpp" -I "$project" -o "$work/warm-$toolchain/main.o"
done
for toolchain in zig clang; do
  compile=() link=()
  for i in $(seq 0 5); do
    source="$work/warm-$toolchain/workers-$i.cpp" object="$work/warm-$toolchain/workers-$i.o"
    { cat "$project/workers.cpp"; echo "int kitchen_round_$i = $i;"; } > "$source"
    c=$(seconds cross_cc "$toolchain" c++ -O2 -I "$project" -c "$source" -o "$object")
    l=$(seconds cross_cc "$toolchain" c++ -O2 -pthread "$object" "$work/warm-$toolchain/main.o" \
      "$work/warm-$toolchain/checksum.o" -o "$work/warm-$toolchain/kitchen-$i")
    [ "$i" -eq 0 ] && continue  # the first round may still fill a cache
    compile+=("$c") link+=("$l")
  done
  echo "$toolchain warm: compile workers.cpp ${compile[*]} s (median $(printf '%s\n' "${compile[@]}" | median));" \
    "link the kitchen ${link[*]} s (median $(printf '%s\n' "${link[@]}" | median))"
done
