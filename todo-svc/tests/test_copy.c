/* Copying a store into another (store_copy.h, todo-svc --copy-from): a
 * SQLite store filled with todos of several users covering every field is
 * copied into a real PostgreSQL database (test_pg.h starts the server), and
 * everything is checked through store.h the way the service reads it: every
 * field of every todo, the order, idempotent create replays, a recurring
 * series that goes on (and ends) as it would have on the source, a
 * delivered reminder that is not due again, re-running, conflicts, and the
 * way back from PostgreSQL to SQLite. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "store_copy.h"
#include "store_fixture.h"
#include "test_alloc.h"
#include "test_pg.h"

#define NOW     1795000000000LL /* 2026-11-18 */
#define DAY_S   86400
#define N_USERS 3

static const char *const users[N_USERS] = {"ann", "bob-ü", "carol"};

typedef struct fixture {
    todo_store_t *sq; /* the source: a SQLite file */
    todo_store_t *pg; /* the target: a PostgreSQL database of its own */
    char dir[64], file[128];
    char dbname[32], uri[256];
    test_pool_t pool;
    int created_events; /* EVENT_CREATED heard on the target */
    char *series_next;  /* the open occurrence of the recurring series */
    char *series_done;  /* the occurrence completed before the copy */
    char *deleted_req;  /* a request id whose todo was deleted */
} fixture_t;

/* ---- building the source ---- */

static Google__Protobuf__Timestamp *ts(fixture_t *f, int64_t s, int32_t ns)
{
    Google__Protobuf__Timestamp *t = f->pool.alloc.alloc(f->pool.alloc.ctx, sizeof *t);
    google__protobuf__timestamp__init(t);
    t->seconds = s;
    t->nanos = ns;
    return t;
}

static Todo__V1__Todo *create(fixture_t *f, todo_store_t *s, const char *user, Todo__V1__Todo *in,
                              const char *request_id)
{
    Todo__V1__Todo *out = NULL;
    tc_status_t st = {0};
    if (todo_store_create_todo(s, user, in, request_id, NOW, &f->pool.alloc, &out, NULL, &st))
        fail_msg("create %s: %s", in->title, st.message);
    return out;
}

static Todo__V1__Todo *set_done(fixture_t *f, todo_store_t *s, const char *user, const char *id,
                                bool done, int64_t now)
{
    Todo__V1__Todo patch = TODO__V1__TODO__INIT, *out = NULL;
    patch.id = (char *)id;
    patch.done = done;
    tc_status_t st = {0};
    if (todo_store_update_todo(s, user, &patch, TODO_FIELD_DONE, now, &f->pool.alloc, &out, &st))
        fail_msg("update %s: %s", id, st.message);
    return out;
}

/* Plain todos: notes, tags, priorities, due dates with nanos, unicode, a
 * done one, request ids, and a request whose todo was deleted. */
static void fill_plain(fixture_t *f)
{
    char *tags[] = {"home", "ünïcode ☂", "a\"quote\\"};
    for (int u = 0; u < N_USERS; u++)
        for (int i = 0; i < 3; i++) {
            Todo__V1__Todo in = TODO__V1__TODO__INIT;
            char title[64], req[32];
            snprintf(title, sizeof title, "%s todo %d — 日本語", users[u], i);
            snprintf(req, sizeof req, "req-%d-%d", u, i);
            in.title = title;
            in.notes = i == 1 ? "line one\nline two, {braces}, 'quotes'" : "";
            in.priority = (Todo__V1__Priority)(i + 1);
            in.due = i ? ts(f, NOW / 1000 + i * DAY_S, 123456789 * i) : NULL;
            in.tags = tags;
            in.n_tags = (size_t)i;
            Todo__V1__Todo *t = create(f, f->sq, users[u], &in, i == 2 ? NULL : req);
            if (i == 1)
                set_done(f, f->sq, users[u], t->id, true, NOW + 1000);
        }
    Todo__V1__Todo in = TODO__V1__TODO__INIT;
    in.title = "gone";
    f->deleted_req = "req-deleted";
    Todo__V1__Todo *t = create(f, f->sq, "carol", &in, f->deleted_req);
    tc_status_t st = {0};
    assert_int_equal(todo_store_delete_todo(f->sq, "carol", t->id, &f->pool.alloc, NULL, &st), 0);
}

/* A weekly series of 3 in Europe/Berlin with a reminder: the first
 * occurrence completed (it made the second), the second open. */
static void fill_series(fixture_t *f)
{
    Todo__V1__Todo in = TODO__V1__TODO__INIT;
    in.title = "water the plants";
    in.recurrence = "FREQ=WEEKLY;COUNT=3";
    in.time_zone = "Europe/Berlin";
    in.due = ts(f, NOW / 1000 + DAY_S, 0);
    in.remind_at = ts(f, NOW / 1000 + DAY_S - 3600, 0);
    Todo__V1__Todo *first = create(f, f->sq, "ann", &in, "req-series");
    Todo__V1__Todo *done = set_done(f, f->sq, "ann", first->id, true, NOW + 2000);
    assert_non_null(done->next_occurrence_id);
    assert_true(done->next_occurrence_id[0]);
    f->series_done = done->id;
    f->series_next = done->next_occurrence_id;
}

/* One reminder delivered (reminded_at set), one still pending. */
static void fill_reminders(fixture_t *f)
{
    Todo__V1__Todo in = TODO__V1__TODO__INIT;
    in.title = "delivered reminder";
    in.remind_at = ts(f, NOW / 1000 - 60, 500000000);
    create(f, f->sq, "bob-ü", &in, NULL);
    in.title = "pending reminder";
    in.remind_at = ts(f, NOW / 1000 + 7 * DAY_S, 0);
    create(f, f->sq, "bob-ü", &in, NULL);
    size_t claimed = 0;
    tc_status_t st = {0};
    assert_int_equal(todo_store_claim_reminders(f->sq, NOW, NULL, NULL, &claimed, &st), 0);
    assert_int_equal(claimed, 1);
}

/* ---- fixture ---- */

static void on_change(void *ctx, const char *user_id, Todo__V1__EventType type,
                      const Todo__V1__Todo *t)
{
    (void)user_id;
    (void)t;
    if (type == TODO__V1__EVENT_TYPE__EVENT_CREATED)
        ((fixture_t *)ctx)->created_events++;
}

/* A new PostgreSQL database of this test, its URI in out. */
static void new_pg_db(fixture_t *f, char *name, size_t name_cap, char *out, size_t cap)
{
    static int serial;
    snprintf(name, name_cap, "copy%d_%d", (int)getpid(), ++serial);
    char sql[64];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    test_pg_sql(test_pg_uri, sql);
    test_pg_db_uri(name, out, cap);
    (void)f;
}

static todo_store_t *open_store(const char *db)
{
    tc_status_t st = {0};
    todo_store_t *s = todo_store_create(db, &st);
    if (!s)
        fail_msg("open %s: %s", db, st.message);
    return s;
}

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    test_pool_init(&f->pool);
    if (test_dir_make("todo-copy-test", f->dir, sizeof f->dir, f->file, sizeof f->file) != 0)
        return -1;
    f->sq = open_store(f->file);
    fill_plain(f);
    fill_series(f);
    fill_reminders(f);
    new_pg_db(f, f->dbname, sizeof f->dbname, f->uri, sizeof f->uri);
    f->pg = open_store(f->uri);
    todo_store_set_listener(f->pg, on_change, f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    todo_store_destroy(f->sq);
    todo_store_destroy(f->pg);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "DROP DATABASE %s WITH (FORCE)", f->dbname);
    test_pg_sql(test_pg_uri, cmd);
    test_dir_remove(f->dir);
    test_pool_free(&f->pool);
    free(f);
    return 0;
}

/* ---- reading back ---- */

static todo_copy_stats_t copy(todo_store_t *from, todo_store_t *to, int want)
{
    todo_copy_stats_t n;
    tc_status_t st = {0};
    int rc = todo_copy_run(from, to, &n, &st);
    if (rc != want)
        fail_msg("copy returned %d (%s), wanted %d", rc, st.message, want);
    return n;
}

/* Every todo of user in s, in creation order, into *out; returns how many. */
static size_t all_todos(fixture_t *f, todo_store_t *s, const char *user, Todo__V1__Todo ***out)
{
    size_t n = 0, cap = 0;
    *out = NULL;
    const char *token = NULL;
    do {
        todo_query_t q = {.page_size = 2, .page_token = token};
        todo_page_t page;
        tc_status_t st = {0};
        if (todo_store_list_todos(s, user, &q, &f->pool.alloc, &page, &st))
            fail_msg("list %s: %s", user, st.message);
        if (n + page.n > cap) {
            cap = 2 * (n + page.n);
            Todo__V1__Todo **grown = f->pool.alloc.alloc(f->pool.alloc.ctx, cap * sizeof *grown);
            if (n)
                memcpy(grown, *out, n * sizeof *grown);
            *out = grown;
        }
        if (page.n) /* an empty page may have no array at all */
            memcpy(*out + n, page.todos, page.n * sizeof *page.todos);
        n += page.n;
        token = page.next_page_token;
    } while (token && *token);
    return n;
}

static long long ms_of(const Google__Protobuf__Timestamp *t)
{
    return t ? (long long)t->seconds * 1000 + t->nanos / 1000000 : -1;
}

/* t with every field, for a message that says which one differs. */
static void describe(const Todo__V1__Todo *t, char *out, size_t cap)
{
    snprintf(out, cap,
             "%s '%s' notes='%s' done=%d prio=%d tags=%zu due=%lld.%d rec='%s' tz='%s'"
             " created=%lld updated=%lld completed=%lld remind=%lld reminded=%lld next='%s'",
             t->id, t->title, t->notes, t->done, t->priority, t->n_tags,
             t->due ? (long long)t->due->seconds : -1LL, t->due ? t->due->nanos : -1, t->recurrence,
             t->time_zone, ms_of(t->created_at), ms_of(t->updated_at), ms_of(t->completed_at),
             ms_of(t->remind_at), ms_of(t->reminded_at),
             t->next_occurrence_id ? t->next_occurrence_id : "");
}

/* Every field of x and y equal: their wire forms are (protobuf-c writes
 * every set field in number order). */
static void assert_same_todo(const Todo__V1__Todo *x, const Todo__V1__Todo *y)
{
    size_t nx = protobuf_c_message_get_packed_size(&x->base);
    size_t ny = protobuf_c_message_get_packed_size(&y->base);
    uint8_t *px = malloc(nx + 1), *py = malloc(ny + 1);
    protobuf_c_message_pack(&x->base, px);
    protobuf_c_message_pack(&y->base, py);
    bool same = nx == ny && memcmp(px, py, nx) == 0;
    free(px);
    free(py);
    if (!same) {
        char a[1024], b[1024];
        describe(x, a, sizeof a);
        describe(y, b, sizeof b);
        fail_msg("todos differ:\n  %s\n  %s", a, b);
    }
}

/* Every user's todos in to are those in from: same ids, same order, every
 * field equal. Returns how many todos that is. */
static size_t assert_same_store(fixture_t *f, todo_store_t *from, todo_store_t *to)
{
    size_t total = 0;
    for (int u = 0; u < N_USERS; u++) {
        Todo__V1__Todo **x, **y;
        size_t nx = all_todos(f, from, users[u], &x), ny = all_todos(f, to, users[u], &y);
        assert_int_equal(nx, ny);
        for (size_t i = 0; i < nx; i++)
            assert_same_todo(x[i], y[i]);
        total += nx;
    }
    return total;
}

/* The id of user's todo number i (creation order) in s. */
static const char *all_ids(fixture_t *f, todo_store_t *s, const char *user, size_t i)
{
    Todo__V1__Todo **all;
    assert_true(all_todos(f, s, user, &all) > i);
    return all[i]->id;
}

static Todo__V1__Todo *get(fixture_t *f, todo_store_t *s, const char *user, const char *id)
{
    Todo__V1__Todo *t = NULL;
    tc_status_t st = {0};
    if (todo_store_get_todo(s, user, id, &f->pool.alloc, &t, &st))
        fail_msg("get %s: %s", id, st.message);
    return t;
}

/* ---- tests ---- */

static void test_every_todo_and_field_arrives(void **state)
{
    fixture_t *f = *state;
    todo_copy_stats_t n = copy(f->sq, f->pg, 0);
    size_t total = assert_same_store(f, f->sq, f->pg);
    assert_int_equal(total, 3 * 3 + 2 + 2); /* plain, the series, the reminders */
    assert_int_equal(n.todos, total);
    assert_int_equal(n.todos_skipped, 0);
    assert_int_equal(n.users, N_USERS);
    assert_int_equal(n.requests, 3 * 2 + 1 + 1); /* plain, the deleted one's, the series' */
    assert_int_equal(n.conflicts, 0);
    assert_int_equal(f->created_events, (int)total); /* watchers and caches hear of them */
    /* What the fields are, not only that they match. */
    Todo__V1__Todo *done = get(f, f->pg, "ann", f->series_done);
    assert_true(done->done);
    assert_string_equal(done->next_occurrence_id, f->series_next);
    assert_string_equal(done->time_zone, "Europe/Berlin");
    assert_int_equal(done->completed_at->seconds * 1000 + done->completed_at->nanos / 1000000,
                     NOW + 2000);
}

static void test_old_request_ids_replay_on_the_target(void **state)
{
    fixture_t *f = *state;
    copy(f->sq, f->pg, 0);
    Todo__V1__Todo **before;
    size_t n = all_todos(f, f->pg, "bob-ü", &before);
    Todo__V1__Todo in = TODO__V1__TODO__INIT, *out = NULL;
    in.title = "a retry must not make this";
    bool replayed = false;
    tc_status_t st = {0};
    assert_int_equal(todo_store_create_todo(f->pg, "bob-ü", &in, "req-1-0", NOW + 60000,
                                            &f->pool.alloc, &out, &replayed, &st),
                     0);
    assert_true(replayed);
    assert_string_equal(out->id, before[0]->id);
    assert_string_equal(out->title, before[0]->title);
    Todo__V1__Todo **after;
    assert_int_equal(all_todos(f, f->pg, "bob-ü", &after), n);
    /* The request whose todo was deleted still creates nothing. */
    assert_int_equal(todo_store_create_todo(f->pg, "carol", &in, f->deleted_req, NOW + 60000,
                                            &f->pool.alloc, &out, &replayed, &st),
                     TC_ENOTFOUND);
}

/* Completes the open occurrence of the series in s, then the one that
 * made, as a user would; returns the due dates of what each made (0: none). */
static void continue_series(fixture_t *f, todo_store_t *s, const char *open, int64_t due[2],
                            size_t *count)
{
    Todo__V1__Todo *t = set_done(f, s, "ann", open, true, NOW + 10000);
    assert_non_null(t->next_occurrence_id);
    Todo__V1__Todo *third = get(f, s, "ann", t->next_occurrence_id);
    due[0] = third->due->seconds;
    Todo__V1__Todo *end = set_done(f, s, "ann", third->id, true, NOW + 20000);
    due[1] = end->next_occurrence_id && *end->next_occurrence_id ? 1 : 0;
    /* The occurrence completed before the copy made its next one already:
     * reopening and completing it again makes none. */
    set_done(f, s, "ann", f->series_done, false, NOW + 30000);
    set_done(f, s, "ann", f->series_done, true, NOW + 40000);
    Todo__V1__Todo **all;
    *count = all_todos(f, s, "ann", &all);
}

static void test_a_copied_series_goes_on_as_on_the_source(void **state)
{
    fixture_t *f = *state;
    copy(f->sq, f->pg, 0);
    int64_t due_sq[2], due_pg[2];
    size_t n_sq, n_pg;
    continue_series(f, f->sq, f->series_next, due_sq, &n_sq);
    continue_series(f, f->pg, f->series_next, due_pg, &n_pg);
    assert_int_equal(due_pg[0], due_sq[0]);
    assert_int_equal(due_pg[0], NOW / 1000 + DAY_S + 14 * DAY_S); /* the third week */
    assert_int_equal(due_sq[1], 0); /* COUNT=3 ends the series after the third ... */
    assert_int_equal(due_pg[1], 0); /* ... on the target too: its first due was kept */
    assert_int_equal(n_pg, n_sq);
}

static void test_a_delivered_reminder_is_not_due_again(void **state)
{
    fixture_t *f = *state;
    copy(f->sq, f->pg, 0);
    size_t claimed = 9;
    tc_status_t st = {0};
    assert_int_equal(todo_store_claim_reminders(f->pg, NOW + 1000, NULL, NULL, &claimed, &st), 0);
    assert_int_equal(claimed, 0);
    /* The pending one is still pending, and is the next, as on the source. */
    int64_t next = 0, next_sq = 0;
    assert_int_equal(todo_store_next_reminder(f->pg, NOW, &next, &st), 0);
    assert_int_equal(todo_store_next_reminder(f->sq, NOW, &next_sq, &st), 0);
    assert_int_equal(next, NOW + 7 * DAY_S * 1000LL);
    assert_int_equal(next, next_sq);
    assert_int_equal(get(f, f->pg, "bob-ü", all_ids(f, f->pg, "bob-ü", 3))->reminded_at->seconds,
                     NOW / 1000);
}

static void test_running_it_again_copies_nothing_new(void **state)
{
    fixture_t *f = *state;
    todo_copy_stats_t first = copy(f->sq, f->pg, 0);
    int events = f->created_events;
    todo_copy_stats_t again = copy(f->sq, f->pg, 0);
    assert_int_equal(again.todos, 0);
    assert_int_equal(again.todos_skipped, first.todos);
    assert_int_equal(again.requests, 0);
    assert_int_equal(again.requests_skipped, first.requests);
    assert_int_equal(f->created_events, events);
    assert_int_equal(assert_same_store(f, f->sq, f->pg), first.todos);
}

static void test_a_different_todo_under_the_same_id_is_a_conflict(void **state)
{
    fixture_t *f = *state;
    copy(f->sq, f->pg, 0);
    /* Changed on the source after the first copy: the target keeps its own. */
    Todo__V1__Todo patch = TODO__V1__TODO__INIT, *out = NULL;
    patch.id = f->series_next;
    patch.title = "renamed on the source";
    tc_status_t st = {0};
    assert_int_equal(todo_store_update_todo(f->sq, "ann", &patch, TODO_FIELD_TITLE, NOW + 5000,
                                            &f->pool.alloc, &out, &st),
                     0);
    todo_copy_stats_t n;
    assert_int_equal(todo_copy_run(f->sq, f->pg, &n, &st), TC_EEXISTS);
    assert_non_null(strstr(st.message, f->series_next));
    assert_int_equal(n.conflicts, 1);
    assert_int_equal(n.todos, 0); /* nothing else to write, nothing written */
    assert_string_equal(get(f, f->pg, "ann", f->series_next)->title, "water the plants");
    /* The same id under another user is a conflict too, and writes nothing. */
    todo_store_record_t rec = {.user_id = "mallory", .todo = out};
    bool skipped = false;
    assert_int_equal(todo_store_put_todo(f->pg, &rec, &f->pool.alloc, &skipped, &st), TC_EEXISTS);
    Todo__V1__Todo **none;
    assert_int_equal(all_todos(f, f->pg, "mallory", &none), 0);
}

static void test_the_way_back_to_sqlite(void **state)
{
    fixture_t *f = *state;
    todo_copy_stats_t there = copy(f->sq, f->pg, 0);
    char back_file[160];
    snprintf(back_file, sizeof back_file, "%s/back.db", f->dir);
    todo_store_t *back = open_store(back_file);
    todo_copy_stats_t n = copy(f->pg, back, 0);
    assert_int_equal(n.todos, there.todos);
    assert_int_equal(n.requests, there.requests);
    assert_int_equal(assert_same_store(f, f->sq, back), there.todos);
    Todo__V1__Todo in = TODO__V1__TODO__INIT, *out = NULL;
    in.title = "x";
    bool replayed = false;
    tc_status_t st = {0};
    assert_int_equal(todo_store_create_todo(back, "ann", &in, "req-series", NOW + 1, &f->pool.alloc,
                                            &out, &replayed, &st),
                     0);
    assert_true(replayed);
    assert_string_equal(out->id, f->series_done);
    todo_store_destroy(back);
}

static void test_a_missing_source_file_is_an_error_not_an_empty_store(void **state)
{
    fixture_t *f = *state;
    char missing[160], snap[4096];
    snprintf(missing, sizeof missing, "%s/no-such.db", f->dir);
    tc_status_t st = {0};
    assert_null(todo_copy_open_source(missing, snap, sizeof snap, &st));
    assert_non_null(strstr(st.message, missing));
    assert_int_not_equal(access(missing, F_OK), 0); /* and nothing was made there */
}

static void test_a_sqlite_source_is_read_from_a_snapshot(void **state)
{
    fixture_t *f = *state;
    char snap[4096];
    tc_status_t st = {0};
    todo_store_t *src = todo_copy_open_source(f->file, snap, sizeof snap, &st);
    assert_non_null(src);
    assert_string_not_equal(snap, f->file);
    todo_copy_stats_t n = copy(src, f->pg, 0);
    assert_int_equal(assert_same_store(f, f->sq, f->pg), n.todos);
    todo_copy_close_source(src, snap);
    assert_int_not_equal(access(snap, F_OK), 0);
}

int main(void)
{
    int rc = test_pg_start();
    if (rc != 0)
        return rc;
#define CASE(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        CASE(test_every_todo_and_field_arrives),
        CASE(test_old_request_ids_replay_on_the_target),
        CASE(test_a_copied_series_goes_on_as_on_the_source),
        CASE(test_a_delivered_reminder_is_not_due_again),
        CASE(test_running_it_again_copies_nothing_new),
        CASE(test_a_different_todo_under_the_same_id_is_a_conflict),
        CASE(test_the_way_back_to_sqlite),
        CASE(test_a_missing_source_file_is_an_error_not_an_empty_store),
        CASE(test_a_sqlite_source_is_read_from_a_snapshot),
    };
    rc = cmocka_run_group_tests_name("todo_copy", tests, NULL, NULL);
    test_pg_stop();
    return rc;
}
