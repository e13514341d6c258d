/* libFuzzer target: the gateway's protobuf -> JSON mapping, fed whatever an
 * upstream (todo-svc, chat-svc) could put on the wire.
 *
 * The first input byte picks the message (Todo, ListTodosResponse,
 * ConverseResponse, TodoEvent); the rest is its protobuf encoding. Whatever
 * protobuf-c accepts must render (gw_json_todo, gw_json_list,
 * gw_json_chat_reply, gw_json_event) to JSON that parses again (and the
 * direct writers gw_json_todo_string / gw_json_list_string to the very
 * same bytes as the trees), with
 * every string field carried over unchanged, priorities and intents from
 * the contract's sets, and every in-range timestamp rendered as an RFC 3339
 * time that parses back to the same instant. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_json.h"
#include "timeutil.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_gw_json_proto: check failed: %s (%s:%d)\n", #cond, __FILE__,     \
                    __LINE__);                                                                     \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* google.protobuf.Timestamp's valid range: 0001-01-01 to 9999-12-31. */
#define TS_MIN_SECONDS (-62135596800LL)
#define TS_MAX_SECONDS 253402300799LL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints tree (and frees it), then parses the text again: what a client gets. */
static cJSON *reparse_tree(cJSON *tree)
{
    CHECK(tree);
    char *s = cJSON_PrintUnformatted(tree);
    cJSON_Delete(tree);
    CHECK(s);
    cJSON *o = cJSON_ParseWithLength(s, strlen(s));
    CHECK(cJSON_IsObject(o));
    free(s);
    return o;
}

/* The direct writer (gw_json_todo_string, gw_json_list_string) must print
 * exactly what the tree prints; then its text is what a client gets. Frees
 * tree and direct. */
static cJSON *reparse_direct(cJSON *tree, char *direct, size_t len)
{
    CHECK(tree && direct);
    char *s = cJSON_PrintUnformatted(tree);
    cJSON_Delete(tree);
    CHECK(s);
    CHECK(len == strlen(direct));
    CHECK(strcmp(s, direct) == 0);
    free(s);
    cJSON *o = cJSON_ParseWithLength(direct, len);
    CHECK(cJSON_IsObject(o));
    free(direct);
    return o;
}

static cJSON *reparse(char *s)
{
    CHECK(s);
    cJSON *o = cJSON_ParseWithLength(s, strlen(s));
    CHECK(cJSON_IsObject(o));
    free(s);
    return o;
}

static void check_str(const cJSON *o, const char *name, const char *want)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
    CHECK(cJSON_IsString(it));
    CHECK(strcmp(it->valuestring, want ? want : "") == 0);
}

static void check_time(const cJSON *o, const char *name, const Google__Protobuf__Timestamp *ts)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!ts) {
        CHECK(cJSON_IsNull(it));
        return;
    }
    CHECK(cJSON_IsString(it));
    if (ts->seconds >= TS_MIN_SECONDS && ts->seconds <= TS_MAX_SECONDS && ts->nanos >= 0 &&
        ts->nanos <= 999999999) {
        int64_t ms = 0;
        CHECK(tc_rfc3339_parse(it->valuestring, &ms) == 0);
        CHECK(ms == ts->seconds * 1000 + ts->nanos / 1000000);
    }
}

static void check_todo(const cJSON *o, const Todo__V1__Todo *t)
{
    CHECK(cJSON_IsObject(o));
    check_str(o, "id", t->id);
    check_str(o, "title", t->title);
    check_str(o, "notes", t->notes);
    const cJSON *done = cJSON_GetObjectItemCaseSensitive(o, "done");
    CHECK(cJSON_IsBool(done) && cJSON_IsTrue(done) == (t->done ? 1 : 0));
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "priority");
    CHECK(cJSON_IsString(p));
    CHECK(strcmp(p->valuestring, "none") == 0 || strcmp(p->valuestring, "low") == 0 ||
          strcmp(p->valuestring, "medium") == 0 || strcmp(p->valuestring, "high") == 0);
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(o, "tags");
    CHECK(cJSON_IsArray(tags) && (size_t)cJSON_GetArraySize(tags) == t->n_tags);
    for (size_t i = 0; i < t->n_tags; i++) {
        const cJSON *tag = cJSON_GetArrayItem(tags, (int)i);
        CHECK(cJSON_IsString(tag) && strcmp(tag->valuestring, t->tags[i]) == 0);
    }
    check_time(o, "due", t->due);
    check_time(o, "created_at", t->created_at);
    check_time(o, "updated_at", t->updated_at);
    check_time(o, "completed_at", t->completed_at);
}

static void fuzz_todo(const uint8_t *d, size_t n)
{
    Todo__V1__Todo *t = todo__v1__todo__unpack(NULL, n, d);
    if (!t)
        return;
    size_t len = 0;
    char *direct = gw_json_todo_string(t, &len);
    cJSON *o = reparse_direct(gw_json_todo(t), direct, len);
    check_todo(o, t);
    cJSON_Delete(o);
    todo__v1__todo__free_unpacked(t, NULL);
}

static void fuzz_list(const uint8_t *d, size_t n)
{
    Todo__V1__ListTodosResponse *r = todo__v1__list_todos_response__unpack(NULL, n, d);
    if (!r)
        return;
    size_t len = 0;
    char *direct = gw_json_list_string(r, &len);
    cJSON *o = reparse_direct(gw_json_list(r), direct, len);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "todos");
    CHECK(cJSON_IsArray(arr) && (size_t)cJSON_GetArraySize(arr) == r->n_todos);
    for (size_t i = 0; i < r->n_todos; i++)
        check_todo(cJSON_GetArrayItem(arr, (int)i), r->todos[i]);
    const cJSON *next = cJSON_GetObjectItemCaseSensitive(o, "next_cursor");
    if (r->next_page_token && *r->next_page_token)
        check_str(o, "next_cursor", r->next_page_token);
    else
        CHECK(cJSON_IsNull(next));
    cJSON_Delete(o);
    todo__v1__list_todos_response__free_unpacked(r, NULL);
}

static void fuzz_chat(const uint8_t *d, size_t n)
{
    Chat__V1__ConverseResponse *r = chat__v1__converse_response__unpack(NULL, n, d);
    if (!r)
        return;
    cJSON *o = reparse_tree(gw_json_chat_reply(r));
    check_str(o, "reply", r->reply);
    check_str(o, "intent", r->intent && *r->intent ? r->intent : "unknown");
    check_str(o, "context", r->context);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "todos");
    CHECK(cJSON_IsArray(arr) && (size_t)cJSON_GetArraySize(arr) == r->n_todos);
    for (size_t i = 0; i < r->n_todos; i++)
        check_todo(cJSON_GetArrayItem(arr, (int)i), r->todos[i]);
    const cJSON *sug = cJSON_GetObjectItemCaseSensitive(o, "suggestions");
    CHECK(cJSON_IsArray(sug) && (size_t)cJSON_GetArraySize(sug) == r->n_suggestions);
    for (size_t i = 0; i < r->n_suggestions; i++) {
        const cJSON *s = cJSON_GetArrayItem(sug, (int)i);
        CHECK(cJSON_IsString(s) && strcmp(s->valuestring, r->suggestions[i]) == 0);
    }
    cJSON_Delete(o);
    chat__v1__converse_response__free_unpacked(r, NULL);
}

static void fuzz_event(const uint8_t *d, size_t n)
{
    Todo__V1__TodoEvent *ev = todo__v1__todo_event__unpack(NULL, n, d);
    if (!ev)
        return;
    char *s = gw_json_event(ev);
    int reminder = ev->type == TODO__V1__EVENT_TYPE__EVENT_REMINDER;
    int known = reminder || ev->type == TODO__V1__EVENT_TYPE__EVENT_CREATED ||
                ev->type == TODO__V1__EVENT_TYPE__EVENT_UPDATED ||
                ev->type == TODO__V1__EVENT_TYPE__EVENT_DELETED;
    if (!known || !ev->todo) {
        CHECK(s == NULL);
    } else {
        /* An SSE data line: one line, no raw newline. A reminder's data is
         * {"todo": ...} alone (its SSE event name says what it is). */
        CHECK(s && !strchr(s, '\n') && !strchr(s, '\r'));
        cJSON *o = reparse(s);
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
        CHECK(reminder ? type == NULL : cJSON_IsString(type));
        check_todo(cJSON_GetObjectItemCaseSensitive(o, "todo"), ev->todo);
        cJSON_Delete(o);
    }
    todo__v1__todo_event__free_unpacked(ev, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536)
        return 0;
    const uint8_t *d = data + 1;
    size_t n = size - 1;
    switch (data[0] % 4) {
    case 0:
        fuzz_todo(d, n);
        break;
    case 1:
        fuzz_list(d, n);
        break;
    case 2:
        fuzz_chat(d, n);
        break;
    default:
        fuzz_event(d, n);
        break;
    }
    return 0;
}
