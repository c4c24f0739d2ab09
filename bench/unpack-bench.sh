#!/usr/bin/env bash
# Unpack benchmark: lading unpacking one platform's sysroot .debs (linux/arm64: libc, libgcc, libstdc++, kernel
# headers, zlib, OpenSSL, lz4, libcrypt) against `dpkg-deb -x` of the same files, in the same run, alternating.
# The .debs come from the mirror of this machine's apt sources (trixie, arm64). Prints each run's times, the
# medians and the ratio lading/dpkg-deb (target <= 1.0).
#   bench/unpack-bench.sh [RUNS=5]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-5}
. bench/common.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/lading-unpack-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
packages="libc6-dev libc6 libgcc-14-dev libstdc++-14-dev linux-libc-dev zlib1g-dev zlib1g libssl-dev libssl3t64
  liblz4-dev liblz4-1 libcrypt-dev libcrypt1 libgcc-s1 libstdc++6"

mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) {print $i; exit}}' \
  /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || { echo "no Debian mirror in the apt sources" >&2; exit 2; }
curl -fsS "$mirror/dists/trixie/main/binary-arm64/Packages.xz" | xz -dc > "$work/Packages"
mkdir -p "$work/debs"
debs=()
for p in $packages; do
  # the newest version when the index lists several
  file=$(awk -v p="$p" '/^Package: /{n=$2} /^Version: /{v=$2} /^Filename: /{if (n == p) print v, $2}' "$work/Packages" \
    | sort -V | tail -n 1 | cut -d' ' -f2)
  [ -n "$file" ] || { echo "$p is not in the arm64 index" >&2; exit 1; }
  curl -fsS -o "$work/debs/${file##*/}" "$mirror/$file"
  debs+=("$work/debs/${file##*/}")
done

mvn -B -ntp -q -pl cross-toolchain -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$work/cp.txt" >&2
cp="$PWD/cross-toolchain/target/classes:$(cat "$work/cp.txt")"
mkdir -p "$work/classes"
javac -d "$work/classes" -cp "$cp" bench/UnpackBench.java
unpacked_mib=$(du -sm "$work/debs" | cut -f1)
echo "machine: $(nproc) cores, $(uname -m), $(java -version 2>&1 | head -1), $(dpkg-deb --version | head -1)"
echo "input: ${#debs[@]} .debs, $unpacked_mib MiB (linux/arm64 sysroot of Debian trixie)"

dpkg_x() { for deb in "${debs[@]}"; do dpkg-deb -x "$deb" "$work/dpkg"; done; }
inside=() whole=() dpkg=()
for i in $(seq "$runs"); do
  rm -rf "$work/dpkg" "$work/lading"; sync
  dpkg+=("$(seconds dpkg_x)")
  start=$(date +%s.%N)
  inside+=("$(java -XX:+UseSerialGC -Xms32m -Xmx1g -cp "$work/classes:$cp" UnpackBench "$work/lading" "${debs[@]}" 2>/dev/null)")
  whole+=("$(echo "$(date +%s.%N) - $start" | bc -l | xargs printf '%.2f')")
done
d=$(printf '%s\n' "${dpkg[@]}" | median); l=$(printf '%s\n' "${inside[@]}" | median)
w=$(printf '%s\n' "${whole[@]}" | median)
echo "files: lading $(find "$work/lading/root" | wc -l), dpkg-deb $(find "$work/dpkg" | wc -l) (lading adds merged-/usr links)"
echo "dpkg-deb -x, all files:    ${dpkg[*]} s (median $d)"
echo "lading unpack (in JVM):    ${inside[*]} s (median $l): $(ratio "$l" "$d")x dpkg-deb's time"
echo "lading incl. JVM start:    ${whole[*]} s (median $w): $(ratio "$w" "$d")x"
