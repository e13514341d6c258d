/* chat_engine at any size: questions and bulk changes over every todo of a
 * user (more than one ListTodos page, more than the old 1,000-todo window),
 * a confirmed bulk delete that removes every match (and nothing added after
 * the question), and an undo that undoes once however often it is replayed.
 * In-memory backend, which pages like todo-svc (at most 500 a page). */
#include <stdio.h>
#include <string.h>

#include "engine_fixture.h"
#include "chat_tz.h"

static void say(fixture_t *f, const char *msg, const char *want_intent)
{
    chat_turn_t in = turn_at("u", msg, f->ctx, NOW_MS);
    int rc = chat_engine_turn(f->engine, &in, &f->mem, &f->res, &f->st);
    if (rc)
        fail_msg("\"%s\": rc %d (%s)", msg, rc, f->st.message);
    if (strcmp(f->res.intent, want_intent) != 0)
        fail_msg("\"%s\": intent %s, want %s (reply: %s)", msg, f->res.intent, want_intent,
                 f->res.reply);
    f->ctx = f->res.context;
}

static size_t count(fixture_t *f)
{
    return chat_backend_mem_count(f->store, "u");
}

/* Stores a todo for "u" straight through the backend (as another client
 * would); due_s 0 = no due date. */
static void seed(fixture_t *f, const char *title, int64_t due_s, bool done)
{
    chat_backend_t b = chat_backend_mem_backend(f->store);
    chat_call_t call = {"u", &f->mem, INT64_MAX};
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    Google__Protobuf__Timestamp due = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    t.title = (char *)title;
    t.done = done;
    if (due_s) {
        due.seconds = due_s;
        t.due = &due;
    }
    Todo__V1__Todo *out = NULL;
    tc_status_t st;
    assert_int_equal(b.create(b.self, &call, &t, NULL, &out, &st), 0);
}

static void set_done(fixture_t *f, const char *id, bool done)
{
    static const char *const paths[] = {"done"};
    chat_backend_t b = chat_backend_mem_backend(f->store);
    chat_call_t call = {"u", &f->mem, INT64_MAX};
    Todo__V1__Todo u = TODO__V1__TODO__INIT;
    u.id = (char *)id;
    u.done = done;
    Todo__V1__Todo *out = NULL;
    tc_status_t st;
    assert_int_equal(b.update(b.self, &call, &u, paths, 1, &out, &st), 0);
}

static void seed_many(fixture_t *f, const char *fmt, size_t n, int64_t due_s, bool done)
{
    char title[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(title, sizeof title, fmt, i);
        seed(f, title, due_s, done);
    }
}

static size_t count_done(fixture_t *f, bool done)
{
    size_t k = 0, n = count(f);
    for (size_t i = 0; i < n; i++) {
        Todo__V1__Todo *t = chat_backend_mem_get(f->store, "u", i);
        k += t->done == done;
        todo__v1__todo__free_unpacked(t, NULL);
    }
    return k;
}

#define TODAY_6PM  (NOW_MS / 1000 + 2 * 3600) /* 18:00 Berlin, today */
#define NEXT_MONTH (NOW_MS / 1000 + 30 * 86400)

/* 1,230 todos of which the newest 30 are due today: the question sees them. */
static void test_question_over_every_todo(void **state)
{
    fixture_t *f = *state;
    seed_many(f, "later task %zu", 1200, NEXT_MONTH, false);
    seed_many(f, "today task %zu", 30, TODAY_6PM, false);
    say(f, "what's due today?", "list_todos");
    if (!strstr(f->res.reply, "You have 30 "))
        fail_msg("reply: %s", f->res.reply);
    assert_int_equal(f->res.n_todos, 30);
    assert_non_null(strstr(f->res.reply, "and 20 more")); /* worded list stays short */
    /* and by name, the newest todo is found among them all */
    seed(f, "water the ferns", 0, false);
    say(f, "mark water the ferns done", "complete_todo");
    assert_non_null(strstr(f->res.reply, "water the ferns"));
    assert_int_equal(count_done(f, true), 1);
}

/* A long list is counted right and summarised; the todos returned are capped. */
static void test_long_list_is_counted_and_capped(void **state)
{
    fixture_t *f = *state;
    seed_many(f, "task %zu", 1230, 0, false);
    say(f, "what's on my list?", "list_todos");
    if (!strstr(f->res.reply, "You have 1230 open todos"))
        fail_msg("reply: %.200s", f->res.reply);
    assert_non_null(strstr(f->res.reply, "and 1220 more"));
    assert_true(f->res.n_todos > 0 && f->res.n_todos <= 1000);
}

/* "delete everything" with 120 todos, "yes": all 120 go; one added after the
 * question stays. */
static void test_confirmed_delete_removes_every_one(void **state)
{
    fixture_t *f = *state;
    seed_many(f, "item %zu", 120, 0, false);
    say(f, "delete everything", "delete_todo");
    assert_non_null(strstr(f->res.reply, "120"));
    assert_int_equal(count(f), 120);
    chat_backend_mem_set_clock(f->store, NOW_MS + 5000); /* a later add */
    seed(f, "added after the question", 0, false);
    say(f, "yes", "confirm");
    assert_int_equal(count(f), 1);
    Todo__V1__Todo *t = chat_backend_mem_get(f->store, "u", 0);
    assert_string_equal(t->title, "added after the question");
    todo__v1__todo__free_unpacked(t, NULL);
}

static void test_clear_completed_removes_every_one(void **state)
{
    fixture_t *f = *state;
    seed_many(f, "done %zu", 700, 0, true);
    seed_many(f, "open %zu", 3, 0, false);
    say(f, "clear completed", "clear_completed");
    assert_non_null(strstr(f->res.reply, "700"));
    say(f, "yes", "confirm");
    assert_int_equal(count(f), 3);
    assert_int_equal(count_done(f, false), 3);
}

static void test_complete_all_covers_every_one(void **state)
{
    fixture_t *f = *state;
    seed_many(f, "chore %zu", 1100, 0, false);
    say(f, "mark everything as done", "complete_todo");
    assert_int_equal(count_done(f, true), 1100);
    assert_non_null(strstr(f->res.reply, "1100"));
}

/* The client replays the undo (same context): the todo comes back once. */
static void test_undo_replayed_restores_once(void **state)
{
    fixture_t *f = *state;
    say(f, "add pay rent friday", "add_todo");
    say(f, "delete it", "delete_todo");
    assert_int_equal(count(f), 0);
    char *deleted = f->ctx;
    say(f, "undo", "undo");
    assert_int_equal(count(f), 1);
    f->ctx = deleted;
    say(f, "undo", "undo");
    assert_int_equal(count(f), 1);
    /* a bulk delete, undone twice */
    seed(f, "b", 0, true);
    seed(f, "c", 0, false);
    say(f, "delete everything", "delete_todo");
    say(f, "yes", "confirm");
    assert_int_equal(count(f), 0);
    deleted = f->ctx;
    say(f, "undo", "undo");
    f->ctx = deleted;
    say(f, "undo", "undo");
    assert_int_equal(count(f), 3);
    assert_int_equal(count_done(f, true), 1); /* "b" comes back done */
}

/* Undo of a completion, replayed: reopens once; replayed after the todo was
 * completed again elsewhere, it does not reopen it a second time. */
static void test_undo_of_completion_replayed(void **state)
{
    fixture_t *f = *state;
    say(f, "add call mom", "add_todo");
    say(f, "mark call mom done", "complete_todo");
    char *completed = f->ctx;
    say(f, "undo", "undo");
    assert_int_equal(count_done(f, false), 1);
    f->ctx = completed;
    say(f, "undo", "undo"); /* replay: still open, nothing else */
    assert_int_equal(count_done(f, false), 1);
    assert_int_equal(count(f), 1);
    /* completed again elsewhere, later: a replay of that undo leaves it done */
    chat_backend_mem_set_clock(f->store, NOW_MS + 60000);
    Todo__V1__Todo *t = chat_backend_mem_get(f->store, "u", 0);
    set_done(f, t->id, true);
    todo__v1__todo__free_unpacked(t, NULL);
    f->ctx = completed;
    say(f, "undo", "undo");
    assert_int_equal(count_done(f, true), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_question_over_every_todo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_list_is_counted_and_capped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_confirmed_delete_removes_every_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clear_completed_removes_every_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_complete_all_covers_every_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_replayed_restores_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_of_completion_replayed, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    chat_tz_cache_clear();
    return rc;
}
