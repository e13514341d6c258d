/* libFuzzer target: the gateway's JSON request parsing and the JSON -> protobuf
 * mapping, fed exactly what a client can send as a request body.
 *
 * The input is the body of a POST /api/todos, PATCH /api/todos/ID and
 * POST /api/chat at once (each mapper gets its own arena), plus the list query
 * parameters cut from the same bytes. Beyond "no crash, no leak, no UB" it
 * checks what an API client relies on:
 *   - a body gw_json_parse_object accepts is a JSON object of valid UTF-8;
 *   - every accepted create/patch/chat maps to a message that protobuf-c packs
 *     and unpacks to the same bytes (what the gateway sends upstream);
 *   - an accepted create's title is 1-500 bytes of trimmed valid UTF-8, at
 *     most 20 tags of 1-50 bytes, and the todo renders back to JSON
 *     (gw_json_todo) that parses again with the same title, notes, tags,
 *     priority name and due time;
 *   - an accepted patch names each field at most once and at least one. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_json.h"
#include "utf8.h"
#include "timeutil.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_gw_json_request: check failed: %s (%s:%d)\n", #cond, __FILE__,   \
                    __LINE__);                                                                     \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The message survives pack -> unpack -> pack unchanged. */
static void check_wire(const ProtobufCMessage *m)
{
    size_t n = protobuf_c_message_get_packed_size(m);
    uint8_t *buf = malloc(n ? n : 1);
    CHECK(buf);
    CHECK(protobuf_c_message_pack(m, buf) == n);
    ProtobufCMessage *back = protobuf_c_message_unpack(m->descriptor, NULL, n, buf);
    CHECK(back);
    size_t n2 = protobuf_c_message_get_packed_size(back);
    CHECK(n2 == n);
    uint8_t *buf2 = malloc(n2 ? n2 : 1);
    CHECK(buf2);
    CHECK(protobuf_c_message_pack(back, buf2) == n2);
    CHECK(memcmp(buf, buf2, n) == 0);
    protobuf_c_message_free_unpacked(back, NULL);
    free(buf2);
    free(buf);
}

static void check_title(const char *t)
{
    CHECK(t);
    size_t n = strlen(t);
    CHECK(n >= 1 && n <= GW_JSON_TITLE_MAX);
    CHECK(!is_space(t[0]) && !is_space(t[n - 1]));
    CHECK(tc_utf8_valid(t, n));
}

static const char *json_str(const cJSON *o, const char *name)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
    CHECK(cJSON_IsString(it));
    return it->valuestring;
}

/* JSON -> Todo -> JSON: what a client posted is what it reads back. */
static void check_render(const Todo__V1__Todo *t)
{
    cJSON *o = gw_json_todo(t);
    CHECK(o);
    char *s = cJSON_PrintUnformatted(o);
    CHECK(s);
    cJSON_Delete(o);
    cJSON *back = NULL;
    tc_status_t st;
    CHECK(gw_json_parse_object(s, strlen(s), &back, &st) == 0);
    CHECK(strcmp(json_str(back, "title"), t->title) == 0);
    CHECK(strcmp(json_str(back, "notes"), t->notes ? t->notes : "") == 0);
    CHECK(strcmp(json_str(back, "priority"), gw_json_priority_name(t->priority)) == 0);
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(back, "tags");
    CHECK(cJSON_IsArray(tags) && (size_t)cJSON_GetArraySize(tags) == t->n_tags);
    for (size_t i = 0; i < t->n_tags; i++) {
        const cJSON *tag = cJSON_GetArrayItem(tags, (int)i);
        CHECK(cJSON_IsString(tag) && strcmp(tag->valuestring, t->tags[i]) == 0);
    }
    const cJSON *due = cJSON_GetObjectItemCaseSensitive(back, "due");
    if (t->due) {
        int64_t ms = 0;
        CHECK(cJSON_IsString(due));
        CHECK(tc_rfc3339_parse(due->valuestring, &ms) == 0);
        CHECK(ms == tc_ts_to_ms(t->due));
    } else {
        CHECK(cJSON_IsNull(due));
    }
    cJSON_Delete(back);
    free(s);
}

static void fuzz_create(const cJSON *obj)
{
    tc_arena_t *a = tc_arena_create();
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    tc_status_t st;
    tc_status_clear(&st);
    int rc = gw_json_to_create(obj, a, &t, &st);
    if (rc == 0) {
        check_title(t.title);
        CHECK(t.n_tags <= GW_JSON_TAGS_MAX);
        for (size_t i = 0; i < t.n_tags; i++)
            CHECK(strlen(t.tags[i]) >= 1 && strlen(t.tags[i]) <= GW_JSON_TAG_MAX);
        if (t.notes)
            CHECK(strlen(t.notes) <= GW_JSON_NOTES_MAX);
        check_wire(&t.base);
        check_render(&t);
    } else {
        CHECK(rc == TC_EINVAL && st.code == TC_EINVAL && st.message[0]);
    }
    tc_arena_destroy(a);
}

static void fuzz_patch(const cJSON *obj)
{
    tc_arena_t *a = tc_arena_create();
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    Google__Protobuf__FieldMask mask = GOOGLE__PROTOBUF__FIELD_MASK__INIT;
    tc_status_t st;
    tc_status_clear(&st);
    int rc = gw_json_to_patch(obj, a, &t, &mask, &st);
    if (rc == 0) {
        CHECK(mask.n_paths >= 1 && mask.n_paths <= 6);
        for (size_t i = 0; i < mask.n_paths; i++) {
            for (size_t j = i + 1; j < mask.n_paths; j++)
                CHECK(strcmp(mask.paths[i], mask.paths[j]) != 0);
            if (strcmp(mask.paths[i], "title") == 0)
                check_title(t.title);
        }
        check_wire(&t.base);
        check_wire(&mask.base);
    } else {
        CHECK(rc == TC_EINVAL && st.message[0]);
    }
    tc_arena_destroy(a);
}

static void fuzz_chat(const cJSON *obj)
{
    tc_arena_t *a = tc_arena_create();
    Chat__V1__ConverseRequest req = CHAT__V1__CONVERSE_REQUEST__INIT;
    tc_status_t st;
    tc_status_clear(&st);
    int rc = gw_json_to_chat(obj, a, &req, &st);
    if (rc == 0) {
        CHECK(req.message);
        size_t n = strlen(req.message);
        CHECK(n >= 1 && n <= GW_JSON_MESSAGE_MAX && tc_utf8_valid(req.message, n));
        if (req.context)
            CHECK(strlen(req.context) <= GW_JSON_CONTEXT_MAX);
        req.user_id = "fuzz-user";
        check_wire(&req.base);
    } else {
        CHECK(rc == TC_EINVAL && st.message[0]);
    }
    tc_arena_destroy(a);
}

/* The query parameters: the input cut at its first four NUL bytes into
 * status, q, tag, limit and cursor (missing pieces are NULL). */
static void fuzz_list(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    CHECK(copy);
    memcpy(copy, data, size);
    copy[size] = '\0';
    const char *p[5] = {NULL, NULL, NULL, NULL, NULL};
    char *s = copy, *end = copy + size;
    for (int i = 0; i < 5 && s <= end; i++) {
        p[i] = s;
        s += strlen(s) + 1;
    }
    Todo__V1__ListTodosRequest req = TODO__V1__LIST_TODOS_REQUEST__INIT;
    tc_status_t st;
    tc_status_clear(&st);
    if (gw_json_list_request(p[0], p[1], p[2], p[3], p[4], &req, &st) == 0) {
        CHECK(req.page_size >= 0 && req.page_size <= 500);
        req.user_id = "fuzz-user";
        check_wire(&req.base);
    }
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 70000) /* the gateway rejects bodies over 64 KiB with 413 */
        return 0;
    fuzz_list(data, size);
    cJSON *obj = NULL;
    tc_status_t st;
    tc_status_clear(&st);
    int rc = gw_json_parse_object((const char *)data, size, &obj, &st);
    if (rc != 0) {
        CHECK(rc == TC_EINVAL && !obj && st.message[0]);
        return 0;
    }
    CHECK(cJSON_IsObject(obj));
    CHECK(tc_utf8_valid((const char *)data, size));
    fuzz_create(obj);
    fuzz_patch(obj);
    fuzz_chat(obj);
    cJSON_Delete(obj);
    return 0;
}
