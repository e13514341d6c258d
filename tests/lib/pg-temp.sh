#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: a real server (Debian `postgresql`),
# never a mock. initdb refuses to run as root, so as root the server runs as
# the `postgres` system user on a folder that user owns.
#
#   tests/lib/pg-temp.sh start DIR   # prints the connection URI on stdout
#   tests/lib/pg-temp.sh stop DIR
#   tests/lib/pg-temp.sh pause DIR [immediate|fast]  # server down, data and port kept
#   tests/lib/pg-temp.sh resume DIR                  # up again on the same data and port
#   tests/lib/pg-temp.sh createdb DIR NAME           # another empty database; prints its URI
#   tests/lib/pg-temp.sh freeze DIR | thaw DIR       # SIGSTOP / SIGCONT the server's processes
#   tests/lib/pg-temp.sh psql DIR SQL                # runs SQL on database todos, prints rows
#
# DIR must not exist yet for start (it is created); the port is a free one.
# pause stops the server like a crash by default (`-m immediate`: clients see
# their connections drop); resume waits until it accepts connections again.
# freeze is a server that stops answering without closing anything (a hung
# host or a network partition): connections stay open, nothing comes back.
# Exit status 77 ("skip") when no PostgreSQL server is installed.
set -euo pipefail
cmd=${1:?start|stop|pause|resume|createdb|freeze|thaw|psql}
dir=${2:?DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z $bin || ! -x $bin/initdb ]]; then
  echo "pg-temp: no PostgreSQL server installed (apt-get install postgresql)" >&2
  exit 77
fi
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
pg_start() { # PORT
  as_owner "'$bin/pg_ctl' -D '$dir/data' -o \"-p $1 -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off\" -l '$dir/log' -w start >/dev/null"
}
case $cmd in
start)
  mkdir -p "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "'$bin/initdb' -D '$dir/data' -A trust -U todo -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
  pg_start "$port"
  as_owner "'$bin/createdb' -h 127.0.0.1 -p $port -U todo todos"
  echo "$port" >"$dir/port"
  echo "postgresql://todo@127.0.0.1:$port/todos"
  ;;
pause)
  mode=${3:-immediate}
  [[ $mode == immediate || $mode == fast ]] || { echo "pg-temp: pause DIR [immediate|fast]" >&2; exit 2; }
  as_owner "'$bin/pg_ctl' -D '$dir/data' -m $mode stop >/dev/null"
  ;;
resume)
  pg_start "$(cat "$dir/port")"
  ;;
createdb)
  name=${3:?createdb DIR NAME}
  port=$(cat "$dir/port")
  as_owner "'$bin/createdb' -h 127.0.0.1 -p $port -U todo '$name'"
  echo "postgresql://todo@127.0.0.1:$port/$name"
  ;;
freeze | thaw)
  pid=$(head -1 "$dir/data/postmaster.pid")
  sig=$([[ $cmd == freeze ]] && echo STOP || echo CONT)
  # The postmaster first on freeze (no new backends), last on thaw.
  pids="$pid $(ps -o pid= --ppid "$pid" | tr '\n' ' ')"
  [[ $cmd == thaw ]] && pids="$(ps -o pid= --ppid "$pid" | tr '\n' ' ') $pid"
  kill -s "$sig" $pids
  ;;
psql)
  sql=${3:?psql DIR SQL}
  port=$(cat "$dir/port")
  psql=$bin/psql
  [[ -x $psql ]] || psql=psql
  "$psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U todo -d todos -c "$sql"
  ;;
stop)
  [[ -d $dir/data ]] && as_owner "'$bin/pg_ctl' -D '$dir/data' -m immediate stop >/dev/null 2>&1" || true
  rm -rf "$dir"
  ;;
*) echo "pg-temp: start|stop|pause|resume|createdb|freeze|thaw|psql" >&2; exit 2 ;;
esac
