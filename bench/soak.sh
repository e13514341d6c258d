#!/usr/bin/env bash
# Mixed-load soak by hand (CI never runs it): Release stack with a file
# database, 100 simulated users (list, create, toggle, chat, SSE open) for
# SECONDS (default 300), p99 and RSS per interval; fails on any error or on
# memory that keeps growing after warm-up.
#
#   bench/soak.sh [SECONDS (300)] [USERS (100)] [INTERVAL_S (60)]
#   BENCH_NO_BUILD=1 bench/soak.sh 60 100 10     # a quick one on an existing build
set -euo pipefail
SECS=${1:-300}
USERS=${2:-100}
INTERVAL=${3:-60}
source "$(dirname "$0")/stack.sh"
trap bench_cleanup EXIT
[[ -n ${BENCH_NO_BUILD:-} ]] || { echo "soak: building Release in $BENCH_BUILD"; bench_build; }
bench_stack
procs=()
for svc in gateway todo-svc chat-svc; do
  [[ -n ${BENCH_PID[$svc]:-} ]] && procs+=("$svc=${BENCH_PID[$svc]}")
done
node "$BENCH_ROOT/bench/soak.js" "$BENCH_ADDR_gateway" "$SECS" "$USERS" "$INTERVAL" "${procs[@]}"
