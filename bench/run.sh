#!/usr/bin/env bash
# Benchmark by hand (not a test): builds Release in build-release, starts
# todo-svc (file DB) + chat-svc + gateway on loopback, seeds realistic data,
# runs wrk at 100 connections against GET/POST/PATCH /api/todos and
# POST /api/chat, and nginx serving the same list JSON as a static file as
# the ceiling for one HTTP request on this machine. Prints req/s, p50/p99,
# the ratio to nginx, errors, and each process's peak RSS (VmHWM).
#
#   bench/run.sh [SECONDS per endpoint (10)] [CONNECTIONS (100)]
#   BENCH_NO_BUILD=1 bench/run.sh   # reuse build-release as it is
#   BENCH_PERF=1 bench/run.sh       # also perf-record each process during the runs
#   BENCH_ONLY="nginx chat" bench/run.sh   # only these rows (nginx list list-nocache create patch chat)
#   BENCH_KEEP_WRK=DIR bench/run.sh # keep wrk's full output (latency distribution) in DIR
set -euo pipefail
DUR=${1:-10}
CONNS=${2:-100}
THREADS=${BENCH_THREADS:-2}
source "$(dirname "$0")/stack.sh"
trap bench_cleanup EXIT
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing (scripts/install-deps.sh installs it)"; exit 1; }
done

[[ -n ${BENCH_NO_BUILD:-} ]] || { echo "bench: building Release in $BENCH_BUILD"; bench_build; }
bench_stack
export BENCH_TOKEN=benchuser0123456789abcdef
export BENCH_IDS=$BENCH_TMP/ids
echo "bench: stack up (gateway $BENCH_ADDR_gateway, todo-svc $BENCH_ADDR_todo_svc${BENCH_ADDR_chat_svc:+, chat-svc $BENCH_ADDR_chat_svc}); seeding 200 todos"
bench_seed "$BENCH_TOKEN" 200

# nginx: the same JSON the list endpoint returns, as a static file.
chmod 755 "$BENCH_TMP"
mkdir -p "$BENCH_TMP/www/api"
curl -s -H "Authorization: Bearer $BENCH_TOKEN" "http://$BENCH_ADDR_gateway/api/todos?status=all&limit=50" >"$BENCH_TMP/www/api/todos"
chmod -R a+rX "$BENCH_TMP/www"
NGINX_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$BENCH_TMP/nginx.conf" <<NGINX
worker_processes auto;
daemon off;
pid $BENCH_TMP/nginx.pid;
error_log $BENCH_TMP/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $BENCH_TMP/www;
  }
}
NGINX
nginx -c "$BENCH_TMP/nginx.conf" -p "$BENCH_TMP" &
BENCH_PIDS+=("$!")
BENCH_PID[nginx]=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$NGINX_PORT/api/todos" >/dev/null && break; sleep 0.1; done

to_ms() { # "1.23ms" / "456.00us" / "1.20s" -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# CPU time (user+sys, clock ticks) a process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
TICK=$(getconf CLK_TCK)

declare -A RPS P50 P99 ERR CPU
run_wrk() { # name url script [gateway process name]
  local name=$1 url=$2 script=$3 out=$BENCH_TMP/wrk-$1.txt gw=${4:-gateway}
  [[ -z ${BENCH_ONLY:-} || " $BENCH_ONLY " == *" $name "* ]] || return 0
  local svc before=()
  for svc in "$gw" todo-svc chat-svc; do before+=("$(cpu_ticks "${BENCH_PID[$svc]:-0}")"); done
  local perf_pid=
  if [[ -n ${BENCH_PERF:-} ]]; then
    perf record -g -o "$BENCH_TMP/perf-$name.data" -p "$(IFS=,; echo "${BENCH_PIDS[*]:0:3}")" -- sleep "$DUR" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency -s "$BENCH_ROOT/bench/$script" "$url" >"$out" 2>&1
  [[ -n ${BENCH_KEEP_WRK:-} ]] && cp "$out" "$BENCH_KEEP_WRK/wrk-$name.txt"
  [[ -n $perf_pid ]] && wait "$perf_pid" && cp "$BENCH_TMP/perf-$name.data" "${BENCH_PERF_DIR:-/tmp}/perf-$name.data"
  RPS[$name]=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$out")
  P50[$name]=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  P99[$name]=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  local non2xx sock
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$out")
  sock=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' "$out")
  ERR[$name]=$(( ${non2xx:-0} + ${sock:-0} ))
  # CPU microseconds per request in each of our processes: a figure that,
  # unlike req/s, does not depend on what else the machine is doing.
  local total i=0 cpu=
  total=$(awk '/requests in/ {print $1}' "$out")
  if [[ $name != nginx ]]; then
    for svc in "$gw" todo-svc chat-svc; do
      if [[ -n ${BENCH_PID[$svc]:-} ]]; then
        cpu+="${cpu:+ / }$(awk -v a="${before[$i]}" -v b="$(cpu_ticks "${BENCH_PID[$svc]}")" -v t="$TICK" -v n="$total" 'BEGIN { printf "%.0f", n ? (b - a) * 1e6 / t / n : 0 }')"
      fi
      i=$((i + 1))
    done
  fi
  CPU[$name]=${cpu:--}
  echo "bench: $name: ${RPS[$name]} req/s, p50 ${P50[$name]} ms, p99 ${P99[$name]} ms, errors ${ERR[$name]}, CPU us/req ${CPU[$name]}"
}

GW=http://$BENCH_ADDR_gateway
run_wrk nginx "http://127.0.0.1:$NGINX_PORT" static.lua
run_wrk list "$GW" list.lua
bench_gateway_nocache
run_wrk list-nocache "http://$BENCH_ADDR_gateway_nocache" list.lua gateway-nocache
run_wrk create "$GW" create.lua
run_wrk patch "$GW" patch.lua
if [[ -n ${BENCH_ADDR_chat_svc:-} ]]; then run_wrk chat "$GW" chat.lua; fi

echo
echo "## todo-chatbot benchmark: $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg), wrk -t$THREADS -c$CONNS -d${DUR}s, $(git -C "$BENCH_ROOT" rev-parse --short HEAD)"
echo
printf '| %-28s | %9s | %8s | %8s | %8s | %6s | %-22s |\n' endpoint "req/s" "p50 ms" "p99 ms" "x nginx" errors "CPU us/req gw/todo${BENCH_ADDR_chat_svc:+/chat}"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' ------------------------------ ----------- ---------- ---------- ---------- -------- ------------------------
for name in nginx list list-nocache create patch chat; do
  [[ -n ${RPS[$name]:-} ]] || continue
  label=$name
  case $name in
    nginx) label="nginx static (same JSON)" ;;
    list) label="GET /api/todos (50 of 200)" ;;
    list-nocache) label="  same, list cache off" ;;
    create) label="POST /api/todos" ;;
    patch) label="PATCH /api/todos/ID" ;;
    chat) label="POST /api/chat" ;;
  esac
  ratio=$(awk -v a="${RPS[$name]}" -v b="${RPS[nginx]}" 'BEGIN { printf "%.2f", b ? a / b : 0 }')
  printf '| %-28s | %9s | %8s | %8s | %8s | %6s | %-22s |\n' "$label" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}" "$ratio" "${ERR[$name]}" "${CPU[$name]}"
done
echo
echo "peak RSS (VmHWM): todo-svc $(bench_hwm "${BENCH_PID[todo-svc]}") MiB, ${BENCH_PID[chat-svc]:+chat-svc $(bench_hwm "${BENCH_PID[chat-svc]}") MiB, }gateway $(bench_hwm "${BENCH_PID[gateway]}") MiB (cache off: $(bench_hwm "${BENCH_PID[gateway-nocache]}") MiB), nginx master $(bench_hwm "${BENCH_PID[nginx]}") MiB"
echo "todos in the database after the run: $(curl -s -H "Authorization: Bearer $BENCH_TOKEN" "$GW/api/todos?status=all&limit=500" | grep -o '"id"' | wc -l) (first page of 500)"
