/* gw_json: the one module that maps between the HTTP API's JSON and the
 * protobuf messages (and the list query string). Times are RFC 3339 UTC,
 * priorities "none|low|medium|high", unset times are null. Validation errors
 * are TC_EINVAL with a message that names the field. */
#ifndef GW_JSON_H
#define GW_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "tc_err.h"
#include "chat/v1/chat.pb-c.h"
#include "todo/v1/todo.pb-c.h"

#define GW_JSON_TITLE_MAX   500
#define GW_JSON_NOTES_MAX   10000
#define GW_JSON_TAGS_MAX    20
#define GW_JSON_TAG_MAX     50
#define GW_JSON_MESSAGE_MAX 2000
#define GW_JSON_CONTEXT_MAX 16384

/* Parses body (n bytes, not necessarily NUL-terminated) as one JSON object.
 * On success *out is a new tree the caller frees with cJSON_Delete. Errors
 * (TC_EINVAL, st set): bad UTF-8, malformed JSON, not an object. */
int gw_json_parse_object(const char *body, size_t n, cJSON **out, tc_status_t *st);

/* Fills todo (already initialised with TODO__V1__TODO__INIT) from a
 * POST /api/todos body {title, notes?, due?, priority?, tags?, recurrence?,
 * time_zone?, remind_at?}. Strings and sub-messages are allocated in a.
 * Unknown fields and wrong types are TC_EINVAL; whether a recurrence rule or
 * a time zone is valid is todo-svc's to say. */
int gw_json_to_create(const cJSON *obj, tc_arena_t *a, Todo__V1__Todo *todo, tc_status_t *st);

/* Fills todo and mask (both initialised) from a PATCH body with any of
 * {title, notes, done, priority, due (null clears), tags, recurrence (null
 * clears), time_zone (null: UTC), remind_at (null clears)}; mask->paths lists
 * the fields present, named as in the body. An empty object is TC_EINVAL.
 * Memory in a. */
int gw_json_to_patch(const cJSON *obj, tc_arena_t *a, Todo__V1__Todo *todo,
                     Google__Protobuf__FieldMask *mask, tc_status_t *st);

/* Fills req (initialised) from a POST /api/chat body {message, context?,
 * timezone?, now?}; user_id is left to the caller. Memory in a. */
int gw_json_to_chat(const cJSON *obj, tc_arena_t *a, Chat__V1__ConverseRequest *req,
                    tc_status_t *st);

/* The GET /api/todos query parameters, in the order of gw_json_query_names. */
typedef enum gw_json_param {
    GW_JSON_Q_STATUS,
    GW_JSON_Q_Q,
    GW_JSON_Q_TAG,
    GW_JSON_Q_LIMIT,
    GW_JSON_Q_CURSOR,
    GW_JSON_Q_SORT,
    GW_JSON_Q_DUE_BEFORE,
    GW_JSON_Q_DUE_AFTER,
    GW_JSON_Q_PRIORITY,
    GW_JSON_Q_COUNT
} gw_json_param_t;

/* Each parameter's name in the query string ("status", "q", ...). */
extern const char *const gw_json_query_names[GW_JSON_Q_COUNT];

/* One list query as the client sent it: v[i] is parameter i's value, NULL
 * when absent. Two queries with the same values are the same query. */
typedef struct gw_json_query {
    const char *v[GW_JSON_Q_COUNT];
} gw_json_query_t;

/* At most this many sort keys (todo-svc's limit on order_by). */
#define GW_JSON_SORT_MAX 3

/* Fills req (initialised) from a list query: status open|done|all, q, tag,
 * limit 1-500, cursor; sort (comma list among due, priority, title, created,
 * updated, each optionally prefixed "-" for descending) as order_by;
 * due_before and due_after (RFC 3339); priority (comma list among none, low,
 * medium, high) as priorities. Strings point at the values (no copies);
 * order_by, the times and priorities are allocated in a. Errors: TC_EINVAL
 * with a message that names the parameter. */
int gw_json_list_query(const gw_json_query_t *query, tc_arena_t *a, Todo__V1__ListTodosRequest *req,
                       tc_status_t *st);

/* gw_json_list_query with only status, q, tag, limit and cursor (each may be
 * NULL); needs no arena. */
int gw_json_list_request(const char *status, const char *q, const char *tag, const char *limit,
                         const char *cursor, Todo__V1__ListTodosRequest *req, tc_status_t *st);

/* New JSON object for a todo per the contract; caller owns it. */
cJSON *gw_json_todo(const Todo__V1__Todo *t);
/* {"todos":[...],"next_cursor":"..."|null}; caller owns it. */
cJSON *gw_json_list(const Todo__V1__ListTodosResponse *r);
/* The same JSON as cJSON_PrintUnformatted(gw_json_todo(t)) and
 * cJSON_PrintUnformatted(gw_json_list(r)), byte for byte, written straight
 * into one buffer (no tree): the list endpoint's hot path. Returns a
 * NUL-terminated string the caller frees with free(); *len (if len) gets its
 * length. */
char *gw_json_todo_string(const Todo__V1__Todo *t, size_t *len);
char *gw_json_list_string(const Todo__V1__ListTodosResponse *r, size_t *len);
/* {"reply","intent","todos","context","suggestions"}; caller owns it. */
cJSON *gw_json_chat_reply(const Chat__V1__ConverseResponse *r);
/* The same JSON as cJSON_PrintUnformatted(gw_json_chat_reply(r)), byte for
 * byte, written straight into one buffer like gw_json_list_string: the
 * POST /api/chat hot path. Caller frees with free(); *len (if len) gets the
 * length. */
char *gw_json_chat_reply_string(const Chat__V1__ConverseResponse *r, size_t *len);
/* {"type":"created|updated|deleted","todo":{...}} as a compact string for an
 * SSE data line; caller frees with free(). NULL for an event without a todo
 * or with an unknown type. */
char *gw_json_event(const Todo__V1__TodoEvent *ev);

/* The priority's contract name ("none", "low", ...); static storage. */
const char *gw_json_priority_name(Todo__V1__Priority p);

#endif
