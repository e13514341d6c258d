#!/usr/bin/env bash
# Benchmark by hand (not a test): builds Release in build-release, starts
# todo-svc (file DB) + chat-svc + gateway on loopback, seeds realistic data,
# runs wrk at 100 connections against GET/POST/PATCH /api/todos and
# POST /api/chat, and nginx serving the same list JSON as a static file as
# the ceiling for one HTTP request on this machine. Prints req/s, p50/p99,
# the ratio to nginx, errors, and each process's peak RSS (VmHWM).
#
# Then the store rows, SQLite and PostgreSQL side by side: a fresh todo-svc
# on each engine behind a gateway without the list cache, one user with
# 20,000 todos (BENCH_STORE_TODOS) and one with 20: uncached list, create,
# patch, and search (matching 5 todos, and matching none) for both users.
# PostgreSQL is a throwaway server from tests/lib/pg-temp.sh.
#
#   bench/run.sh [SECONDS per endpoint (10)] [CONNECTIONS (100)]
#   BENCH_NO_BUILD=1 bench/run.sh   # reuse build-release as it is
#   BENCH_PERF=1 bench/run.sh       # also perf-record each process during the runs
#   BENCH_ONLY="nginx chat" bench/run.sh   # only these rows (nginx list list-nocache create patch chat
#                                   # store-list store-create store-patch search-few search-few-20
#                                   # search-none search-none-20)
#   BENCH_ENGINES=sqlite bench/run.sh      # store rows of these engines only (sqlite postgres)
#   BENCH_KEEP_WRK=DIR bench/run.sh # keep wrk's full output (latency distribution) in DIR
set -euo pipefail
DUR=${1:-10}
CONNS=${2:-100}
THREADS=${BENCH_THREADS:-2}
MAIN_ROWS="nginx list list-nocache create patch chat"
STORE_ROWS="store-list store-create store-patch search-few search-few-20 search-none search-none-20"
source "$(dirname "$0")/stack.sh"
trap bench_cleanup EXIT
for tool in wrk nginx curl node; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing (scripts/install-deps.sh installs it)"; exit 1; }
done

# selected ROW: BENCH_ONLY is unset or names ROW.
selected() { [[ -z ${BENCH_ONLY:-} || " $BENCH_ONLY " == *" $1 "* ]]; }
any_selected() {
  local row
  for row in "$@"; do selected "$row" && return 0; done
  return 1
}

[[ -n ${BENCH_NO_BUILD:-} ]] || { echo "bench: building Release in $BENCH_BUILD"; bench_build; }
to_ms() { # "1.23ms" / "456.00us" / "1.20s" -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# CPU time (user+sys, clock ticks) a process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# The same for a process and its children (PostgreSQL: the postmaster and
# its backends, which the connection pools keep open during a run).
cpu_ticks_tree() {
  local pid total=0
  for pid in "$1" $(ps -o pid= --ppid "$1" 2>/dev/null); do total=$((total + $(cpu_ticks "$pid"))); done
  echo "$total"
}
svc_ticks() { # name in BENCH_PID
  if [[ $1 == postgres ]]; then cpu_ticks_tree "${BENCH_PID[$1]:-0}"; else cpu_ticks "${BENCH_PID[$1]:-0}"; fi
}
TICK=$(getconf CLK_TCK)

declare -A RPS P50 P99 ERR CPU
run_wrk() { # name ([ENGINE/]ROW) url script [gateway process name]
  local name=$1 url=$2 script=$3 out=$BENCH_TMP/wrk-${1//\//-}.txt gw=${4:-gateway}
  selected "${name#*/}" || return 0
  local svc before=()
  for svc in "$gw" todo-svc chat-svc postgres; do before+=("$(svc_ticks "$svc")"); done
  local perf_pid=
  if [[ -n ${BENCH_PERF:-} ]]; then
    perf record -g -o "$BENCH_TMP/perf-${name//\//-}.data" -p "$(IFS=,; echo "${BENCH_PIDS[*]:0:3}")" -- sleep "$DUR" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency -s "$BENCH_ROOT/bench/$script" "$url" >"$out" 2>&1
  [[ -n ${BENCH_KEEP_WRK:-} ]] && cp "$out" "$BENCH_KEEP_WRK/"
  [[ -n $perf_pid ]] && wait "$perf_pid" && cp "$BENCH_TMP/perf-${name//\//-}.data" "${BENCH_PERF_DIR:-/tmp}/perf-${name//\//-}.data"
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
    for svc in "$gw" todo-svc chat-svc postgres; do
      if [[ -n ${BENCH_PID[$svc]:-} ]]; then
        cpu+="${cpu:+ / }$(awk -v a="${before[$i]}" -v b="$(svc_ticks "$svc")" -v t="$TICK" -v n="$total" 'BEGIN { printf "%.0f", n ? (b - a) * 1e6 / t / n : 0 }')"
      fi
      i=$((i + 1))
    done
  fi
  CPU[$name]=${cpu:--}
  echo "bench: $name: ${RPS[$name]} req/s, p50 ${P50[$name]} ms, p99 ${P99[$name]} ms, errors ${ERR[$name]}, CPU us/req ${CPU[$name]}"
}

# The rows through the whole stack (file database, 200 todos).
main_rows() {
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
  ratio=$(awk -v a="${RPS[$name]}" -v b="${RPS[nginx]:-0}" 'BEGIN { printf "%.2f", b ? a / b : 0 }')
  printf '| %-28s | %9s | %8s | %8s | %8s | %6s | %-22s |\n' "$label" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}" "$ratio" "${ERR[$name]}" "${CPU[$name]}"
done
echo
echo "peak RSS (VmHWM): todo-svc $(bench_hwm "${BENCH_PID[todo-svc]}") MiB, ${BENCH_PID[chat-svc]:+chat-svc $(bench_hwm "${BENCH_PID[chat-svc]}") MiB, }gateway $(bench_hwm "${BENCH_PID[gateway]}") MiB (cache off: $(bench_hwm "${BENCH_PID[gateway-nocache]}") MiB), nginx master $(bench_hwm "${BENCH_PID[nginx]}") MiB"
echo "todos in the database after the run: $(curl -s -H "Authorization: Bearer $BENCH_TOKEN" "$GW/api/todos?status=all&limit=500" | grep -o '"id"' | wc -l) (first page of 500)"
}

# ---- the store rows: SQLite and PostgreSQL side by side ----

STORE_TODOS=${BENCH_STORE_TODOS:-20000}
STORE_BIG=benchstorebig0123456789abcdef
STORE_SMALL=benchstoresmall0123456789abcd
SEARCH_FEW=consulate         # in 5 todos of each user (bench/seed.js)
SEARCH_NONE="milk appointment" # words each in 1/8 of the todos, never together

# store_rows ENGINE: todo-svc on ENGINE behind a gateway without the list
# cache, seeded, then the store rows as ENGINE/ROW. Non-zero when the engine
# cannot run here (the reason on stdout).
store_rows() {
  local engine=$1 db
  case $engine in
    sqlite) db=$BENCH_TMP/store.db ;;
    postgres)
      chmod 755 "$BENCH_TMP"
      db=$("$BENCH_ROOT/tests/lib/pg-temp.sh" start "$BENCH_TMP/pg") || {
        echo "bench: postgres rows skipped: no PostgreSQL server here (tests/lib/pg-temp.sh exit $?)"
        return 1
      }
      BENCH_PG_DIR=$BENCH_TMP/pg
      BENCH_PID[postgres]=$(head -1 "$BENCH_PG_DIR/data/postmaster.pid")
      ;;
    *) echo "bench: unknown engine $engine (sqlite postgres)"; return 1 ;;
  esac
  bench_start todo-svc --listen 127.0.0.1:0 --db "$db" --metrics-listen off || {
    echo "bench: $engine rows skipped: todo-svc does not start with --db $db"
    return 1
  }
  GATEWAY_ID_KEY=bench-key LOG_LEVEL=warn bench_start gateway --listen 127.0.0.1:0 \
    --todo-addr "$BENCH_ADDR_todo_svc" --chat-addr "$BENCH_ADDR_todo_svc" --ui-dir "$BENCH_ROOT/ui" \
    --list-cache-mb 0 --metrics-listen off || return 1
  local gw=http://$BENCH_ADDR_gateway t0=$SECONDS
  node "$BENCH_ROOT/bench/seed.js" "$gw" "$STORE_BIG" "$STORE_TODOS" "$BENCH_TMP/ids-big" || return 1
  node "$BENCH_ROOT/bench/seed.js" "$gw" "$STORE_SMALL" 20 || return 1
  echo "bench: $engine: seeded $STORE_TODOS + 20 todos in $((SECONDS - t0)) s"
  export BENCH_TOKEN=$STORE_BIG BENCH_IDS=$BENCH_TMP/ids-big
  run_wrk "$engine/store-list" "$gw" list.lua
  run_wrk "$engine/store-create" "$gw" create.lua
  run_wrk "$engine/store-patch" "$gw" patch.lua
  export BENCH_QUERY=$SEARCH_FEW
  run_wrk "$engine/search-few" "$gw" search.lua
  export BENCH_QUERY=$SEARCH_NONE
  run_wrk "$engine/search-none" "$gw" search.lua
  export BENCH_TOKEN=$STORE_SMALL BENCH_QUERY=$SEARCH_FEW
  run_wrk "$engine/search-few-20" "$gw" search.lua
  export BENCH_QUERY=$SEARCH_NONE
  run_wrk "$engine/search-none-20" "$gw" search.lua
  echo "bench: $engine: peak RSS todo-svc $(bench_hwm "${BENCH_PID[todo-svc]}") MiB"
  unset 'BENCH_PID[postgres]'
}

store_table() {
  local engines=("$@") e row label
  echo
  echo "## store rows: $(date -u +%FT%TZ), load average $(cut -d" " -f1-3 /proc/loadavg), wrk -t$THREADS -c$CONNS -d${DUR}s, $(git -C "$BENCH_ROOT" rev-parse --short HEAD); req/s, p50 / p99 ms, CPU us/req gw/todo (/postgres: server processes)"
  echo
  local head="| endpoint ($STORE_TODOS todos unless noted) |" rule="|---|"
  for e in "${engines[@]}"; do head+=" $e req/s | p50 / p99 ms | CPU |"; rule+="---|---|---|"; done
  echo "$head"
  echo "$rule"
  for row in $STORE_ROWS; do
    case $row in
      store-list) label="GET /api/todos (first 50), no cache" ;;
      store-create) label="POST /api/todos" ;;
      store-patch) label="PATCH /api/todos/ID" ;;
      search-few) label="search q=$SEARCH_FEW (5 match)" ;;
      search-none) label="search q=$SEARCH_NONE (none)" ;;
      search-few-20) label="  same, user with 20 todos" ;;
      search-none-20) label="  same (none), user with 20 todos" ;;
    esac
    local line="| $label |" any=
    for e in "${engines[@]}"; do
      if [[ -n ${RPS[$e/$row]:-} ]]; then
        any=1
        local errs=
        [[ ${ERR[$e/$row]} == 0 ]] || errs=" (${ERR[$e/$row]} errors)"
        line+=" ${RPS[$e/$row]}$errs | ${P50[$e/$row]} / ${P99[$e/$row]} | ${CPU[$e/$row]} |"
      else
        line+=" - | - | - |"
      fi
    done
    if [[ -n $any ]]; then echo "$line"; fi
  done
}

if any_selected $MAIN_ROWS; then main_rows; fi
if any_selected $STORE_ROWS; then
  bench_stop
  unset 'BENCH_PID[chat-svc]'
  ran=()
  for engine in ${BENCH_ENGINES:-sqlite postgres}; do
    store_rows "$engine" && ran+=("$engine")
    bench_stop
  done
  if [[ ${#ran[@]} -gt 0 ]]; then store_table "${ran[@]}"; fi
fi
