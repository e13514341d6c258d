/* gw_json: JSON <-> protobuf mapping as API clients see it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_json.h"
#include "utf8.h"
#include "timeutil.h"
#include "xalloc.h"

static cJSON *parse(const char *s)
{
    cJSON *o = NULL;
    tc_status_t st;
    assert_int_equal(gw_json_parse_object(s, strlen(s), &o, &st), 0);
    return o;
}

static int create_err(const char *body, tc_status_t *st)
{
    cJSON *o = NULL;
    int rc = gw_json_parse_object(body, strlen(body), &o, st);
    if (rc)
        return rc;
    tc_arena_t *a = tc_arena_create();
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    rc = gw_json_to_create(o, a, &t, st);
    cJSON_Delete(o);
    tc_arena_destroy(a);
    return rc;
}

static void test_utf8(void **state)
{
    (void)state;
    assert_true(tc_utf8_valid("héllo ✓ 𝄞", strlen("héllo ✓ 𝄞")));
    assert_false(tc_utf8_valid("\xff", 1));
    assert_false(tc_utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
    assert_false(tc_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    assert_false(tc_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
    assert_false(tc_utf8_valid("\xe2\x9c", 2));         /* truncated */
}

static void test_parse_object_errors(void **state)
{
    (void)state;
    cJSON *o;
    tc_status_t st;
    assert_int_equal(gw_json_parse_object("{\"title\":", 9, &o, &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "malformed"));
    assert_int_equal(gw_json_parse_object("[1]", 3, &o, &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "object"));
    assert_int_equal(gw_json_parse_object("{\"title\":\"\xff\"}", 12, &o, &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "UTF-8"));
    assert_int_equal(gw_json_parse_object("{} {}", 5, &o, &st), TC_EINVAL);
    assert_int_equal(gw_json_parse_object("", 0, &o, &st), TC_EINVAL);
    assert_int_equal(gw_json_parse_object(" {} \n", 5, &o, &st), 0);
    cJSON_Delete(o);
}

static void test_create_full(void **state)
{
    (void)state;
    cJSON *o = parse("{\"title\":\"  buy milk \",\"notes\":\"2%\",\"due\":\"2026-11-28T17:00:00Z\","
                     "\"priority\":\"high\",\"tags\":[\"home\",\" shop \"]}");
    tc_arena_t *a = tc_arena_create();
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    tc_status_t st;
    assert_int_equal(gw_json_to_create(o, a, &t, &st), 0);
    assert_string_equal(t.title, "buy milk");
    assert_string_equal(t.notes, "2%");
    assert_int_equal(t.priority, TODO__V1__PRIORITY__PRIORITY_HIGH);
    assert_non_null(t.due);
    assert_int_equal(tc_ts_to_ms(t.due), 1795885200000LL);
    assert_int_equal(t.n_tags, 2);
    assert_string_equal(t.tags[1], "shop");
    cJSON_Delete(o);
    tc_arena_destroy(a);
}

static void test_create_errors_name_the_field(void **state)
{
    (void)state;
    tc_status_t st;
    assert_int_equal(create_err("{}", &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "title"));
    assert_int_equal(create_err("{\"title\":\"   \"}", &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "title"));
    assert_int_equal(create_err("{\"title\":5}", &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "title: must be a string"));
    assert_int_equal(create_err("{\"title\":\"a\",\"colour\":\"red\"}", &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "colour: unknown field"));
    assert_int_equal(create_err("{\"title\":\"a\",\"priority\":\"urgent\"}", &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "priority"));
    assert_int_equal(create_err("{\"title\":\"a\",\"due\":\"tomorrow\"}", &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "due"));
    assert_int_equal(create_err("{\"title\":\"a\",\"tags\":\"x\"}", &st), TC_EINVAL);
    assert_int_equal(create_err("{\"title\":\"a\",\"tags\":[1]}", &st), TC_EINVAL);
    assert_int_equal(create_err("{\"title\":\"a\",\"done\":true}", &st), TC_EINVAL);
    char big[600];
    memset(big, 'x', sizeof(big));
    char body[700];
    snprintf(body, sizeof(body), "{\"title\":\"%.501s\"}", big);
    assert_int_equal(create_err(body, &st), TC_EINVAL);
    snprintf(body, sizeof(body), "{\"title\":\"%.500s\"}", big);
    assert_int_equal(create_err(body, &st), 0);
}

static void test_patch_mask(void **state)
{
    (void)state;
    cJSON *o = parse("{\"done\":true,\"due\":null,\"title\":\"x\"}");
    tc_arena_t *a = tc_arena_create();
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    Google__Protobuf__FieldMask m = GOOGLE__PROTOBUF__FIELD_MASK__INIT;
    tc_status_t st;
    assert_int_equal(gw_json_to_patch(o, a, &t, &m, &st), 0);
    assert_int_equal(m.n_paths, 3);
    assert_string_equal(m.paths[0], "done");
    assert_string_equal(m.paths[1], "due");
    assert_string_equal(m.paths[2], "title");
    assert_true(t.done);
    assert_null(t.due); /* null clears */
    cJSON_Delete(o);

    o = parse("{}");
    assert_int_equal(gw_json_to_patch(o, a, &t, &m, &st), TC_EINVAL);
    cJSON_Delete(o);
    o = parse("{\"done\":\"yes\"}");
    assert_int_equal(gw_json_to_patch(o, a, &t, &m, &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "done"));
    cJSON_Delete(o);
    o = parse("{\"id\":\"other\"}");
    assert_int_equal(gw_json_to_patch(o, a, &t, &m, &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "id: unknown field"));
    cJSON_Delete(o);
    tc_arena_destroy(a);
}

static void test_chat_request(void **state)
{
    (void)state;
    tc_arena_t *a = tc_arena_create();
    tc_status_t st;
    cJSON *o = parse("{\"message\":\"add milk\",\"context\":\"c1\",\"timezone\":\"Europe/Paris\","
                     "\"now\":\"2026-11-27T10:00:00+01:00\"}");
    Chat__V1__ConverseRequest r = CHAT__V1__CONVERSE_REQUEST__INIT;
    assert_int_equal(gw_json_to_chat(o, a, &r, &st), 0);
    assert_string_equal(r.message, "add milk");
    assert_string_equal(r.context, "c1");
    assert_string_equal(r.timezone, "Europe/Paris");
    assert_int_equal(tc_ts_to_ms(r.now), 1795770000000LL);
    cJSON_Delete(o);
    o = parse("{\"message\":\"\"}");
    Chat__V1__ConverseRequest r2 = CHAT__V1__CONVERSE_REQUEST__INIT;
    assert_int_equal(gw_json_to_chat(o, a, &r2, &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "message"));
    cJSON_Delete(o);
    o = parse("{\"message\":\"hi\",\"timezone\":\"../../etc/passwd\"}");
    assert_int_equal(gw_json_to_chat(o, a, &r2, &st), TC_EINVAL);
    cJSON_Delete(o);
    char *big = xmalloc(2100);
    memset(big, 'm', 2001);
    big[2001] = '\0';
    char *body = xasprintf("{\"message\":\"%s\"}", big);
    o = parse(body);
    assert_int_equal(gw_json_to_chat(o, a, &r2, &st), TC_EINVAL);
    cJSON_Delete(o);
    free(body);
    free(big);
    tc_arena_destroy(a);
}

static void test_list_query(void **state)
{
    (void)state;
    tc_status_t st;
    Todo__V1__ListTodosRequest r = TODO__V1__LIST_TODOS_REQUEST__INIT;
    assert_int_equal(gw_json_list_request("done", "milk", "home", "20", "tok", &r, &st), 0);
    assert_int_equal(r.status, TODO__V1__STATUS_FILTER__STATUS_DONE);
    assert_int_equal(r.page_size, 20);
    assert_string_equal(r.query, "milk");
    assert_string_equal(r.tag, "home");
    assert_string_equal(r.page_token, "tok");
    Todo__V1__ListTodosRequest d = TODO__V1__LIST_TODOS_REQUEST__INIT;
    assert_int_equal(gw_json_list_request(NULL, NULL, NULL, NULL, NULL, &d, &st), 0);
    assert_int_equal(d.status, TODO__V1__STATUS_FILTER__STATUS_ANY);
    assert_int_equal(d.page_size, 0);
    assert_int_equal(gw_json_list_request("closed", NULL, NULL, NULL, NULL, &d, &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "status"));
    assert_int_equal(gw_json_list_request(NULL, NULL, NULL, "0", NULL, &d, &st), TC_EINVAL);
    assert_int_equal(gw_json_list_request(NULL, NULL, NULL, "501", NULL, &d, &st), TC_EINVAL);
    assert_int_equal(gw_json_list_request(NULL, NULL, NULL, "5x", NULL, &d, &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "limit"));
}

static void test_create_recurrence_fields(void **state)
{
    (void)state;
    cJSON *o = parse("{\"title\":\"gym\",\"due\":\"2026-11-30T07:00:00Z\","
                     "\"recurrence\":\"FREQ=WEEKLY;BYDAY=MO\",\"time_zone\":\"Europe/Berlin\","
                     "\"remind_at\":\"2026-11-30T06:30:00Z\"}");
    tc_arena_t *a = tc_arena_create();
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    tc_status_t st;
    assert_int_equal(gw_json_to_create(o, a, &t, &st), 0);
    assert_string_equal(t.recurrence, "FREQ=WEEKLY;BYDAY=MO");
    assert_string_equal(t.time_zone, "Europe/Berlin");
    assert_non_null(t.remind_at);
    assert_int_equal(tc_ts_to_ms(t.remind_at), 1796020200000LL);
    cJSON_Delete(o);
    tc_arena_destroy(a);
    static const struct {
        const char *body, *names;
    } bad[] = {
        {"{\"title\":\"a\",\"recurrence\":5}", "recurrence: must be a string"},
        {"{\"title\":\"a\",\"recurrence\":[\"FREQ=DAILY\"]}", "recurrence"},
        {"{\"title\":\"a\",\"time_zone\":true}", "time_zone: must be a string"},
        {"{\"title\":\"a\",\"remind_at\":\"soon\"}", "remind_at: must be an RFC 3339"},
        {"{\"title\":\"a\",\"remind_at\":1795885200}", "remind_at"},
        {"{\"title\":\"a\",\"reminded_at\":\"2026-11-30T06:30:00Z\"}", "reminded_at: unknown"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(create_err(bad[i].body, &st), TC_EINVAL);
        assert_non_null(strstr(st.message, bad[i].names));
    }
}

static void test_patch_recurrence_fields(void **state)
{
    (void)state;
    cJSON *o = parse("{\"recurrence\":null,\"remind_at\":null,\"time_zone\":\"Asia/Tokyo\"}");
    tc_arena_t *a = tc_arena_create();
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    Google__Protobuf__FieldMask m = GOOGLE__PROTOBUF__FIELD_MASK__INIT;
    tc_status_t st;
    assert_int_equal(gw_json_to_patch(o, a, &t, &m, &st), 0);
    assert_int_equal(m.n_paths, 3);
    assert_string_equal(m.paths[0], "recurrence");
    assert_string_equal(m.paths[1], "remind_at");
    assert_string_equal(m.paths[2], "time_zone");
    assert_string_equal(t.recurrence, ""); /* null clears */
    assert_null(t.remind_at);
    assert_string_equal(t.time_zone, "Asia/Tokyo");
    cJSON_Delete(o);
    o = parse("{\"remind_at\":\"2026-11-30T06:30:00+01:00\",\"recurrence\":\"FREQ=DAILY\"}");
    Google__Protobuf__FieldMask m2 = GOOGLE__PROTOBUF__FIELD_MASK__INIT;
    assert_int_equal(gw_json_to_patch(o, a, &t, &m2, &st), 0);
    assert_int_equal(tc_ts_to_ms(t.remind_at), 1796016600000LL);
    assert_string_equal(t.recurrence, "FREQ=DAILY");
    cJSON_Delete(o);
    o = parse("{\"time_zone\":42}");
    assert_int_equal(gw_json_to_patch(o, a, &t, &m2, &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "time_zone"));
    cJSON_Delete(o);
    tc_arena_destroy(a);
}

/* gw_json_list_query with one parameter set. */
static int list_one(gw_json_param_t p, const char *v, tc_arena_t *a, Todo__V1__ListTodosRequest *r,
                    tc_status_t *st)
{
    gw_json_query_t q = {{0}};
    q.v[p] = v;
    Todo__V1__ListTodosRequest init = TODO__V1__LIST_TODOS_REQUEST__INIT;
    *r = init;
    return gw_json_list_query(&q, a, r, st);
}

static void test_list_sort(void **state)
{
    (void)state;
    static const struct {
        const char *sort, *order_by;
    } ok[] = {
        {"due", "due"},
        {"-due", "due desc"},
        {"priority,-created", "priority,created_at desc"},
        {"-updated,title,due", "updated_at desc,title,due"},
        {"created", "created_at"},
    };
    static const char *const bad[] = {"size",     "due,due", "-due,due",
                                      "due,",     ",due",    "--due",
                                      "due desc", "Due",     "due,title,priority,created",
                                      "-"};
    tc_arena_t *a = tc_arena_create();
    tc_status_t st;
    Todo__V1__ListTodosRequest r;
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        assert_int_equal(list_one(GW_JSON_Q_SORT, ok[i].sort, a, &r, &st), 0);
        assert_string_equal(r.order_by, ok[i].order_by);
    }
    assert_int_equal(list_one(GW_JSON_Q_SORT, "", a, &r, &st), 0);
    assert_string_equal(r.order_by, "");
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(list_one(GW_JSON_Q_SORT, bad[i], a, &r, &st), TC_EINVAL);
        assert_true(strncmp(st.message, "sort: ", 6) == 0);
    }
    tc_arena_destroy(a);
}

static void test_list_filters(void **state)
{
    (void)state;
    tc_arena_t *a = tc_arena_create();
    tc_status_t st;
    Todo__V1__ListTodosRequest r;
    assert_int_equal(list_one(GW_JSON_Q_PRIORITY, "high,none,high", a, &r, &st), 0);
    assert_int_equal(r.n_priorities, 2);
    assert_int_equal(r.priorities[0], TODO__V1__PRIORITY__PRIORITY_HIGH);
    assert_int_equal(r.priorities[1], TODO__V1__PRIORITY__PRIORITY_UNSPECIFIED);
    static const char *const bad_prio[] = {"urgent", "high,", ",", "low,,medium", "mediumx"};
    for (size_t i = 0; i < sizeof(bad_prio) / sizeof(bad_prio[0]); i++) {
        assert_int_equal(list_one(GW_JSON_Q_PRIORITY, bad_prio[i], a, &r, &st), TC_EINVAL);
        assert_true(strncmp(st.message, "priority: ", 10) == 0);
    }
    assert_int_equal(list_one(GW_JSON_Q_PRIORITY, "", a, &r, &st), 0); /* empty = any */
    assert_int_equal(r.n_priorities, 0);
    assert_int_equal(list_one(GW_JSON_Q_DUE_BEFORE, "2026-11-28T17:00:00Z", a, &r, &st), 0);
    assert_int_equal(tc_ts_to_ms(r.due_before), 1795885200000LL);
    assert_null(r.due_after);
    assert_int_equal(list_one(GW_JSON_Q_DUE_AFTER, "2026-11-28T18:00:00+01:00", a, &r, &st), 0);
    assert_int_equal(tc_ts_to_ms(r.due_after), 1795885200000LL);
    assert_int_equal(list_one(GW_JSON_Q_DUE_AFTER, "tomorrow", a, &r, &st), TC_EINVAL);
    assert_true(strncmp(st.message, "due_after: ", 11) == 0);
    assert_int_equal(list_one(GW_JSON_Q_DUE_BEFORE, "2026-13-01T00:00:00Z", a, &r, &st), TC_EINVAL);
    assert_true(strncmp(st.message, "due_before: ", 12) == 0);
    assert_int_equal(list_one(GW_JSON_Q_SORT, "\xff", a, &r, &st), TC_EINVAL);
    assert_true(strncmp(st.message, "sort: ", 6) == 0);
    tc_arena_destroy(a);
}

static void test_todo_to_json(void **state)
{
    (void)state;
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    Google__Protobuf__Timestamp due = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    Google__Protobuf__Timestamp created = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    tc_ts_from_ms(&due, 1795885200000LL);
    tc_ts_from_ms(&created, 1795770000000LL);
    char *tags[] = {"home"};
    t.id = "t1";
    t.title = "buy milk";
    t.priority = TODO__V1__PRIORITY__PRIORITY_MEDIUM;
    t.due = &due;
    t.created_at = &created;
    t.updated_at = &created;
    t.tags = tags;
    t.n_tags = 1;
    cJSON *o = gw_json_todo(&t);
    char *s = cJSON_PrintUnformatted(o);
    assert_string_equal(
        s, "{\"id\":\"t1\",\"title\":\"buy milk\",\"notes\":\"\",\"done\":false,"
           "\"priority\":\"medium\",\"due\":\"2026-11-28T17:00:00Z\","
           "\"tags\":[\"home\"],\"created_at\":\"2026-11-27T09:00:00Z\","
           "\"updated_at\":\"2026-11-27T09:00:00Z\",\"completed_at\":null,"
           "\"recurrence\":null,\"time_zone\":null,\"remind_at\":null,\"reminded_at\":null}");
    free(s);
    cJSON_Delete(o);

    t.due = NULL;
    t.priority = TODO__V1__PRIORITY__PRIORITY_UNSPECIFIED;
    o = gw_json_todo(&t);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "due")));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "priority")->valuestring, "none");
    cJSON_Delete(o);

    Todo__V1__TodoEvent ev = TODO__V1__TODO_EVENT__INIT;
    ev.type = TODO__V1__EVENT_TYPE__EVENT_DELETED;
    ev.todo = &t;
    s = gw_json_event(&ev);
    assert_non_null(s);
    assert_true(strncmp(s, "{\"type\":\"deleted\",\"todo\":{\"id\":\"t1\"", 33) == 0);
    assert_null(strchr(s, '\n')); /* one SSE data line */
    free(s);
    ev.type = TODO__V1__EVENT_TYPE__EVENT_TYPE_UNSPECIFIED;
    assert_null(gw_json_event(&ev));
}

static void test_list_and_chat_reply(void **state)
{
    (void)state;
    Todo__V1__ListTodosResponse r = TODO__V1__LIST_TODOS_RESPONSE__INIT;
    cJSON *o = gw_json_list(&r);
    char *s = cJSON_PrintUnformatted(o);
    assert_string_equal(s, "{\"todos\":[],\"next_cursor\":null}");
    free(s);
    cJSON_Delete(o);
    r.next_page_token = "p2";
    o = gw_json_list(&r);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "next_cursor")->valuestring, "p2");
    cJSON_Delete(o);

    Chat__V1__ConverseResponse c = CHAT__V1__CONVERSE_RESPONSE__INIT;
    char *sugg[] = {"show my todos", "undo"};
    c.reply = "Added";
    c.intent = "add_todo";
    c.context = "ctx";
    c.suggestions = sugg;
    c.n_suggestions = 2;
    o = gw_json_chat_reply(&c);
    s = cJSON_PrintUnformatted(o);
    assert_string_equal(s, "{\"reply\":\"Added\",\"intent\":\"add_todo\",\"todos\":[],"
                           "\"context\":\"ctx\",\"suggestions\":[\"show my todos\",\"undo\"]}");
    free(s);
    cJSON_Delete(o);
}

/* The direct writer prints what the cJSON tree prints, byte for byte. */
static void assert_todo_direct_matches_tree(const Todo__V1__Todo *t)
{
    cJSON *o = gw_json_todo(t);
    char *want = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    size_t len = 0;
    char *got = gw_json_todo_string(t, &len);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(got);
    free(want);
}

static void test_direct_writer_escaping(void **state)
{
    (void)state;
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    Google__Protobuf__Timestamp ts = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    tc_ts_from_ms(&ts, 1795770000123LL);
    char *tags[] = {"a\"b", "", "caf\xc3\xa9 \xf0\x9f\x8d\x95"};
    t.id = "t\\1";
    t.title = "q\"uote back\\slash \b\f\n\r\t \x01\x1f\x7f /";
    t.notes = NULL; /* unset string prints as "" */
    t.done = true;
    t.priority = TODO__V1__PRIORITY__PRIORITY_HIGH;
    t.created_at = &ts;
    t.updated_at = &ts;
    t.completed_at = &ts;
    t.tags = tags;
    t.n_tags = 3;
    size_t len = 0;
    char *s = gw_json_todo_string(&t, &len);
    assert_string_equal(
        s,
        "{\"id\":\"t\\\\1\",\"title\":\"q\\\"uote back\\\\slash \\b\\f\\n\\r\\t "
        "\\u0001\\u001f\x7f /\",\"notes\":\"\",\"done\":true,\"priority\":\"high\","
        "\"due\":null,\"tags\":[\"a\\\"b\",\"\",\"caf\xc3\xa9 \xf0\x9f\x8d\x95\"],"
        "\"created_at\":\"2026-11-27T09:00:00.123Z\",\"updated_at\":\"2026-11-27T09:00:00.123Z\","
        "\"completed_at\":\"2026-11-27T09:00:00.123Z\","
        "\"recurrence\":null,\"time_zone\":null,\"remind_at\":null,\"reminded_at\":null}");
    assert_int_equal(len, strlen(s));
    /* It parses back to the same strings. */
    cJSON *o = cJSON_ParseWithLength(s, len);
    assert_non_null(o);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "title")->valuestring, t.title);
    assert_string_equal(
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "tags"), 2)->valuestring, tags[2]);
    cJSON_Delete(o);
    free(s);
    assert_todo_direct_matches_tree(&t);

    /* Every byte 1..255 in a title: same output as cJSON. */
    char all[256];
    for (int i = 1; i < 256; i++)
        all[i - 1] = (char)i;
    all[255] = '\0';
    t.title = all;
    t.notes = "a long note that makes the todo outgrow the first buffer guess: "
              "0123456789012345678901234567890123456789012345678901234567890123456789"
              "0123456789012345678901234567890123456789012345678901234567890123456789"
              "0123456789012345678901234567890123456789012345678901234567890123456789";
    t.done = false;
    t.priority = TODO__V1__PRIORITY__PRIORITY_UNSPECIFIED;
    assert_todo_direct_matches_tree(&t);
}

static void test_direct_writer_list(void **state)
{
    (void)state;
    Todo__V1__ListTodosResponse r = TODO__V1__LIST_TODOS_RESPONSE__INIT;
    size_t len = 0;
    char *s = gw_json_list_string(&r, &len);
    assert_string_equal(s, "{\"todos\":[],\"next_cursor\":null}");
    assert_int_equal(len, strlen(s));
    free(s);

    Todo__V1__Todo a = TODO__V1__TODO__INIT, b = TODO__V1__TODO__INIT;
    a.id = "a";
    a.title = "first";
    b.id = "b";
    b.title = "second\n";
    b.done = true;
    Todo__V1__Todo *todos[60];
    for (size_t i = 0; i < 60; i++)
        todos[i] = i % 2 ? &b : &a;
    r.todos = todos;
    r.n_todos = 60;
    r.next_page_token = "cur\"sor";
    cJSON *o = gw_json_list(&r);
    char *want = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    s = gw_json_list_string(&r, &len);
    assert_string_equal(s, want);
    assert_int_equal(len, strlen(want));
    free(s);
    free(want);
}

/* The chat reply's direct writer prints what the cJSON tree prints. */
static void assert_chat_direct_matches_tree(const Chat__V1__ConverseResponse *c)
{
    cJSON *o = gw_json_chat_reply(c);
    char *want = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    size_t len = 0;
    char *got = gw_json_chat_reply_string(c, &len);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(got);
    free(want);
}

static void test_direct_writer_chat_reply(void **state)
{
    (void)state;
    Chat__V1__ConverseResponse c = CHAT__V1__CONVERSE_RESPONSE__INIT;
    /* all unset: empty strings, intent "unknown", empty arrays */
    size_t len = 0;
    char *s = gw_json_chat_reply_string(&c, &len);
    assert_string_equal(s, "{\"reply\":\"\",\"intent\":\"unknown\",\"todos\":[],"
                           "\"context\":\"\",\"suggestions\":[]}");
    assert_int_equal(len, strlen(s));
    free(s);
    assert_chat_direct_matches_tree(&c);
    c.intent = "";
    assert_chat_direct_matches_tree(&c);

    Todo__V1__Todo a = TODO__V1__TODO__INIT, b = TODO__V1__TODO__INIT;
    Google__Protobuf__Timestamp ts = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    tc_ts_from_ms(&ts, 1795770000123LL);
    char *tags[] = {"errands", "caf\xc3\xa9"};
    a.id = "a";
    a.title = "call \u201cmum\u201d";
    a.due = &ts;
    a.created_at = &ts;
    a.updated_at = &ts;
    a.tags = tags;
    a.n_tags = 2;
    a.priority = TODO__V1__PRIORITY__PRIORITY_LOW;
    b.id = "b";
    b.title = "q\"uote\n\x01";
    b.done = true;
    b.completed_at = &ts;
    Todo__V1__Todo *todos[30];
    for (size_t i = 0; i < 30; i++)
        todos[i] = i % 2 ? &b : &a;
    char *sugg[] = {"undo", NULL, "what\u2019s \"on\" my list?\t"};
    c.reply = "You have 30 todos: 1. \u201ccall mum\u201d \u2713\\";
    c.intent = "list_todos";
    c.context = "v1.abc_DEF-123";
    c.todos = todos;
    c.n_todos = 30;
    c.suggestions = sugg;
    c.n_suggestions = 3;
    assert_chat_direct_matches_tree(&c);
    c.n_todos = 1;
    c.n_suggestions = 1;
    s = gw_json_chat_reply_string(&c, &len);
    cJSON *o = cJSON_ParseWithLength(s, len);
    assert_non_null(o);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "reply")->valuestring, c.reply);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "todos")), 1);
    cJSON_Delete(o);
    free(s);
}

int main(void)
{
    tc_json_init_hooks();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_parse_object_errors),
        cmocka_unit_test(test_create_full),
        cmocka_unit_test(test_create_errors_name_the_field),
        cmocka_unit_test(test_patch_mask),
        cmocka_unit_test(test_chat_request),
        cmocka_unit_test(test_list_query),
        cmocka_unit_test(test_create_recurrence_fields),
        cmocka_unit_test(test_patch_recurrence_fields),
        cmocka_unit_test(test_list_sort),
        cmocka_unit_test(test_list_filters),
        cmocka_unit_test(test_todo_to_json),
        cmocka_unit_test(test_list_and_chat_reply),
        cmocka_unit_test(test_direct_writer_escaping),
        cmocka_unit_test(test_direct_writer_list),
        cmocka_unit_test(test_direct_writer_chat_reply),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
