#!/usr/bin/env bash
# Runs the libFuzzer targets built by `make fuzz` side by side, each for the
# given number of seconds, starting from its seed files in tests/fuzz/<name>/.
# A crash, a leak, a timeout (10 s for one input) or 2 GB of memory stops a
# target; the input that caused it is left in build/fuzz/<name>-crash-...
# usage: tests/fuzz/run.sh SECONDS NAME...
set -u
seconds=$1
shift
pids=()
for name in "$@"; do
  mkdir -p "build/fuzz/$name-found"
  "build/fuzz/${name}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="build/fuzz/$name-" "build/fuzz/$name-found" "tests/fuzz/$name" > "build/fuzz/$name.log" 2>&1 &
  pids+=($!)
done
failed=0
for i in "${!pids[@]}"; do
  name=${*:i+1:1}
  if wait "${pids[$i]}"; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "build/fuzz/$name.log" | grep -o '[0-9]*$')
    echo "fuzz $name: ok, ${runs:-?} inputs in $seconds s"
  else
    echo "fuzz $name: FAILED, see build/fuzz/$name.log:"
    tail -30 "build/fuzz/$name.log"
    failed=1
  fi
done
exit $failed
