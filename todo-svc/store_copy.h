/* store_copy: moves everything one store holds into another, through
 * store.h, whatever the two engines (todo-svc --copy-from SOURCE --db
 * TARGET: SQLite to PostgreSQL when an install grows, PostgreSQL to SQLite
 * for the way back).
 *
 * What is copied: every todo of every user with every field as stored (id,
 * timestamps, reminded_at, next_occurrence_id and the series bookkeeping, so
 * a copied recurring todo continues its series and a delivered reminder is
 * not sent again), in creation order; then every idempotency record, so a
 * client's retried CreateTodo after the move still creates nothing. Each
 * todo is one transaction on the target and is announced there as
 * EVENT_CREATED (running replicas' watchers and list caches see it); the
 * idempotency records announce nothing. Page tokens are not carried over:
 * the target has its own key, so a token from the source store is
 * INVALID_ARGUMENT there (clients start their listing again).
 *
 * Re-running is safe: a todo or record already on the target as it is on
 * the source is skipped. One stored there differently under the same id is
 * a conflict: it is left as it is, counted, and the copy goes on with the
 * others; the first conflict's message names the id.
 *
 * Thread-safety: one call at a time per pair of stores; writers may use the
 * stores meanwhile (a todo written to the source after the scan passed its
 * position is not copied: stop writes to the source first). */
#ifndef TODO_STORE_COPY_H
#define TODO_STORE_COPY_H

#include <stddef.h>

#include "store.h"

#define TODO_COPY_BATCH 256 /* rows read per scan */

typedef struct todo_copy_stats {
    size_t users;            /* distinct owners of what was read */
    size_t todos;            /* todos written */
    size_t todos_skipped;    /* already on the target, the same */
    size_t requests;         /* idempotency records written */
    size_t requests_skipped; /* already on the target, the same */
    size_t conflicts;        /* on the target differently: left as they are */
} todo_copy_stats_t;

/* Copies from into to, counting in *stats (zeroed first). Returns 0 when
 * everything is on the target; TC_EEXISTS when there were conflicts (st
 * holds the first one's message, naming the id; everything else was
 * copied); or the first database error (TC_EIO, TC_EUNAVAIL) with st set,
 * the copy stopped there (what was written stays: run it again). */
int todo_copy_run(todo_store_t *from, todo_store_t *to, todo_copy_stats_t *stats, tc_status_t *st);

/* Opens the copy's source db. A SQLite file is never written, nor is its
 * folder: it is read (read-only; a folder on a read-only volume works) into
 * a private snapshot under $TMPDIR (default /tmp) with SQLite's online
 * backup, and the snapshot is opened and migrated instead, so the original
 * stays exactly as it was, a fallback for the old release. A file that does
 * not exist is an error, never an empty source. The snapshot's path goes to
 * snap (cap bytes; "" for other engines). Returns the store, or NULL with st
 * set (TC_EIO, TC_EINVAL, TC_EUNAVAIL). Close with todo_copy_close_source. */
todo_store_t *todo_copy_open_source(const char *db, char *snap, size_t cap, tc_status_t *st);

/* Destroys s and removes the snapshot snap (with its -wal and -shm files)
 * when there is one. Accepts NULL s. */
void todo_copy_close_source(todo_store_t *s, const char *snap);

#endif
