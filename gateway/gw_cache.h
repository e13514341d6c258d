/* gw_cache: recent GET /api/todos bodies per user, so that a list nobody has
 * changed is answered without a call to todo-svc.
 *
 * Coherence: todo-svc's WatchChanges stream (gw_changes) calls
 * gw_cache_invalidate for every committed change of any user, and the API
 * handlers call it after each write they forward (before answering, so a
 * client always reads its own writes through this gateway). The cache serves
 * only while the stream is live; when it ends (todo-svc down, restarted,
 * draining) everything is dropped and lookups miss until the stream is back.
 *
 * A fill cannot store a list older than a change the cache has already seen:
 * the caller takes a ticket before asking todo-svc, and gw_cache_put refuses
 * the body if the user changed (or the cache was flushed) after the ticket.
 *
 * Memory is bounded by max_bytes (bodies, keys and per-user bookkeeping);
 * least recently used users go first. Thread-safe (one mutex). */
#ifndef GW_CACHE_H
#define GW_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gw_cache gw_cache_t;

/* New, not yet live cache holding at most max_bytes (> 0). Never NULL. */
gw_cache_t *gw_cache_create(size_t max_bytes);

/* Frees the cache and everything in it. Accepts NULL. */
void gw_cache_destroy(gw_cache_t *c);

/* On a hit (live, and key cached for user) sets *body to a new copy (free()
 * it) and *len, and returns true. Accepts c == NULL (always a miss). */
bool gw_cache_get(gw_cache_t *c, const char *user, const char *key, char **body, size_t *len);

/* Ticket for a fill of user's lists: take it before the upstream call that
 * produces the body and hand it to gw_cache_put. */
uint64_t gw_cache_ticket(gw_cache_t *c, const char *user);

/* Stores a copy of body for (user, key) unless the cache is not live, user
 * changed or the cache was flushed since ticket, or body is too large
 * (over max_bytes / 8). Returns true when stored. */
bool gw_cache_put(gw_cache_t *c, const char *user, const char *key, uint64_t ticket,
                  const char *body, size_t len);

/* Drops everything cached for user; fills ticketed before this are refused. */
void gw_cache_invalidate(gw_cache_t *c, const char *user);

/* Drops everything and sets whether the cache may serve (the change stream is
 * live). Fills ticketed before this are refused. */
void gw_cache_set_live(gw_cache_t *c, bool live);

typedef struct gw_cache_stats {
    bool live;
    size_t users, entries, bytes;
    uint64_t hits, misses;
} gw_cache_stats_t;

/* A snapshot of the counters (for /metrics and tests). */
void gw_cache_stats(gw_cache_t *c, gw_cache_stats_t *out);

#endif
