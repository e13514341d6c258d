/* todo_cache: recent answers to todo list queries, per user, so that a list
 * nobody has changed is answered without a call to todo-svc. The gateway
 * keeps JSON bodies of GET /api/todos in one; chat-svc keeps packed
 * ListTodosResponse messages.
 *
 * Coherence: a todo_cache_follower on todo-svc's WatchChanges stream calls
 * todo_cache_invalidate for every committed change of any user, and the
 * process calls it after each write it makes itself (before answering, so a
 * client always reads its own writes). The cache serves only while the
 * stream is live; when it ends everything is dropped and lookups miss until
 * the stream is back.
 *
 * Kinds: an entry says which todos its list may contain (TODO_CACHE_OPEN,
 * TODO_CACHE_DONE or both), and an invalidation which kinds a change touched
 * (creating an open todo leaves the cached lists of done todos alone).
 *
 * A fill cannot store a list older than a change the cache has already seen:
 * the caller takes a ticket before asking todo-svc, and todo_cache_put
 * refuses the body if a kind it covers changed (or the cache was flushed)
 * after the ticket.
 *
 * Memory is bounded by max_bytes (bodies, keys and per-user bookkeeping);
 * least recently used users go first. Thread-safe (one mutex). */
#ifndef TC_TODO_CACHE_H
#define TC_TODO_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TODO_CACHE_OPEN 1u
#define TODO_CACHE_DONE 2u
#define TODO_CACHE_ALL  (TODO_CACHE_OPEN | TODO_CACHE_DONE)

typedef struct todo_cache todo_cache_t;

/* New, not yet live cache holding at most max_bytes (> 0). Every lookup
 * counts in the Prometheus counter metric{result="hit"|"miss"} (metric
 * NULL: no counter). Never NULL. */
todo_cache_t *todo_cache_create(size_t max_bytes, const char *metric);

/* Frees the cache and everything in it. Accepts NULL. */
void todo_cache_destroy(todo_cache_t *c);

/* On a hit (live, and key cached for user) sets *body to a new copy (free()
 * it; one NUL byte past len) and *len, and returns true. Accepts c == NULL
 * (always a miss). */
bool todo_cache_get(todo_cache_t *c, const char *user, const char *key, char **body, size_t *len);

/* Ticket for a fill of user's lists: take it before the upstream call that
 * produces the body and hand it to todo_cache_put. */
uint64_t todo_cache_ticket(todo_cache_t *c, const char *user);

/* Stores a copy of body for (user, key), a list of the given kinds, unless
 * the cache is not live, one of those kinds of user's todos changed or the
 * cache was flushed since ticket, or body is too large (over max_bytes / 8).
 * Returns true when stored. */
bool todo_cache_put(todo_cache_t *c, const char *user, const char *key, unsigned kinds,
                    uint64_t ticket, const char *body, size_t len);

/* Drops user's cached lists of any of kinds; fills of those kinds ticketed
 * before this are refused. Accepts c == NULL. */
void todo_cache_invalidate(todo_cache_t *c, const char *user, unsigned kinds);

/* Drops everything and sets whether the cache may serve (the change stream is
 * live). Fills ticketed before this are refused. */
void todo_cache_set_live(todo_cache_t *c, bool live);

typedef struct todo_cache_stats {
    bool live;
    size_t users, entries, bytes;
    uint64_t hits, misses;
} todo_cache_stats_t;

/* A snapshot of the counters (for /metrics and tests). */
void todo_cache_stats(todo_cache_t *c, todo_cache_stats_t *out);

#endif
