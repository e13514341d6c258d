/* list_cache: recent answers to todo list queries, per user, so that a list
 * nobody has changed is answered without a call to todo-svc. The gateway
 * keeps JSON bodies of GET /api/todos in one; chat-svc keeps packed
 * ListTodosResponse messages.
 *
 * Coherence: a change_follower on todo-svc's WatchChanges stream calls
 * list_cache_invalidate for every committed change of any user, and the
 * process calls it after each write it makes itself (before answering, so a
 * client always reads its own writes). The cache serves only while the
 * stream is live; when it ends everything is dropped and lookups miss until
 * the stream is back.
 *
 * Kinds: an entry says which todos its list may contain (LIST_CACHE_OPEN,
 * LIST_CACHE_DONE or both), and an invalidation which kinds a change touched
 * (creating an open todo leaves the cached lists of done todos alone).
 *
 * A fill cannot store a list older than a change the cache has already seen:
 * the caller takes a ticket before asking todo-svc, and list_cache_put
 * refuses the body if a kind it covers changed (or the cache was flushed)
 * after the ticket.
 *
 * Memory is bounded by max_bytes (bodies, keys and per-user bookkeeping);
 * least recently used users go first. Thread-safe (one mutex). */
#ifndef TC_LIST_CACHE_H
#define TC_LIST_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LIST_CACHE_OPEN 1u
#define LIST_CACHE_DONE 2u
#define LIST_CACHE_ALL  (LIST_CACHE_OPEN | LIST_CACHE_DONE)

typedef struct list_cache list_cache_t;

/* New, not yet live cache holding at most max_bytes (> 0). Every lookup
 * counts in the Prometheus counter metric{result="hit"|"miss"} (metric
 * NULL: no counter). Never NULL. */
list_cache_t *list_cache_create(size_t max_bytes, const char *metric);

/* Frees the cache and everything in it. Accepts NULL. */
void list_cache_destroy(list_cache_t *c);

/* On a hit (live, and key cached for user) sets *body to a new copy (free()
 * it; one NUL byte past len) and *len, and returns true. Accepts c == NULL
 * (always a miss). */
bool list_cache_get(list_cache_t *c, const char *user, const char *key, char **body, size_t *len);

/* Ticket for a fill of user's lists: take it before the upstream call that
 * produces the body and hand it to list_cache_put. */
uint64_t list_cache_ticket(list_cache_t *c, const char *user);

/* Stores a copy of body for (user, key), a list of the given kinds, unless
 * the cache is not live, one of those kinds of user's todos changed or the
 * cache was flushed since ticket, or body is too large (over max_bytes / 8).
 * Returns true when stored. */
bool list_cache_put(list_cache_t *c, const char *user, const char *key, unsigned kinds,
                    uint64_t ticket, const char *body, size_t len);

/* Drops user's cached lists of any of kinds; fills of those kinds ticketed
 * before this are refused. Accepts c == NULL. */
void list_cache_invalidate(list_cache_t *c, const char *user, unsigned kinds);

/* Drops everything and sets whether the cache may serve (the change stream is
 * live). Fills ticketed before this are refused. */
void list_cache_set_live(list_cache_t *c, bool live);

typedef struct list_cache_stats {
    bool live;
    size_t users, entries, bytes;
    uint64_t hits, misses;
} list_cache_stats_t;

/* A snapshot of the counters (for /metrics and tests). */
void list_cache_stats(list_cache_t *c, list_cache_stats_t *out);

#endif
