#!/usr/bin/env bash
# Quick start: installs what is missing, builds (Release), starts todo-svc,
# chat-svc and the gateway on this machine in the background and prints the
# URL. The services write to their logs, never to this terminal.
#   scripts/run-local.sh          # start (data in build-release/run/todos.db)
#   scripts/run-local.sh stop     # stop them
# PORT (8080), TODO_PORT (50051), CHAT_PORT (50052), METRICS_PORT (9092; the
# gateway's, todo-svc and chat-svc use 9090 and 9091), BUILD_DIR
# (build-release; when set, nothing is built) and RUN_DIR ($BUILD_DIR/run) may
# be set; the tests use them to run a Debug build in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD_DIR:-build-release}
RUN=${RUN_DIR:-$BUILD/run}
PORT=${PORT:-8080}
TODO_PORT=${TODO_PORT:-50051}
CHAT_PORT=${CHAT_PORT:-50052}
METRICS_PORT=${METRICS_PORT:-9092}

stop() {
  for s in gateway chat-svc todo-svc; do
    if [[ -f $RUN/$s.pid ]]; then
      local pid
      pid=$(cat "$RUN/$s.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$RUN/$s.pid"
    fi
  done
}
if [[ "${1:-}" == "stop" ]]; then stop; echo "stopped"; exit 0; fi

# The keys that user ids and chat contexts derive from are made once and
# kept beside the data: a new key per start would hide every user's todos.
key_file() { # name -> prints the key, creating it (mode 0600) on first use
  local f=$RUN/$1.key
  if [[ ! -s $f ]]; then
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$f.tmp" && mv "$f.tmp" "$f")
  fi
  chmod 600 "$f"
  cat "$f"
}

if [[ -z ${BUILD_DIR:-} ]]; then
  scripts/install-deps.sh --runtime
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target todo-svc chat-svc gateway >/dev/null
fi
mkdir -p "$RUN"
chmod 700 "$RUN"
stop
GATEWAY_ID_KEY=$(key_file gateway-id)
CHAT_CONTEXT_KEY=$(key_file chat-context)
export GATEWAY_ID_KEY CHAT_CONTEXT_KEY

start() { # name args...
  local name=$1; shift
  : >"$RUN/$name.log"
  # Detached from this terminal: no stdin, stdout and stderr to the log.
  setsid "$BUILD/bin/$name" "$@" </dev/null >>"$RUN/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
  for _ in $(seq 1 100); do
    grep -q "^listening on" "$RUN/$name.log" 2>/dev/null && return 0
    kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null || { cat "$RUN/$name.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "$name did not start; see $RUN/$name.log" >&2
  exit 1
}
metrics() { # port -> a loopback metrics address, or off for port "off"
  if [[ $1 == off ]]; then echo off; else echo "127.0.0.1:$1"; fi
}
start todo-svc --listen "127.0.0.1:$TODO_PORT" --db "$RUN/todos.db" \
  --metrics-listen "$(metrics "${TODO_METRICS_PORT:-9090}")"
todo_addr=$(sed -n 's/^listening on //p' "$RUN/todo-svc.log" | head -n 1)
start chat-svc --listen "127.0.0.1:$CHAT_PORT" --todo-addr "$todo_addr" \
  --metrics-listen "$(metrics "${CHAT_METRICS_PORT:-9091}")"
chat_addr=$(sed -n 's/^listening on //p' "$RUN/chat-svc.log" | head -n 1)
start gateway --listen "0.0.0.0:$PORT" --todo-addr "$todo_addr" --chat-addr "$chat_addr" \
  --ui-dir ui --metrics-listen "$(metrics "$METRICS_PORT")"
echo "todo-chatbot is running: open http://localhost:$PORT  (logs in $RUN/, stop with: make stop)"
