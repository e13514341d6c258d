/* gw_cache: serves only while live, per user and key; a change or a flush
 * after a fill's ticket refuses the fill; memory stays within its budget. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_cache.h"

static void put(gw_cache_t *c, const char *user, const char *key, const char *body)
{
    uint64_t t = gw_cache_ticket(c, user);
    assert_true(gw_cache_put(c, user, key, t, body, strlen(body)));
}

static void assert_hit(gw_cache_t *c, const char *user, const char *key, const char *want)
{
    char *body = NULL;
    size_t len = 0;
    assert_true(gw_cache_get(c, user, key, &body, &len));
    assert_int_equal(len, strlen(want));
    assert_string_equal(body, want);
    free(body);
}

static void assert_miss(gw_cache_t *c, const char *user, const char *key)
{
    char *body = NULL;
    size_t len = 0;
    assert_false(gw_cache_get(c, user, key, &body, &len));
    assert_null(body);
}

static void test_serves_nothing_until_live(void **state)
{
    (void)state;
    gw_cache_t *c = gw_cache_create(1 << 20);
    uint64_t t = gw_cache_ticket(c, "alice");
    assert_false(gw_cache_put(c, "alice", "k", t, "[1]", 3));
    assert_miss(c, "alice", "k");
    gw_cache_set_live(c, true);
    put(c, "alice", "k", "[1]");
    assert_hit(c, "alice", "k", "[1]");
    gw_cache_set_live(c, false); /* the change stream ended: everything goes */
    assert_miss(c, "alice", "k");
    gw_cache_set_live(c, true);
    assert_miss(c, "alice", "k");
    gw_cache_destroy(c);
    assert_false(gw_cache_get(NULL, "alice", "k", NULL, NULL));
}

static void test_keys_and_users_are_separate(void **state)
{
    (void)state;
    gw_cache_t *c = gw_cache_create(1 << 20);
    gw_cache_set_live(c, true);
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

    gw_cache_invalidate(c, "alice");
    assert_miss(c, "alice", "open");
    assert_miss(c, "alice", "all");
    assert_hit(c, "bob", "open", "[b-open]");
    gw_cache_invalidate(c, "nobody"); /* unknown users are fine */

    gw_cache_stats_t st;
    gw_cache_stats(c, &st);
    assert_true(st.live);
    assert_int_equal(st.entries, 1);
    assert_int_equal(st.hits, 5);
    assert_int_equal(st.misses, 4);
    gw_cache_destroy(c);
}

/* A list read before a change must not be stored after the change was seen. */
static void test_fill_older_than_a_change_is_refused(void **state)
{
    (void)state;
    gw_cache_t *c = gw_cache_create(1 << 20);
    gw_cache_set_live(c, true);
    uint64_t t = gw_cache_ticket(c, "alice");
    gw_cache_invalidate(c, "alice");
    assert_false(gw_cache_put(c, "alice", "k", t, "[stale]", 7));
    assert_miss(c, "alice", "k");

    /* Another user's change does not refuse it. */
    t = gw_cache_ticket(c, "alice");
    gw_cache_invalidate(c, "bob");
    assert_true(gw_cache_put(c, "alice", "k", t, "[fresh]", 7));
    assert_hit(c, "alice", "k", "[fresh]");

    /* Nor does a flush in between let an old ticket through. */
    t = gw_cache_ticket(c, "alice");
    gw_cache_set_live(c, false);
    gw_cache_set_live(c, true);
    assert_false(gw_cache_put(c, "alice", "k", t, "[stale]", 7));
    assert_miss(c, "alice", "k");
    gw_cache_destroy(c);
}

/* Evicted, changed while absent, then back: the first ticket is refused. */
static void test_ticket_from_before_an_eviction_is_refused(void **state)
{
    (void)state;
    gw_cache_t *c = gw_cache_create(4096);
    gw_cache_set_live(c, true);
    uint64_t t = gw_cache_ticket(c, "alice");
    char user[32];
    for (int i = 0; i < 200; i++) { /* pushes alice out */
        snprintf(user, sizeof(user), "user%03d", i);
        gw_cache_ticket(c, user);
    }
    gw_cache_invalidate(c, "alice"); /* not in the cache: nothing recorded */
    gw_cache_ticket(c, "alice");     /* back, fresh */
    assert_false(gw_cache_put(c, "alice", "k", t, "[stale]", 7));
    assert_miss(c, "alice", "k");
    gw_cache_destroy(c);
}

static void test_memory_stays_within_budget(void **state)
{
    (void)state;
    const size_t budget = 64 * 1024;
    gw_cache_t *c = gw_cache_create(budget);
    gw_cache_set_live(c, true);
    char body[4000];
    memset(body, 'x', sizeof(body));
    char user[32], key[32];
    for (int i = 0; i < 500; i++) {
        snprintf(user, sizeof(user), "user%d", i % 50);
        snprintf(key, sizeof(key), "key%d", i % 11);
        uint64_t t = gw_cache_ticket(c, user);
        gw_cache_put(c, user, key, t, body, sizeof(body));
        gw_cache_stats_t st;
        gw_cache_stats(c, &st);
        assert_true(st.bytes <= budget);
    }
    /* The most recent fill is there; a body over budget / 8 is not stored. */
    char *got = NULL;
    size_t n = 0;
    assert_true(gw_cache_get(c, user, key, &got, &n));
    assert_int_equal(n, sizeof(body));
    free(got);
    uint64_t t = gw_cache_ticket(c, "big");
    char *big = calloc(1, budget / 4);
    assert_false(gw_cache_put(c, "big", "k", t, big, budget / 4));
    free(big);
    gw_cache_destroy(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_serves_nothing_until_live),
        cmocka_unit_test(test_keys_and_users_are_separate),
        cmocka_unit_test(test_fill_older_than_a_change_is_refused),
        cmocka_unit_test(test_ticket_from_before_an_eviction_is_refused),
        cmocka_unit_test(test_memory_stays_within_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
