# In-cluster load generator (values loadgen.*, skaffold profile `loadgen`):
# USERS simulated people spread over PODS pods (this one is number
# JOB_COMPLETION_INDEX), each a loop that lists, adds, completes
# and deletes todos and chats, with THINK_MS between requests, for DURATION
# seconds, against the gateway Service. It runs in the gateway image: bash's
# /dev/tcp is the HTTP client (one HTTP/1.0 connection per request), so no
# other image is pulled. One line every 10 s: requests, answers that were not
# 2xx, failed connections. Exits non-zero when no request succeeded at all.
set -u
host=${GATEWAY_HOST:?} port=${GATEWAY_PORT:?} duration=${DURATION:?}
think_ms=${THINK_MS:?} pod=${JOB_COMPLETION_INDEX:-0} pods=${PODS:-1}
users=$((USERS / pods + (pod < USERS % pods)))
end=$((SECONDS + duration))
stats=${TMPDIR:-/tmp}/loadgen
mkdir -p "$stats"

# Sleep without a fork per request: read -t on a pipe nobody writes to.
exec {nap}<> <(:)
nap() { read -r -t "$1" -u "$nap" _ || true; }
think=$(printf '%d.%03d' $((think_ms / 1000)) $((think_ms % 1000)))

# request TOKEN METHOD PATH [JSON] -> STATUS (000: no connection); BODY only
# when WANT_BODY=1: bash reads a socket one byte per system call, so the other
# answers are closed after their status line (they are small and already sent).
request() {
  local tok=$1 method=$2 path=$3 body=${4-} line
  STATUS=000 BODY=
  { exec {c}<>"/dev/tcp/$host/$port"; } 2>/dev/null || return 1
  {
    printf '%s %s HTTP/1.0\r\nHost: %s\r\nAuthorization: Bearer %s\r\n' "$method" "$path" "$host" "$tok"
    if [ -n "$body" ]; then
      printf 'Content-Type: application/json\r\nContent-Length: %d\r\n' "${#body}"
    fi
    printf '\r\n%s' "$body"
  } >&"$c"
  if IFS= read -r -t 10 line <&"$c"; then
    line=${line#* }
    STATUS=${line%% *}
    if [ "${WANT_BODY:-0}" = 1 ]; then
      while IFS= read -r -t 10 line <&"$c" && [ -n "${line%$'\r'}" ]; do :; done
      IFS= read -r -d '' -t 10 BODY <&"$c"
    fi
  fi
  exec {c}<&-
  return 0
}

user() {
  local u=$1
  local tok="loadgen-${pod}-${u}-0123456789" n=0 ok=0 bad=0 down=0 r id
  local ids=() bool=(false true) re='"id": *"([^"]+)"'
  nap "0.$((RANDOM % 1000))"  # users do not all start in the same millisecond
  while ((SECONDS < end)); do
    r=$((RANDOM % 100))
    if ((r < 45)); then
      request "$tok" GET '/api/todos?status=all&limit=50'
    elif ((r < 65)); then
      WANT_BODY=1 request "$tok" POST /api/todos "{\"title\": \"load test $u #$n\", \"tags\": [\"loadgen\"], \"priority\": \"low\"}"
      if [[ $BODY =~ $re ]]; then ids+=("${BASH_REMATCH[1]}"); fi
    elif ((r < 80)) && ((${#ids[@]})); then
      request "$tok" PATCH "/api/todos/${ids[RANDOM % ${#ids[@]}]}" "{\"done\": ${bool[RANDOM % 2]}}"
    elif ((r < 85)) && ((${#ids[@]})); then
      id=${ids[0]}
      ids=("${ids[@]:1}")
      request "$tok" DELETE "/api/todos/$id"
    else
      request "$tok" POST /api/chat '{"message": "what is on my list?"}'
    fi
    n=$((n + 1))
    case $STATUS in
      2??) ok=$((ok + 1)) ;;
      000) down=$((down + 1)) ;;
      *) bad=$((bad + 1)) ;;
    esac
    # Keep each list person-sized.
    if ((${#ids[@]} > 20)); then
      request "$tok" DELETE "/api/todos/${ids[0]}"
      ids=("${ids[@]:1}")
    fi
    printf '%d %d %d\n' "$ok" "$bad" "$down" >"$stats/$u"
    nap "$think"
  done
}

total() {
  local f a b c
  OK=0 BAD=0 DOWN=0
  for f in "$stats"/*; do
    [ -f "$f" ] || continue
    read -r a b c <"$f" || continue
    OK=$((OK + a)) BAD=$((BAD + b)) DOWN=$((DOWN + c))
  done
}

echo "loadgen pod $pod: $users users for $duration s against http://$host:$port, ${think_ms} ms between requests"
for ((i = 0; i < users; i++)); do user "$i" & done
last=0
while ((SECONDS < end + 12)); do
  nap 10
  total
  echo "loadgen pod $pod: ${SECONDS} s: $((OK + BAD + DOWN)) requests ($(((OK + BAD + DOWN - last) / 10))/s), not 2xx $BAD, no connection $DOWN"
  last=$((OK + BAD + DOWN))
  [ -z "$(jobs -r)" ] && break
done
wait
total
echo "loadgen pod $pod: done: $OK answered 2xx, $BAD not 2xx, $DOWN without a connection"
[ "$OK" -gt 0 ]
