#!/usr/bin/env bash
# Layer benchmark: lading's gzip and zstd layer of a generated tree of mixed files, against
# `tar --sort=name -cf - DIR | gzip -6 | sha256sum` on the same tree, in the same run; then lading's peak RSS on
# a larger tree. Prints one line per measurement and the ratios.
#   bench/layer-bench.sh [MIB=256] [RSS_MIB=1024] [RUNS=3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mib=${1:-256}
rss_mib=${2:-1024}
runs=${3:-3}
scripts/install-deps.sh bench
. bench/common.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/lading-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
[ -f cli/target/lading.jar ] || mvn -q -DskipTests install

tree() { # DIR MIB: a context whose one layer holds the generated tree
  java bench/GenTree.java "$1/tree" "$2"
  printf 'layers:\n  - name: data\n    files:\n      - src: tree\n        dest: /data\n' > "$1/lading.yaml"
}
lading() { LADING_HOME="$work/home" java -XX:+UseSerialGC -Xmx512m -jar cli/target/lading.jar "$@"; }

mkdir -p "$work/ctx"
tree "$work/ctx" "$mib"
size=$(du -sb "$work/ctx/tree" | cut -f1)
echo "machine: $(nproc) cores, $(uname -m), $(java -version 2>&1 | head -1)"
echo "tree: $((size >> 20)) MiB in $(find "$work/ctx/tree" -type f | wc -l) files"
find "$work/ctx/tree" -type f -exec cat {} + >/dev/null  # warm the page cache for both tools

pipe=() gz=() zs=()
for i in $(seq "$runs"); do
  pipe+=("$(seconds bash -c "tar --sort=name -C '$work/ctx' -cf - tree | gzip -6 | sha256sum")")
  rm -rf "$work/home"; gz+=("$(seconds lading build "$work/ctx" --platform linux/amd64 --progress quiet)")
  rm -rf "$work/home"; zs+=("$(seconds lading build "$work/ctx" --platform linux/amd64 --progress quiet --compression zstd)")
done
p=$(printf '%s\n' "${pipe[@]}" | median); g=$(printf '%s\n' "${gz[@]}" | median); z=$(printf '%s\n' "${zs[@]}" | median)
echo "tar|gzip -6|sha256sum: ${pipe[*]} s (median $p)"
echo "lading gzip layer:     ${gz[*]} s (median $g), whole command incl. JVM start"
echo "lading zstd layer:     ${zs[*]} s (median $z), whole command incl. JVM start"
echo "speed-up gzip: $(echo "$p / $g" | bc -l | xargs printf '%.2f')x   zstd: $(echo "$p / $z" | bc -l | xargs printf '%.2f')x"
ratio=$(rm -rf "$work/home"; lading build "$work/ctx" --platform linux/amd64 --progress plain 2>&1 >/dev/null | sed -n 's/.*: sha256:[0-9a-f]*, \([0-9]*\) bytes from \([0-9]*\).*/\1 \2/p')
gzip_size=$(tar --sort=name -C "$work/ctx" -cf - tree | gzip -6 | wc -c)
echo "compressed bytes: lading gzip $(echo "$ratio" | cut -d' ' -f1), gzip -6 $gzip_size"

rm -rf "$work/ctx"
mkdir -p "$work/big"
tree "$work/big" "$rss_mib"
rm -rf "$work/home"
rss=$(LADING_HOME="$work/home" /usr/bin/time -f '%M' java -XX:+UseSerialGC -Xmx512m -jar cli/target/lading.jar \
      build "$work/big" --platform linux/amd64 --progress quiet 2>&1 >/dev/null | tail -1)
echo "peak RSS, ${rss_mib} MiB tree, gzip: $((rss / 1024)) MiB"
