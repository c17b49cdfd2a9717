#!/usr/bin/env bash
# Runs the libFuzzer harnesses (fuzz/*_fuzz.cc; built by `scripts/build.sh fuzz` with clang,
# ASan and UBSan) for SECONDS each (default 20), starting from the seed corpus in
# fuzz/corpus/<harness> plus whatever earlier runs found (build-fuzz/corpus/<harness>, kept
# between runs). Any crash, leak, sanitizer report or input running longer than 10 s
# (-timeout: a hang like an exponential glob) fails the run; the input is saved as
# build-fuzz/crash-<harness>-*. CI runs it briefly; for long runs:
#   scripts/fuzz.sh 3600 commands resp
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-20}"
shift || true
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then harnesses=(resp commands memcached hll config); fi
scripts/build.sh fuzz >/dev/null
total=0
for h in "${harnesses[@]}"; do
  work="build-fuzz/corpus/$h"
  mkdir -p "$work"
  dict=()
  case "$h" in resp|commands|hll) dict=(-dict=fuzz/commands.dict) ;; esac
  log="build-fuzz/fuzz-$h.log"
  if ! "build-fuzz/fuzz_$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 -artifact_prefix="build-fuzz/crash-$h-" "${dict[@]}" \
      "$work" "fuzz/corpus/$h" >"$log" 2>&1; then
    tail -n 80 "$log"
    echo "fuzz: $h failed (log: $log)" >&2
    exit 1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
  echo "fuzz: $h: ${execs:-?} executions in ${secs}s, ${cov:-cov: ?} edges, corpus $(ls "$work" | wc -l)"
  total=$((total + ${execs:-0}))
done
echo "fuzz: $total executions in all"
