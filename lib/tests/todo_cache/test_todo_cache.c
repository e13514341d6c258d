/* todo_cache: serves only while live, per user and key; a change of a kind
 * a fill covers, or a flush, after the fill's ticket refuses it; other kinds'
 * changes do not; memory stays within its budget. Also the change kinds of
 * todo_cache_follower. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "todo_cache_follower.h"
#include "todo_cache.h"

static void put(todo_cache_t *c, const char *user, const char *key, const char *body)
{
    uint64_t t = todo_cache_ticket(c, user);
    assert_true(todo_cache_put(c, user, key, TODO_CACHE_ALL, t, body, strlen(body)));
}

static void assert_hit(todo_cache_t *c, const char *user, const char *key, const char *want)
{
    char *body = NULL;
    size_t len = 0;
    assert_true(todo_cache_get(c, user, key, &body, &len));
    assert_int_equal(len, strlen(want));
    assert_string_equal(body, want);
    free(body);
}

static void assert_miss(todo_cache_t *c, const char *user, const char *key)
{
    char *body = NULL;
    size_t len = 0;
    assert_false(todo_cache_get(c, user, key, &body, &len));
    assert_null(body);
}

static void test_serves_nothing_until_live(void **state)
{
    (void)state;
    todo_cache_t *c = todo_cache_create(1 << 20, NULL);
    uint64_t t = todo_cache_ticket(c, "alice");
    assert_false(todo_cache_put(c, "alice", "k", TODO_CACHE_ALL, t, "[1]", 3));
    assert_miss(c, "alice", "k");
    todo_cache_set_live(c, true);
    put(c, "alice", "k", "[1]");
    assert_hit(c, "alice", "k", "[1]");
    todo_cache_set_live(c, false); /* the change stream ended: everything goes */
    assert_miss(c, "alice", "k");
    todo_cache_set_live(c, true);
    assert_miss(c, "alice", "k");
    todo_cache_destroy(c);
    assert_false(todo_cache_get(NULL, "alice", "k", NULL, NULL));
}

static void test_keys_and_users_are_separate(void **state)
{
    (void)state;
    todo_cache_t *c = todo_cache_create(1 << 20, NULL);
    todo_cache_set_live(c, true);
    put(c, "alice", "open", "[a-open]");
    put(c, "alice", "all", "[a-all]");
    put(c, "bob", "open", "[b-open]");
    assert_hit(c, "alice", "open", "[a-open]");
    assert_hit(c, "alice", "all", "[a-all]");
    assert_hit(c, "bob", "open", "[b-open]");
    assert_miss(c, "bob", "all");
    assert_miss(c, "carol", "open");
    put(c, "alice", "open", "[a-open-2]"); /* a newer body replaces the old */
    assert_hit(c, "alice", "open", "[a-open-2]");

    todo_cache_invalidate(c, "alice", TODO_CACHE_ALL);
    assert_miss(c, "alice", "open");
    assert_miss(c, "alice", "all");
    assert_hit(c, "bob", "open", "[b-open]");
    todo_cache_invalidate(c, "nobody", TODO_CACHE_ALL); /* unknown users are fine */

    todo_cache_stats_t st;
    todo_cache_stats(c, &st);
    assert_true(st.live);
    assert_int_equal(st.entries, 1);
    assert_int_equal(st.hits, 5);
    assert_int_equal(st.misses, 4);
    todo_cache_destroy(c);
}

/* A list read before a change must not be stored after the change was seen. */
static void test_fill_older_than_a_change_is_refused(void **state)
{
    (void)state;
    todo_cache_t *c = todo_cache_create(1 << 20, NULL);
    todo_cache_set_live(c, true);
    uint64_t t = todo_cache_ticket(c, "alice");
    todo_cache_invalidate(c, "alice", TODO_CACHE_ALL);
    assert_false(todo_cache_put(c, "alice", "k", TODO_CACHE_ALL, t, "[stale]", 7));
    assert_miss(c, "alice", "k");

    /* Another user's change does not refuse it. */
    t = todo_cache_ticket(c, "alice");
    todo_cache_invalidate(c, "bob", TODO_CACHE_ALL);
    assert_true(todo_cache_put(c, "alice", "k", TODO_CACHE_ALL, t, "[fresh]", 7));
    assert_hit(c, "alice", "k", "[fresh]");

    /* Nor does a flush in between let an old ticket through. */
    t = todo_cache_ticket(c, "alice");
    todo_cache_set_live(c, false);
    todo_cache_set_live(c, true);
    assert_false(todo_cache_put(c, "alice", "k", TODO_CACHE_ALL, t, "[stale]", 7));
    assert_miss(c, "alice", "k");
    todo_cache_destroy(c);
}

/* Evicted, changed while absent, then back: the first ticket is refused. */
static void test_ticket_from_before_an_eviction_is_refused(void **state)
{
    (void)state;
    todo_cache_t *c = todo_cache_create(4096, NULL);
    todo_cache_set_live(c, true);
    uint64_t t = todo_cache_ticket(c, "alice");
    char user[32];
    for (int i = 0; i < 200; i++) { /* pushes alice out */
        snprintf(user, sizeof(user), "user%03d", i);
        todo_cache_ticket(c, user);
    }
    todo_cache_invalidate(c, "alice", TODO_CACHE_ALL); /* not in the cache: nothing recorded */
    todo_cache_ticket(c, "alice");                     /* back, fresh */
    assert_false(todo_cache_put(c, "alice", "k", TODO_CACHE_ALL, t, "[stale]", 7));
    assert_miss(c, "alice", "k");
    todo_cache_destroy(c);
}

static void test_memory_stays_within_budget(void **state)
{
    (void)state;
    const size_t budget = 64 * 1024;
    todo_cache_t *c = todo_cache_create(budget, NULL);
    todo_cache_set_live(c, true);
    char body[4000];
    memset(body, 'x', sizeof(body));
    char user[32], key[32];
    for (int i = 0; i < 500; i++) {
        snprintf(user, sizeof(user), "user%d", i % 50);
        snprintf(key, sizeof(key), "key%d", i % 11);
        uint64_t t = todo_cache_ticket(c, user);
        todo_cache_put(c, user, key, TODO_CACHE_ALL, t, body, sizeof(body));
        todo_cache_stats_t st;
        todo_cache_stats(c, &st);
        assert_true(st.bytes <= budget);
    }
    /* The most recent fill is there; a body over budget / 8 is not stored. */
    char *got = NULL;
    size_t n = 0;
    assert_true(todo_cache_get(c, user, key, &got, &n));
    assert_int_equal(n, sizeof(body));
    free(got);
    uint64_t t = todo_cache_ticket(c, "big");
    char *big = calloc(1, budget / 4);
    assert_false(todo_cache_put(c, "big", "k", TODO_CACHE_ALL, t, big, budget / 4));
    free(big);
    todo_cache_destroy(c);
}

/* Creating an open todo leaves the lists of done todos cached (chat-svc's
 * "is there a done todo with this title?" before every add). */
static void test_kinds_are_invalidated_apart(void **state)
{
    (void)state;
    todo_cache_t *c = todo_cache_create(1 << 20, NULL);
    todo_cache_set_live(c, true);
    uint64_t t = todo_cache_ticket(c, "alice");
    assert_true(todo_cache_put(c, "alice", "open", TODO_CACHE_OPEN, t, "[o]", 3));
    assert_true(todo_cache_put(c, "alice", "done", TODO_CACHE_DONE, t, "[d]", 3));
    assert_true(todo_cache_put(c, "alice", "all", TODO_CACHE_ALL, t, "[a]", 3));
    todo_cache_invalidate(c, "alice", TODO_CACHE_OPEN);
    assert_miss(c, "alice", "open");
    assert_miss(c, "alice", "all");
    assert_hit(c, "alice", "done", "[d]");
    /* A fill ticketed before that change: refused for open, fine for done. */
    assert_false(todo_cache_put(c, "alice", "open", TODO_CACHE_OPEN, t, "[o]", 3));
    assert_false(todo_cache_put(c, "alice", "all", TODO_CACHE_ALL, t, "[a]", 3));
    assert_true(todo_cache_put(c, "alice", "done2", TODO_CACHE_DONE, t, "[d2]", 4));
    todo_cache_invalidate(c, "alice", TODO_CACHE_DONE);
    assert_miss(c, "alice", "done");
    assert_miss(c, "alice", "done2");
    assert_false(todo_cache_put(c, "alice", "x", 0, todo_cache_ticket(c, "alice"), "[]", 2));
    todo_cache_destroy(c);
}

static void test_change_kinds(void **state)
{
    (void)state;
    Todo__V1__TodoChange ch = TODO__V1__TODO_CHANGE__INIT;
    ch.user_id = (char *)"u";
    ch.type = TODO__V1__EVENT_TYPE__EVENT_CREATED;
    assert_int_equal(todo_cache_follower_kinds(&ch), TODO_CACHE_OPEN);
    ch.done = true;
    assert_int_equal(todo_cache_follower_kinds(&ch), TODO_CACHE_DONE);
    ch.type = TODO__V1__EVENT_TYPE__EVENT_DELETED;
    assert_int_equal(todo_cache_follower_kinds(&ch), TODO_CACHE_DONE);
    ch.done = false;
    assert_int_equal(todo_cache_follower_kinds(&ch), TODO_CACHE_OPEN);
    ch.type = TODO__V1__EVENT_TYPE__EVENT_UPDATED; /* may have moved between the two */
    assert_int_equal(todo_cache_follower_kinds(&ch), TODO_CACHE_ALL);
    ch.type = TODO__V1__EVENT_TYPE__EVENT_TYPE_UNSPECIFIED;
    assert_int_equal(todo_cache_follower_kinds(&ch), TODO_CACHE_ALL);
    assert_int_equal(todo_cache_follower_status_kinds(TODO__V1__STATUS_FILTER__STATUS_OPEN),
                     TODO_CACHE_OPEN);
    assert_int_equal(todo_cache_follower_status_kinds(TODO__V1__STATUS_FILTER__STATUS_DONE),
                     TODO_CACHE_DONE);
    assert_int_equal(todo_cache_follower_status_kinds(TODO__V1__STATUS_FILTER__STATUS_ANY),
                     TODO_CACHE_ALL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_serves_nothing_until_live),
        cmocka_unit_test(test_keys_and_users_are_separate),
        cmocka_unit_test(test_fill_older_than_a_change_is_refused),
        cmocka_unit_test(test_ticket_from_before_an_eviction_is_refused),
        cmocka_unit_test(test_memory_stays_within_budget),
        cmocka_unit_test(test_kinds_are_invalidated_apart),
        cmocka_unit_test(test_change_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
