# End-to-end check of a running release through the gateway, run by
# `helm test` inside the gateway image (bash's /dev/tcp is the HTTP client, so
# no extra image is needed). Needs GATEWAY_HOST, GATEWAY_PORT and TEST_TOKEN.
# Exits non-zero with one line naming the step that failed.
set -u
host=${GATEWAY_HOST:?} port=${GATEWAY_PORT:?} token=${TEST_TOKEN:?}

fail() { echo "FAIL: $*" >&2; exit 1; }

# request METHOD PATH [JSON] -> sets STATUS and BODY. HTTP/1.0, so the reply
# is never chunked and the server closes the connection when done.
request() {
  local method=$1 path=$2 body=${3-} resp
  exec 3<>"/dev/tcp/$host/$port" || { STATUS=000; BODY=; return 1; }
  {
    printf '%s %s HTTP/1.0\r\nHost: %s:%s\r\nAuthorization: Bearer %s\r\n' "$method" "$path" "$host" "$port" "$token"
    if [ -n "$body" ]; then
      printf 'Content-Type: application/json\r\nContent-Length: %d\r\n' "${#body}"
    fi
    printf '\r\n%s' "$body"
  } >&3
  resp=$(timeout 10 cat <&3)
  exec 3<&-
  STATUS=$(printf '%s' "$resp" | head -n 1 | cut -d ' ' -f 2)
  BODY=${resp#*$'\r\n\r\n'}
}

# 1. Readiness: both backends answer health checks (retry while pods start).
for i in $(seq 1 30); do
  request GET /readyz && [ "$STATUS" = 200 ] && break
  [ "$i" = 30 ] && fail "GET /readyz answered ${STATUS:-nothing} for 60 s"
  sleep 2
done
echo "ok: /readyz 200"

# 2. Create a todo.
title="helm test $(date +%s)-$$"
request POST /api/todos "{\"title\": \"$title\", \"tags\": [\"helm-test\"]}"
[ "$STATUS" = 201 ] || fail "POST /api/todos answered $STATUS: $BODY"
id=$(printf '%s' "$BODY" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p')
[ -n "$id" ] || fail "POST /api/todos returned no id: $BODY"
echo "ok: created todo $id"

# 3. List: the new todo is there.
request GET "/api/todos?status=all&tag=helm-test"
[ "$STATUS" = 200 ] || fail "GET /api/todos answered $STATUS: $BODY"
case $BODY in *"\"$id\""*) ;; *) fail "GET /api/todos does not list $id: $BODY" ;; esac
echo "ok: listed"

# 4. Chat: the conversation engine answers through the gateway.
request POST /api/chat '{"message": "show my todos", "timezone": "UTC"}'
[ "$STATUS" = 200 ] || fail "POST /api/chat answered $STATUS: $BODY"
case $BODY in *'"reply"'*) ;; *) fail "POST /api/chat has no reply: $BODY" ;; esac
echo "ok: chat replied"

# 5. Clean up.
request DELETE "/api/todos/$id"
[ "$STATUS" = 204 ] || fail "DELETE /api/todos/$id answered $STATUS"
echo "ok: deleted; gateway end to end passed"
