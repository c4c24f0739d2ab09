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
