/* gw_changes: keeps a gw_cache coherent with todo-svc. A thread holds
 * todo-svc's WatchChanges stream open: its first message makes the cache
 * live, each change invalidates that user, and the end of the stream (todo-svc
 * down, restarting, draining, or too slow a reader) flushes the cache and
 * turns it off until a new stream is live. Reconnects with backoff
 * (100 ms doubling to 5 s; 60 s against a todo-svc without WatchChanges). */
#ifndef GW_CHANGES_H
#define GW_CHANGES_H

#include "gw_cache.h"
#include "rpc_client.h"

typedef struct gw_changes gw_changes_t;

/* Starts following todo's changes into cache. Both must outlive the
 * follower. Never NULL. */
gw_changes_t *gw_changes_start(rpc_client_t *todo, gw_cache_t *cache);

/* Ends the stream, waits for the thread and frees it; the cache is left
 * flushed and off. Accepts NULL. */
void gw_changes_stop(gw_changes_t *f);

#endif
