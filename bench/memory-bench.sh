#!/usr/bin/env bash
# Memory benchmark: lading's peak RSS building one layer of many small files (13 bytes each, 1,000 to a
# directory) with provenance and SBOM on, with the flags of the ./lading launcher. Prints one line per tree size.
#   bench/memory-bench.sh [FILES...]   (default: 100000 300000 1000000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
counts=("$@")
[ $# -gt 0 ] || counts=(100000 300000 1000000)
[ -x /usr/bin/time ] || scripts/install-deps.sh bench
work=$(mktemp -d "${TMPDIR:-/tmp}/lading-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
[ -f cli/target/lading.jar ] || mvn -q -DskipTests package -pl cli -am
eval "$(grep '^flags=' lading)"  # the launcher's JVM flags, which decide how far the heap grows

tree() { # DIR FILES: a context whose one layer holds FILES files of 13 bytes
  python3 - "$1/tree" "$2" <<'PY'
import os, sys
root, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    directory = os.path.join(root, "d%d" % (i // 1000))
    if i % 1000 == 0:
        os.makedirs(directory)
    with open(os.path.join(directory, "f%d" % i), "w") as f:
        f.write("file %07d\n" % i)
PY
  printf 'layers:\n  - name: data\n    files:\n      - src: tree\n        dest: /data\n' > "$1/lading.yaml"
}

echo "machine: $(nproc) cores, $(uname -m), $(java -version 2>&1 | head -1); flags: ${flags[*]}"
for n in "${counts[@]}"; do
  rm -rf "$work/ctx" "$work/home" "$work/out"
  tree "$work/ctx" "$n"
  start=$(date +%s.%N)
  status=0
  out=$(LADING_HOME="$work/home" /usr/bin/time -f '%M' java "${flags[@]}" -jar "${LADING_JAR:-cli/target/lading.jar}" \
        build "$work/ctx" --platform linux/amd64 --progress quiet -o "type=oci,dest=$work/out" 2>&1 >/dev/null) \
    || status=$?
  secs=$(echo "$(date +%s.%N) - $start" | bc -l | xargs printf '%.1f')
  rss=$(echo "$out" | tail -1)
  echo "files $n: peak RSS $((rss / 1024)) MiB, exit $status, ${secs} s"
  [ "$status" = 0 ] || echo "$out" | grep -m3 -i 'error\|exception' || true
done
