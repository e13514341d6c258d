#!/usr/bin/env bash
# Quick start: installs what is missing, builds (Release), starts todo-svc,
# chat-svc and the gateway on this machine and prints the URL.
#   scripts/run-local.sh          # start (data in build-release/run/todos.db)
#   scripts/run-local.sh stop     # stop them
set -euo pipefail
cd "$(dirname "$0")/.."
RUN=build-release/run
PORT=${PORT:-8080}

stop() {
  for s in gateway chat-svc todo-svc; do
    if [[ -f $RUN/$s.pid ]]; then
      kill "$(cat "$RUN/$s.pid")" 2>/dev/null || true
      rm -f "$RUN/$s.pid"
    fi
  done
}
if [[ "${1:-}" == "stop" ]]; then stop; echo "stopped"; exit 0; fi

scripts/install-deps.sh --runtime
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j"$(nproc)" --target todo-svc chat-svc gateway >/dev/null
mkdir -p "$RUN"
stop

start() { # name args...
  local name=$1; shift
  "build-release/bin/$name" "$@" 2>"$RUN/$name.log" &
  echo $! >"$RUN/$name.pid"
  for _ in $(seq 1 100); do
    grep -q "listening on" "$RUN/$name.log" 2>/dev/null && return 0
    kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null || { cat "$RUN/$name.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "$name did not start; see $RUN/$name.log" >&2
  exit 1
}
start todo-svc --listen 127.0.0.1:50051 --db "$RUN/todos.db" --metrics-listen 127.0.0.1:9090
start chat-svc --listen 127.0.0.1:50052 --todo-addr 127.0.0.1:50051 --metrics-listen 127.0.0.1:9091
start gateway --listen "0.0.0.0:$PORT" --todo-addr 127.0.0.1:50051 --chat-addr 127.0.0.1:50052 --ui-dir ui
echo "todo-chatbot is running: open http://localhost:$PORT  (logs in $RUN/, stop with: make stop)"
