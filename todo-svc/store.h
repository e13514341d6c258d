/* store: where todos live. An opaque handle over one database; every query
 * is scoped by user_id, so one user's calls never read or change another
 * user's todos (they get TC_ENOTFOUND, exactly as for an id that never
 * existed).
 *
 * Records are todo.v1.Todo messages so results go straight into responses
 * without a copy. Everything a store function returns is allocated through
 * the caller's todo_alloc_t (a per-call arena in the service) and is never
 * freed by the store.
 *
 * Input is expected to be validated and normalised already (validate.h);
 * the store enforces isolation, idempotency and the done/completed_at rule.
 *
 * Database failures are TC_EIO, or TC_EUNAVAIL when another process holds
 * the database locked for longer than the busy timeout (5 s).
 *
 * Thread-safe: one handle serves every server thread. Writes are serialised
 * in-process and acknowledged only after COMMIT; the change listener runs
 * after COMMIT and before the next write starts, so listeners see the
 * changes of a user in commit order. */
#ifndef TODO_STORE_H
#define TODO_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tc_err.h"
#include "todo/v1/todo.pb-c.h"

typedef struct todo_store todo_store_t;

/* Zeroed memory that stays valid as long as the caller needs the results;
 * it must never return NULL (abort instead). */
typedef struct todo_alloc {
    void *(*alloc)(void *ctx, size_t n);
    void *ctx;
} todo_alloc_t;

/* Fields an update writes (from the update mask). */
enum todo_field {
    TODO_FIELD_TITLE = 1u << 0,
    TODO_FIELD_NOTES = 1u << 1,
    TODO_FIELD_DONE = 1u << 2,
    TODO_FIELD_PRIORITY = 1u << 3,
    TODO_FIELD_DUE = 1u << 4,
    TODO_FIELD_TAGS = 1u << 5,
    TODO_FIELD_RECURRENCE = 1u << 6,
    TODO_FIELD_TIME_ZONE = 1u << 7,
    TODO_FIELD_REMIND_AT = 1u << 8,
    TODO_FIELD_ALL = (1u << 9) - 1,
};

/* A ListTodos query. page_size is 1..TODO_STORE_MAX_PAGE (the caller maps
 * 0 to the default). query and tag: NULL or "" = no filter. page_token: NULL
 * or "" = first page, else a token from a previous page of the same query. */
typedef enum todo_sort_key {
    TODO_SORT_DUE, /* todos without a due date last, in either direction */
    TODO_SORT_PRIORITY,
    TODO_SORT_TITLE, /* ignoring ASCII case */
    TODO_SORT_CREATED,
    TODO_SORT_UPDATED,
} todo_sort_key_t;

/* Sort keys in one order_by; creation order breaks the remaining ties. */
#define TODO_SORT_MAX 3

typedef struct todo_sort {
    todo_sort_key_t key;
    bool desc;
} todo_sort_t;

typedef struct todo_query {
    Todo__V1__StatusFilter status;
    const char *query; /* case-insensitive substring of title or notes */
    const char *tag;   /* exact tag */
    int page_size;
    const char *page_token;
    todo_sort_t sort[TODO_SORT_MAX]; /* n_sort == 0: creation order */
    size_t n_sort;
    const Google__Protobuf__Timestamp *due_before; /* NULL = none; exclusive */
    const Google__Protobuf__Timestamp *due_after;  /* NULL = none; inclusive */
    unsigned priorities;                           /* bit p: priority p wanted; 0 = any */
} todo_query_t;

/* How long a request_id is remembered for idempotent create: 7 days. */
#define TODO_STORE_REQUEST_TTL_MS (7LL * 24 * 3600 * 1000)

#define TODO_STORE_MAX_PAGE 500
/* A page also ends early (with a next_page_token) once its todos add up to
 * about this many bytes, so a response stays well below gRPC's 4 MiB. */
#define TODO_STORE_PAGE_BYTES (2u * 1024 * 1024)

/* One page of results: todos[0..n) in the query's order (default: creation order, oldest first), at
 * most page_size of them (fewer when TODO_STORE_PAGE_BYTES is reached);
 * next_page_token is "" on the last page. */
typedef struct todo_page {
    Todo__V1__Todo **todos;
    size_t n;
    char *next_page_token;
} todo_page_t;

/* Called after each committed change, with the store's write lock held (do
 * not call back into the store). todo is the new state (for
 * EVENT_DELETED the state before deletion); it is valid only during the
 * call. With a file database this includes changes committed by other
 * processes using the same file, delivered from a follower thread within
 * about 100 ms. */
typedef void (*todo_store_listener_fn)(void *ctx, const char *user_id, Todo__V1__EventType type,
                                       const Todo__V1__Todo *todo);

/* Opens (creating if needed) the database at path; ":memory:" keeps
 * everything in memory for the life of the handle. A path that is a
 * postgresql:// or postgres:// URI opens that PostgreSQL database instead,
 * when this build has the engine (store_backend.h). Applies pending schema
 * migrations. Returns the handle (free with todo_store_destroy), or NULL
 * with st set: TC_EIO when the file cannot be opened or written, TC_EINVAL
 * when it is not a database of ours (or is from a newer version). */
todo_store_t *todo_store_create(const char *path, tc_status_t *st);

/* db as it may be shown in messages and logs: a password in a URI
 * (postgresql://user:PASSWORD@host/db, or ?password=PASSWORD) replaced by
 * "***"; anything else unchanged. Writes at most cap bytes to out,
 * NUL-terminated (cut short if it does not fit). */
void todo_store_redact(const char *db, char *out, size_t cap);

/* Closes every connection and frees the handle. No call may be in flight.
 * Accepts NULL. */
void todo_store_destroy(todo_store_t *s);

/* Sets the change listener (NULL to remove). When it returns, the previous
 * listener is not running and will not be called again. */
void todo_store_set_listener(todo_store_t *s, todo_store_listener_fn fn, void *ctx);

/* Schema version of the open database (PRAGMA user_version). */
int todo_store_schema_version(todo_store_t *s);
/* Schema version this code migrates the store's engine to. */
int todo_store_latest_version(todo_store_t *s);

/* Creates a todo for user_id from in (title, notes, done, priority, due,
 * tags; id and timestamps are ignored) at now_ms. request_id: NULL or "" =
 * not idempotent; otherwise a repeat with the same user_id + request_id
 * within TODO_STORE_REQUEST_TTL_MS creates nothing and returns the todo the
 * first call created (in its current state), with *replayed set. *out is allocated with a. Returns
 * 0; TC_ENOTFOUND when the first call's todo has since been deleted; TC_EIO with st set on a
 * database failure. */
int todo_store_create_todo(todo_store_t *s, const char *user_id, const Todo__V1__Todo *in,
                           const char *request_id, int64_t now_ms, const todo_alloc_t *a,
                           Todo__V1__Todo **out, bool *replayed, tc_status_t *st);

/* Fetches user_id's todo id into *out (allocated with a). Returns 0,
 * TC_ENOTFOUND (also for another user's id), or TC_EIO with st set. */
int todo_store_get_todo(todo_store_t *s, const char *user_id, const char *id, const todo_alloc_t *a,
                        Todo__V1__Todo **out, tc_status_t *st);

/* One page of user_id's todos matching q, in one indexed query. Returns 0
 * with *page filled (allocated with a); TC_EINVAL when page_token is not
 * one this store issued for the same user and filters (st names
 * "page_token"); TC_EIO on a database failure. */
int todo_store_list_todos(todo_store_t *s, const char *user_id, const todo_query_t *q,
                          const todo_alloc_t *a, todo_page_t *page, tc_status_t *st);

/* Writes the fields of patch named in fields (enum todo_field) to user_id's
 * todo patch->id at now_ms: updated_at becomes now; completed_at becomes
 * now when done turns true and is cleared when it turns false; a NULL
 * patch->due with TODO_FIELD_DUE clears the due date. *out is the new state
 * (allocated with a). Returns 0, TC_ENOTFOUND, or TC_EIO with st set. */
int todo_store_update_todo(todo_store_t *s, const char *user_id, const Todo__V1__Todo *patch,
                           unsigned fields, int64_t now_ms, const todo_alloc_t *a,
                           Todo__V1__Todo **out, tc_status_t *st);

/* Deletes user_id's todo id. When old is non-NULL it receives the state
 * before deletion (allocated with a). Returns 0, TC_ENOTFOUND, or TC_EIO
 * with st set. */
int todo_store_delete_todo(todo_store_t *s, const char *user_id, const char *id,
                           const todo_alloc_t *a, Todo__V1__Todo **old, tc_status_t *st);

/* The earliest pending reminder (an open todo whose remind_at was not yet
 * delivered) strictly after now_ms, as ms since the epoch, in *when_ms; -1
 * when there is none. Returns 0 or TC_EIO with st set. */
int todo_store_next_reminder(todo_store_t *s, int64_t now_ms, int64_t *when_ms, tc_status_t *st);

/* Whether reminders of user_id should go out now (someone listens). */
typedef bool (*todo_store_wanted_fn)(void *ctx, const char *user_id);

/* Delivers the reminders due at now_ms of the users wanted() accepts (NULL:
 * all): each is claimed with a conditional update (reminded_at set only
 * while unset and remind_at unchanged), so one process of any number on
 * the database wins it, and the winner's listener gets EVENT_REMINDER with
 * the todo. The others stay pending. wanted runs without store locks held.
 * *claimed counts the reminders this call won. Returns 0, or TC_EIO /
 * TC_EUNAVAIL with st set. */
int todo_store_claim_reminders(todo_store_t *s, int64_t now_ms, todo_store_wanted_fn wanted,
                               void *ctx, size_t *claimed, tc_status_t *st);

/* ---- copying a whole store into another (todo-svc --copy-from) ----
 *
 * A scan reads every stored row of every user, as the engine keeps it; a put
 * writes one such row as it is (its id and timestamps kept), so a store can
 * be moved to another engine losing nothing. Same thread-safety as the rest
 * of the handle; a scan is one short read per batch, so writes may go on in
 * between (a row written meanwhile is read by a later batch, or not at all
 * if its position is already behind the scan). */

/* One stored todo: every Todo field (reminded_at and next_occurrence_id
 * included), its owner, the series bookkeeping a completion needs to
 * continue the series, and pos, the row's place in the engine's creation
 * order (for the next scan; meaningless in another store). */
typedef struct todo_store_record {
    const char *user_id;
    Todo__V1__Todo *todo;
    bool has_series;        /* series_start_s is set */
    int64_t series_start_s; /* the series' first due (the rule's DTSTART, for COUNT) */
    bool spawned;           /* this occurrence already made its next one (or the series ended) */
    int64_t pos;
} todo_store_record_t;

/* One idempotency record: user_id's CreateTodo with request_id made todo_id
 * at created_ms (ms since the epoch). */
typedef struct todo_store_request {
    const char *user_id;
    const char *request_id;
    const char *todo_id;
    int64_t created_ms;
} todo_store_request_t;

/* Up to max (>= 1) stored todos of all users whose pos is greater than
 * after (0: from the first), in creation order, into (*out)[0..*n),
 * everything allocated with a. *n == 0 means the scan is over. Returns 0,
 * or TC_EIO / TC_EUNAVAIL with st set. */
int todo_store_scan_todos(todo_store_t *s, int64_t after, size_t max, const todo_alloc_t *a,
                          todo_store_record_t **out, size_t *n, tc_status_t *st);

/* Up to max (>= 1) idempotency records, expired ones included, ordered by
 * (user_id, request_id) and after *after (NULL: from the first), into
 * (*out)[0..*n) allocated with a. *n == 0 means the scan is over. Returns
 * 0, or TC_EIO / TC_EUNAVAIL with st set. */
int todo_store_scan_requests(todo_store_t *s, const todo_store_request_t *after, size_t max,
                             const todo_alloc_t *a, todo_store_request_t **out, size_t *n,
                             tc_status_t *st);

/* Writes r as it is (r->pos is ignored; the row goes after every existing
 * one in creation order) in one transaction, and announces it to listeners
 * and other processes as EVENT_CREATED. When a todo with r's id is already
 * stored: if it is the same (same user, every field and the series
 * bookkeeping equal) nothing is written and *skipped is set; otherwise
 * TC_EEXISTS with st naming the id, and nothing is written. a is scratch
 * for the call. Returns 0, TC_EEXISTS, or TC_EIO / TC_EUNAVAIL with st
 * set. */
int todo_store_put_todo(todo_store_t *s, const todo_store_record_t *r, const todo_alloc_t *a,
                        bool *skipped, tc_status_t *st);

/* Writes the idempotency record r as it is. When one for r's user_id and
 * request_id is already stored: same todo_id, nothing is written and
 * *skipped is set; another todo_id is TC_EEXISTS naming the request id.
 * Nothing is announced. Returns 0, TC_EEXISTS, or TC_EIO / TC_EUNAVAIL
 * with st set. */
int todo_store_put_request(todo_store_t *s, const todo_store_request_t *r, const todo_alloc_t *a,
                           bool *skipped, tc_status_t *st);

/* Whether db names a database file of the SQLite engine (not ":memory:",
 * not a URI another engine takes). */
bool todo_store_is_sqlite_file(const char *db);

/* For tests: like todo_store_create, but migrates only up to version
 * (1..todo_store_latest_version()), to build databases of older versions. */
todo_store_t *todo_store__create_version(const char *path, int version, tc_status_t *st);
/* For tests: true while the store knows another process shares its file. */
bool todo_store__is_shared(todo_store_t *s);

#endif
