/* Unit tests for request validation: every rule, its boundary and the
 * message naming the field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "google/protobuf/field_mask.pb-c.h"
#include "test_alloc.h"
#include "validate.h"
#include "page_token.h"
#include "utf8.h"

static test_pool_t pool;

static int setup(void **state)
{
    (void)state;
    test_pool_init(&pool);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    test_pool_free(&pool);
    return 0;
}

static char *repeat(const char *unit, int n)
{
    size_t l = strlen(unit);
    char *s = pool.alloc.alloc(pool.alloc.ctx, l * (size_t)n + 1);
    for (int i = 0; i < n; i++)
        memcpy(s + l * (size_t)i, unit, l);
    return s;
}

/* Runs a create of todo for "alice"; returns the code and fills st/out. */
static int create(Todo__V1__Todo *todo, const char *request_id, Todo__V1__Todo **out,
                  tc_status_t *st)
{
    Todo__V1__CreateTodoRequest req = TODO__V1__CREATE_TODO_REQUEST__INIT;
    req.user_id = "alice";
    req.todo = todo;
    req.request_id = (char *)(request_id ? request_id : "");
    Todo__V1__Todo *dummy;
    return todo_validate_create(&req, &pool.alloc, out ? out : &dummy, st);
}

static void expect_create_error(Todo__V1__Todo *todo, const char *prefix)
{
    tc_status_t st = {0};
    Todo__V1__Todo *out = (Todo__V1__Todo *)1;
    assert_int_equal(create(todo, NULL, &out, &st), TC_EINVAL);
    assert_int_equal(st.code, TC_EINVAL);
    assert_null(out);
    if (strncmp(st.message, prefix, strlen(prefix)) != 0)
        fail_msg("message \"%s\" should start with \"%s\"", st.message, prefix);
}

static Todo__V1__Todo *title_only(const char *title)
{
    Todo__V1__Todo *t = pool.alloc.alloc(pool.alloc.ctx, sizeof *t);
    todo__v1__todo__init(t);
    t->title = (char *)title;
    return t;
}

/* ---- UTF-8 and trimming ---- */

static void test_utf8(void **state)
{
    (void)state;
    assert_true(tc_utf8_valid("", 0));
    assert_true(tc_utf8_valid("plain", 5));
    assert_true(tc_utf8_valid("Café ☕ 日本語 🧪", strlen("Café ☕ 日本語 🧪")));
    assert_false(tc_utf8_valid("a\x80"
                               "b",
                               3));                     /* lone continuation */
    assert_false(tc_utf8_valid("a\xc3", 2));            /* truncated */
    assert_false(tc_utf8_valid("\xff", 1));             /* never valid */
    assert_false(tc_utf8_valid("\xc0\xaf", 2));         /* overlong "/" */
    assert_false(tc_utf8_valid("\xe0\x80\xaf", 3));     /* overlong 3-byte */
    assert_false(tc_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    assert_false(tc_utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
    assert_true(tc_utf8_valid("\xf4\x8f\xbf\xbf", 4));  /* U+10FFFF */
    assert_true(tc_utf8_valid("\xef\xbf\xbf", 3));      /* U+FFFF */
}

static void test_trim(void **state)
{
    (void)state;
    size_t start, len;
    const char *s = " \t\n buy milk \r\n";
    todo_validate_trim(s, strlen(s), &start, &len);
    assert_int_equal(start, 4);
    assert_int_equal(len, 8);
    /* NBSP, ideographic space and em space count as white space. */
    s = "\xc2\xa0\xe3\x80\x80x y\xe2\x80\x83";
    todo_validate_trim(s, strlen(s), &start, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(s + start, "x y", 3);
    s = " \t ";
    todo_validate_trim(s, strlen(s), &start, &len);
    assert_int_equal(len, 0);
}

/* ---- user_id and ids ---- */

static void test_user_id_required_and_bounded(void **state)
{
    (void)state;
    tc_status_t st = {0};
    assert_int_equal(todo_validate_user_id("", &st), TC_EINVAL);
    assert_string_equal(st.message, "user_id: required");
    assert_int_equal(todo_validate_user_id(NULL, &st), TC_EINVAL);
    assert_int_equal(todo_validate_user_id(repeat("u", 256), &st), 0);
    assert_int_equal(todo_validate_user_id(repeat("u", 257), &st), TC_EINVAL);
    assert_string_equal(st.message, "user_id: must be at most 256 bytes");

    Todo__V1__CreateTodoRequest req = TODO__V1__CREATE_TODO_REQUEST__INIT;
    req.todo = title_only("x");
    Todo__V1__Todo *out;
    assert_int_equal(todo_validate_create(&req, &pool.alloc, &out, &st), TC_EINVAL);
    assert_string_equal(st.message, "user_id: required");
}

static void test_id_required(void **state)
{
    (void)state;
    tc_status_t st = {0};
    assert_int_equal(todo_validate_id("", "id", &st), TC_EINVAL);
    assert_string_equal(st.message, "id: required");
    assert_int_equal(todo_validate_id("abc", "id", &st), 0);
}

/* ---- create ---- */

static void test_create_requires_todo(void **state)
{
    (void)state;
    tc_status_t st = {0};
    assert_int_equal(create(NULL, NULL, NULL, &st), TC_EINVAL);
    assert_string_equal(st.message, "todo: required");
}

static void test_title_rules(void **state)
{
    (void)state;
    expect_create_error(title_only(""), "title: must not be empty");
    expect_create_error(title_only(NULL), "title: must not be empty");
    expect_create_error(title_only(" \t\n "), "title: must not be empty");
    expect_create_error(title_only(repeat("a", 501)), "title: must be at most 500 bytes");
    expect_create_error(title_only(repeat("€", 167)), "title: must be at most 500 bytes");
    expect_create_error(title_only("a\xff"), "title: must be valid UTF-8");
    expect_create_error(title_only("\xc0\xaf"), "title: must be valid UTF-8");

    Todo__V1__Todo *out;
    tc_status_t st = {0};
    assert_int_equal(create(title_only(repeat("a", 500)), NULL, &out, &st), 0);
    assert_int_equal(strlen(out->title), 500);
    assert_int_equal(create(title_only(repeat("é", 250)), NULL, &out, &st), 0);
    /* 500 bytes after trimming is fine: the limit is on the stored title. */
    char *padded = repeat(" ", 510);
    memset(padded + 5, 'b', 500);
    assert_int_equal(create(title_only(padded), NULL, &out, &st), 0);
    assert_int_equal(strlen(out->title), 500);
    assert_int_equal(create(title_only("  buy milk \n"), NULL, &out, &st), 0);
    assert_string_equal(out->title, "buy milk");
}

static void test_notes_rules(void **state)
{
    (void)state;
    Todo__V1__Todo *t = title_only("x");
    t->notes = repeat("n", 10001);
    expect_create_error(t, "notes: must be at most 10000 bytes");
    t->notes = repeat("ñ", 5001);
    expect_create_error(t, "notes: must be at most 10000 bytes");
    t->notes = "bad \xed\xa0\x80";
    expect_create_error(t, "notes: must be valid UTF-8");
    Todo__V1__Todo *out;
    tc_status_t st = {0};
    t->notes = repeat("n", 10000);
    assert_int_equal(create(t, NULL, &out, &st), 0);
    assert_int_equal(strlen(out->notes), 10000);
    t->notes = "  spaces kept  ";
    assert_int_equal(create(t, NULL, &out, &st), 0);
    assert_string_equal(out->notes, "  spaces kept  ");
}

static void set_tags(Todo__V1__Todo *t, char **tags, size_t n)
{
    t->tags = tags;
    t->n_tags = n;
}

static void test_tag_rules(void **state)
{
    (void)state;
    Todo__V1__Todo *t = title_only("x");
    char *tags[25];
    for (int i = 0; i < 25; i++) {
        tags[i] = pool.alloc.alloc(pool.alloc.ctx, 16);
        snprintf(tags[i], 16, "t%d", i);
    }
    Todo__V1__Todo *out;
    tc_status_t st = {0};
    set_tags(t, tags, 20);
    assert_int_equal(create(t, NULL, &out, &st), 0);
    assert_int_equal(out->n_tags, 20);
    set_tags(t, tags, 21);
    expect_create_error(t, "tags: at most 20 distinct tags");

    char *one[2] = {"ok", repeat("t", 51)};
    set_tags(t, one, 2);
    expect_create_error(t, "tags[1]: must be at most 50 bytes");
    one[1] = repeat("ü", 26);
    expect_create_error(t, "tags[1]: must be at most 50 bytes");
    one[1] = "";
    expect_create_error(t, "tags[1]: must not be empty");
    one[1] = "  ";
    expect_create_error(t, "tags[1]: must not be empty");
    one[1] = "\xff";
    expect_create_error(t, "tags[1]: must be valid UTF-8");
    one[1] = repeat("t", 50);
    assert_int_equal(create(t, NULL, &out, &st), 0);
}

static void test_tags_trimmed_and_deduplicated(void **state)
{
    (void)state;
    Todo__V1__Todo *t = title_only("x");
    char *tags[] = {" home ", "work", "home", "Home", "work "};
    set_tags(t, tags, 5);
    Todo__V1__Todo *out;
    tc_status_t st = {0};
    assert_int_equal(create(t, NULL, &out, &st), 0);
    assert_int_equal(out->n_tags, 3);
    assert_string_equal(out->tags[0], "home");
    assert_string_equal(out->tags[1], "work");
    assert_string_equal(out->tags[2], "Home"); /* tags are case-sensitive */

    /* 25 tags with only 20 distinct ones are accepted. */
    char *many[25];
    for (int i = 0; i < 25; i++) {
        many[i] = pool.alloc.alloc(pool.alloc.ctx, 16);
        snprintf(many[i], 16, "t%d", i % 20);
    }
    set_tags(t, many, 25);
    assert_int_equal(create(t, NULL, &out, &st), 0);
    assert_int_equal(out->n_tags, 20);
}

static void test_priority_and_due(void **state)
{
    (void)state;
    Todo__V1__Todo *t = title_only("x");
    t->priority = (Todo__V1__Priority)4;
    expect_create_error(t, "priority: unknown value 4");
    t->priority = (Todo__V1__Priority)-1;
    expect_create_error(t, "priority: unknown value -1");
    t->priority = TODO__V1__PRIORITY__PRIORITY_HIGH;
    Google__Protobuf__Timestamp due = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    due.seconds = 253402300800LL; /* year 10000 */
    t->due = &due;
    expect_create_error(t, "due: must be a valid timestamp");
    due.seconds = 1795000000;
    due.nanos = 1000000000;
    expect_create_error(t, "due: must be a valid timestamp");
    due.nanos = -1;
    expect_create_error(t, "due: must be a valid timestamp");
    due.nanos = 999999999;
    Todo__V1__Todo *out;
    tc_status_t st = {0};
    assert_int_equal(create(t, NULL, &out, &st), 0);
    assert_int_equal(out->priority, TODO__V1__PRIORITY__PRIORITY_HIGH);
    assert_non_null(out->due);
    assert_ptr_not_equal(out->due, &due); /* a copy, not the request's */
    assert_int_equal(out->due->nanos, 999999999);
}

static void test_request_id_bounded(void **state)
{
    (void)state;
    tc_status_t st = {0};
    Todo__V1__Todo *out;
    assert_int_equal(create(title_only("x"), repeat("r", 256), &out, &st), 0);
    assert_int_equal(create(title_only("x"), repeat("r", 257), &out, &st), TC_EINVAL);
    assert_string_equal(st.message, "request_id: must be at most 256 bytes");
}

/* ---- update ---- */

static int update(Todo__V1__Todo *todo, const char *const *paths, size_t n, bool with_mask,
                  Todo__V1__Todo **patch, unsigned *fields, tc_status_t *st)
{
    Todo__V1__UpdateTodoRequest req = TODO__V1__UPDATE_TODO_REQUEST__INIT;
    Google__Protobuf__FieldMask mask = GOOGLE__PROTOBUF__FIELD_MASK__INIT;
    mask.paths = (char **)paths;
    mask.n_paths = n;
    req.user_id = "alice";
    req.todo = todo;
    req.update_mask = with_mask ? &mask : NULL;
    return todo_validate_update(&req, &pool.alloc, patch, fields, st);
}

static void test_update_mask_rules(void **state)
{
    (void)state;
    Todo__V1__Todo *t = title_only("new");
    t->id = "abc";
    Todo__V1__Todo *patch;
    unsigned fields;
    tc_status_t st = {0};
    assert_int_equal(update(t, NULL, 0, false, &patch, &fields, &st), TC_EINVAL);
    assert_string_equal(st.message, "update_mask: must name at least one field");
    assert_int_equal(update(t, NULL, 0, true, &patch, &fields, &st), TC_EINVAL);
    assert_string_equal(st.message, "update_mask: must name at least one field");

    const char *bad[] = {"bogus", "id", "created_at", "Title", "todo.title", "", "user_id"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *paths[] = {"title", bad[i]};
        assert_int_equal(update(t, paths, 2, true, &patch, &fields, &st), TC_EINVAL);
        char want[128];
        snprintf(want, sizeof want, "update_mask: unknown field \"%s\"", bad[i]);
        if (strncmp(st.message, want, strlen(want)) != 0)
            fail_msg("got \"%s\", want prefix \"%s\"", st.message, want);
    }

    const char *all[] = {"title", "notes",      "done",      "priority", "due",
                         "tags",  "recurrence", "time_zone", "remind_at"};
    assert_int_equal(update(t, all, 9, true, &patch, &fields, &st), 0);
    assert_int_equal(fields, TODO_FIELD_ALL);
    const char *star[] = {"*"};
    assert_int_equal(update(t, star, 1, true, &patch, &fields, &st), 0);
    assert_int_equal(fields, TODO_FIELD_ALL);
    const char *two[] = {"done", "tags"};
    assert_int_equal(update(t, two, 2, true, &patch, &fields, &st), 0);
    assert_int_equal(fields, TODO_FIELD_DONE | TODO_FIELD_TAGS);
    assert_string_equal(patch->id, "abc");
}

static void test_update_requires_todo_and_id(void **state)
{
    (void)state;
    const char *paths[] = {"title"};
    Todo__V1__Todo *patch;
    unsigned fields;
    tc_status_t st = {0};
    assert_int_equal(update(NULL, paths, 1, true, &patch, &fields, &st), TC_EINVAL);
    assert_string_equal(st.message, "todo: required");
    Todo__V1__Todo *t = title_only("x");
    assert_int_equal(update(t, paths, 1, true, &patch, &fields, &st), TC_EINVAL);
    assert_string_equal(st.message, "todo.id: required");
}

static void test_update_validates_only_masked_fields(void **state)
{
    (void)state;
    Todo__V1__Todo *t = title_only(repeat("a", 600)); /* invalid, but not in the mask */
    t->id = "abc";
    t->notes = "ok";
    const char *notes[] = {"notes"};
    Todo__V1__Todo *patch;
    unsigned fields;
    tc_status_t st = {0};
    assert_int_equal(update(t, notes, 1, true, &patch, &fields, &st), 0);
    assert_int_equal(fields, TODO_FIELD_NOTES);
    assert_string_equal(patch->notes, "ok");

    const char *title[] = {"title"};
    assert_int_equal(update(t, title, 1, true, &patch, &fields, &st), TC_EINVAL);
    assert_true(strncmp(st.message, "title: must be at most 500 bytes", 32) == 0);
    t->title = "  trimmed  ";
    assert_int_equal(update(t, title, 1, true, &patch, &fields, &st), 0);
    assert_string_equal(patch->title, "trimmed");

    const char *due[] = {"due"};
    assert_int_equal(update(t, due, 1, true, &patch, &fields, &st), 0);
    assert_null(patch->due); /* due in the mask, none given: clear */
}

/* ---- list ---- */

static int list(Todo__V1__ListTodosRequest *req, todo_query_t *q, tc_status_t *st)
{
    if (!req->user_id || !*req->user_id)
        req->user_id = "alice";
    return todo_validate_list(req, q, st);
}

static void test_list_rules(void **state)
{
    (void)state;
    Todo__V1__ListTodosRequest req = TODO__V1__LIST_TODOS_REQUEST__INIT;
    todo_query_t q;
    tc_status_t st = {0};
    assert_int_equal(list(&req, &q, &st), 0);
    assert_int_equal(q.page_size, 50);
    req.page_size = 500;
    assert_int_equal(list(&req, &q, &st), 0);
    assert_int_equal(q.page_size, 500);
    req.page_size = 501;
    assert_int_equal(list(&req, &q, &st), TC_EINVAL);
    assert_string_equal(st.message, "page_size: must be 0-500 (got 501)");
    req.page_size = -1;
    assert_int_equal(list(&req, &q, &st), TC_EINVAL);
    assert_true(strncmp(st.message, "page_size:", 10) == 0);
    req.page_size = 1;

    req.status = (Todo__V1__StatusFilter)3;
    assert_int_equal(list(&req, &q, &st), TC_EINVAL);
    assert_string_equal(st.message, "status: unknown value 3");
    req.status = TODO__V1__STATUS_FILTER__STATUS_DONE;

    req.query = "\xff";
    assert_int_equal(list(&req, &q, &st), TC_EINVAL);
    assert_string_equal(st.message, "query: must be valid UTF-8");
    req.query = repeat("q", 1001);
    assert_int_equal(list(&req, &q, &st), TC_EINVAL);
    assert_string_equal(st.message, "query: must be at most 1000 bytes");
    req.query = "milk";

    req.tag = repeat("t", 51);
    assert_int_equal(list(&req, &q, &st), TC_EINVAL);
    assert_string_equal(st.message, "tag: must be at most 50 bytes");
    req.tag = "home";

    req.page_token = repeat("x", PAGE_TOKEN_MAX_LEN + 1);
    assert_int_equal(list(&req, &q, &st), TC_EINVAL);
    assert_true(strncmp(st.message, "page_token:", 11) == 0);
    req.page_token = "";

    assert_int_equal(list(&req, &q, &st), 0);
    assert_int_equal(q.status, TODO__V1__STATUS_FILTER__STATUS_DONE);
    assert_string_equal(q.query, "milk");
    assert_string_equal(q.tag, "home");
    assert_int_equal(q.page_size, 1);

    Todo__V1__ListTodosRequest anon = TODO__V1__LIST_TODOS_REQUEST__INIT;
    anon.user_id = "";
    assert_int_equal(todo_validate_list(&anon, &q, &st), TC_EINVAL);
    assert_string_equal(st.message, "user_id: required");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trim, setup, teardown),
        cmocka_unit_test_setup_teardown(test_user_id_required_and_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_id_required, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_requires_todo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_title_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_notes_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tag_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tags_trimmed_and_deduplicated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_priority_and_due, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request_id_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_mask_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_requires_todo_and_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_validates_only_masked_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_rules, setup, teardown),
    };
    return cmocka_run_group_tests_name("todo_validate", tests, NULL, NULL);
}
