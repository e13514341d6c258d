/* The store conformance suite: CRUD, isolation, idempotency, pagination,
 * order, filters, recurrence, reminders, migrations, persistence,
 * listeners, threads. One suite, two engines: `todo_test_store` runs it on
 * SQLite (in memory and in files), `todo_test_store --pg` on a real
 * PostgreSQL server it starts itself (tests/lib/pg-temp.sh; a fresh database
 * per test), or on $TODO_TEST_PG_URI's server when that is set. Tests that
 * are about one engine's own mechanics (SQLite files and their locks, the
 * SQLite change log; PostgreSQL replicas, outages) run on that engine only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store.h"
#include "store_fixture.h"
#include "test_alloc.h"
#include "test_pg.h"
#include "timeutil.h"

#define NOW 1795000000000LL /* 2026-11-18 */

typedef struct fixture {
    todo_store_t *s;
    test_pool_t pool;
    char dir[64];
    char path[128];  /* a SQLite file, or a PostgreSQL URI */
    char dbname[32]; /* PostgreSQL: this test's own database */
} fixture_t;

/* ---- PostgreSQL: the server and a database per test ---- */

static int setup_pg_path(void **state)
{
    static int serial;
    fixture_t *f = calloc(1, sizeof *f);
    test_pool_init(&f->pool);
    snprintf(f->dbname, sizeof f->dbname, "t%d_%d", (int)getpid(), ++serial);
    char sql[64];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->dbname);
    test_pg_sql(test_pg_uri, sql);
    test_pg_db_uri(f->dbname, f->path, sizeof f->path);
    *state = f;
    return 0;
}

static int setup_pg(void **state)
{
    setup_pg_path(state);
    fixture_t *f = *state;
    f->s = test_store_try(f->path);
    return f->s ? 0 : -1;
}

static int setup_mem(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    test_pool_init(&f->pool);
    *state = f;
    f->s = test_store_try(":memory:");
    return f->s ? 0 : -1;
}

static int setup_file(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    test_pool_init(&f->pool);
    *state = f;
    return test_dir_make("todo-store-test", f->dir, sizeof f->dir, f->path, sizeof f->path);
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    todo_store_destroy(f->s);
    test_pool_free(&f->pool);
    if (f->dbname[0]) {
        char sql[80];
        snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", f->dbname);
        test_pg_sql(test_pg_uri, sql);
    }
    if (f->dir[0])
        test_dir_remove(f->dir);
    free(f);
    return 0;
}

static todo_store_t *open_file(fixture_t *f)
{
    tc_status_t st = {0};
    todo_store_t *s = todo_store_create(f->path, &st);
    if (!s)
        fail_msg("open %s: %s", f->path, st.message);
    return s;
}

/* Creates a todo with the given title, tags (NULL-terminated) and done. */
static Todo__V1__Todo *mk(fixture_t *f, const char *user, const char *title, const char *notes,
                          bool done, const char *const *tags, const char *request_id)
{
    Todo__V1__Todo in = TODO__V1__TODO__INIT;
    in.title = (char *)title;
    in.notes = (char *)(notes ? notes : "");
    in.done = done;
    size_t n = 0;
    while (tags && tags[n])
        n++;
    in.tags = (char **)tags;
    in.n_tags = n;
    Todo__V1__Todo *out = NULL;
    tc_status_t st = {0};
    int rc =
        todo_store_create_todo(f->s, user, &in, request_id, NOW, &f->pool.alloc, &out, NULL, &st);
    if (rc != 0)
        fail_msg("create %s: %s", title, st.message);
    return out;
}

static int get(fixture_t *f, const char *user, const char *id, Todo__V1__Todo **out)
{
    tc_status_t st = {0};
    return todo_store_get_todo(f->s, user, id, &f->pool.alloc, out, &st);
}

static int64_t ms(const Google__Protobuf__Timestamp *ts)
{
    return ts ? ts->seconds * 1000 + ts->nanos / 1000000 : -1;
}

static todo_page_t list(fixture_t *f, const char *user, Todo__V1__StatusFilter status,
                        const char *query, const char *tag, int size, const char *token)
{
    todo_query_t q = {
        .status = status, .query = query, .tag = tag, .page_size = size, .page_token = token};
    todo_page_t page;
    tc_status_t st = {0};
    int rc = todo_store_list_todos(f->s, user, &q, &f->pool.alloc, &page, &st);
    if (rc != 0)
        fail_msg("list: %s", st.message);
    return page;
}

static int update(fixture_t *f, const char *user, Todo__V1__Todo *patch, unsigned fields,
                  int64_t now, Todo__V1__Todo **out)
{
    tc_status_t st = {0};
    return todo_store_update_todo(f->s, user, patch, fields, now, &f->pool.alloc, out, &st);
}

/* ---- CRUD ---- */

static void test_create_get_returns_what_was_stored(void **state)
{
    fixture_t *f = *state;
    const char *tags[] = {"home", "errand", NULL};
    Todo__V1__Todo *t = mk(f, "alice", "buy milk", "2 litres", false, tags, NULL);
    assert_int_equal(strlen(t->id), 26);
    assert_int_equal(strspn(t->id, "0123456789abcdefghjkmnpqrstvwxyz"), 26);
    assert_int_equal(ms(t->created_at), NOW);
    assert_int_equal(ms(t->updated_at), NOW);
    assert_null(t->completed_at);
    assert_null(t->due);

    Todo__V1__Todo *g = NULL;
    assert_int_equal(get(f, "alice", t->id, &g), 0);
    assert_string_equal(g->id, t->id);
    assert_string_equal(g->title, "buy milk");
    assert_string_equal(g->notes, "2 litres");
    assert_false(g->done);
    assert_int_equal(g->n_tags, 2);
    assert_string_equal(g->tags[0], "home");
    assert_string_equal(g->tags[1], "errand");
    assert_int_equal(ms(g->created_at), NOW);
    assert_null(g->completed_at);
}

static void test_ids_are_unique(void **state)
{
    fixture_t *f = *state;
    char seen[50][27];
    for (int i = 0; i < 50; i++) {
        Todo__V1__Todo *t = mk(f, "alice", "x", NULL, false, NULL, NULL);
        strcpy(seen[i], t->id);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(seen[i], seen[j]);
    }
}

static void test_create_with_all_fields(void **state)
{
    fixture_t *f = *state;
    Todo__V1__Todo in = TODO__V1__TODO__INIT;
    Google__Protobuf__Timestamp due = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    due.seconds = 1795000000;
    due.nanos = 5;
    in.title = "pay rent";
    in.done = true;
    in.priority = TODO__V1__PRIORITY__PRIORITY_HIGH;
    in.due = &due;
    Todo__V1__Todo *out = NULL;
    tc_status_t st = {0};
    assert_int_equal(
        todo_store_create_todo(f->s, "alice", &in, NULL, NOW, &f->pool.alloc, &out, NULL, &st), 0);
    assert_int_equal(ms(out->completed_at), NOW); /* created done: completed now */
    Todo__V1__Todo *g = NULL;
    assert_int_equal(get(f, "alice", out->id, &g), 0);
    assert_true(g->done);
    assert_int_equal(g->priority, TODO__V1__PRIORITY__PRIORITY_HIGH);
    assert_non_null(g->due);
    assert_int_equal(g->due->seconds, 1795000000);
    assert_int_equal(g->due->nanos, 5);
    assert_int_equal(ms(g->completed_at), NOW);
}

static void test_update_writes_only_masked_fields(void **state)
{
    fixture_t *f = *state;
    const char *tags[] = {"a", NULL};
    Todo__V1__Todo *t = mk(f, "alice", "old title", "keep notes", false, tags, NULL);
    Todo__V1__Todo patch = TODO__V1__TODO__INIT;
    patch.id = t->id;
    patch.title = "new title";
    patch.notes = "should not be written";
    patch.priority = TODO__V1__PRIORITY__PRIORITY_LOW;
    Todo__V1__Todo *out = NULL;
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_TITLE, NOW + 5000, &out), 0);
    assert_string_equal(out->title, "new title");
    assert_string_equal(out->notes, "keep notes");
    assert_int_equal(out->priority, 0);
    assert_int_equal(ms(out->updated_at), NOW + 5000);
    assert_int_equal(ms(out->created_at), NOW);

    Todo__V1__Todo *g = NULL;
    assert_int_equal(get(f, "alice", t->id, &g), 0);
    assert_string_equal(g->title, "new title");
    assert_string_equal(g->notes, "keep notes");
    assert_int_equal(g->n_tags, 1);
    assert_int_equal(ms(g->updated_at), NOW + 5000);
}

static void test_update_done_sets_and_clears_completed_at(void **state)
{
    fixture_t *f = *state;
    Todo__V1__Todo *t = mk(f, "alice", "task", NULL, false, NULL, NULL);
    Todo__V1__Todo patch = TODO__V1__TODO__INIT;
    patch.id = t->id;
    patch.done = true;
    Todo__V1__Todo *out = NULL;
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_DONE, NOW + 1000, &out), 0);
    assert_true(out->done);
    assert_int_equal(ms(out->completed_at), NOW + 1000);

    /* Done again: the first completion time stays. */
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_DONE, NOW + 2000, &out), 0);
    assert_int_equal(ms(out->completed_at), NOW + 1000);
    assert_int_equal(ms(out->updated_at), NOW + 2000);

    patch.done = false;
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_DONE, NOW + 3000, &out), 0);
    assert_false(out->done);
    assert_null(out->completed_at);
    Todo__V1__Todo *g = NULL;
    assert_int_equal(get(f, "alice", t->id, &g), 0);
    assert_false(g->done);
    assert_null(g->completed_at);
}

static void test_updated_at_never_goes_back(void **state)
{
    fixture_t *f = *state;
    Todo__V1__Todo *t = mk(f, "alice", "task", NULL, false, NULL, NULL);
    Todo__V1__Todo patch = TODO__V1__TODO__INIT, *out = NULL;
    patch.id = t->id;
    patch.notes = "n";
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_NOTES, NOW - 60000, &out), 0);
    assert_int_equal(ms(out->updated_at), NOW); /* the clock went back a minute */
}

static void test_update_due_set_and_clear(void **state)
{
    fixture_t *f = *state;
    Todo__V1__Todo *t = mk(f, "alice", "task", NULL, false, NULL, NULL);
    Google__Protobuf__Timestamp due = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    due.seconds = 1800000000;
    Todo__V1__Todo patch = TODO__V1__TODO__INIT;
    patch.id = t->id;
    patch.due = &due;
    Todo__V1__Todo *out = NULL, *g = NULL;
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_DUE, NOW, &out), 0);
    assert_int_equal(out->due->seconds, 1800000000);
    /* A title update leaves due alone. */
    patch.title = "renamed";
    patch.due = NULL;
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_TITLE, NOW, &out), 0);
    assert_int_equal(get(f, "alice", t->id, &g), 0);
    assert_non_null(g->due);
    /* due in the mask with no due clears it. */
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_DUE, NOW, &out), 0);
    assert_null(out->due);
    assert_int_equal(get(f, "alice", t->id, &g), 0);
    assert_null(g->due);
}

static void test_delete_then_gone(void **state)
{
    fixture_t *f = *state;
    const char *tags[] = {"x", NULL};
    Todo__V1__Todo *t = mk(f, "alice", "task", NULL, false, tags, NULL);
    Todo__V1__Todo *old = NULL, *g = NULL;
    tc_status_t st = {0};
    assert_int_equal(todo_store_delete_todo(f->s, "alice", t->id, &f->pool.alloc, &old, &st), 0);
    assert_string_equal(old->title, "task");
    assert_int_equal(get(f, "alice", t->id, &g), TC_ENOTFOUND);
    assert_int_equal(todo_store_delete_todo(f->s, "alice", t->id, &f->pool.alloc, NULL, &st),
                     TC_ENOTFOUND);
    assert_non_null(strstr(st.message, "id"));
    assert_int_equal(list(f, "alice", 0, NULL, "x", 50, NULL).n, 0);
}

static void test_unknown_id_not_found(void **state)
{
    fixture_t *f = *state;
    Todo__V1__Todo *g = NULL, *out = NULL;
    assert_int_equal(get(f, "alice", "nope", &g), TC_ENOTFOUND);
    assert_null(g);
    Todo__V1__Todo patch = TODO__V1__TODO__INIT;
    patch.id = "nope";
    patch.title = "x";
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_TITLE, NOW, &out), TC_ENOTFOUND);
}

/* ---- isolation ---- */

static void test_users_are_isolated(void **state)
{
    fixture_t *f = *state;
    Todo__V1__Todo *t = mk(f, "alice", "alice's secret", NULL, false, NULL, NULL);
    mk(f, "bob", "bob's", NULL, false, NULL, NULL);
    Todo__V1__Todo *g = NULL, *out = NULL;
    tc_status_t st = {0};

    assert_int_equal(get(f, "bob", t->id, &g), TC_ENOTFOUND);
    Todo__V1__Todo patch = TODO__V1__TODO__INIT;
    patch.id = t->id;
    patch.title = "hacked";
    assert_int_equal(update(f, "bob", &patch, TODO_FIELD_TITLE, NOW, &out), TC_ENOTFOUND);
    assert_int_equal(todo_store_delete_todo(f->s, "bob", t->id, &f->pool.alloc, NULL, &st),
                     TC_ENOTFOUND);

    todo_page_t p = list(f, "bob", 0, NULL, NULL, 50, NULL);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.todos[0]->title, "bob's");
    p = list(f, "bob", 0, "secret", NULL, 50, NULL);
    assert_int_equal(p.n, 0);

    assert_int_equal(get(f, "alice", t->id, &g), 0);
    assert_string_equal(g->title, "alice's secret");
    assert_int_equal(list(f, "carol", 0, NULL, NULL, 50, NULL).n, 0);
}

/* ---- idempotency ---- */

static void test_create_idempotent_by_request_id(void **state)
{
    fixture_t *f = *state;
    Todo__V1__Todo in = TODO__V1__TODO__INIT;
    in.title = "once";
    Todo__V1__Todo *a = NULL, *b = NULL, *c = NULL;
    bool replayed = true;
    tc_status_t st = {0};
    assert_int_equal(todo_store_create_todo(f->s, "alice", &in, "req-1", NOW, &f->pool.alloc, &a,
                                            &replayed, &st),
                     0);
    assert_false(replayed);
    in.title = "different payload";
    assert_int_equal(todo_store_create_todo(f->s, "alice", &in, "req-1", NOW + 1, &f->pool.alloc,
                                            &b, &replayed, &st),
                     0);
    assert_true(replayed);
    assert_string_equal(a->id, b->id);
    assert_string_equal(b->title, "once");
    assert_int_equal(list(f, "alice", 0, NULL, NULL, 50, NULL).n, 1);

    /* The same request id from another user is another request. */
    assert_int_equal(
        todo_store_create_todo(f->s, "bob", &in, "req-1", NOW, &f->pool.alloc, &c, &replayed, &st),
        0);
    assert_false(replayed);
    assert_string_not_equal(c->id, a->id);

    /* No request id: never deduplicated. */
    mk(f, "alice", "same", NULL, false, NULL, NULL);
    mk(f, "alice", "same", NULL, false, NULL, "");
    assert_int_equal(list(f, "alice", 0, NULL, NULL, 50, NULL).n, 3);
}

static void test_retry_after_delete_creates_nothing(void **state)
{
    fixture_t *f = *state;
    Todo__V1__Todo *t = mk(f, "alice", "once", NULL, false, NULL, "req-9");
    tc_status_t st = {0};
    assert_int_equal(todo_store_delete_todo(f->s, "alice", t->id, &f->pool.alloc, NULL, &st), 0);
    Todo__V1__Todo in = TODO__V1__TODO__INIT, *out = NULL;
    in.title = "once";
    assert_int_equal(
        todo_store_create_todo(f->s, "alice", &in, "req-9", NOW, &f->pool.alloc, &out, NULL, &st),
        TC_ENOTFOUND);
    assert_non_null(strstr(st.message, "request_id"));
    assert_int_equal(list(f, "alice", 0, NULL, NULL, 50, NULL).n, 0);
}

static int create_at(fixture_t *f, const char *title, const char *request_id, int64_t now,
                     Todo__V1__Todo **out, bool *replayed)
{
    Todo__V1__Todo in = TODO__V1__TODO__INIT;
    in.title = (char *)title;
    tc_status_t st = {0};
    return todo_store_create_todo(f->s, "alice", &in, request_id, now, &f->pool.alloc, out,
                                  replayed, &st);
}

static void test_request_ids_expire_after_ttl(void **state)
{
    fixture_t *f = *state;
    Todo__V1__Todo *a, *b, *c;
    bool replayed;
    assert_int_equal(create_at(f, "first", "key", NOW, &a, &replayed), 0);
    /* Just inside the TTL: still the first result. */
    assert_int_equal(
        create_at(f, "retry", "key", NOW + TODO_STORE_REQUEST_TTL_MS - 1, &b, &replayed), 0);
    assert_true(replayed);
    assert_string_equal(b->id, a->id);
    /* Past it the key is free again: a new todo, and that one replays. */
    int64_t later = NOW + TODO_STORE_REQUEST_TTL_MS + 1;
    assert_int_equal(create_at(f, "new", "key", later, &c, &replayed), 0);
    assert_false(replayed);
    assert_string_not_equal(c->id, a->id);
    assert_int_equal(create_at(f, "again", "key", later + 1, &b, &replayed), 0);
    assert_true(replayed);
    assert_string_equal(b->id, c->id);
}

/* Rows of table in f's database (either engine). */
static int count_rows(fixture_t *f, const char *table)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    int n = -1;
    if (f->dbname[0]) {
        PGconn *pg = PQconnectdb(f->path);
        PGresult *r = PQexec(pg, sql);
        if (PQresultStatus(r) == PGRES_TUPLES_OK)
            n = atoi(PQgetvalue(r, 0, 0));
        PQclear(r);
        PQfinish(pg);
        return n;
    }
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

static void test_expired_request_ids_are_purged(void **state)
{
    fixture_t *f = *state;
    f->s = open_file(f);
    Todo__V1__Todo *t;
    for (int i = 0; i < 100; i++) {
        char key[32];
        snprintf(key, sizeof key, "old-%d", i);
        assert_int_equal(create_at(f, "old", key, NOW, &t, NULL), 0);
    }
    int64_t later = NOW + TODO_STORE_REQUEST_TTL_MS + 1000;
    for (int i = 0; i < 1024; i++) {
        char key[32];
        snprintf(key, sizeof key, "new-%d", i);
        assert_int_equal(create_at(f, "new", key, later, &t, NULL), 0);
    }
    assert_int_equal(count_rows(f, "create_requests"), 1024); /* the 100 old keys are gone */
}

/* ---- pagination ---- */

static void test_pagination_covers_all_once_in_order(void **state)
{
    fixture_t *f = *state;
    char ids[23][27];
    for (int i = 0; i < 23; i++) {
        char title[32];
        snprintf(title, sizeof title, "t%02d", i);
        strcpy(ids[i], mk(f, "alice", title, NULL, false, NULL, NULL)->id);
        mk(f, "bob", title, NULL, false, NULL, NULL); /* interleaved other user */
    }
    int seen = 0, pages = 0;
    const char *tok = NULL;
    do {
        todo_page_t p = list(f, "alice", 0, NULL, NULL, 5, tok);
        pages++;
        assert_true(p.n <= 5);
        for (size_t i = 0; i < p.n; i++) {
            assert_true(seen < 23);
            assert_string_equal(p.todos[i]->id, ids[seen]);
            seen++;
        }
        tok = p.next_page_token;
        if (seen < 23)
            assert_string_not_equal(tok, "");
    } while (*tok);
    assert_int_equal(seen, 23);
    assert_int_equal(pages, 5);
}

static void test_pagination_exact_multiple_ends_with_empty_token(void **state)
{
    fixture_t *f = *state;
    for (int i = 0; i < 10; i++)
        mk(f, "alice", "t", NULL, false, NULL, NULL);
    todo_page_t p = list(f, "alice", 0, NULL, NULL, 5, NULL);
    assert_int_equal(p.n, 5);
    assert_string_not_equal(p.next_page_token, "");
    p = list(f, "alice", 0, NULL, NULL, 5, p.next_page_token);
    assert_int_equal(p.n, 5);
    assert_string_equal(p.next_page_token, "");
}

static void test_pagination_stable_under_changes(void **state)
{
    fixture_t *f = *state;
    char ids[6][27];
    for (int i = 0; i < 6; i++)
        strcpy(ids[i], mk(f, "alice", "t", NULL, false, NULL, NULL)->id);
    todo_page_t p = list(f, "alice", 0, NULL, NULL, 3, NULL);
    assert_int_equal(p.n, 3);
    /* Between pages: the first page's first todo and a later one go away,
     * a new one comes. No duplicate, no skipped survivor. */
    tc_status_t st = {0};
    assert_int_equal(todo_store_delete_todo(f->s, "alice", ids[0], &f->pool.alloc, NULL, &st), 0);
    assert_int_equal(todo_store_delete_todo(f->s, "alice", ids[4], &f->pool.alloc, NULL, &st), 0);
    Todo__V1__Todo *n = mk(f, "alice", "new", NULL, false, NULL, NULL);
    p = list(f, "alice", 0, NULL, NULL, 3, p.next_page_token);
    assert_int_equal(p.n, 3);
    assert_string_equal(p.todos[0]->id, ids[3]);
    assert_string_equal(p.todos[1]->id, ids[5]);
    assert_string_equal(p.todos[2]->id, n->id);
    assert_string_equal(p.next_page_token, "");
}

static void test_large_todos_split_pages_below_message_limit(void **state)
{
    fixture_t *f = *state;
    char *notes = malloc(10001);
    memset(notes, 'n', 10000);
    notes[10000] = '\0';
    for (int i = 0; i < 500; i++)
        mk(f, "alice", "long", notes, false, NULL, NULL);
    free(notes);
    int total = 0, pages = 0;
    const char *tok = NULL;
    do {
        todo_page_t p = list(f, "alice", 0, NULL, NULL, 500, tok);
        size_t bytes = 0;
        for (size_t i = 0; i < p.n; i++)
            bytes += strlen(p.todos[i]->notes);
        assert_true(bytes <= TODO_STORE_PAGE_BYTES);
        assert_true(p.n > 0);
        total += (int)p.n;
        pages++;
        tok = p.next_page_token;
    } while (*tok);
    assert_int_equal(total, 500);
    assert_true(pages >= 3); /* 5 MB of notes cannot fit one response */
}

static void test_bad_page_tokens_rejected(void **state)
{
    fixture_t *f = *state;
    for (int i = 0; i < 3; i++)
        mk(f, "alice", "t", NULL, false, NULL, NULL);
    todo_page_t p = list(f, "alice", 0, NULL, NULL, 1, NULL);
    todo_query_t q = {.page_size = 1, .page_token = "garbage"};
    tc_status_t st = {0};
    todo_page_t out;
    assert_int_equal(todo_store_list_todos(f->s, "alice", &q, &f->pool.alloc, &out, &st),
                     TC_EINVAL);
    assert_non_null(strstr(st.message, "page_token"));
    /* A token of another query or another user. */
    q.page_token = p.next_page_token;
    q.status = TODO__V1__STATUS_FILTER__STATUS_DONE;
    assert_int_equal(todo_store_list_todos(f->s, "alice", &q, &f->pool.alloc, &out, &st),
                     TC_EINVAL);
    q.status = 0;
    assert_int_equal(todo_store_list_todos(f->s, "bob", &q, &f->pool.alloc, &out, &st), TC_EINVAL);
    assert_int_equal(todo_store_list_todos(f->s, "alice", &q, &f->pool.alloc, &out, &st), 0);
    assert_int_equal(out.n, 1);
}

/* ---- filters ---- */

static void test_status_filter(void **state)
{
    fixture_t *f = *state;
    mk(f, "alice", "open one", NULL, false, NULL, NULL);
    mk(f, "alice", "done one", NULL, true, NULL, NULL);
    mk(f, "alice", "open two", NULL, false, NULL, NULL);
    todo_page_t p = list(f, "alice", TODO__V1__STATUS_FILTER__STATUS_OPEN, NULL, NULL, 50, NULL);
    assert_int_equal(p.n, 2);
    assert_string_equal(p.todos[0]->title, "open one");
    assert_string_equal(p.todos[1]->title, "open two");
    p = list(f, "alice", TODO__V1__STATUS_FILTER__STATUS_DONE, NULL, NULL, 50, NULL);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.todos[0]->title, "done one");
    assert_int_equal(list(f, "alice", 0, NULL, NULL, 50, NULL).n, 3);
}

static void test_query_case_insensitive_title_or_notes(void **state)
{
    fixture_t *f = *state;
    mk(f, "alice", "Buy MILK", NULL, false, NULL, NULL);
    mk(f, "alice", "call mom", "ask about milk prices", false, NULL, NULL);
    mk(f, "alice", "Ärzte anrufen", NULL, false, NULL, NULL);
    mk(f, "alice", "Позвонить", NULL, false, NULL, NULL);
    mk(f, "alice", "save 500 euros", NULL, false, NULL, NULL);
    todo_page_t p = list(f, "alice", 0, "milk", NULL, 50, NULL);
    assert_int_equal(p.n, 2);
    assert_int_equal(list(f, "alice", 0, "ÄRZTE", NULL, 50, NULL).n, 1);
    assert_int_equal(list(f, "alice", 0, "позвонить", NULL, 50, NULL).n, 1);
    /* LIKE wildcards are literal characters. */
    assert_int_equal(list(f, "alice", 0, "50%", NULL, 50, NULL).n, 0);
    assert_int_equal(list(f, "alice", 0, "5_0", NULL, 50, NULL).n, 0);
    assert_int_equal(list(f, "alice", 0, "zzz", NULL, 50, NULL).n, 0);
}

static void test_tag_filter_is_exact(void **state)
{
    fixture_t *f = *state;
    const char *t1[] = {"home", "urgent", NULL};
    const char *t2[] = {"homework", NULL};
    const char *t3[] = {"Home", NULL};
    Todo__V1__Todo *a = mk(f, "alice", "a", NULL, false, t1, NULL);
    mk(f, "alice", "b", NULL, false, t2, NULL);
    mk(f, "alice", "c", NULL, false, t3, NULL);
    mk(f, "bob", "d", NULL, false, t1, NULL);
    todo_page_t p = list(f, "alice", 0, NULL, "home", 50, NULL);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.todos[0]->id, a->id);
    assert_int_equal(list(f, "alice", 0, NULL, "hom", 50, NULL).n, 0);

    /* Replacing the tags moves the todo out of the old tag's list. */
    const char *nt[] = {"garden", NULL};
    Todo__V1__Todo patch = TODO__V1__TODO__INIT, *out = NULL;
    patch.id = a->id;
    patch.tags = (char **)nt;
    patch.n_tags = 1;
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_TAGS, NOW, &out), 0);
    assert_int_equal(out->n_tags, 1);
    assert_int_equal(list(f, "alice", 0, NULL, "home", 50, NULL).n, 0);
    assert_int_equal(list(f, "alice", 0, NULL, "garden", 50, NULL).n, 1);
    assert_int_equal(list(f, "bob", 0, NULL, "home", 50, NULL).n, 1);
}

static void test_filters_combine(void **state)
{
    fixture_t *f = *state;
    const char *work[] = {"work", NULL};
    mk(f, "alice", "report draft", NULL, false, work, NULL);
    mk(f, "alice", "report final", NULL, true, work, NULL);
    mk(f, "alice", "report home", NULL, false, NULL, NULL);
    todo_page_t p =
        list(f, "alice", TODO__V1__STATUS_FILTER__STATUS_OPEN, "REPORT", "work", 50, NULL);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.todos[0]->title, "report draft");
}

static void test_filtered_pagination(void **state)
{
    fixture_t *f = *state;
    for (int i = 0; i < 30; i++)
        mk(f, "alice", i % 3 == 0 ? "match" : "other", NULL, false, NULL, NULL);
    int total = 0;
    const char *tok = NULL;
    do {
        todo_page_t p = list(f, "alice", 0, "match", NULL, 4, tok);
        for (size_t i = 0; i < p.n; i++)
            assert_string_equal(p.todos[i]->title, "match");
        total += (int)p.n;
        tok = p.next_page_token;
    } while (*tok);
    assert_int_equal(total, 10);
}

/* ---- listener ---- */

typedef struct event_log {
    int n;
    int types[16];
    char titles[16][32];
    char users[16][32];
} event_log_t;

static void on_change(void *ctx, const char *user_id, Todo__V1__EventType type,
                      const Todo__V1__Todo *t)
{
    event_log_t *log = ctx;
    if (log->n < 16) {
        log->types[log->n] = type;
        snprintf(log->titles[log->n], 32, "%s", t->title);
        snprintf(log->users[log->n], 32, "%s", user_id);
        log->n++;
    }
}

static void test_listener_sees_committed_changes(void **state)
{
    fixture_t *f = *state;
    event_log_t log = {0};
    todo_store_set_listener(f->s, on_change, &log);
    Todo__V1__Todo *t = mk(f, "alice", "first", NULL, false, NULL, "r1");
    mk(f, "alice", "first", NULL, false, NULL, "r1"); /* replay: no event */
    Todo__V1__Todo patch = TODO__V1__TODO__INIT, *out = NULL;
    patch.id = t->id;
    patch.title = "renamed";
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_TITLE, NOW, &out), 0);
    assert_int_equal(update(f, "bob", &patch, TODO_FIELD_TITLE, NOW, &out), TC_ENOTFOUND);
    tc_status_t st = {0};
    assert_int_equal(todo_store_delete_todo(f->s, "alice", t->id, &f->pool.alloc, NULL, &st), 0);
    assert_int_equal(log.n, 3);
    assert_int_equal(log.types[0], TODO__V1__EVENT_TYPE__EVENT_CREATED);
    assert_int_equal(log.types[1], TODO__V1__EVENT_TYPE__EVENT_UPDATED);
    assert_string_equal(log.titles[1], "renamed");
    assert_int_equal(log.types[2], TODO__V1__EVENT_TYPE__EVENT_DELETED);
    assert_string_equal(log.titles[2], "renamed");
    assert_string_equal(log.users[2], "alice");
}

/* ---- other processes sharing the file ---- */

typedef struct shared_log {
    pthread_mutex_t mu;
    event_log_t log;
} shared_log_t;

static void on_change_locked(void *ctx, const char *user_id, Todo__V1__EventType type,
                             const Todo__V1__Todo *t)
{
    shared_log_t *l = ctx;
    pthread_mutex_lock(&l->mu);
    on_change(&l->log, user_id, type, t);
    pthread_mutex_unlock(&l->mu);
}

static int logged(shared_log_t *l)
{
    pthread_mutex_lock(&l->mu);
    int n = l->log.n;
    pthread_mutex_unlock(&l->mu);
    return n;
}

/* Waits up to 3 s for the log to hold n events. */
static int wait_logged(shared_log_t *l, int n)
{
    for (int i = 0; i < 300 && logged(l) < n; i++)
        usleep(10000);
    return logged(l);
}

static void test_changes_from_another_process_reach_the_listener(void **state)
{
    fixture_t *f = *state;
    f->s = open_file(f);                /* "process" A, with watchers */
    todo_store_t *other = open_file(f); /* "process" B, same file */
    shared_log_t l = {.mu = PTHREAD_MUTEX_INITIALIZER};
    todo_store_set_listener(f->s, on_change_locked, &l);

    todo_store_t *mine = f->s;
    f->s = other;
    Todo__V1__Todo *t = mk(f, "alice", "from B", NULL, false, NULL, NULL);
    Todo__V1__Todo patch = TODO__V1__TODO__INIT, *out = NULL;
    patch.id = t->id;
    patch.title = "renamed by B";
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_TITLE, NOW, &out), 0);
    tc_status_t st = {0};
    assert_int_equal(todo_store_delete_todo(other, "alice", t->id, &f->pool.alloc, NULL, &st), 0);
    f->s = mine;

    assert_int_equal(wait_logged(&l, 3), 3);
    assert_int_equal(l.log.types[0], TODO__V1__EVENT_TYPE__EVENT_CREATED);
    assert_string_equal(l.log.titles[0], "from B");
    assert_int_equal(l.log.types[1], TODO__V1__EVENT_TYPE__EVENT_UPDATED);
    assert_string_equal(l.log.titles[1], "renamed by B");
    assert_int_equal(l.log.types[2], TODO__V1__EVENT_TYPE__EVENT_DELETED);
    assert_string_equal(l.log.users[2], "alice");

    /* A's own change: one event, in order after B's. */
    mk(f, "alice", "from A", NULL, false, NULL, NULL);
    assert_int_equal(wait_logged(&l, 4), 4);
    usleep(400000);
    assert_int_equal(logged(&l), 4);
    assert_string_equal(l.log.titles[3], "from A");
    todo_store_set_listener(f->s, NULL, NULL);
    todo_store_destroy(other);
}

/* Waits up to 5 s for s to see (or stop seeing) another process. */
static void wait_shared(todo_store_t *s, bool want)
{
    for (int i = 0; i < 500 && todo_store__is_shared(s) != want; i++)
        usleep(10000);
    assert_int_equal(todo_store__is_shared(s), want);
}

static void test_changes_through_two_processes_arrive_in_commit_order(void **state)
{
    fixture_t *f = *state;
    f->s = open_file(f);
    todo_store_t *a = f->s, *b = open_file(f);
    shared_log_t l = {.mu = PTHREAD_MUTEX_INITIALIZER};
    todo_store_set_listener(a, on_change_locked, &l);
    wait_shared(a, true); /* both know they share the file */
    wait_shared(b, true);

    Todo__V1__Todo *t = mk(f, "alice", "v0", NULL, false, NULL, NULL);
    Todo__V1__Todo patch = TODO__V1__TODO__INIT, *out = NULL;
    patch.id = t->id;
    const char *titles[] = {"v1", "v2", "v3", "v4"};
    for (int i = 0; i < 4; i++) {
        f->s = i % 2 ? a : b; /* alternate the writing process */
        patch.title = (char *)titles[i];
        assert_int_equal(update(f, "alice", &patch, TODO_FIELD_TITLE, NOW, &out), 0);
    }
    f->s = b;
    tc_status_t st = {0};
    assert_int_equal(todo_store_delete_todo(b, "alice", t->id, &f->pool.alloc, NULL, &st), 0);
    f->s = a;

    assert_int_equal(wait_logged(&l, 6), 6);
    const char *want[] = {"v0", "v1", "v2", "v3", "v4", "v4"};
    for (int i = 0; i < 6; i++)
        assert_string_equal(l.log.titles[i], want[i]);
    assert_int_equal(l.log.types[0], TODO__V1__EVENT_TYPE__EVENT_CREATED);
    assert_int_equal(l.log.types[5], TODO__V1__EVENT_TYPE__EVENT_DELETED);
    todo_store_set_listener(a, NULL, NULL);
    todo_store_destroy(b);
}

static void test_change_log_only_while_shared(void **state)
{
    fixture_t *f = *state;
    f->s = open_file(f);
    for (int i = 0; i < 10; i++)
        mk(f, "alice", "alone", NULL, false, NULL, NULL);
    assert_int_equal(count_rows(f, "changes"), 0); /* alone: no extra writes */

    todo_store_t *other = open_file(f);
    wait_shared(f->s, true); /* a follower tick notices the newcomer */
    for (int i = 0; i < 10; i++)
        mk(f, "alice", "shared", NULL, false, NULL, NULL);
    assert_int_equal(count_rows(f, "changes"), 10);

    todo_store_destroy(other);
    wait_shared(f->s, false);
    for (int i = 0; i < 10; i++)
        mk(f, "alice", "alone again", NULL, false, NULL, NULL);
    assert_int_equal(count_rows(f, "changes"), 10);
}

static void test_change_log_is_trimmed(void **state)
{
    fixture_t *f = *state;
    f->s = open_file(f);
    todo_store_t *other = open_file(f);
    wait_shared(f->s, true);
    for (int i = 0; i < 12000; i++) {
        mk(f, "alice", "t", NULL, false, NULL, NULL);
        if (i % 1000 == 999) {
            test_pool_free(&f->pool);
            test_pool_init(&f->pool);
        }
    }
    int n = count_rows(f, "changes");
    assert_true(n >= 10000 && n <= 10000 + 1024);
    todo_store_destroy(other);
}

/* ---- files: persistence, migrations, bad paths ---- */

static void test_restart_keeps_everything(void **state)
{
    fixture_t *f = *state;
    f->s = open_file(f);
    char ids[20][27];
    const char *tags[] = {"persist", NULL};
    for (int i = 0; i < 20; i++) {
        char title[32];
        snprintf(title, sizeof title, "todo %d", i);
        strcpy(ids[i], mk(f, "alice", title, "n", i % 2, tags, NULL)->id);
    }
    Todo__V1__Todo patch = TODO__V1__TODO__INIT, *out = NULL;
    patch.id = ids[3];
    patch.title = "changed";
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_TITLE, NOW + 9, &out), 0);
    tc_status_t st = {0};
    assert_int_equal(todo_store_delete_todo(f->s, "alice", ids[7], &f->pool.alloc, NULL, &st), 0);
    todo_store_destroy(f->s);

    f->s = open_file(f);
    assert_int_equal(todo_store_schema_version(f->s), todo_store_latest_version(f->s));
    todo_page_t p = list(f, "alice", 0, NULL, "persist", 50, NULL);
    assert_int_equal(p.n, 19);
    Todo__V1__Todo *g = NULL;
    assert_int_equal(get(f, "alice", ids[3], &g), 0);
    assert_string_equal(g->title, "changed");
    assert_int_equal(ms(g->updated_at), NOW + 9);
    assert_int_equal(get(f, "alice", ids[7], &g), TC_ENOTFOUND);
    assert_int_equal(get(f, "alice", ids[19], &g), 0);
    assert_true(g->done);
    /* Odd ones were created done; 7 was deleted. */
    assert_int_equal(list(f, "alice", TODO__V1__STATUS_FILTER__STATUS_DONE, NULL, NULL, 50, NULL).n,
                     9);
    /* Idempotency survives restarts too. */
    mk(f, "alice", "x", NULL, false, NULL, "req");
    todo_store_destroy(f->s);
    f->s = open_file(f);
    mk(f, "alice", "x", NULL, false, NULL, "req");
    assert_int_equal(list(f, "alice", 0, "x", NULL, 50, NULL).n, 1);
}

static void test_migrates_existing_older_file(void **state)
{
    fixture_t *f = *state;
    tc_status_t st = {0};
    f->s = todo_store__create_version(f->path, 1, &st);
    assert_non_null(f->s);
    assert_int_equal(todo_store_schema_version(f->s), 1);
    Todo__V1__Todo *t = mk(f, "alice", "from v1", NULL, false, NULL, NULL);
    todo_store_destroy(f->s);

    f->s = open_file(f);
    assert_int_equal(todo_store_schema_version(f->s), todo_store_latest_version(f->s));
    Todo__V1__Todo *g = NULL;
    assert_int_equal(get(f, "alice", t->id, &g), 0);
    assert_string_equal(g->title, "from v1");
    /* The table added by version 2 works. */
    Todo__V1__Todo *a = mk(f, "alice", "idem", NULL, false, NULL, "r");
    Todo__V1__Todo *b = mk(f, "alice", "idem", NULL, false, NULL, "r");
    assert_string_equal(a->id, b->id);
}

/* The page token key lives in the database: a token outlives the handle
 * that issued it and works on another handle (a replica) on the file. */
static void test_page_token_survives_reopen_and_is_shared(void **state)
{
    fixture_t *f = *state;
    f->s = open_file(f);
    char ids[7][27];
    for (int i = 0; i < 7; i++)
        strcpy(ids[i], mk(f, "alice", "t", NULL, false, NULL, NULL)->id);
    todo_page_t p = list(f, "alice", 0, NULL, NULL, 3, NULL);
    char tok[1024];
    snprintf(tok, sizeof tok, "%s", p.next_page_token);
    todo_store_t *replica = open_file(f);
    todo_store_t *first = f->s;
    f->s = replica;
    p = list(f, "alice", 0, NULL, NULL, 3, tok);
    assert_int_equal(p.n, 3);
    assert_string_equal(p.todos[0]->id, ids[3]);
    todo_store_destroy(first);
    todo_store_destroy(replica);

    f->s = open_file(f);
    p = list(f, "alice", 0, NULL, NULL, 3, tok);
    assert_int_equal(p.n, 3);
    assert_string_equal(p.todos[2]->id, ids[5]);
    p = list(f, "alice", 0, NULL, NULL, 3, p.next_page_token);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.todos[0]->id, ids[6]);
    assert_string_equal(p.next_page_token, "");
}

/* Each database has its own key: another one's token is refused. */
static void test_page_token_of_another_database_refused(void **state)
{
    fixture_t *f = *state;
    for (int i = 0; i < 3; i++)
        mk(f, "alice", "t", NULL, false, NULL, NULL);
    todo_page_t p = list(f, "alice", 0, NULL, NULL, 1, NULL);
    tc_status_t st = {0};
    todo_store_t *other = todo_store_create(":memory:", &st);
    assert_non_null(other);
    todo_query_t q = {.page_size = 1, .page_token = p.next_page_token};
    todo_page_t out;
    assert_int_equal(todo_store_list_todos(other, "alice", &q, &f->pool.alloc, &out, &st),
                     TC_EINVAL);
    assert_non_null(strstr(st.message, "page_token"));
    todo_store_destroy(other);
}

/* A file from before page token keys (version 4) gets one on open; its
 * todos page through as before. */
static void test_upgrade_adds_the_page_token_key(void **state)
{
    fixture_t *f = *state;
    tc_status_t st = {0};
    f->s = todo_store__create_version(f->path, 4, &st);
    assert_non_null(f->s);
    for (int i = 0; i < 5; i++)
        mk(f, "alice", "old", NULL, false, NULL, NULL);
    todo_store_destroy(f->s);

    f->s = open_file(f);
    assert_int_equal(todo_store_schema_version(f->s), todo_store_latest_version(f->s));
    int seen = 0;
    const char *tok = NULL;
    do {
        todo_page_t p = list(f, "alice", 0, NULL, NULL, 2, tok);
        seen += (int)p.n;
        tok = p.next_page_token;
    } while (*tok);
    assert_int_equal(seen, 5);
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT length(value) FROM meta"
                                        " WHERE name = 'page_token_key'",
                                        -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 32);
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static void test_newer_schema_refused(void **state)
{
    fixture_t *f = *state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    tc_status_t st = {0};
    assert_null(todo_store_create(f->path, &st));
    assert_int_equal(st.code, TC_EINVAL);
    assert_non_null(strstr(st.message, "schema version 99"));
}

static void test_not_a_database_refused(void **state)
{
    fixture_t *f = *state;
    FILE *fp = fopen(f->path, "w");
    assert_non_null(fp);
    for (int i = 0; i < 200; i++)
        fputs("this is not a database file at all\n", fp);
    fclose(fp);
    tc_status_t st = {0};
    assert_null(todo_store_create(f->path, &st));
    assert_int_not_equal(st.code, 0);
    assert_non_null(strstr(st.message, "db:"));
}

static void test_lock_held_elsewhere_is_unavailable_and_reads_go_on(void **state)
{
    fixture_t *f = *state;
    f->s = open_file(f);
    Todo__V1__Todo *t = mk(f, "alice", "before", NULL, false, NULL, NULL);
    sqlite3 *other;
    assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    /* WAL: reading is not blocked by another writer. */
    Todo__V1__Todo *g = NULL;
    assert_int_equal(get(f, "alice", t->id, &g), 0);
    /* Writing waits for the busy timeout, then says "try again". */
    Todo__V1__Todo in = TODO__V1__TODO__INIT, *out = NULL;
    in.title = "blocked";
    tc_status_t st = {0};
    assert_int_equal(
        todo_store_create_todo(f->s, "alice", &in, NULL, NOW, &f->pool.alloc, &out, NULL, &st),
        TC_EUNAVAIL);
    assert_non_null(strstr(st.message, "db:"));
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    mk(f, "alice", "after", NULL, false, NULL, NULL);
    assert_int_equal(list(f, "alice", 0, NULL, NULL, 50, NULL).n, 2);
}

static void test_unusable_path_refused(void **state)
{
    (void)state;
    tc_status_t st = {0};
    assert_null(todo_store_create("/nonexistent-dir/sub/todos.db", &st));
    assert_int_equal(st.code, TC_EIO);
    assert_non_null(strstr(st.message, "/nonexistent-dir/sub/todos.db"));
    assert_null(todo_store_create("", &st));
    assert_int_equal(st.code, TC_EINVAL);
}

static void test_memory_stores_are_separate(void **state)
{
    fixture_t *f = *state;
    mk(f, "alice", "in first", NULL, false, NULL, NULL);
    tc_status_t st = {0};
    todo_store_t *other = todo_store_create(":memory:", &st);
    assert_non_null(other);
    todo_query_t q = {.page_size = 50};
    todo_page_t p;
    assert_int_equal(todo_store_list_todos(other, "alice", &q, &f->pool.alloc, &p, &st), 0);
    assert_int_equal(p.n, 0);
    todo_store_destroy(other);
}

/* ---- threads ---- */

typedef struct worker {
    fixture_t *f;
    char user[32];
    int failures;
} worker_t;

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    test_pool_t pool;
    test_pool_init(&pool);
    for (int i = 0; i < 100; i++) {
        Todo__V1__Todo in = TODO__V1__TODO__INIT, *out = NULL, *g = NULL;
        in.title = "concurrent";
        tc_status_t st = {0};
        if (todo_store_create_todo(w->f->s, w->user, &in, NULL, NOW, &pool.alloc, &out, NULL,
                                   &st) != 0 ||
            todo_store_get_todo(w->f->s, w->user, out->id, &pool.alloc, &g, &st) != 0)
            w->failures++;
        todo_query_t q = {.page_size = 10};
        todo_page_t p;
        if (todo_store_list_todos(w->f->s, w->user, &q, &pool.alloc, &p, &st) != 0)
            w->failures++;
    }
    test_pool_free(&pool);
    return NULL;
}

static void run_workers(fixture_t *f)
{
    pthread_t th[4];
    worker_t w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker_t){.f = f};
        snprintf(w[i].user, sizeof w[i].user, "user%d", i);
        pthread_create(&th[i], NULL, worker_main, &w[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(w[i].failures, 0);
    }
    for (int i = 0; i < 4; i++) {
        int total = 0;
        const char *tok = NULL;
        do {
            todo_page_t p = list(f, w[i].user, 0, NULL, NULL, 500, tok);
            total += (int)p.n;
            tok = p.next_page_token;
        } while (*tok);
        assert_int_equal(total, 100);
    }
}

static void test_threads_memory(void **state)
{
    run_workers(*state);
}

static void test_threads_file(void **state)
{
    fixture_t *f = *state;
    f->s = open_file(f);
    run_workers(f);
}

/* ---- order, recurrence, reminders (both engines) ---- */

static todo_page_t list_sorted(fixture_t *f, const todo_sort_t *sort, size_t n_sort, int size,
                               const char *token)
{
    todo_query_t q = {.page_size = size, .page_token = token, .n_sort = n_sort};
    memcpy(q.sort, sort, n_sort * sizeof *sort);
    todo_page_t page;
    tc_status_t st = {0};
    if (todo_store_list_todos(f->s, "alice", &q, &f->pool.alloc, &page, &st) != 0)
        fail_msg("list: %s", st.message);
    return page;
}

/* -1, 0, 1 as a comes before, ties with, or comes after b in priority
 * desc, then due (none last), then title ignoring ASCII case desc. */
static int order_cmp(const Todo__V1__Todo *a, const Todo__V1__Todo *b)
{
    if (a->priority != b->priority)
        return a->priority > b->priority ? -1 : 1;
    int64_t da = a->due ? ms(a->due) : INT64_MAX, db = b->due ? ms(b->due) : INT64_MAX;
    if (da != db)
        return da < db ? -1 : 1;
    int c = strcasecmp(a->title, b->title);
    return c > 0 ? -1 : c < 0;
}

static void test_order_by_pages_every_todo_once_in_order(void **state)
{
    fixture_t *f = *state;
    const char *titles[] = {"apple", "Banana", "cherry", "apple", "Date", "banana", "egg"};
    Google__Protobuf__Timestamp due = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    for (int i = 0; i < 21; i++) {
        Todo__V1__Todo in = TODO__V1__TODO__INIT, *out = NULL;
        in.title = (char *)titles[i % 7];
        in.priority = (Todo__V1__Priority)(i % 3);
        due.seconds = 1795000000 + (i % 4) * 3600;
        in.due = i % 5 ? &due : NULL;
        tc_status_t st = {0};
        assert_int_equal(todo_store_create_todo(f->s, "alice", &in, NULL, NOW + i, &f->pool.alloc,
                                                &out, NULL, &st),
                         0);
    }
    todo_sort_t sort[] = {
        {TODO_SORT_PRIORITY, true}, {TODO_SORT_DUE, false}, {TODO_SORT_TITLE, true}};
    Todo__V1__Todo *seen[21];
    int n = 0;
    const char *tok = NULL;
    do {
        todo_page_t p = list_sorted(f, sort, 3, 4, tok);
        for (size_t i = 0; i < p.n; i++) {
            assert_true(n < 21);
            seen[n++] = p.todos[i];
        }
        tok = p.next_page_token;
    } while (*tok);
    assert_int_equal(n, 21);
    for (int i = 1; i < n; i++) {
        assert_true(order_cmp(seen[i - 1], seen[i]) <= 0);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(seen[i]->id, seen[j]->id);
    }
}

static Todo__V1__Todo *mk_recurring(fixture_t *f, const char *rule, int64_t due_s,
                                    const Google__Protobuf__Timestamp *remind)
{
    Todo__V1__Todo in = TODO__V1__TODO__INIT, *out = NULL;
    Google__Protobuf__Timestamp due = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    due.seconds = due_s;
    in.title = "water plants";
    in.due = &due;
    in.recurrence = (char *)rule;
    in.time_zone = "Europe/Berlin";
    in.remind_at = (Google__Protobuf__Timestamp *)remind;
    tc_status_t st = {0};
    if (todo_store_create_todo(f->s, "alice", &in, NULL, NOW, &f->pool.alloc, &out, NULL, &st))
        fail_msg("create: %s", st.message);
    return out;
}

static void test_completing_a_recurring_todo_makes_the_next_once(void **state)
{
    fixture_t *f = *state;
    Todo__V1__Todo *t = mk_recurring(f, "FREQ=DAILY", 1795003200, NULL);
    Todo__V1__Todo patch = TODO__V1__TODO__INIT, *out = NULL, *next = NULL;
    patch.id = t->id;
    patch.done = true;
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_DONE, NOW + 1000, &out), 0);
    assert_true(out->done);
    assert_non_null(out->next_occurrence_id);
    assert_int_equal(get(f, "alice", out->next_occurrence_id, &next), 0);
    assert_false(next->done);
    assert_int_equal(next->due->seconds, 1795003200 + 86400);
    assert_string_equal(next->recurrence, "FREQ=DAILY");
    assert_string_equal(next->time_zone, "Europe/Berlin");
    /* Reopened and completed again: still one next occurrence. */
    patch.done = false;
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_DONE, NOW + 2000, &out), 0);
    patch.done = true;
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_DONE, NOW + 3000, &out), 0);
    assert_int_equal(list(f, "alice", 0, NULL, NULL, 50, NULL).n, 2);
    /* A rule that has ended makes none. */
    Todo__V1__Todo *last = mk_recurring(f, "FREQ=DAILY;COUNT=1", 1795003200, NULL);
    patch.id = last->id;
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_DONE, NOW + 4000, &out), 0);
    assert_int_equal(list(f, "alice", 0, NULL, NULL, 50, NULL).n, 3);
}

static void test_reminders_are_claimed_once_and_rearmed(void **state)
{
    fixture_t *f = *state;
    event_log_t log = {0};
    todo_store_set_listener(f->s, on_change, &log);
    Google__Protobuf__Timestamp remind = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    remind.seconds = NOW / 1000 + 60;
    Todo__V1__Todo *t = mk_recurring(f, "", 1795003200, &remind);
    tc_status_t st = {0};
    int64_t when = 0;
    assert_int_equal(todo_store_next_reminder(f->s, NOW, &when, &st), 0);
    assert_int_equal(when, remind.seconds * 1000);
    size_t claimed = 9;
    assert_int_equal(todo_store_claim_reminders(f->s, NOW, NULL, NULL, &claimed, &st),
                     0); /* not yet */
    assert_int_equal(claimed, 0);
    assert_int_equal(todo_store_claim_reminders(f->s, when, NULL, NULL, &claimed, &st), 0);
    assert_int_equal(claimed, 1);
    assert_int_equal(log.types[log.n - 1], TODO__V1__EVENT_TYPE__EVENT_REMINDER);
    assert_int_equal(todo_store_claim_reminders(f->s, when + 1000, NULL, NULL, &claimed, &st), 0);
    assert_int_equal(claimed, 0);
    Todo__V1__Todo *g = NULL;
    assert_int_equal(get(f, "alice", t->id, &g), 0);
    assert_int_equal(ms(g->reminded_at), when);
    assert_int_equal(todo_store_next_reminder(f->s, NOW, &when, &st), 0);
    assert_int_equal(when, -1);
    /* A new remind_at re-arms it. */
    Todo__V1__Todo patch = TODO__V1__TODO__INIT, *out = NULL;
    remind.seconds += 60;
    patch.id = t->id;
    patch.remind_at = &remind;
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_REMIND_AT, NOW, &out), 0);
    assert_null(out->reminded_at);
    assert_int_equal(todo_store_next_reminder(f->s, NOW, &when, &st), 0);
    assert_int_equal(when, remind.seconds * 1000);
    todo_store_set_listener(f->s, NULL, NULL);
}

/* ---- PostgreSQL: replicas on one database, outages ---- */

typedef struct racer {
    todo_store_t *s;
    char ids[20][27];
    int failures;
} racer_t;

static void *race_creates(void *arg)
{
    racer_t *r = arg;
    test_pool_t pool;
    test_pool_init(&pool);
    for (int i = 0; i < 20; i++) {
        char key[16];
        snprintf(key, sizeof key, "req-%d", i);
        Todo__V1__Todo in = TODO__V1__TODO__INIT, *out = NULL;
        in.title = "raced";
        tc_status_t st = {0};
        if (todo_store_create_todo(r->s, "alice", &in, key, NOW, &pool.alloc, &out, NULL, &st) != 0)
            r->failures++;
        else
            strcpy(r->ids[i], out->id);
    }
    test_pool_free(&pool);
    return NULL;
}

/* Two replicas get the same 20 creates at once: 20 todos, each request
 * answered with the same todo on both. */
static void test_pg_idempotent_create_races_across_replicas(void **state)
{
    fixture_t *f = *state;
    racer_t a = {.s = f->s}, b = {.s = open_file(f)};
    pthread_t ta, tb;
    pthread_create(&ta, NULL, race_creates, &a);
    pthread_create(&tb, NULL, race_creates, &b);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_int_equal(a.failures + b.failures, 0);
    for (int i = 0; i < 20; i++)
        assert_string_equal(a.ids[i], b.ids[i]);
    assert_int_equal(list(f, "alice", 0, NULL, NULL, 50, NULL).n, 20);
    todo_store_destroy(b.s);
}

typedef struct claimer {
    todo_store_t *s;
    int64_t now;
    size_t claimed;
} claimer_t;

static void *claim_main(void *arg)
{
    claimer_t *c = arg;
    tc_status_t st = {0};
    if (todo_store_claim_reminders(c->s, c->now, NULL, NULL, &c->claimed, &st) != 0)
        c->claimed = 100;
    return NULL;
}

static int count_type(shared_log_t *l, Todo__V1__EventType type)
{
    pthread_mutex_lock(&l->mu);
    int n = 0;
    for (int i = 0; i < l->log.n; i++)
        n += l->log.types[i] == (int)type;
    pthread_mutex_unlock(&l->mu);
    return n;
}

/* Both replicas try to deliver the same due reminders at once: each goes
 * out once, and each replica's listener hears of it once. */
static void test_pg_reminder_goes_out_once_across_replicas(void **state)
{
    fixture_t *f = *state;
    todo_store_t *b = open_file(f);
    shared_log_t la = {.mu = PTHREAD_MUTEX_INITIALIZER}, lb = {.mu = PTHREAD_MUTEX_INITIALIZER};
    Google__Protobuf__Timestamp remind = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    remind.seconds = NOW / 1000 - 60;
    for (int i = 0; i < 5; i++)
        mk_recurring(f, "", 1795003200, &remind);
    todo_store_set_listener(f->s, on_change_locked, &la);
    todo_store_set_listener(b, on_change_locked, &lb);
    claimer_t ca = {.s = f->s, .now = NOW}, cb = {.s = b, .now = NOW};
    pthread_t ta, tb;
    pthread_create(&ta, NULL, claim_main, &ca);
    pthread_create(&tb, NULL, claim_main, &cb);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_int_equal(ca.claimed + cb.claimed, 5);
    wait_logged(&la, 5);
    wait_logged(&lb, 5);
    usleep(300000); /* nothing more comes */
    assert_int_equal(count_type(&la, TODO__V1__EVENT_TYPE__EVENT_REMINDER), 5);
    assert_int_equal(count_type(&lb, TODO__V1__EVENT_TYPE__EVENT_REMINDER), 5);
    todo_store_set_listener(f->s, NULL, NULL);
    todo_store_set_listener(b, NULL, NULL);
    todo_store_destroy(b);
}

typedef struct opener {
    const char *uri;
    todo_store_t *s;
    tc_status_t st;
} opener_t;

static void *open_main(void *arg)
{
    opener_t *o = arg;
    o->s = todo_store_create(o->uri, &o->st);
    return NULL;
}

/* Four replicas start at once on an empty database: the migrations run
 * once, one after the other, and all four open it. */
static void test_pg_replicas_migrate_an_empty_database_at_once(void **state)
{
    fixture_t *f = *state;
    opener_t o[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        o[i] = (opener_t){.uri = f->path};
        pthread_create(&th[i], NULL, open_main, &o[i]);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++) {
        if (!o[i].s)
            fail_msg("replica %d: %s", i, o[i].st.message);
        assert_int_equal(todo_store_schema_version(o[i].s), todo_store_latest_version(o[i].s));
    }
    f->s = o[0].s;
    Todo__V1__Todo *t = mk(f, "alice", "after", NULL, false, NULL, NULL);
    for (int i = 1; i < 4; i++) {
        Todo__V1__Todo *g = NULL;
        tc_status_t st = {0};
        assert_int_equal(todo_store_get_todo(o[i].s, "alice", t->id, &f->pool.alloc, &g, &st), 0);
        todo_store_destroy(o[i].s);
    }
}

static void test_pg_newer_schema_refused(void **state)
{
    fixture_t *f = *state;
    todo_store_destroy(f->s);
    f->s = NULL;
    test_pg_sql(f->path, "UPDATE todo_schema SET version = 99");
    tc_status_t st = {0};
    assert_null(todo_store_create(f->path, &st));
    assert_int_equal(st.code, TC_EINVAL);
    assert_non_null(strstr(st.message, "schema version 99"));
}

static void test_pg_unreachable_server_is_unavailable(void **state)
{
    (void)state;
    tc_status_t st = {0};
    assert_null(todo_store_create("postgresql://todo:secret@127.0.0.1:1/todos", &st));
    assert_int_equal(st.code, TC_EUNAVAIL);
    assert_non_null(strstr(st.message, "db: cannot connect to PostgreSQL"));
    assert_null(strstr(st.message, "secret"));
}

/* Every kind of call while the server is away: TC_EUNAVAIL, without
 * hanging (the bound is the documented connect + statement deadline). */
static void assert_all_unavailable(fixture_t *f, const char *id)
{
    Todo__V1__Todo *g = NULL, in = TODO__V1__TODO__INIT, *out = NULL;
    in.title = "during the outage";
    tc_status_t st = {0};
    int64_t t0 = tc_mono_ms();
    assert_int_equal(get(f, "alice", id, &g), TC_EUNAVAIL);
    assert_int_equal(
        todo_store_create_todo(f->s, "alice", &in, "out-1", NOW, &f->pool.alloc, &out, NULL, &st),
        TC_EUNAVAIL);
    assert_non_null(strstr(st.message, "db: "));
    todo_query_t q = {.page_size = 10};
    todo_page_t p;
    assert_int_equal(todo_store_list_todos(f->s, "alice", &q, &f->pool.alloc, &p, &st),
                     TC_EUNAVAIL);
    int64_t took = tc_mono_ms() - t0;
    printf("# three calls while PostgreSQL is away: TC_EUNAVAIL after %lld ms in all\n",
           (long long)took);
    assert_true(took < 3 * 2000);
}

/* The server goes down (like a crash) and comes back: calls fail fast in
 * between, work again after without reopening the store, and the change
 * feed between the replicas resumes. */
static void test_pg_outage_is_unavailable_then_recovers(void **state)
{
    fixture_t *f = *state;
    if (!test_pg_dir[0])
        skip(); /* an external server: not ours to stop */
    todo_store_t *b = open_file(f);
    shared_log_t l = {.mu = PTHREAD_MUTEX_INITIALIZER};
    todo_store_set_listener(f->s, on_change_locked, &l);
    Todo__V1__Todo *t = mk(f, "alice", "before", NULL, false, NULL, NULL);
    test_pg_temp("pause");
    assert_all_unavailable(f, t->id);
    test_pg_temp("resume");
    Todo__V1__Todo *g = NULL;
    assert_int_equal(get(f, "alice", t->id, &g), 0);
    assert_string_equal(g->title, "before");
    assert_int_equal(list(f, "alice", 0, NULL, NULL, 50, NULL).n, 1); /* nothing half-done */
    /* B's writes reach A's listener again once A's feed has reconnected. */
    todo_store_t *mine = f->s;
    f->s = b;
    for (int i = 0; i < 50 && logged(&l) < 2; i++) {
        mk(f, "alice", "after", NULL, false, NULL, NULL);
        usleep(100000);
    }
    f->s = mine;
    assert_true(logged(&l) >= 2);
    todo_store_set_listener(f->s, NULL, NULL);
    todo_store_destroy(b);
}

/* A's connections are cut and A may not reconnect while B writes: once A's
 * feed is back, it delivers what B wrote in between (from `changes`), in
 * order, each once. */
static void test_pg_feed_catches_up_after_its_connection_broke(void **state)
{
    fixture_t *f = *state;
    char uri_a[256], role[48];
    snprintf(role, sizeof role, "replica_%s", f->dbname);
    char sql[160];
    snprintf(sql, sizeof sql, "CREATE ROLE %s LOGIN SUPERUSER", role);
    test_pg_sql(f->path, sql);
    snprintf(uri_a, sizeof uri_a, "postgresql://%s@%s", role, strchr(f->path, '@') + 1);
    tc_status_t st = {0};
    todo_store_t *a = todo_store_create(uri_a, &st);
    if (!a)
        fail_msg("open: %s", st.message);
    shared_log_t l = {.mu = PTHREAD_MUTEX_INITIALIZER};
    todo_store_set_listener(a, on_change_locked, &l);
    snprintf(sql, sizeof sql, "ALTER ROLE %s NOLOGIN", role);
    test_pg_sql(f->path, sql);
    snprintf(sql, sizeof sql,
             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '%s'", role);
    test_pg_sql(f->path, sql);
    Todo__V1__Todo *t = mk(f, "alice", "v0", NULL, false, NULL, NULL); /* f->s is B */
    Todo__V1__Todo patch = TODO__V1__TODO__INIT, *out = NULL;
    patch.id = t->id;
    patch.title = "v1";
    assert_int_equal(update(f, "alice", &patch, TODO_FIELD_TITLE, NOW, &out), 0);
    assert_int_equal(todo_store_delete_todo(f->s, "alice", t->id, &f->pool.alloc, NULL, &st), 0);
    usleep(600000); /* A's feed tries again (every 500 ms) and is refused */
    assert_int_equal(logged(&l), 0);
    snprintf(sql, sizeof sql, "ALTER ROLE %s LOGIN", role);
    test_pg_sql(f->path, sql);
    assert_int_equal(wait_logged(&l, 3), 3);
    usleep(300000);
    assert_int_equal(logged(&l), 3);
    assert_string_equal(l.log.titles[0], "v0");
    assert_string_equal(l.log.titles[1], "v1");
    assert_int_equal(l.log.types[2], TODO__V1__EVENT_TYPE__EVENT_DELETED);
    todo_store_set_listener(a, NULL, NULL);
    todo_store_destroy(a);
    snprintf(sql, sizeof sql, "DROP ROLE %s", role);
    test_pg_sql(f->path, sql);
}

/* A server that stops answering with its connections open (a partition):
 * TC_EUNAVAIL by the deadlines, not a hang; then it works again. */
static void test_pg_frozen_server_is_unavailable(void **state)
{
    fixture_t *f = *state;
    if (!test_pg_dir[0])
        skip();
    Todo__V1__Todo *t = mk(f, "alice", "before", NULL, false, NULL, NULL);
    test_pg_temp("freeze");
    assert_all_unavailable(f, t->id);
    test_pg_temp("thaw");
    Todo__V1__Todo *g = NULL;
    for (int i = 0; i < 50 && get(f, "alice", t->id, &g) != 0; i++)
        usleep(100000);
    assert_non_null(g);
    assert_string_equal(g->title, "before");
}

/* Passwords never reach messages or logs. */
static void test_redact_hides_passwords(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"postgresql://todo:s3cret@db:5432/todos", "postgresql://todo:***@db:5432/todos"},
        {"postgres://u:p@ss@h/d?sslmode=require", "postgres://u:***@h/d?sslmode=require"},
        {"postgresql://todo@db/todos?password=s3cret&sslmode=require",
         "postgresql://todo@db/todos?password=***&sslmode=require"},
        {"postgresql://db/todos", "postgresql://db/todos"},
        {"/var/lib/todo-svc/todos.db", "/var/lib/todo-svc/todos.db"},
        {":memory:", ":memory:"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[128];
        todo_store_redact(cases[i].in, out, sizeof out);
        assert_string_equal(out, cases[i].want);
    }
    char tiny[8];
    todo_store_redact("postgresql://a:b@c/d", tiny, sizeof tiny);
    assert_string_equal(tiny, "postgre");
}

/* Tests every engine runs: X(test, fixture) with fixture OPEN (a store
 * open on a fresh database) or PATH (a fresh database the test opens). */
#define BOTH_ENGINES(X)                                                                            \
    X(test_create_get_returns_what_was_stored, OPEN)                                               \
    X(test_ids_are_unique, OPEN)                                                                   \
    X(test_create_with_all_fields, OPEN)                                                           \
    X(test_update_writes_only_masked_fields, OPEN)                                                 \
    X(test_update_done_sets_and_clears_completed_at, OPEN)                                         \
    X(test_updated_at_never_goes_back, OPEN)                                                       \
    X(test_update_due_set_and_clear, OPEN)                                                         \
    X(test_delete_then_gone, OPEN)                                                                 \
    X(test_unknown_id_not_found, OPEN)                                                             \
    X(test_users_are_isolated, OPEN)                                                               \
    X(test_create_idempotent_by_request_id, OPEN)                                                  \
    X(test_retry_after_delete_creates_nothing, OPEN)                                               \
    X(test_request_ids_expire_after_ttl, OPEN)                                                     \
    X(test_pagination_covers_all_once_in_order, OPEN)                                              \
    X(test_pagination_exact_multiple_ends_with_empty_token, OPEN)                                  \
    X(test_pagination_stable_under_changes, OPEN)                                                  \
    X(test_large_todos_split_pages_below_message_limit, OPEN)                                      \
    X(test_bad_page_tokens_rejected, OPEN)                                                         \
    X(test_status_filter, OPEN)                                                                    \
    X(test_query_case_insensitive_title_or_notes, OPEN)                                            \
    X(test_tag_filter_is_exact, OPEN)                                                              \
    X(test_filters_combine, OPEN)                                                                  \
    X(test_filtered_pagination, OPEN)                                                              \
    X(test_order_by_pages_every_todo_once_in_order, OPEN)                                          \
    X(test_completing_a_recurring_todo_makes_the_next_once, OPEN)                                  \
    X(test_reminders_are_claimed_once_and_rearmed, OPEN)                                           \
    X(test_listener_sees_committed_changes, OPEN)                                                  \
    X(test_page_token_of_another_database_refused, OPEN)                                           \
    X(test_changes_from_another_process_reach_the_listener, PATH)                                  \
    X(test_changes_through_two_processes_arrive_in_commit_order, PATH)                             \
    X(test_restart_keeps_everything, PATH)                                                         \
    X(test_migrates_existing_older_file, PATH)                                                     \
    X(test_page_token_survives_reopen_and_is_shared, PATH)                                         \
    X(test_threads_file, PATH)                                                                     \
    X(test_expired_request_ids_are_purged, PATH)

#define sq_OPEN           setup_mem
#define sq_PATH           setup_file
#define pg_OPEN           setup_pg
#define pg_PATH           setup_pg_path
#define SQ_CASE(fn, kind) cmocka_unit_test_setup_teardown(fn, sq_##kind, teardown),
#define PG_CASE(fn, kind) cmocka_unit_test_setup_teardown(fn, pg_##kind, teardown),

static int run_sqlite(void)
{
    const struct CMUnitTest tests[] = {
        BOTH_ENGINES(SQ_CASE)
        /* SQLite's own: files, their locks, its change log. */
        cmocka_unit_test_setup_teardown(test_change_log_only_while_shared, setup_file, teardown),
        cmocka_unit_test_setup_teardown(test_change_log_is_trimmed, setup_file, teardown),
        cmocka_unit_test_setup_teardown(test_upgrade_adds_the_page_token_key, setup_file, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup_file, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_database_refused, setup_file, teardown),
        cmocka_unit_test_setup_teardown(test_lock_held_elsewhere_is_unavailable_and_reads_go_on,
                                        setup_file, teardown),
        cmocka_unit_test_setup_teardown(test_unusable_path_refused, setup_file, teardown),
        cmocka_unit_test_setup_teardown(test_memory_stores_are_separate, setup_mem, teardown),
        cmocka_unit_test_setup_teardown(test_threads_memory, setup_mem, teardown),
        cmocka_unit_test(test_redact_hides_passwords),
    };
    return cmocka_run_group_tests_name("todo_store_sqlite", tests, NULL, NULL);
}

static int run_pg(void)
{
    const struct CMUnitTest tests[] = {
        BOTH_ENGINES(PG_CASE)
        /* PostgreSQL's own: replicas on one database, outages. */
        cmocka_unit_test_setup_teardown(test_pg_idempotent_create_races_across_replicas, setup_pg,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pg_reminder_goes_out_once_across_replicas, setup_pg,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pg_replicas_migrate_an_empty_database_at_once,
                                        setup_pg_path, teardown),
        cmocka_unit_test_setup_teardown(test_pg_newer_schema_refused, setup_pg, teardown),
        cmocka_unit_test(test_pg_unreachable_server_is_unavailable),
        cmocka_unit_test_setup_teardown(test_pg_outage_is_unavailable_then_recovers, setup_pg,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pg_frozen_server_is_unavailable, setup_pg, teardown),
        cmocka_unit_test_setup_teardown(test_pg_feed_catches_up_after_its_connection_broke,
                                        setup_pg, teardown),
    };
    return cmocka_run_group_tests_name("todo_store_pg", tests, NULL, NULL);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--pg") != 0)
        return run_sqlite();
    int rc = test_pg_start();
    if (rc != 0)
        return rc;
    rc = run_pg();
    test_pg_stop();
    return rc;
}
