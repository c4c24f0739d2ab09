# Helpers shared by the benchmark scripts (sourced, not run).
seconds() { # prints elapsed seconds of "$@"; its output goes to $bench_log (default: nowhere); fails with it
  local start end log="${bench_log:-/dev/null}"
  start=$(date +%s.%N)
  if ! "$@" >"$log" 2>&1; then
    echo "failed: $*" >&2
    [ "$log" = /dev/null ] || tail -n 30 "$log" >&2
    return 1
  fi
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l | xargs printf '%.2f\n'
}
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
jib_classpath() { # prints jib-core's runtime classpath (bench/jib/pom.xml); $1: a scratch file
  mvn -q -f bench/jib/pom.xml dependency:build-classpath -Dmdep.outputFile="$1" -Dmdep.includeScope=runtime >/dev/null
  cat "$1"
}
registry_port=""
start_registry() { # starts a fresh reference registry under $work (killed with the pids in $pids) and sets registry_port
  local dir port
  dir=$(mktemp -d "$work/registry.XXXXXX")
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s/data\nhttp:\n  addr: 127.0.0.1:%s\n  secret: bench\n' \
    "$dir" "$port" > "$dir/config.yml"
  docker-registry serve "$dir/config.yml" > "$dir/log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
  registry_port=$port
}
six_files() { # $1: a project of six random 48 MiB files, one layer each, for linux/amd64 from scratch; page cache warm
  mkdir -p "$1/files"
  for n in 1 2 3 4 5 6; do head -c $((48 << 20)) /dev/urandom > "$1/files/f$n.bin"; done
  { echo "from: scratch"; echo "platforms: [linux/amd64]"; echo "layers:"
    for n in 1 2 3 4 5 6; do echo "  - {name: l$n, files: [{src: files/f$n.bin, dest: /data/f$n.bin}]}"; done
  } > "$1/lading.yaml"
  cat "$1"/files/* > /dev/null
}
wait_for_archive() { # the launcher dumps its class-data-sharing archive in the background after a first run
  for _ in $(seq 150); do
    ls cli/target/lading-*.jsa >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "no class-data-sharing archive after 30 s" >&2
  return 1
}
