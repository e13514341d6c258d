/* todo_cache: users in a chained hash table and an LRU list; each user holds
 * a few (key, kinds, body) entries, newest first. `seq` counts invalidations
 * and flushes; a user's `changed[k]` is the seq of the last invalidation of
 * kind k (or of the user's creation: a user evicted and created again must
 * refuse fills ticketed before), and a put is accepted only if its ticket is
 * not older than `flushed` and `changed[k]` for each kind it covers. */
#include "todo_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "metrics.h"
#include "xalloc.h"

#define N_BUCKETS        4096 /* power of two */
#define ENTRIES_PER_USER 8

typedef struct entry {
    struct entry *next;
    unsigned kinds;
    char *key;
    char *body;
    size_t len;
} entry_t;

typedef struct user {
    struct user *hnext;         /* in the bucket */
    struct user *newer, *older; /* in the LRU list */
    char *id;
    uint64_t changed[2]; /* per kind: [0] open todos, [1] done todos */
    entry_t *entries;    /* newest first */
    size_t n_entries;
} user_t;

struct todo_cache {
    pthread_mutex_t mu;
    size_t max_bytes, bytes, n_users, n_entries;
    uint64_t seq, flushed;
    uint64_t hits, misses;
    const char *metric; /* lookups counter, or NULL */
    bool live;
    user_t *newest, *oldest;
    user_t *buckets[N_BUCKETS];
};

static size_t user_cost(const user_t *u)
{
    return sizeof(*u) + strlen(u->id) + 1;
}

static size_t entry_cost(const entry_t *e)
{
    return sizeof(*e) + strlen(e->key) + 1 + e->len;
}

static user_t **slot_of(todo_cache_t *c, const char *id)
{
    uint32_t x = tc_hash_str(id);
    return &c->buckets[x & (N_BUCKETS - 1)];
}

static user_t *find_user(todo_cache_t *c, const char *id)
{
    for (user_t *u = *slot_of(c, id); u; u = u->hnext)
        if (strcmp(u->id, id) == 0)
            return u;
    return NULL;
}

static void lru_unlink(todo_cache_t *c, user_t *u)
{
    if (u->newer)
        u->newer->older = u->older;
    else
        c->newest = u->older;
    if (u->older)
        u->older->newer = u->newer;
    else
        c->oldest = u->newer;
    u->newer = u->older = NULL;
}

static void lru_push_newest(todo_cache_t *c, user_t *u)
{
    u->older = c->newest;
    u->newer = NULL;
    if (c->newest)
        c->newest->newer = u;
    else
        c->oldest = u;
    c->newest = u;
}

static void touch(todo_cache_t *c, user_t *u)
{
    if (c->newest != u) {
        lru_unlink(c, u);
        lru_push_newest(c, u);
    }
}

static void free_entry(todo_cache_t *c, entry_t *e)
{
    c->bytes -= entry_cost(e);
    c->n_entries--;
    free(e->key);
    free(e->body);
    free(e);
}

/* Drops u's entries that cover any of kinds. */
static void drop_entries(todo_cache_t *c, user_t *u, unsigned kinds)
{
    entry_t **pp = &u->entries;
    while (*pp) {
        entry_t *e = *pp;
        if (e->kinds & kinds) {
            *pp = e->next;
            free_entry(c, e);
            u->n_entries--;
        } else {
            pp = &e->next;
        }
    }
}

/* True when no kind in kinds changed after ticket. */
static bool unchanged_since(const user_t *u, unsigned kinds, uint64_t ticket)
{
    return !((kinds & TODO_CACHE_OPEN) && u->changed[0] > ticket) &&
           !((kinds & TODO_CACHE_DONE) && u->changed[1] > ticket);
}

static void remove_user(todo_cache_t *c, user_t *u)
{
    drop_entries(c, u, TODO_CACHE_ALL);
    user_t **pp = slot_of(c, u->id);
    while (*pp != u)
        pp = &(*pp)->hnext;
    *pp = u->hnext;
    lru_unlink(c, u);
    c->bytes -= user_cost(u);
    c->n_users--;
    free(u->id);
    free(u);
}

static void evict_over_budget(todo_cache_t *c)
{
    while (c->bytes > c->max_bytes && c->oldest)
        remove_user(c, c->oldest);
}

static void drop_all(todo_cache_t *c)
{
    while (c->oldest)
        remove_user(c, c->oldest);
}

todo_cache_t *todo_cache_create(size_t max_bytes, const char *metric)
{
    todo_cache_t *c = xcalloc(1, sizeof(*c));
    c->metric = metric;
    if (metric)
        tc_metrics_describe(metric, "counter",
                            "List lookups answered from the list cache (hit) or upstream (miss)");
    pthread_mutex_init(&c->mu, NULL);
    c->max_bytes = max_bytes;
    return c;
}

void todo_cache_destroy(todo_cache_t *c)
{
    if (!c)
        return;
    drop_all(c);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

bool todo_cache_get(todo_cache_t *c, const char *user, const char *key, char **body, size_t *len)
{
    if (!c)
        return false;
    bool hit = false;
    pthread_mutex_lock(&c->mu);
    user_t *u = c->live ? find_user(c, user) : NULL;
    for (entry_t *e = u ? u->entries : NULL; e && !hit; e = e->next) {
        if (strcmp(e->key, key) != 0)
            continue;
        *body = xmalloc(e->len + 1);
        memcpy(*body, e->body, e->len);
        (*body)[e->len] = '\0';
        *len = e->len;
        touch(c, u);
        hit = true;
    }
    if (hit)
        c->hits++;
    else
        c->misses++;
    pthread_mutex_unlock(&c->mu);
    if (c->metric)
        tc_metrics_counter_add(c->metric, hit ? "result=\"hit\"" : "result=\"miss\"", 1);
    return hit;
}

uint64_t todo_cache_ticket(todo_cache_t *c, const char *user)
{
    pthread_mutex_lock(&c->mu);
    user_t *u = find_user(c, user);
    if (u) {
        touch(c, u);
    } else {
        u = xcalloc(1, sizeof(*u));
        u->id = xstrdup(user);
        u->changed[0] = u->changed[1] = c->seq;
        user_t **slot = slot_of(c, user);
        u->hnext = *slot;
        *slot = u;
        lru_push_newest(c, u);
        c->bytes += user_cost(u);
        c->n_users++;
        evict_over_budget(c);
    }
    uint64_t t = c->seq;
    pthread_mutex_unlock(&c->mu);
    return t;
}

bool todo_cache_put(todo_cache_t *c, const char *user, const char *key, unsigned kinds,
                    uint64_t ticket, const char *body, size_t len)
{
    kinds &= TODO_CACHE_ALL;
    if (len > c->max_bytes / 8 || !kinds)
        return false;
    bool stored = false;
    pthread_mutex_lock(&c->mu);
    user_t *u = c->live && ticket >= c->flushed ? find_user(c, user) : NULL;
    if (u && unchanged_since(u, kinds, ticket)) {
        entry_t **pp = &u->entries;
        while (*pp && strcmp((*pp)->key, key) != 0)
            pp = &(*pp)->next;
        if (*pp) { /* the same list again: replace it */
            entry_t *old = *pp;
            *pp = old->next;
            u->n_entries--;
            free_entry(c, old);
        }
        entry_t *e = xmalloc(sizeof(*e));
        e->kinds = kinds;
        e->key = xstrdup(key);
        e->body = xmalloc(len ? len : 1);
        memcpy(e->body, body, len);
        e->len = len;
        e->next = u->entries;
        u->entries = e;
        u->n_entries++;
        c->n_entries++;
        c->bytes += entry_cost(e);
        if (u->n_entries > ENTRIES_PER_USER) { /* drop the oldest */
            entry_t **last = &u->entries;
            while ((*last)->next)
                last = &(*last)->next;
            free_entry(c, *last);
            *last = NULL;
            u->n_entries--;
        }
        touch(c, u);
        evict_over_budget(c);
        stored = true;
    }
    pthread_mutex_unlock(&c->mu);
    return stored;
}

void todo_cache_invalidate(todo_cache_t *c, const char *user, unsigned kinds)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    c->seq++;
    user_t *u = find_user(c, user);
    if (u) {
        if (kinds & TODO_CACHE_OPEN)
            u->changed[0] = c->seq;
        if (kinds & TODO_CACHE_DONE)
            u->changed[1] = c->seq;
        drop_entries(c, u, kinds);
    }
    pthread_mutex_unlock(&c->mu);
}

void todo_cache_set_live(todo_cache_t *c, bool live)
{
    pthread_mutex_lock(&c->mu);
    c->seq++;
    c->flushed = c->seq;
    drop_all(c);
    c->live = live;
    pthread_mutex_unlock(&c->mu);
}

void todo_cache_stats(todo_cache_t *c, todo_cache_stats_t *out)
{
    memset(out, 0, sizeof(*out));
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    out->live = c->live;
    out->users = c->n_users;
    out->entries = c->n_entries;
    out->bytes = c->bytes;
    out->hits = c->hits;
    out->misses = c->misses;
    pthread_mutex_unlock(&c->mu);
}
