#!/usr/bin/env bash
# Shared by run.sh and soak.sh (sourced): build Release, start the stack on
# free loopback ports with a file database, seed data, read peak RSS.
# Everything runs as this user's own processes and only on 127.0.0.1.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_BUILD=${BENCH_BUILD:-$BENCH_ROOT/build-release}
BENCH_TMP=$(mktemp -d /tmp/tc-bench.XXXXXX)
BENCH_PIDS=()
declare -A BENCH_PID

bench_build() {
  cmake -S "$BENCH_ROOT" -B "$BENCH_BUILD" -DCMAKE_BUILD_TYPE=Release -DTC_WERROR=ON \
    "-DCMAKE_C_FLAGS=-g -fno-omit-frame-pointer" >/dev/null || return 1
  cmake --build "$BENCH_BUILD" -j"${JOBS:-2}" --target todo-svc gateway $( [[ -d $BENCH_ROOT/chat-svc/src ]] && echo chat-svc ) >/dev/null || return 1
}

# bench_start NAME ARGS... : starts build/bin/NAME, waits for "listening on",
# sets BENCH_ADDR_<NAME> (dashes become underscores).
bench_start() {
  local name=$1; shift
  local log=$BENCH_TMP/$name.log
  "$BENCH_BUILD/bin/${name%-nocache}" "$@" 2>"$log" &
  local pid=$!
  BENCH_PIDS+=("$pid")
  BENCH_PID[$name]=$pid
  local addr=
  for _ in $(seq 1 100); do
    addr=$(grep -o -m1 'listening on [0-9.]*:[0-9]*' "$log" | awk '{print $3}')
    [[ -n $addr ]] && break
    kill -0 "$pid" 2>/dev/null || { echo "bench: $name exited:"; cat "$log"; return 1; }
    sleep 0.1
  done
  [[ -n $addr ]] || { echo "bench: $name did not listen"; cat "$log"; return 1; }
  printf -v "BENCH_ADDR_${name//-/_}" '%s' "$addr"
}

bench_stop() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${BENCH_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  BENCH_PIDS=()
}

bench_cleanup() {
  bench_stop
  # A PostgreSQL server the run started (BENCH_PG_DIR, from tests/lib/pg-temp.sh).
  [[ -n ${BENCH_PG_DIR:-} ]] && "$BENCH_ROOT/tests/lib/pg-temp.sh" stop "$BENCH_PG_DIR"
  rm -rf "$BENCH_TMP"
}

# Peak resident set (VmHWM) of a process in MiB.
bench_hwm() {
  awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"
}
bench_rss() {
  awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"
}

# todo-svc (file DB), chat-svc, gateway; the gateway gets a fixed identity key
# so that a token maps to the same user in every run.
bench_stack() {
  bench_start todo-svc --listen 127.0.0.1:0 --db "$BENCH_TMP/todos.db" --metrics-listen off || return 1
  local chat=$BENCH_ADDR_todo_svc
  if [[ -x $BENCH_BUILD/bin/chat-svc ]]; then
    bench_start chat-svc --listen 127.0.0.1:0 --todo-addr "$BENCH_ADDR_todo_svc" --metrics-listen off || return 1
    chat=$BENCH_ADDR_chat_svc
  fi
  # BENCH_GATEWAY_ARGS: extra gateway flags (e.g. "--threads 2").
  # shellcheck disable=SC2086
  GATEWAY_ID_KEY=bench-key LOG_LEVEL=warn bench_start gateway --listen 127.0.0.1:0 \
    --todo-addr "$BENCH_ADDR_todo_svc" --chat-addr "$chat" --ui-dir "$BENCH_ROOT/ui" --metrics-listen off ${BENCH_GATEWAY_ARGS:-} || return 1
  BENCH_CHAT_TARGET=$chat
}

# A second gateway on the same backends without the list cache: what a list
# costs when it has to go to todo-svc (the first read after a change).
bench_gateway_nocache() {
  # shellcheck disable=SC2086
  GATEWAY_ID_KEY=bench-key LOG_LEVEL=warn bench_start gateway-nocache --listen 127.0.0.1:0 \
    --todo-addr "$BENCH_ADDR_todo_svc" --chat-addr "$BENCH_CHAT_TARGET" --ui-dir "$BENCH_ROOT/ui" \
    --list-cache-mb 0 --metrics-listen off ${BENCH_GATEWAY_ARGS:-} || return 1
}

# bench_seed TOKEN N: N realistic todos for TOKEN's user; ids into $BENCH_TMP/ids.
bench_seed() {
  local tok=$1 n=$2 i
  local titles=("buy milk" "call mum about Sunday" "pay the electricity bill" "book dentist appointment"
    "renew passport" "fix the squeaky door" "send invoice to ACME" "water the plants")
  : >"$BENCH_TMP/ids"
  for ((i = 0; i < n; i++)); do
    curl -s -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
      -d "{\"title\":\"${titles[i % 8]} #$i\",\"notes\":\"seeded\",\"priority\":\"$( ((i % 3)) && echo low || echo high)\",\"tags\":[\"seed\",\"t$((i % 5))\"],\"due\":\"2026-12-$(printf %02d $((i % 28 + 1)))T09:00:00Z\"}" \
      "http://$BENCH_ADDR_gateway/api/todos" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4 >>"$BENCH_TMP/ids"
  done
  [[ $(wc -l <"$BENCH_TMP/ids") -eq $n ]]
}
