/* Unit tests for the watch hub: delivery per user, order, removal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "watch_hub.h"

/* A sink that records "TYPE:title" for each event it gets. */
typedef struct sink {
    int n;
    char got[16][32];
} sink_t;

static int record(void *s, const ProtobufCMessage *msg)
{
    sink_t *k = s;
    if (msg->descriptor == &todo__v1__todo_change__descriptor) {
        const Todo__V1__TodoChange *ch = (const Todo__V1__TodoChange *)msg;
        if (k->n < 16)
            snprintf(k->got[k->n++], 32, "%d:%s:%s", (int)ch->type, ch->user_id, ch->id);
        return 0;
    }
    assert_ptr_equal(msg->descriptor, &todo__v1__todo_event__descriptor);
    const Todo__V1__TodoEvent *ev = (const Todo__V1__TodoEvent *)msg;
    if (k->n < 16)
        snprintf(k->got[k->n++], 32, "%d:%s", (int)ev->type, ev->todo->title);
    return 0;
}

static void emit(todo_watch_hub_t *h, const char *user, int type, const char *title)
{
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    t.title = (char *)title;
    t.id = (char *)title;
    todo_watch_broadcast(h, user, (Todo__V1__EventType)type, &t);
}

static void test_all_users_watcher_gets_every_change_without_content(void **state)
{
    (void)state;
    todo_watch_hub_t *h = todo_watch_hub_create(record);
    sink_t all = {0}, a = {0};
    todo_watcher_t *wall = todo_watch_add_all(h, &all);
    todo_watcher_t *wa = todo_watch_add(h, "alice", &a);
    assert_int_equal(todo_watch_count(h), 2);

    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    t.title = (char *)"no id yet";
    assert_int_equal(todo_watch_broadcast(h, "alice", TODO__V1__EVENT_TYPE__EVENT_CREATED, &t), 2);
    emit(h, "bob", 2, "b1");
    emit(h, "alice", 3, "a1");
    assert_int_equal(all.n, 3);
    assert_string_equal(all.got[0], "1:alice:");
    assert_string_equal(all.got[1], "2:bob:b1");
    assert_string_equal(all.got[2], "3:alice:a1");
    assert_int_equal(a.n, 2); /* the per-user watcher still gets full events */

    todo_watch_remove(h, wall);
    emit(h, "bob", 2, "after");
    assert_int_equal(all.n, 3);
    assert_int_equal(todo_watch_count(h), 1);
    todo_watch_remove(h, wa);
    todo_watch_hub_destroy(h);
}

static void test_delivers_to_every_watcher_of_the_user_only(void **state)
{
    (void)state;
    todo_watch_hub_t *h = todo_watch_hub_create(record);
    sink_t a1 = {0}, a2 = {0}, b = {0};
    todo_watcher_t *wa1 = todo_watch_add(h, "alice", &a1);
    todo_watcher_t *wa2 = todo_watch_add(h, "alice", &a2);
    todo_watcher_t *wb = todo_watch_add(h, "bob", &b);
    assert_int_equal(todo_watch_count(h), 3);

    emit(h, "alice", 1, "one");
    emit(h, "alice", 2, "two");
    emit(h, "bob", 3, "three");
    emit(h, "carol", 1, "nobody");
    emit(h, "alic", 1, "prefix"); /* user ids are compared exactly */

    assert_int_equal(a1.n, 2);
    assert_string_equal(a1.got[0], "1:one");
    assert_string_equal(a1.got[1], "2:two");
    assert_int_equal(a2.n, 2);
    assert_string_equal(a2.got[1], "2:two");
    assert_int_equal(b.n, 1);
    assert_string_equal(b.got[0], "3:three");

    todo_watch_remove(h, wa1);
    emit(h, "alice", 1, "after");
    assert_int_equal(a1.n, 2);
    assert_int_equal(a2.n, 3);
    todo_watch_remove(h, wa2);
    todo_watch_remove(h, wb);
    todo_watch_remove(h, NULL);
    assert_int_equal(todo_watch_count(h), 0);
    emit(h, "alice", 1, "none");
    assert_int_equal(a2.n, 3);
    todo_watch_hub_destroy(h);
    todo_watch_hub_destroy(NULL);
}

static void test_many_users_share_buckets_safely(void **state)
{
    (void)state;
    todo_watch_hub_t *h = todo_watch_hub_create(record);
    static sink_t sinks[3000];
    static todo_watcher_t *ws[3000];
    memset(sinks, 0, sizeof sinks);
    for (int i = 0; i < 3000; i++) {
        char user[32];
        snprintf(user, sizeof user, "u%d", i);
        ws[i] = todo_watch_add(h, user, &sinks[i]);
    }
    /* Remove every other one, then each user gets exactly its own event. */
    for (int i = 0; i < 3000; i += 2)
        todo_watch_remove(h, ws[i]);
    for (int i = 0; i < 3000; i++) {
        char user[32];
        snprintf(user, sizeof user, "u%d", i);
        emit(h, user, 1, user);
    }
    for (int i = 0; i < 3000; i++) {
        assert_int_equal(sinks[i].n, i % 2);
        if (i % 2) {
            char want[32];
            snprintf(want, sizeof want, "1:u%d", i);
            assert_string_equal(sinks[i].got[0], want);
        }
    }
    /* Destroy frees the watchers still registered. */
    todo_watch_hub_destroy(h);
}

/* Threads that register, broadcast and unregister at once: each watcher
 * sees at least its own thread's event, and none is sent to after removal. */
typedef struct racer {
    todo_watch_hub_t *h;
    int misses;
} racer_t;

typedef struct counting_sink {
    atomic_int events;
    atomic_int removed;
    atomic_int after_removal;
} counting_sink_t;

static int count(void *s, const ProtobufCMessage *msg)
{
    (void)msg;
    counting_sink_t *k = s;
    if (atomic_load(&k->removed))
        atomic_fetch_add(&k->after_removal, 1);
    atomic_fetch_add(&k->events, 1);
    return 0;
}

static void *race(void *arg)
{
    racer_t *r = arg;
    for (int i = 0; i < 2000; i++) {
        counting_sink_t sink = {0};
        todo_watcher_t *w = todo_watch_add(r->h, "alice", &sink);
        emit(r->h, "alice", 1, "x");
        todo_watch_remove(r->h, w);
        atomic_store(&sink.removed, 1);
        if (atomic_load(&sink.events) < 1 || atomic_load(&sink.after_removal) != 0)
            r->misses++;
    }
    return NULL;
}

static void test_concurrent_add_broadcast_remove(void **state)
{
    (void)state;
    todo_watch_hub_t *h = todo_watch_hub_create(count);
    pthread_t th[4];
    racer_t r[4];
    for (int i = 0; i < 4; i++) {
        r[i] = (racer_t){.h = h};
        pthread_create(&th[i], NULL, race, &r[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(r[i].misses, 0);
    }
    assert_int_equal(todo_watch_count(h), 0);
    todo_watch_hub_destroy(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delivers_to_every_watcher_of_the_user_only),
        cmocka_unit_test(test_all_users_watcher_gets_every_change_without_content),
        cmocka_unit_test(test_many_users_share_buckets_safely),
        cmocka_unit_test(test_concurrent_add_broadcast_remove),
    };
    return cmocka_run_group_tests_name("todo_watch_hub", tests, NULL, NULL);
}
