#include "gw_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "todo_cache_follower.h"
#include "gw_err.h"
#include "gw_json.h"
#include "log.h"
#include "metrics.h"
#include "xalloc.h"
#include "google/protobuf/field_mask.pb-c.h"

static void set_error(gw_api_resp_t *out, int tc_code, const char *message)
{
    const char *name;
    out->status = gw_err_status(tc_code, &name);
    /* An internal error's detail stays in the log, not in the response. */
    if (out->status == 500)
        message = "internal error";
    out->body = gw_err_body(name, message, &out->len);
}

/* For bodies the direct JSON writer produced (gw_json_*_string). */
static void set_body(gw_api_resp_t *out, int status, char *body, size_t len)
{
    out->status = status;
    out->body = body;
    out->len = len;
}

/* One upstream call by fn (rpc_client_call_into, or rpc_client_call_remove
 * for a delete: rpc_client.h says how each retries). */
static int upstream(const gw_api_t *api, rpc_client_call_fn fn, rpc_client_t *c, const char *method,
                    const ProtobufCMessage *in, tc_arena_t *arena, ProtobufCMessage **resp,
                    tc_status_t *st)
{
    ProtobufCAllocator mem = tc_arena_pb_allocator(arena);
    int rc = fn(c, method, in, &mem, resp, api->deadline_ms, st);
    if (rc != 0) {
        char labels[128];
        snprintf(labels, sizeof(labels), "method=\"%s\",code=\"%s\"", method, tc_errname(rc));
        tc_metrics_counter_add("gateway_upstream_errors_total", labels, 1);
        if (rc != TC_EINVAL && rc != TC_ENOTFOUND)
            LOG(LOG_WARN, "upstream call failed", "method", method, "code", tc_errname(rc),
                "detail", st->message);
    }
    return rc;
}

int gw_api_call(const gw_api_t *api, rpc_client_t *c, const char *method,
                const ProtobufCMessage *in, tc_arena_t *arena, ProtobufCMessage **resp,
                tc_status_t *st)
{
    return upstream(api, rpc_client_call_into, c, method, in, arena, resp, st);
}

static void todo_reply(const gw_api_t *api, const char *method, const ProtobufCMessage *in,
                       int ok_status, gw_api_resp_t *out, tc_arena_t *a)
{
    tc_status_t st;
    tc_status_clear(&st);
    ProtobufCMessage *resp = NULL;
    int rc = gw_api_call(api, api->todo, method, in, a, &resp, &st);
    if (rc != 0) {
        set_error(out, rc, st.message);
        return;
    }
    const Todo__V1__Todo *t = (const Todo__V1__Todo *)resp;
    if (ok_status == 201 && t->id && *t->id)
        out->location = tc_arena_printf(a, "/api/todos/%s", t->id);
    size_t len;
    char *body = gw_json_todo_string(t, &len);
    set_body(out, ok_status, body, len);
}

/* The cache key of a list query: every parameter (filters and sort
 * included: a list of one order or filter must never answer another)
 * length-prefixed, so no two queries share a key whatever bytes they hold;
 * absent differs from empty. */
static char *list_key(const gw_api_req_t *req)
{
    char *key = "";
    for (size_t i = 0; i < GW_JSON_Q_COUNT; i++) {
        const char *v = req->list.v[i];
        key = tc_arena_printf(req->arena, "%s%d:%s|", key, v ? (int)strlen(v) : -1, v ? v : "");
    }
    return key;
}

bool gw_api_list_cached(const gw_api_t *api, const gw_api_req_t *req, gw_api_resp_t *out)
{
    char *body;
    size_t len;
    if (!api->cache || !todo_cache_get(api->cache, req->user_id, list_key(req), &body, &len))
        return false;
    memset(out, 0, sizeof(*out));
    set_body(out, 200, body, len);
    return true;
}

static void do_list(const gw_api_t *api, const gw_api_req_t *req, gw_api_resp_t *out)
{
    tc_status_t st;
    tc_status_clear(&st);
    Todo__V1__ListTodosRequest in = TODO__V1__LIST_TODOS_REQUEST__INIT;
    in.user_id = (char *)req->user_id;
    int rc = gw_json_list_query(&req->list, req->arena, &in, &st);
    if (rc != 0) {
        set_error(out, rc, st.message);
        return;
    }
    uint64_t ticket = api->cache ? todo_cache_ticket(api->cache, req->user_id) : 0;
    ProtobufCMessage *resp = NULL;
    rc = gw_api_call(api, api->todo, "ListTodos", &in.base, req->arena, &resp, &st);
    if (rc != 0) {
        set_error(out, rc, st.message);
        return;
    }
    size_t len;
    char *body = gw_json_list_string((const Todo__V1__ListTodosResponse *)resp, &len);
    /* Kinds by status alone: sort and the due and priority filters only
     * order or narrow a status's todos. A reminder (EVENT_REMINDER) and a
     * completion that makes the next occurrence (UPDATED + CREATED open)
     * arrive as changes like any other. */
    if (api->cache && body)
        todo_cache_put(api->cache, req->user_id, list_key(req),
                       todo_cache_follower_status_kinds(in.status), ticket, body, len);
    set_body(out, 200, body, len);
}

static int parse_body(const gw_api_req_t *req, cJSON **obj, gw_api_resp_t *out)
{
    tc_status_t st;
    tc_status_clear(&st);
    int rc = gw_json_parse_object(req->body ? req->body : "", req->body_len, obj, &st);
    if (rc != 0)
        set_error(out, rc, st.message);
    return rc;
}

static void do_create(const gw_api_t *api, const gw_api_req_t *req, gw_api_resp_t *out)
{
    cJSON *obj;
    if (parse_body(req, &obj, out))
        return;
    tc_status_t st;
    tc_status_clear(&st);
    Todo__V1__Todo *todo = tc_arena_alloc(req->arena, sizeof(*todo));
    todo__v1__todo__init(todo);
    int rc = gw_json_to_create(obj, req->arena, todo, &st);
    cJSON_Delete(obj);
    if (rc != 0) {
        set_error(out, rc, st.message);
        return;
    }
    if (req->idempotency_key && strlen(req->idempotency_key) > 200) {
        set_error(out, TC_EINVAL, "Idempotency-Key: at most 200 bytes");
        return;
    }
    Todo__V1__CreateTodoRequest in = TODO__V1__CREATE_TODO_REQUEST__INIT;
    in.user_id = (char *)req->user_id;
    in.todo = todo;
    /* Always a request_id, so the RPC layer may retry the create on another
     * replica (one killed mid-call may have committed it): todo-svc answers
     * a repeat with the first todo. The client's Idempotency-Key when it sent
     * one, so its own retries are safe too; else a fresh one. */
    in.request_id = (char *)req->idempotency_key;
    if (!in.request_id) {
        in.request_id = tc_arena_alloc(req->arena, GW_IDENT_REQUEST_ID_LEN + 1);
        if (gw_ident_request_id(in.request_id) != 0) {
            set_error(out, TC_EINTERNAL, "no randomness for a request id");
            return;
        }
    }
    todo_reply(api, "CreateTodo", &in.base, 201, out, req->arena);
}

static void do_get(const gw_api_t *api, const gw_api_req_t *req, gw_api_resp_t *out)
{
    Todo__V1__GetTodoRequest in = TODO__V1__GET_TODO_REQUEST__INIT;
    in.user_id = (char *)req->user_id;
    in.id = (char *)req->route->todo_id;
    todo_reply(api, "GetTodo", &in.base, 200, out, req->arena);
}

static void do_patch(const gw_api_t *api, const gw_api_req_t *req, gw_api_resp_t *out)
{
    cJSON *obj;
    if (parse_body(req, &obj, out))
        return;
    tc_status_t st;
    tc_status_clear(&st);
    Todo__V1__Todo *todo = tc_arena_alloc(req->arena, sizeof(*todo));
    todo__v1__todo__init(todo);
    Google__Protobuf__FieldMask *mask = tc_arena_alloc(req->arena, sizeof(*mask));
    google__protobuf__field_mask__init(mask);
    int rc = gw_json_to_patch(obj, req->arena, todo, mask, &st);
    cJSON_Delete(obj);
    if (rc != 0) {
        set_error(out, rc, st.message);
        return;
    }
    todo->id = (char *)req->route->todo_id;
    Todo__V1__UpdateTodoRequest in = TODO__V1__UPDATE_TODO_REQUEST__INIT;
    in.user_id = (char *)req->user_id;
    in.todo = todo;
    in.update_mask = mask;
    todo_reply(api, "UpdateTodo", &in.base, 200, out, req->arena);
}

static void do_delete(const gw_api_t *api, const gw_api_req_t *req, gw_api_resp_t *out)
{
    tc_status_t st;
    tc_status_clear(&st);
    Todo__V1__DeleteTodoRequest in = TODO__V1__DELETE_TODO_REQUEST__INIT;
    in.user_id = (char *)req->user_id;
    in.id = (char *)req->route->todo_id;
    ProtobufCMessage *resp = NULL;
    /* Retried like the reads; a NOT_FOUND after an attempt whose outcome is
     * unknown is a 204: the todo is gone, as asked (rpc_client.h). */
    int rc = upstream(api, rpc_client_call_remove, api->todo, "DeleteTodo", &in.base, req->arena,
                      &resp, &st);
    if (rc != 0) {
        set_error(out, rc, st.message);
        return;
    }
    out->status = 204;
}

static void do_chat(const gw_api_t *api, const gw_api_req_t *req, gw_api_resp_t *out)
{
    cJSON *obj;
    if (parse_body(req, &obj, out))
        return;
    tc_status_t st;
    tc_status_clear(&st);
    Chat__V1__ConverseRequest in = CHAT__V1__CONVERSE_REQUEST__INIT;
    int rc = gw_json_to_chat(obj, req->arena, &in, &st);
    cJSON_Delete(obj);
    if (rc != 0) {
        set_error(out, rc, st.message);
        return;
    }
    in.user_id = (char *)req->user_id;
    ProtobufCMessage *resp = NULL;
    rc = gw_api_call(api, api->chat, "Converse", &in.base, req->arena, &resp, &st);
    if (rc != 0) {
        set_error(out, rc, st.message);
        return;
    }
    size_t len;
    char *body = gw_json_chat_reply_string((const Chat__V1__ConverseResponse *)resp, &len);
    set_body(out, 200, body, len);
}

static void do_healthz(const gw_api_t *api, const gw_api_req_t *req, gw_api_resp_t *out)
{
    (void)api;
    (void)req;
    set_body(out, 200, xstrdup("{\"status\":\"ok\"}"), 15);
}

static void do_readyz(const gw_api_t *api, const gw_api_req_t *req, gw_api_resp_t *out)
{
    (void)req;
    char why[128] = "";
    if (gw_ready_check(api->ready, why, sizeof(why)))
        set_body(out, 200, xstrdup("{\"status\":\"ready\"}"), 18);
    else
        gw_api_fail(out, 503, why[0] ? why : "not ready");
}

/* Before a stream opens: a watch on a backend that is down would open and
 * end at once, over and over; a 503 instead makes the browser back off (and
 * says why). 500 ms from queueing. */
static void do_events(const gw_api_t *api, const gw_api_req_t *req, gw_api_resp_t *out)
{
    tc_status_t st;
    tc_status_clear(&st);
    int left = 500 - req->waited_ms;
    int rc = left > 0 ? rpc_client_health_check(api->todo, "", left, &st) : TC_EDEADLINE;
    if (rc != 0) {
        char labels[96];
        snprintf(labels, sizeof(labels), "method=\"WatchTodos\",code=\"%s\"", tc_errname(rc));
        tc_metrics_counter_add("gateway_upstream_errors_total", labels, 1);
        gw_api_fail(out, 503, "todo-svc is unavailable");
    }
}

enum {
    API = GW_RF_IDENTITY | GW_RF_POOLED | GW_RF_UPSTREAM, /* one todo-svc or chat-svc call */
    BODY = GW_RF_BODY,
    WRITES = GW_RF_WRITES,
};

/* The contract's routes ("HTTP (gateway)"); gw_route.h says how they match. */
const gw_route_row_t gw_routes[] = {
    {"GET", "/api/todos", "/api/todos", API | GW_RF_CACHEABLE, do_list},
    {"POST", "/api/todos", "/api/todos", API | BODY | WRITES, do_create},
    {"GET", "/api/todos/{id}", "/api/todos/{id}", API, do_get},
    {"PATCH", "/api/todos/{id}", "/api/todos/{id}", API | BODY | WRITES, do_patch},
    {"DELETE", "/api/todos/{id}", "/api/todos/{id}", API | WRITES, do_delete},
    {"POST", "/api/chat", "/api/chat", API | BODY | WRITES, do_chat},
    {"GET", "/api/events", "/api/events", GW_RF_IDENTITY | GW_RF_POOLED | GW_RF_STREAM, do_events},
    {NULL, "/api", "not_found", 0, NULL},
    {NULL, "/api/*", "not_found", 0, NULL},
    {"GET", "/healthz", "/healthz", 0, do_healthz},
    {"GET", "/readyz", "/readyz", GW_RF_POOLED, do_readyz},
    {"GET", "/*", "static", GW_RF_FILE, NULL},
    {NULL, NULL, NULL, 0, NULL},
};

void gw_api_fail(gw_api_resp_t *out, int status, const char *message)
{
    free(out->body);
    memset(out, 0, sizeof(*out));
    out->status = status;
    out->body = gw_err_body(gw_err_code_for_status(status), message, &out->len);
}

void gw_api_handle(const gw_api_t *api, const gw_api_req_t *req, gw_api_resp_t *out)
{
    memset(out, 0, sizeof(*out));
    const gw_route_row_t *row = req->route->row;
    if (row && row->handler)
        row->handler(api, req, out);
    else
        set_error(out, TC_ENOTFOUND, "no such route");
    unsigned flags = gw_route_flags(req->route);
    /* Whatever the outcome (a timed-out write may still have committed),
     * this user's cached lists may be stale after a write or a chat turn. */
    if (api->cache && (flags & GW_RF_WRITES))
        todo_cache_invalidate(api->cache, req->user_id, TODO_CACHE_ALL);
    if (out->status == 0 && (flags & GW_RF_STREAM))
        return;
    if (out->status != 204 && !out->body)
        set_error(out, TC_EINTERNAL, NULL);
}
