/* store_pg_conn: PostgreSQL connections for store_pg.c: connecting with a
 * deadline, running statements with a deadline, prepared statements per
 * connection, a bounded pool, and the one map from PostgreSQL errors to
 * TC codes.
 *
 * Nothing here ever waits without a bound: a connection attempt gives up
 * after PGC_CONNECT_MS, a statement after PGC_QUERY_MS (the server's
 * statement_timeout and lock_timeout are set below that, TCP keepalives and
 * tcp_user_timeout catch a peer that went silent). A server that is down,
 * restarting, refusing connections or timing out is TC_EUNAVAIL (worth a
 * retry: gRPC UNAVAILABLE); any other database error is TC_EIO. Every
 * message starts with "db: " and never contains the connection URI (which
 * may hold a password).
 *
 * A server that did not answer in time (a connection attempt or a
 * statement ran into its deadline: it is frozen, or the network is cut)
 * makes the pool fail every call at once for PGC_SILENT_MS, then try again:
 * calls queued behind the first ones do not each wait their own deadline.
 * A server that answers, even with an error or a refused connection, never
 * triggers this.
 *
 * A connection whose link broke is closed when it goes back to the pool and
 * a new one is opened on demand, so the store recovers by itself when the
 * server returns. The first statement after taking a connection from the
 * pool is retried once on a fresh connection when the pooled one turns out
 * to be dead (the server restarted while it sat idle): nothing of that
 * checkout has run yet, so the retry is safe.
 *
 * Thread-safety: a pool is shared by all threads; a pgc_conn_t is used by
 * one thread at a time (between pgc_acquire and pgc_release). */
#ifndef TODO_STORE_PG_CONN_H
#define TODO_STORE_PG_CONN_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tc_err.h"

#define PGC_CONNECT_MS 1000 /* connection attempt, DNS excluded */
#define PGC_QUERY_MS   1000 /* one statement, client side */
#define PGC_SILENT_MS  1000 /* fast failure after the server did not answer */

typedef struct pgc_pool pgc_pool_t;
typedef struct pgc_conn pgc_conn_t;

/* The statements a pool prepares, by index: sql[i] is prepared on a
 * connection the first time it runs there. The array must outlive the
 * pool. */
typedef struct pgc_stmts {
    const char *const *sql;
    int n;
} pgc_stmts_t;

/* Connects to uri (a libpq URI or conninfo string) within PGC_CONNECT_MS,
 * with the session settings of this module (UTF-8, timeouts, keepalives).
 * Settings given in uri win over those defaults. Returns the connection
 * (PQfinish it), or NULL with st set (TC_EUNAVAIL). */
PGconn *pgc_connect(const char *uri, tc_status_t *st);

/* Waits for the result of what was sent on pg (PQsend*), at most until
 * deadline_ms (tc_mono_ms clock). Returns the last result (PQclear it), or
 * NULL with st set when the deadline passed or the link broke. what names
 * the operation in messages. */
PGresult *pgc_wait(PGconn *pg, int64_t deadline_ms, const char *what, tc_status_t *st);

/* Maps a failed result (or NULL: the connection failed) to a TC code and
 * sets st to "db: what: <server message>". Returns the code. */
int pgc_fail(PGconn *pg, const PGresult *r, const char *what, tc_status_t *st);

/* A pool of at most max connections to uri (copied) preparing stmts. Opens
 * no connection yet. Free with pgc_pool_destroy. */
pgc_pool_t *pgc_pool_create(const char *uri, int max, pgc_stmts_t stmts);

/* Closes every connection. None may be checked out. Accepts NULL. */
void pgc_pool_destroy(pgc_pool_t *p);

/* A connection for the calling thread's exclusive use, opening one when
 * none is idle and fewer than max exist, else waiting for one, at most
 * PGC_QUERY_MS. NULL with st set (TC_EUNAVAIL) when a new one cannot be
 * opened, none frees up in time, or the pool is failing fast. */
pgc_conn_t *pgc_acquire(pgc_pool_t *p, tc_status_t *st);

/* Gives c back (closing it when its link broke or a transaction was left
 * open). Accepts NULL. */
void pgc_release(pgc_pool_t *p, pgc_conn_t *c);

/* Runs statement id of the pool's table with n text parameters (NULL =
 * SQL NULL) and text results. Returns the result (PQclear it) when it is
 * PGRES_COMMAND_OK or PGRES_TUPLES_OK, else NULL with st set. */
PGresult *pgc_exec(pgc_conn_t *c, int id, int n, const char *const *params, const char *what,
                   tc_status_t *st);

/* Like pgc_exec for sql built at run time (e.g. one list query per order
 * and filter set): prepared on c under a cache keyed by key (at most
 * PGC_DYN_CACHE per connection, oldest replaced). */
#define PGC_DYN_CACHE 16
PGresult *pgc_exec_dyn(pgc_conn_t *c, const char *key, const char *sql, int n,
                       const char *const *params, const char *what, tc_status_t *st);

/* Like pgc_exec for sql that is planned for its values each time (no
 * prepared statement): for queries whose best plan depends on them, such
 * as a search that a trigram index serves only when the pattern is known. */
PGresult *pgc_exec_unprepared(pgc_conn_t *c, const char *sql, int n, const char *const *params,
                              const char *what, tc_status_t *st);

/* Runs a command without parameters (BEGIN, COMMIT, ROLLBACK). Returns 0
 * or the TC code with st set. */
int pgc_command(pgc_conn_t *c, const char *sql, tc_status_t *st);

/* Runs sql, one or more statements without parameters, waiting up to
 * timeout_ms (schema migrations, which may wait for another replica's). */
int pgc_script(pgc_conn_t *c, const char *sql, int timeout_ms, tc_status_t *st);

/* Rows changed by the last statement of r. */
long pgc_affected(const PGresult *r);

#endif
