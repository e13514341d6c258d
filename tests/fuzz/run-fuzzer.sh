#!/bin/sh
# Runs one libFuzzer target for a bounded time on a fresh copy of its
# committed seed corpus (the copy grows; the committed seeds never change).
#   run-fuzzer.sh FUZZER SEED_DIR WORK_DIR SECONDS [libFuzzer args...]
# Exit status is the fuzzer's: non-zero on a crash, leak, sanitizer report,
# timeout or out-of-memory; the reproducer lands in WORK_DIR/artifacts/.
set -eu
fuzzer=$1 seeds=$2 work=$3 secs=$4
shift 4
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
cp -R "$seeds"/. "$work/corpus/"
echo "fuzz: $(basename "$fuzzer") for ${secs}s on $(ls "$work/corpus" | wc -l) seeds"
exec "$fuzzer" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$@" "$work/corpus"
