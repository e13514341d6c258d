/* store_sqlite_int: what the files of the SQLite engine share (internal;
 * store_sqlite.c and store_sqlite_feed.c only): a connection with its
 * prepared statements, the statement ids, and the helpers that run them.
 *
 * A conn_t is used by one thread at a time. Errors are TC codes with st
 * set (st may be NULL), as in store.h. */
#ifndef TODO_STORE_SQLITE_INT_H
#define TODO_STORE_SQLITE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "tc_err.h"

/* Every statement of the engine, prepared on a connection at first use
 * (the SQL is the table stmt_sql in store_sqlite.c). */
enum stmt_id {
    S_BEGIN,
    S_COMMIT,
    S_ROLLBACK,
    S_GET,
    S_INSERT,
    S_INSERT_TAG,
    S_DELETE_TAGS,
    S_UPDATE,
    S_DELETE,
    S_IDEM_GET,
    S_IDEM_PUT,
    S_IDEM_PURGE,
    S_CHANGE_PUT,
    S_CHANGE_PURGE,
    S_CHANGE_TAIL,
    S_CHANGE_LAST,
    S_DATA_VERSION,
    S_PRESENCE_PUT,
    S_PRESENCE_DEL,
    S_PRESENCE_OTHERS,
    S_KEY_PUT,
    S_KEY_GET,
    S_SET_EXTRA,
    S_REMIND_CLAIM,
    S_REMIND_DUE,
    S_REMIND_NEXT,
    S_REARM,
    S_SCAN,
    S_GET_ANY,
    S_IDEM_SCAN,
    S_IDEM_COPY,
    S_COUNT
};

#define LIST_CACHE_STMTS 16 /* list statements kept per connection, by plan and order */

typedef struct conn {
    sqlite3 *db;
    sqlite3_stmt *stmt[S_COUNT];
    struct {
        char key[136]; /* list_plan_t and order name */
        sqlite3_stmt *stmt;
    } list[LIST_CACHE_STMTS]; /* reused round-robin */
    unsigned list_next;
    bool recur;             /* the schema has the recurrence columns (version >= 6) */
    unsigned char *scratch; /* todo_match's folding buffer */
    size_t scratch_len;
    struct conn *next; /* in the free list */
} conn_t;

/* Opens a connection to path with the engine's settings and SQL functions.
 * Returns it (sq__conn_close it), or NULL with st set: TC_EIO when the file
 * cannot be opened or is read-only, TC_EINVAL when it is not a database. */
conn_t *sq__conn_open(const char *path, tc_status_t *st);

/* Finalizes c's statements and closes it. Accepts NULL. */
void sq__conn_close(conn_t *c);

/* Statement id of c, prepared on first use and kept; reset and unbound
 * after its last use (sq__stmt_done). NULL with st set when it does not
 * prepare. Owned by c. */
sqlite3_stmt *sq__conn_stmt(conn_t *c, enum stmt_id id, tc_status_t *st);

/* Resets q and clears its bindings, ready for the next use. Accepts NULL. */
void sq__stmt_done(sqlite3_stmt *q);

/* Runs q, a statement that returns no row, then sq__stmt_done. Returns 0
 * or the error (st names what). */
int sq__step_done(conn_t *c, sqlite3_stmt *q, const char *what, tc_status_t *st);

/* Sets st from db's last error ("db: WHAT: message") and returns its code:
 * TC_EINVAL for a file that is not a database, TC_EUNAVAIL for a lock held
 * past the busy timeout, else TC_EIO. */
int sq__db_fail(tc_status_t *st, sqlite3 *db, const char *what);

#endif
