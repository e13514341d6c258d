/* store_sqlite_feed: the SQLite engine's change feed across processes that
 * share one database file (internal to the engine).
 *
 * Every process on the file announces itself in `processes` (a heartbeat
 * every HEARTBEAT_MS; gone after PRESENCE_TTL_MS without one). While it is
 * alone, a store hands its changes to its listener directly. While another
 * live process shares the file, each logs its committed changes in `changes`
 * (inside the writing transaction, sq_feed_log) and a follower thread of
 * every process reads the log's new rows (every FOLLOW_EVERY_MS, or at once
 * after a kick) and delivers them in commit order, its own included. The
 * log keeps its last CHANGES_KEPT rows.
 *
 * Locking: the store's writer lock (write_mu) serialises the feed with the
 * store's writes; deliveries happen with it held, so listeners see changes
 * in commit order. */
#ifndef TODO_STORE_SQLITE_FEED_H
#define TODO_STORE_SQLITE_FEED_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "store_sqlite_int.h"
#include "todo/v1/todo.pb-c.h"

typedef struct sq_feed sq_feed_t;

/* Receives one change another process (or this one, while shared) logged;
 * called on the follower thread with write_mu held. t is valid only during
 * the call. */
typedef void (*sq_feed_notify_fn)(void *ctx, const char *user_id, Todo__V1__EventType type,
                                  const Todo__V1__Todo *t);

/* Joins the feed of the database file at path (schema version 4 or later):
 * opens its own connection, follows the log from its current end, announces
 * this process and starts the follower thread. write_mu and ctx must
 * outlive the feed. Returns the feed (sq_feed_stop it), or NULL with st
 * set (TC_EIO, or TC_EINTERNAL when no thread could start). */
sq_feed_t *sq_feed_start(const char *path, pthread_mutex_t *write_mu, sq_feed_notify_fn notify,
                         void *ctx, tc_status_t *st);

/* Stops the follower, withdraws this process's presence and frees f. No
 * write may be in flight. Accepts NULL. */
void sq_feed_stop(sq_feed_t *f);

/* True while another live process shares the file: changes then go through
 * sq_feed_log and reach the listener from the follower. The caller holds
 * write_mu. NULL (no feed) is never shared. */
bool sq_feed_shared(const sq_feed_t *f);

/* Logs a change in the transaction open on c (the caller holds write_mu,
 * and f is shared); trims the log now and then. Returns 0 or the error with
 * st set; the caller then rolls back. */
int sq_feed_log(sq_feed_t *f, conn_t *c, const char *user_id, Todo__V1__EventType type,
                const Todo__V1__Todo *t, tc_status_t *st);

/* Wakes the follower to deliver what was just committed through the log.
 * Call without write_mu held. */
void sq_feed_kick(sq_feed_t *f);

#endif
