/* watch_hub: watchers keyed by user in a chained hash table under one mutex.
 * Broadcast holds the mutex while it sends, so a watcher removed by
 * todo_watch_remove is never sent to afterwards. */
#include "watch_hub.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "xalloc.h"

#define N_BUCKETS 1024 /* power of two */

struct todo_watcher {
    char *user_id; /* NULL: an all-users watcher (in h->all, not a bucket) */
    void *sink;
    struct todo_watcher *prev, *next; /* in the bucket, oldest first */
};

typedef struct bucket {
    todo_watcher_t *head, *tail;
} bucket_t;

struct todo_watch_hub {
    pthread_mutex_t mu;
    todo_watch_send_fn send;
    size_t count;
    bucket_t all; /* all-users watchers */
    bucket_t buckets[N_BUCKETS];
};

static bucket_t *bucket_of(todo_watch_hub_t *h, const char *user_id)
{
    if (!user_id)
        return &h->all;
    uint32_t x = tc_hash_str(user_id);
    return &h->buckets[x & (N_BUCKETS - 1)];
}

todo_watch_hub_t *todo_watch_hub_create(todo_watch_send_fn send)
{
    todo_watch_hub_t *h = xcalloc(1, sizeof *h);
    pthread_mutex_init(&h->mu, NULL);
    h->send = send;
    return h;
}

void todo_watch_hub_destroy(todo_watch_hub_t *h)
{
    if (!h)
        return;
    for (size_t i = 0; i <= N_BUCKETS; i++) {
        todo_watcher_t *w = i < N_BUCKETS ? h->buckets[i].head : h->all.head;
        while (w) {
            todo_watcher_t *next = w->next;
            free(w->user_id);
            free(w);
            w = next;
        }
    }
    pthread_mutex_destroy(&h->mu);
    free(h);
}

static todo_watcher_t *watch_add(todo_watch_hub_t *h, const char *user_id, void *sink)
{
    todo_watcher_t *w = xcalloc(1, sizeof *w);
    w->user_id = user_id ? xstrdup(user_id) : NULL;
    w->sink = sink;
    pthread_mutex_lock(&h->mu);
    bucket_t *b = bucket_of(h, user_id);
    w->prev = b->tail;
    if (b->tail)
        b->tail->next = w;
    else
        b->head = w;
    b->tail = w;
    h->count++;
    pthread_mutex_unlock(&h->mu);
    return w;
}

todo_watcher_t *todo_watch_add(todo_watch_hub_t *h, const char *user_id, void *sink)
{
    return watch_add(h, user_id, sink);
}

todo_watcher_t *todo_watch_add_all(todo_watch_hub_t *h, void *sink)
{
    return watch_add(h, NULL, sink);
}

void todo_watch_remove(todo_watch_hub_t *h, todo_watcher_t *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&h->mu);
    bucket_t *b = bucket_of(h, w->user_id);
    if (w->prev)
        w->prev->next = w->next;
    else
        b->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        b->tail = w->prev;
    h->count--;
    pthread_mutex_unlock(&h->mu);
    free(w->user_id);
    free(w);
}

size_t todo_watch_broadcast(todo_watch_hub_t *h, const char *user_id, Todo__V1__EventType type,
                            const Todo__V1__Todo *todo)
{
    Todo__V1__TodoEvent ev = TODO__V1__TODO_EVENT__INIT;
    ev.type = type;
    ev.todo = (Todo__V1__Todo *)todo;
    size_t n = 0;
    pthread_mutex_lock(&h->mu);
    /* All-users watchers first: a cache learns of the change before any
     * per-user watcher (a browser about to re-read the list) does. */
    if (h->all.head) {
        Todo__V1__TodoChange ch = TODO__V1__TODO_CHANGE__INIT;
        ch.user_id = (char *)user_id;
        ch.type = type;
        ch.id = todo && todo->id ? todo->id : (char *)"";
        ch.done = todo && todo->done;
        for (todo_watcher_t *w = h->all.head; w; w = w->next) {
            h->send(w->sink, &ch.base);
            n++;
        }
    }
    for (todo_watcher_t *w = bucket_of(h, user_id)->head; w; w = w->next) {
        if (strcmp(w->user_id, user_id) != 0)
            continue;
        h->send(w->sink, &ev.base);
        n++;
    }
    pthread_mutex_unlock(&h->mu);
    return n;
}

size_t todo_watch_count(todo_watch_hub_t *h)
{
    pthread_mutex_lock(&h->mu);
    size_t n = h->count;
    pthread_mutex_unlock(&h->mu);
    return n;
}

bool todo_watch_has(todo_watch_hub_t *h, const char *user_id)
{
    pthread_mutex_lock(&h->mu);
    bool found = false;
    for (todo_watcher_t *w = bucket_of(h, user_id)->head; w && !found; w = w->next)
        found = w->user_id && strcmp(w->user_id, user_id) == 0;
    pthread_mutex_unlock(&h->mu);
    return found;
}
