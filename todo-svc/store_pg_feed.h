/* store_pg_feed: the change feed of the PostgreSQL store across replicas.
 *
 * Every committed write appends its events to the `changes` table and, in
 * the same transaction, sends NOTIFY on PG_FEED_CHANNEL with the payload
 * "<origin> <seq>" (origin: a random id of the writing store handle; seq:
 * the row in `changes`). PostgreSQL delivers notifications at commit, in
 * commit order, to every session listening. Each store handle has one
 * dedicated connection that LISTENs (this module's thread) and hands every
 * event to the store listener in notification order:
 *  - another replica's event: its row is read from `changes` (by seq) and
 *    delivered;
 *  - one of our own: the writer registered it before COMMIT
 *    (pg_feed_expect) and waits after COMMIT (pg_feed_settle) until this
 *    thread reaches its notification and delivers it. So our own writes and
 *    the others' reach the listener in the one commit order, each exactly
 *    once, and a write returns only after its events were delivered (as
 *    store.h promises).
 * Why the seq and not the todo in the payload: NOTIFY payloads end at 8000
 * bytes and a todo may be bigger (10 KB of notes); one code path for all
 * sizes, and the same rows serve the catch-up below. The table keeps the
 * last PG_FEED_KEPT rows.
 *
 * When the LISTEN connection breaks, the thread reconnects (every
 * PG_FEED_RETRY_MS, forever). While it is down, our own writes are delivered
 * directly by the writer after COMMIT (a writer waiting when the link breaks
 * gives up after PG_FEED_SETTLE_MS and does the same). After reconnecting
 * (LISTEN first), the thread delivers the rows of other replicas in
 * `changes` with a seq above the highest it had seen, in seq order, before
 * new notifications; rows it delivers that way are not delivered again when
 * their notification also arrives. What can still be missed: a row whose seq
 * was drawn before the outage but committed during it (seq order is not
 * commit order for transactions that overlap), and rows already trimmed
 * from the table after a very long outage. Those changes are not announced;
 * the data itself is of course in the database, and caches built on the
 * feed catch up at their next change of that user.
 *
 * Thread-safety: all functions may be called from any thread; the
 * listener is called with this module's lock held, one call at a time. */
#ifndef TODO_STORE_PG_FEED_H
#define TODO_STORE_PG_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "store_pg_conn.h"

#define PG_FEED_CHANNEL     "todo_changes"
#define PG_FEED_KEPT        10000 /* rows of `changes` kept for readers */
#define PG_FEED_RETRY_MS    500   /* LISTEN reconnection interval */
#define PG_FEED_SETTLE_MS   1000  /* longest wait for our own notification */
#define PG_FEED_CATCHUP_MAX 10000 /* rows delivered after one reconnection */

typedef struct pg_feed pg_feed_t;

/* One event of a write: the todo is the caller's and must stay valid until
 * pg_feed_settle returns. */
typedef struct pg_feed_event {
    int64_t seq; /* its row in `changes` */
    const char *user_id;
    Todo__V1__EventType type;
    const Todo__V1__Todo *todo;
    bool delivered; /* owned by the feed between expect and settle */
    struct pg_feed_event *next;
} pg_feed_event_t;

/* Starts the feed of uri for the store handle origin (its thread and
 * LISTEN connection; when the database cannot be reached now it keeps
 * trying in the background). Never NULL. Free with pg_feed_destroy. */
pg_feed_t *pg_feed_create(const char *uri, int64_t origin);

/* Stops the thread, closes the connection, frees. Accepts NULL. */
void pg_feed_destroy(pg_feed_t *f);

/* Sets the store listener (NULL removes it); when this returns the old one
 * is not running and will not be called again. */
void pg_feed_set_listener(pg_feed_t *f, todo_store_listener_fn fn, void *ctx);

/* Registers ev (its seq already drawn, its transaction not yet committed) so
 * that the feed delivers it when its notification arrives. */
void pg_feed_expect(pg_feed_t *f, pg_feed_event_t *ev);

/* After the transaction of evs[0..n) (each passed to pg_feed_expect)
 * ended: when committed, returns once each was delivered (by the feed in
 * notification order, or directly, in array order, when the feed is down or
 * slow); when rolled back, forgets them undelivered. */
void pg_feed_settle(pg_feed_t *f, pg_feed_event_t *evs, size_t n, bool committed);

#endif
