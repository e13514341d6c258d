/* store_sqlite: the SQLite implementation of store.h.
 *
 * Layout: `todos` holds one row per todo (tags also as a NUL-separated blob
 * for reading without a join), `todo_tags` holds the normalised tags for the
 * exact tag filter, `create_requests` remembers request ids for idempotent
 * create, `meta` holds the page token key, `todos_fts` is the search index
 * (trigrams of the folded title and notes, kept in step by triggers).
 * Everything else is keyed or filtered by user_id.
 *
 * Connections: a small pool. Each connection keeps its prepared statements
 * for its whole life and is used by one thread at a time. Writers are
 * serialised by write_mu (so SQLite never returns BUSY between our own
 * threads, and listeners see commits in order). ":memory:" uses a single
 * connection, since each in-memory connection would be its own database.
 * Connections and statement ids are in store_sqlite_int.h; the change feed
 * between processes sharing a file (`changes`, `processes`, the follower
 * thread) is store_sqlite_feed.c. */
#include "store_backend.h"
#include "store_sqlite_feed.h"
#include "store_sqlite_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/random.h>

#include "google/protobuf/timestamp.pb-c.h"
#include "page_token.h"
#include "recur.h"
#include "store_cols.h"
#include "store_rec.h"
#include "timeutil.h"
#include "utf8.h"
#include "xalloc.h"

#define MAX_CONNS_FILE  8
#define BUSY_TIMEOUT_MS 5000
#define PURGE_EVERY     1024 /* idempotent creates between purges */

/* ---- schema ---- */

/* Migration i brings the schema from version i to i+1. Append only: a
 * released migration never changes. */
static const char *const migrations[] = {
    /* 1: todos and their tags. The (user_id, seq) index serves every list
     * query (keyset pagination in creation order). */
    "CREATE TABLE todos ("
    " seq INTEGER PRIMARY KEY,"
    " id TEXT NOT NULL UNIQUE,"
    " user_id TEXT NOT NULL,"
    " title TEXT NOT NULL,"
    " notes TEXT NOT NULL DEFAULT '',"
    " done INTEGER NOT NULL DEFAULT 0,"
    " priority INTEGER NOT NULL DEFAULT 0,"
    " due_s INTEGER,"
    " due_ns INTEGER NOT NULL DEFAULT 0,"
    " tags BLOB NOT NULL DEFAULT X'',"
    " created_ms INTEGER NOT NULL,"
    " updated_ms INTEGER NOT NULL,"
    " completed_ms INTEGER);"
    "CREATE INDEX todos_user_seq ON todos(user_id, seq);"
    "CREATE TABLE todo_tags ("
    " todo_seq INTEGER NOT NULL,"
    " tag TEXT NOT NULL,"
    " PRIMARY KEY (todo_seq, tag)) WITHOUT ROWID;",
    /* 2: idempotent create. Kept apart from todos so that a retry after the
     * todo was deleted still creates nothing. */
    "CREATE TABLE create_requests ("
    " user_id TEXT NOT NULL,"
    " request_id TEXT NOT NULL,"
    " todo_id TEXT NOT NULL,"
    " created_ms INTEGER NOT NULL,"
    " PRIMARY KEY (user_id, request_id)) WITHOUT ROWID;",
    /* 3: request ids expire (TODO_STORE_REQUEST_TTL_MS); purged by age. */
    "CREATE INDEX create_requests_created ON create_requests(created_ms);",
    /* 4: processes sharing the file announce themselves in `processes`;
     * while there is more than one, each logs its committed changes in
     * `changes` (a short log) so the others can stream them to their
     * watchers. */
    "CREATE TABLE changes ("
    " seq INTEGER PRIMARY KEY,"
    " origin INTEGER NOT NULL,"
    " user_id TEXT NOT NULL,"
    " type INTEGER NOT NULL,"
    " todo BLOB NOT NULL);"
    "CREATE TABLE processes ("
    " origin INTEGER PRIMARY KEY,"
    " seen_ms INTEGER NOT NULL);",
    /* 5: settings of the database itself, such as the page token key
     * (token_key_load puts it there on first open). */
    "CREATE TABLE meta ("
    " name TEXT PRIMARY KEY,"
    " value BLOB NOT NULL) WITHOUT ROWID;",
    /* 6: recurrence and reminders. Added columns with defaults, so every
     * existing todo stays as it was (not recurring, no reminder).
     * series_start_s is the series' first due date (the rule's DTSTART, for
     * COUNT); spawned says this occurrence already made its next one.
     * todos_reminders holds only the pending reminders, for the timer. */
    "ALTER TABLE todos ADD COLUMN recurrence TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE todos ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE todos ADD COLUMN series_start_s INTEGER;"
    "ALTER TABLE todos ADD COLUMN spawned INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE todos ADD COLUMN remind_s INTEGER;"
    "ALTER TABLE todos ADD COLUMN remind_ns INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE todos ADD COLUMN reminded_ms INTEGER;"
    "CREATE INDEX todos_reminders ON todos(remind_s, remind_ns)"
    " WHERE remind_s IS NOT NULL AND reminded_ms IS NULL AND done = 0;",
    /* 7: next_id, the id of the next occurrence a completion made (shown as
     * next_occurrence_id). An added column, NULL in every existing row. */
    ("ALTER TABLE todos ADD COLUMN next_id TEXT;"
     "CREATE INDEX todos_next ON todos(next_id) WHERE next_id IS NOT NULL;"),
    /* 8: the search index. todos_fts holds each todo's title and notes as
     * todo_fold() folds them (the folding todo_match compares with), under
     * rowid = seq, in trigram tokens; the triggers keep it in step inside
     * the writing transaction, and existing todos are indexed here. Folded
     * text, not the raw columns: SQLite's own case folding differs from ours
     * for a few letters (it leaves U+0130 alone), and a search must find
     * everything todo_match accepts. Triggers call todo_fold, which every
     * connection of ours registers: another program writing todos fails
     * rather than letting the index go stale. */
    ("CREATE VIRTUAL TABLE todos_fts USING fts5(title_f, notes_f,"
     " tokenize = 'trigram case_sensitive 0');"
     "INSERT INTO todos_fts (rowid, title_f, notes_f)"
     " SELECT seq, todo_fold(title), todo_fold(notes) FROM todos;"
     "CREATE TRIGGER todos_fts_insert AFTER INSERT ON todos BEGIN"
     " INSERT INTO todos_fts (rowid, title_f, notes_f)"
     " VALUES (new.seq, todo_fold(new.title), todo_fold(new.notes)); END;"
     "CREATE TRIGGER todos_fts_update AFTER UPDATE OF title, notes ON todos"
     " WHEN old.title IS NOT new.title OR old.notes IS NOT new.notes BEGIN"
     " UPDATE todos_fts SET title_f = todo_fold(new.title), notes_f = todo_fold(new.notes)"
     " WHERE rowid = new.seq; END;"
     "CREATE TRIGGER todos_fts_delete AFTER DELETE ON todos BEGIN"
     " DELETE FROM todos_fts WHERE rowid = old.seq; END;"),
};
#define META_VERSION  5 /* the first version with `meta` */
#define FEED_VERSION  4 /* the first with the change log (store_sqlite_feed.h) */
#define RECUR_VERSION 6 /* the first with recurrence and reminders */
#define FTS_VERSION   8 /* the first with the search index todos_fts */
/* Trigrams need 3 characters: a shorter query scans the user's todos. */
#define FTS_MIN_CHARS 3
#define N_MIGRATIONS  ((int)(sizeof migrations / sizeof migrations[0]))

static const char *const stmt_sql[S_COUNT] = {
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_GET] = "SELECT " TODO_COLS " FROM todos WHERE id = ?1 AND user_id = ?2",
    [S_INSERT] = "INSERT INTO todos (id, user_id, title, notes, done, priority, due_s, due_ns,"
                 " tags, created_ms, updated_ms, completed_ms)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [S_INSERT_TAG] = "INSERT OR IGNORE INTO todo_tags (todo_seq, tag) VALUES (?1, ?2)",
    [S_DELETE_TAGS] = "DELETE FROM todo_tags WHERE todo_seq = ?1",
    [S_UPDATE] = "UPDATE todos SET title = ?2, notes = ?3, done = ?4, priority = ?5, due_s = ?6,"
                 " due_ns = ?7, tags = ?8, updated_ms = ?9, completed_ms = ?10 WHERE seq = ?1",
    [S_DELETE] = "DELETE FROM todos WHERE seq = ?1",
    [S_IDEM_GET] = "SELECT todo_id FROM create_requests"
                   " WHERE user_id = ?1 AND request_id = ?2 AND created_ms > ?3",
    [S_IDEM_PURGE] = "DELETE FROM create_requests WHERE created_ms <= ?1",
    [S_IDEM_PUT] =
        "INSERT OR REPLACE INTO create_requests (user_id, request_id, todo_id, created_ms)"
        " VALUES (?1, ?2, ?3, ?4)",
    /* The change feed's (store_sqlite_feed.c). */
    [S_CHANGE_PUT] = "INSERT INTO changes (origin, user_id, type, todo) VALUES (?1, ?2, ?3, ?4)",
    [S_CHANGE_PURGE] = "DELETE FROM changes WHERE seq <= ?1",
    [S_CHANGE_TAIL] = "SELECT seq, user_id, type, todo FROM changes WHERE seq > ?1"
                      " ORDER BY seq LIMIT 1000",
    [S_CHANGE_LAST] = "SELECT coalesce(max(seq), 0) FROM changes",
    [S_DATA_VERSION] = "PRAGMA data_version",
    [S_PRESENCE_PUT] = "INSERT OR REPLACE INTO processes (origin, seen_ms) VALUES (?1, ?2)",
    [S_PRESENCE_DEL] = "DELETE FROM processes WHERE origin = ?1 OR seen_ms < ?2",
    [S_PRESENCE_OTHERS] = "SELECT count(*) FROM processes WHERE origin != ?1 AND seen_ms > ?2",
    /* The first process to open the file picks the key; all use that one. */
    [S_KEY_PUT] = "INSERT OR IGNORE INTO meta (name, value) VALUES ('page_token_key', ?1)",
    [S_KEY_GET] = "SELECT value FROM meta WHERE name = 'page_token_key'",
    /* The recurrence and reminder columns of a row just written. */
    [S_SET_EXTRA] = "UPDATE todos SET recurrence = ?2, time_zone = ?3, series_start_s = ?4,"
                    " spawned = ?5, remind_s = ?6, remind_ns = ?7, reminded_ms = ?8, next_id = ?9"
                    " WHERE seq = ?1",
    /* The open occurrence whose unused next one was just deleted may make
     * one again (a chat undo of its completion reopens it, then deletes). */
    [S_REARM] = "UPDATE todos SET spawned = 0, next_id = NULL"
                " WHERE next_id = ?2 AND user_id = ?1 AND done = 0",
    /* The claim: only while this very reminder is still undelivered, so one
     * process (of any number on the database) wins it. */
    [S_REMIND_CLAIM] = "UPDATE todos SET reminded_ms = ?2 WHERE seq = ?1 AND reminded_ms IS NULL"
                       " AND done = 0 AND remind_s = ?3 AND remind_ns = ?4",
    [S_REMIND_DUE] =
        "SELECT seq, user_id, id, remind_s, remind_ns FROM todos"
        " WHERE remind_s IS NOT NULL AND reminded_ms IS NULL AND done = 0"
        " AND remind_s * 1000 + remind_ns / 1000000 <= ?1 ORDER BY remind_s, remind_ns LIMIT 200",
    [S_REMIND_NEXT] = "SELECT min(remind_s * 1000 + remind_ns / 1000000) FROM todos"
                      " WHERE remind_s IS NOT NULL AND reminded_ms IS NULL AND done = 0"
                      " AND remind_s * 1000 + remind_ns / 1000000 > ?1",
    /* Copying a store (store.h): every row of every user, the owner last. */
    [S_SCAN] = "SELECT " TODO_COLS ", user_id FROM todos WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    [S_GET_ANY] = "SELECT " TODO_COLS ", user_id FROM todos WHERE id = ?1",
    [S_IDEM_SCAN] = "SELECT user_id, request_id, todo_id, created_ms FROM create_requests"
                    " WHERE (user_id, request_id) > (?1, ?2) ORDER BY user_id, request_id LIMIT ?3",
    [S_IDEM_COPY] =
        "INSERT OR IGNORE INTO create_requests (user_id, request_id, todo_id, created_ms)"
        " VALUES (?1, ?2, ?3, ?4)",
};

/* ---- types ---- */

typedef struct todo_backend store_t;

struct todo_backend {
    char *path;
    bool memory;
    page_token_codec_t *tokens; /* key from `meta`; NULL before version 5 */
    pthread_mutex_t mu;         /* guards the pool */
    pthread_cond_t cv;
    conn_t *free_conns;
    conn_t **all;
    int n_conns, max_conns;
    pthread_mutex_t write_mu; /* one writer at a time, listener included */
    unsigned idem_writes;     /* guarded by write_mu */
    todo_store_listener_fn listener;
    void *listener_ctx;
    bool recur; /* schema has recurrence and reminders (version >= 6); guarded by mu */
    bool fts;   /* schema has the search index (version >= 8); set before use */
    /* Changes committed by other processes sharing the file (file
     * databases with the change log, version >= 4; else NULL). */
    sq_feed_t *feed;
};

/* ---- case-insensitive matching ---- */

static bool conn_contains(conn_t *c, const unsigned char *hay, size_t n,
                          const unsigned char *needle, size_t nn)
{
    if (nn == 0)
        return true;
    if (!hay || n < nn)
        return false;
    if (c->scratch_len < n) {
        free(c->scratch);
        c->scratch_len = n < 1024 ? 1024 : n;
        c->scratch = xmalloc(c->scratch_len);
    }
    tc_utf8_fold(hay, n, c->scratch);
    return memmem(c->scratch, n, needle, nn) != NULL;
}

/* SQL todo_fold(text): text as tc_utf8_fold folds it (NULL stays NULL). */
static void sql_todo_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *in = sqlite3_value_text(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    if (!in) {
        sqlite3_result_null(ctx);
        return;
    }
    unsigned char *out = sqlite3_malloc(n + 1);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    tc_utf8_fold(in, (size_t)n, out);
    out[n] = '\0';
    sqlite3_result_text(ctx, (const char *)out, n, sqlite3_free);
}

/* SQL todo_match(title, notes, folded_needle): true when either contains the
 * needle, ignoring case. */
static void sql_todo_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    conn_t *c = sqlite3_user_data(ctx);
    const unsigned char *needle = sqlite3_value_text(argv[2]);
    size_t nn = (size_t)sqlite3_value_bytes(argv[2]);
    for (int i = 0; i < 2; i++) {
        const unsigned char *hay = sqlite3_value_text(argv[i]);
        size_t n = (size_t)sqlite3_value_bytes(argv[i]);
        if (conn_contains(c, hay, n, needle, nn)) {
            sqlite3_result_int(ctx, 1);
            return;
        }
    }
    sqlite3_result_int(ctx, 0);
}

/* ---- helpers ---- */

/* Maps a SQLite result: a file that is not ours is TC_EINVAL, a lock held
 * by another process past busy_timeout is TC_EUNAVAIL (worth a retry), the
 * rest TC_EIO. */
static int db_code(int rc)
{
    if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
        return TC_EINVAL;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return TC_EUNAVAIL;
    return TC_EIO;
}

int sq__db_fail(tc_status_t *st, sqlite3 *db, const char *what)
{
    int code = db_code(sqlite3_errcode(db));
    return tc_status_set(st, code, "db: %s: %s", what, sqlite3_errmsg(db));
}

static void *a_alloc(const todo_alloc_t *a, size_t n)
{
    return a->alloc(a->ctx, n);
}

/* Tags as a blob: each tag followed by a NUL. Returns the length. */
static size_t tags_blob_len(char *const *tags, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(tags[i]) + 1;
    return len;
}

static void tags_blob_write(char *const *tags, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(tags[i]) + 1;
        memcpy(out, tags[i], l);
        out += l;
    }
}

/* Reads a row (TODO_COLS) into a new Todo allocated with a. */
static Todo__V1__Todo *row_to_todo(sqlite3_stmt *q, const todo_alloc_t *a)
{
    Todo__V1__Todo *t = a_alloc(a, sizeof *t);
    todo__v1__todo__init(t);
    t->id = todo_rec_strndup(a, (const char *)sqlite3_column_text(q, TODO_COL_ID),
                             (size_t)sqlite3_column_bytes(q, TODO_COL_ID));
    t->title = todo_rec_strndup(a, (const char *)sqlite3_column_text(q, TODO_COL_TITLE),
                                (size_t)sqlite3_column_bytes(q, TODO_COL_TITLE));
    t->notes = todo_rec_strndup(a, (const char *)sqlite3_column_text(q, TODO_COL_NOTES),
                                (size_t)sqlite3_column_bytes(q, TODO_COL_NOTES));
    t->done = sqlite3_column_int(q, TODO_COL_DONE) != 0;
    t->priority = (Todo__V1__Priority)sqlite3_column_int(q, TODO_COL_PRIORITY);
    if (sqlite3_column_type(q, TODO_COL_DUE_S) != SQLITE_NULL)
        t->due = todo_rec_ts(a, sqlite3_column_int64(q, TODO_COL_DUE_S),
                             sqlite3_column_int(q, TODO_COL_DUE_NS));
    const char *blob = sqlite3_column_blob(q, TODO_COL_TAGS);
    size_t blen = (size_t)sqlite3_column_bytes(q, TODO_COL_TAGS);
    if (blob && blen) {
        size_t n = 0;
        for (size_t i = 0; i < blen; i++)
            n += blob[i] == '\0';
        char *copy = a_alloc(a, blen + 1);
        memcpy(copy, blob, blen);
        t->tags = a_alloc(a, n * sizeof *t->tags);
        size_t k = 0;
        for (size_t i = 0; i < blen && k < n; i += strlen(copy + i) + 1)
            t->tags[k++] = copy + i;
        t->n_tags = k;
    }
    t->created_at = todo_rec_ts_ms(a, sqlite3_column_int64(q, TODO_COL_CREATED));
    t->updated_at = todo_rec_ts_ms(a, sqlite3_column_int64(q, TODO_COL_UPDATED));
    if (sqlite3_column_type(q, TODO_COL_COMPLETED) != SQLITE_NULL)
        t->completed_at = todo_rec_ts_ms(a, sqlite3_column_int64(q, TODO_COL_COMPLETED));
    t->recurrence = todo_rec_strndup(a, (const char *)sqlite3_column_text(q, TODO_COL_RECUR),
                                     (size_t)sqlite3_column_bytes(q, TODO_COL_RECUR));
    t->time_zone = todo_rec_strndup(a, (const char *)sqlite3_column_text(q, TODO_COL_TZ),
                                    (size_t)sqlite3_column_bytes(q, TODO_COL_TZ));
    if (sqlite3_column_type(q, TODO_COL_REMIND_S) != SQLITE_NULL)
        t->remind_at = todo_rec_ts(a, sqlite3_column_int64(q, TODO_COL_REMIND_S),
                                   sqlite3_column_int(q, TODO_COL_REMIND_NS));
    if (sqlite3_column_type(q, TODO_COL_REMINDED) != SQLITE_NULL)
        t->reminded_at = todo_rec_ts_ms(a, sqlite3_column_int64(q, TODO_COL_REMINDED));
    if (sqlite3_column_type(q, TODO_COL_NEXT_ID) != SQLITE_NULL)
        t->next_occurrence_id =
            todo_rec_strndup(a, (const char *)sqlite3_column_text(q, TODO_COL_NEXT_ID),
                             (size_t)sqlite3_column_bytes(q, TODO_COL_NEXT_ID));
    return t;
}

/* What a row holds beyond its Todo (store_rec.h). */
typedef todo_rec_meta_t row_meta_t;

static void row_meta_read(sqlite3_stmt *q, row_meta_t *m)
{
    m->seq = sqlite3_column_int64(q, TODO_COL_SEQ);
    m->has_series = sqlite3_column_type(q, TODO_COL_SERIES) != SQLITE_NULL;
    m->series_start_s = sqlite3_column_int64(q, TODO_COL_SERIES);
    m->spawned = sqlite3_column_int(q, TODO_COL_SPAWNED) != 0;
}

/* ---- connections ---- */

void sq__conn_close(conn_t *c)
{
    if (!c)
        return;
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(c->stmt[i]);
    for (int i = 0; i < LIST_CACHE_STMTS; i++)
        sqlite3_finalize(c->list[i].stmt);
    sqlite3_close(c->db);
    free(c->scratch);
    free(c);
}

static int conn_exec(conn_t *c, const char *sql, tc_status_t *st)
{
    char *err = NULL;
    if (sqlite3_exec(c->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        int code = db_code(sqlite3_errcode(c->db));
        tc_status_set(st, code, "db: %s", err ? err : sqlite3_errmsg(c->db));
        sqlite3_free(err);
        return code;
    }
    return 0;
}

/* Our SQL functions, on every connection (the search triggers need
 * todo_fold on whichever connection writes). */
static const struct {
    const char *name;
    int n_args;
    void (*fn)(sqlite3_context *, int, sqlite3_value **);
} sql_functions[] = {
    {"todo_match", 3, sql_todo_match},
    {"todo_fold", 1, sql_todo_fold},
};

static int conn_functions(conn_t *c, tc_status_t *st)
{
    for (size_t i = 0; i < sizeof sql_functions / sizeof sql_functions[0]; i++)
        if (sqlite3_create_function_v2(c->db, sql_functions[i].name, sql_functions[i].n_args,
                                       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, c,
                                       sql_functions[i].fn, NULL, NULL, NULL) != SQLITE_OK)
            return sq__db_fail(st, c->db, "register SQL functions");
    return 0;
}

conn_t *sq__conn_open(const char *path, tc_status_t *st)
{
    conn_t *c = xcalloc(1, sizeof *c);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
        tc_status_set(st, TC_EIO, "db: cannot open %s: %s", path,
                      c->db ? sqlite3_errmsg(c->db) : "out of memory");
        sq__conn_close(c);
        return NULL;
    }
    sqlite3_extended_result_codes(c->db, 0);
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    /* Reading the schema here turns "not a database" into an error now. */
    if (conn_exec(c,
                  "PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
                  " PRAGMA journal_size_limit=67108864;"
                  " SELECT count(*) FROM sqlite_schema;",
                  st) != 0) {
        sq__conn_close(c);
        return NULL;
    }
    if (sqlite3_db_readonly(c->db, "main") == 1) {
        tc_status_set(st, TC_EIO, "db: %s is read-only", path);
        sq__conn_close(c);
        return NULL;
    }
    if (conn_functions(c, st) != 0) {
        sq__conn_close(c);
        return NULL;
    }
    return c;
}

/* Prepared statement id of c, reset and unbound after its last use. */
sqlite3_stmt *sq__conn_stmt(conn_t *c, enum stmt_id id, tc_status_t *st)
{
    if (!c->stmt[id] && sqlite3_prepare_v3(c->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                                           &c->stmt[id], NULL) != SQLITE_OK) {
        sq__db_fail(st, c->db, "prepare");
        c->stmt[id] = NULL;
        return NULL;
    }
    return c->stmt[id];
}

void sq__stmt_done(sqlite3_stmt *q)
{
    if (q) {
        sqlite3_reset(q);
        sqlite3_clear_bindings(q);
    }
}

static conn_t *pool_acquire(store_t *s, tc_status_t *st)
{
    pthread_mutex_lock(&s->mu);
    while (!s->free_conns && s->n_conns >= s->max_conns)
        pthread_cond_wait(&s->cv, &s->mu);
    conn_t *c = s->free_conns;
    if (c) {
        s->free_conns = c->next;
        c->recur = s->recur;
        pthread_mutex_unlock(&s->mu);
        return c;
    }
    s->n_conns++; /* reserve the slot, open outside the lock */
    pthread_mutex_unlock(&s->mu);
    c = sq__conn_open(s->path, st);
    pthread_mutex_lock(&s->mu);
    if (c)
        c->recur = s->recur;
    if (!c) {
        s->n_conns--;
        pthread_cond_signal(&s->cv);
    } else {
        for (int i = 0; i < s->max_conns; i++)
            if (!s->all[i]) {
                s->all[i] = c;
                break;
            }
    }
    pthread_mutex_unlock(&s->mu);
    return c;
}

static void pool_release(store_t *s, conn_t *c)
{
    pthread_mutex_lock(&s->mu);
    c->next = s->free_conns;
    s->free_conns = c;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* Runs a statement that returns no row. */
int sq__step_done(conn_t *c, sqlite3_stmt *q, const char *what, tc_status_t *st)
{
    int rc = sqlite3_step(q);
    int ret = rc == SQLITE_DONE ? 0 : sq__db_fail(st, c->db, what);
    sq__stmt_done(q);
    return ret;
}

static int tx_run(conn_t *c, enum stmt_id id, tc_status_t *st)
{
    sqlite3_stmt *q = sq__conn_stmt(c, id, st);
    if (!q)
        return TC_EIO;
    return sq__step_done(c, q,
                         id == S_BEGIN    ? "begin"
                         : id == S_COMMIT ? "commit"
                                          : "rollback",
                         st);
}

static void tx_rollback(conn_t *c)
{
    if (!sqlite3_get_autocommit(c->db))
        tx_run(c, S_ROLLBACK, NULL);
}

/* ---- migrations ---- */

static int read_user_version(conn_t *c, int *v, tc_status_t *st)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
        return sq__db_fail(st, c->db, "read schema version");
    int ret = 0;
    if (sqlite3_step(q) == SQLITE_ROW)
        *v = sqlite3_column_int(q, 0);
    else
        ret = sq__db_fail(st, c->db, "read schema version");
    sqlite3_finalize(q);
    return ret;
}

static int migrate(conn_t *c, int target, tc_status_t *st)
{
    int ret = conn_exec(c, "BEGIN IMMEDIATE", st);
    if (ret != 0)
        return ret;
    int v = 0;
    ret = read_user_version(c, &v, st);
    if (ret == 0)
        ret = todo_rec_schema_check(v, N_MIGRATIONS, st);
    for (; ret == 0 && v < target; v++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", v + 1);
        ret = conn_exec(c, migrations[v], st);
        if (ret == 0)
            ret = conn_exec(c, pragma, st);
    }
    if (ret == 0)
        ret = conn_exec(c, "COMMIT", st);
    if (ret != 0)
        tx_rollback(c);
    return ret;
}

/* Reads the page token key, storing a new random one first if the database
 * has none (INSERT OR IGNORE: when two processes open a new file at once,
 * both read the one that got in). */
static int token_key_load(conn_t *c, unsigned char key[PAGE_TOKEN_KEY_LEN], tc_status_t *st)
{
    unsigned char fresh[PAGE_TOKEN_KEY_LEN];
    if (page_token_new_key(fresh) != 0)
        return tc_status_set(st, TC_EIO, "db: no random bytes for the page token key");
    sqlite3_stmt *q = sq__conn_stmt(c, S_KEY_PUT, st);
    if (!q)
        return TC_EIO;
    sqlite3_bind_blob(q, 1, fresh, sizeof fresh, SQLITE_STATIC);
    int ret = sq__step_done(c, q, "store the page token key", st);
    if (ret != 0 || !(q = sq__conn_stmt(c, S_KEY_GET, st)))
        return ret ? ret : TC_EIO;
    if (sqlite3_step(q) != SQLITE_ROW)
        ret = sq__db_fail(st, c->db, "read the page token key");
    else if (sqlite3_column_bytes(q, 0) != PAGE_TOKEN_KEY_LEN)
        ret = tc_status_set(st, TC_EINVAL, "db: the page token key in meta is not %d bytes",
                            PAGE_TOKEN_KEY_LEN);
    else
        memcpy(key, sqlite3_column_blob(q, 0), PAGE_TOKEN_KEY_LEN);
    sq__stmt_done(q);
    return ret;
}

/* Sets up s->tokens under the key kept in the database. */
static int tokens_open(store_t *s, conn_t *c, tc_status_t *st)
{
    unsigned char key[PAGE_TOKEN_KEY_LEN];
    int ret = token_key_load(c, key, st);
    if (ret == 0 && !(s->tokens = page_token_codec_create(key, st)))
        ret = TC_EINTERNAL;
    explicit_bzero(key, sizeof key);
    return ret;
}

/* ---- public ---- */

static void sq_destroy(store_t *s);

static void notify(store_t *s, const char *user_id, Todo__V1__EventType type,
                   const Todo__V1__Todo *t)
{
    if (s->listener)
        s->listener(s->listener_ctx, user_id, type, t);
}

/* The feed's delivery of another process's change (under write_mu). */
static void feed_notify(void *ctx, const char *user_id, Todo__V1__EventType type,
                        const Todo__V1__Todo *t)
{
    notify(ctx, user_id, type, t);
}

static store_t *sq_open(const char *path, int version, tc_status_t *st)
{
    if (!path || !*path) {
        tc_status_set(st, TC_EINVAL, "db: path must not be empty");
        return NULL;
    }
    store_t *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->memory = strcmp(path, ":memory:") == 0;
    s->max_conns = s->memory ? 1 : MAX_CONNS_FILE;
    s->all = xcalloc((size_t)s->max_conns, sizeof *s->all);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    pthread_mutex_init(&s->write_mu, NULL);

    conn_t *c = pool_acquire(s, st);
    if (!c) {
        sq_destroy(s);
        return NULL;
    }
    int ret = 0;
    if (!s->memory) {
        /* WAL persists in the file; readers then never block the writer. */
        ret = conn_exec(c, "PRAGMA journal_mode=WAL", st);
    }
    if (ret == 0)
        ret = migrate(c, version, st);
    if (ret == 0 && version >= META_VERSION)
        ret = tokens_open(s, c, st);
    pool_release(s, c);
    pthread_mutex_lock(&s->mu);
    s->recur = version >= RECUR_VERSION;
    pthread_mutex_unlock(&s->mu);
    s->fts = version >= FTS_VERSION;
    /* Another process can share a file, never an in-memory database. */
    if (ret == 0 && version >= FEED_VERSION && !s->memory &&
        !(s->feed = sq_feed_start(s->path, &s->write_mu, feed_notify, s, st)))
        ret = st ? st->code : TC_EIO;
    if (ret != 0) {
        sq_destroy(s);
        return NULL;
    }
    return s;
}

static void sq_destroy(store_t *s)
{
    if (!s)
        return;
    sq_feed_stop(s->feed);
    page_token_codec_destroy(s->tokens);
    for (int i = 0; i < s->max_conns; i++)
        sq__conn_close(s->all[i]);
    free(s->all);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->write_mu);
    free(s->path);
    free(s);
}

static void sq_set_listener(store_t *s, todo_store_listener_fn fn, void *ctx)
{
    /* Listeners run under write_mu (also on the follower thread): once this
     * returns, the old one is neither running nor called again. */
    pthread_mutex_lock(&s->write_mu);
    s->listener = fn;
    s->listener_ctx = ctx;
    pthread_mutex_unlock(&s->write_mu);
}

static bool sq_is_shared(store_t *s)
{
    pthread_mutex_lock(&s->write_mu);
    bool shared = sq_feed_shared(s->feed);
    pthread_mutex_unlock(&s->write_mu);
    return shared;
}

static int sq_schema_version(store_t *s)
{
    conn_t *c = pool_acquire(s, NULL);
    if (!c)
        return -1;
    int v = -1;
    read_user_version(c, &v, NULL);
    pool_release(s, c);
    return v;
}

/* Looks up user_id's todo id on c; *out NULL when absent. */
static int load_todo(conn_t *c, const char *user_id, const char *id, const todo_alloc_t *a,
                     Todo__V1__Todo **out, row_meta_t *meta, tc_status_t *st)
{
    sqlite3_stmt *q = sq__conn_stmt(c, S_GET, st);
    if (!q)
        return TC_EIO;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, user_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q), ret = 0;
    *out = NULL;
    if (rc == SQLITE_ROW) {
        *out = row_to_todo(q, a);
        if (meta)
            row_meta_read(q, meta);
    } else if (rc != SQLITE_DONE) {
        ret = sq__db_fail(st, c->db, "get");
    }
    sq__stmt_done(q);
    return ret;
}

static int write_tags(conn_t *c, int64_t seq, const Todo__V1__Todo *t, bool replace,
                      tc_status_t *st)
{
    sqlite3_stmt *q;
    int ret;
    if (replace) {
        if (!(q = sq__conn_stmt(c, S_DELETE_TAGS, st)))
            return TC_EIO;
        sqlite3_bind_int64(q, 1, seq);
        if ((ret = sq__step_done(c, q, "delete tags", st)) != 0)
            return ret;
    }
    for (size_t i = 0; i < t->n_tags; i++) {
        if (!(q = sq__conn_stmt(c, S_INSERT_TAG, st)))
            return TC_EIO;
        sqlite3_bind_int64(q, 1, seq);
        sqlite3_bind_text(q, 2, t->tags[i], -1, SQLITE_STATIC);
        if ((ret = sq__step_done(c, q, "insert tag", st)) != 0)
            return ret;
    }
    return 0;
}

static void bind_due(sqlite3_stmt *q, int col_s, const Google__Protobuf__Timestamp *due)
{
    if (due) {
        sqlite3_bind_int64(q, col_s, due->seconds);
        sqlite3_bind_int(q, col_s + 1, due->nanos);
    } else {
        sqlite3_bind_null(q, col_s);
        sqlite3_bind_int(q, col_s + 1, 0);
    }
}

static int set_extra(conn_t *c, int64_t seq, const Todo__V1__Todo *t, const row_meta_t *m,
                     tc_status_t *st);

/* Inserts t (already complete: id, timestamps) and m's bookkeeping for
 * user_id. */
static int insert_todo(conn_t *c, const char *user_id, const Todo__V1__Todo *t, const row_meta_t *m,
                       tc_status_t *st)
{
    sqlite3_stmt *q = sq__conn_stmt(c, S_INSERT, st);
    if (!q)
        return TC_EIO;
    size_t blen = tags_blob_len(t->tags, t->n_tags);
    char stackbuf[1024];
    char *blob = blen <= sizeof stackbuf ? stackbuf : xmalloc(blen);
    tags_blob_write(t->tags, t->n_tags, blob);
    sqlite3_bind_text(q, 1, t->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, user_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, t->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, t->notes ? t->notes : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 5, t->done ? 1 : 0);
    sqlite3_bind_int(q, 6, (int)t->priority);
    bind_due(q, 7, t->due);
    sqlite3_bind_blob(q, 9, blob, (int)blen, SQLITE_STATIC);
    sqlite3_bind_int64(q, 10, todo_rec_ms(t->created_at));
    sqlite3_bind_int64(q, 11, todo_rec_ms(t->updated_at));
    if (t->completed_at)
        sqlite3_bind_int64(q, 12, todo_rec_ms(t->completed_at));
    int ret = sq__step_done(c, q, "insert", st);
    if (blob != stackbuf)
        free(blob);
    int64_t seq = sqlite3_last_insert_rowid(c->db);
    if (ret == 0)
        ret = write_tags(c, seq, t, false, st);
    if (ret == 0)
        ret = set_extra(c, seq, t, m, st);
    return ret;
}

/* Writes the recurrence and reminder columns of row seq from t and m. */
static int set_extra(conn_t *c, int64_t seq, const Todo__V1__Todo *t, const row_meta_t *m,
                     tc_status_t *st)
{
    if (!c->recur)
        return 0; /* an older schema, built by a test */
    sqlite3_stmt *q = sq__conn_stmt(c, S_SET_EXTRA, st);
    if (!q)
        return TC_EIO;
    sqlite3_bind_int64(q, 1, seq);
    sqlite3_bind_text(q, 2, t->recurrence ? t->recurrence : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, t->time_zone ? t->time_zone : "", -1, SQLITE_STATIC);
    if (m->has_series)
        sqlite3_bind_int64(q, 4, m->series_start_s);
    sqlite3_bind_int(q, 5, m->spawned ? 1 : 0);
    bind_due(q, 6, t->remind_at);
    if (t->reminded_at)
        sqlite3_bind_int64(q, 8, todo_rec_ms(t->reminded_at));
    if (t->next_occurrence_id && t->next_occurrence_id[0])
        sqlite3_bind_text(q, 9, t->next_occurrence_id, -1, SQLITE_STATIC);
    return sq__step_done(c, q, "update recurrence", st);
}

/* Takes the write lock and a connection and begins a write transaction. */
static conn_t *write_begin(store_t *s, tc_status_t *st)
{
    pthread_mutex_lock(&s->write_mu);
    conn_t *c = pool_acquire(s, st);
    if (!c) {
        pthread_mutex_unlock(&s->write_mu);
        return NULL;
    }
    if (tx_run(c, S_BEGIN, st) != 0) {
        pool_release(s, c);
        pthread_mutex_unlock(&s->write_mu);
        return NULL;
    }
    return c;
}

/* A second change committed with the first one (the next occurrence a
 * completion made), or none. */
typedef struct write_extra {
    Todo__V1__EventType type;
    const Todo__V1__Todo *t;
} write_extra_t;

/* Logs the changes and commits (ret == 0) or rolls back, then notifies (t,
 * then ex->t) and releases. Returns the final result. */
static int write_end2(store_t *s, conn_t *c, int ret, const char *user_id, Todo__V1__EventType type,
                      const Todo__V1__Todo *t, const write_extra_t *ex, tc_status_t *st)
{
    bool via_log = t && sq_feed_shared(s->feed);
    if (ret == 0 && via_log)
        ret = sq_feed_log(s->feed, c, user_id, type, t, st);
    if (ret == 0 && via_log && ex && ex->t)
        ret = sq_feed_log(s->feed, c, user_id, ex->type, ex->t, st);
    if (ret == 0)
        ret = tx_run(c, S_COMMIT, st);
    if (ret != 0) {
        tx_rollback(c);
    } else if (t && !via_log) {
        notify(s, user_id, type, t);
        if (ex && ex->t)
            notify(s, user_id, ex->type, ex->t);
    }
    pool_release(s, c);
    pthread_mutex_unlock(&s->write_mu);
    if (ret == 0 && via_log)
        sq_feed_kick(s->feed);
    return ret;
}

static int write_end(store_t *s, conn_t *c, int ret, const char *user_id, Todo__V1__EventType type,
                     const Todo__V1__Todo *t, tc_status_t *st)
{
    return write_end2(s, c, ret, user_id, type, t, NULL, st);
}

/* The id of the todo user_id's request_id made, when recorded after
 * since_ms, into *todo_id (allocated with a); NULL when there is none. */
static int idem_lookup(conn_t *c, const char *user_id, const char *request_id, int64_t since_ms,
                       const todo_alloc_t *a, char **todo_id, tc_status_t *st)
{
    *todo_id = NULL;
    sqlite3_stmt *q = sq__conn_stmt(c, S_IDEM_GET, st);
    if (!q)
        return TC_EIO;
    sqlite3_bind_text(q, 1, user_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, request_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, since_ms);
    int rc = sqlite3_step(q), ret = 0;
    if (rc == SQLITE_ROW)
        *todo_id = todo_rec_strdup(a, (const char *)sqlite3_column_text(q, 0));
    else if (rc != SQLITE_DONE)
        ret = sq__db_fail(st, c->db, "idempotency lookup");
    sq__stmt_done(q);
    return ret;
}

static int sq_create_todo(store_t *s, const char *user_id, const Todo__V1__Todo *in,
                          const char *request_id, int64_t now_ms, const todo_alloc_t *a,
                          Todo__V1__Todo **out, bool *replayed, tc_status_t *st)
{
    *out = NULL;
    if (replayed)
        *replayed = false;
    bool idem = request_id && *request_id;
    conn_t *c = write_begin(s, st);
    if (!c)
        return st ? st->code : TC_EIO;
    int ret = 0;
    sqlite3_stmt *q;
    if (idem) {
        char *first_id = NULL;
        ret = idem_lookup(c, user_id, request_id, now_ms - TODO_STORE_REQUEST_TTL_MS, a, &first_id,
                          st);
        if (ret == 0 && first_id) {
            ret = load_todo(c, user_id, first_id, a, out, NULL, st);
            if (ret == 0 && !*out)
                ret = tc_status_set(st, TC_ENOTFOUND,
                                    "request_id: the todo it created has been deleted");
            if (ret == 0 && replayed)
                *replayed = true;
            return write_end(s, c, ret, user_id, 0, NULL, st);
        }
    }
    Todo__V1__Todo *t = NULL;
    if (ret == 0) {
        row_meta_t m;
        t = todo_rec_new(in, now_ms, a, &m);
        ret = insert_todo(c, user_id, t, &m, st);
    }
    if (ret == 0 && idem) {
        if (!(q = sq__conn_stmt(c, S_IDEM_PUT, st)))
            ret = TC_EIO;
        else {
            sqlite3_bind_text(q, 1, user_id, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 2, request_id, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 3, t->id, -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 4, now_ms);
            ret = sq__step_done(c, q, "idempotency record", st);
        }
        /* Now and then, forget expired request ids (one indexed range
         * delete inside this transaction). */
        if (ret == 0 && ++s->idem_writes % PURGE_EVERY == 0) {
            if (!(q = sq__conn_stmt(c, S_IDEM_PURGE, st)))
                ret = TC_EIO;
            else {
                sqlite3_bind_int64(q, 1, now_ms - TODO_STORE_REQUEST_TTL_MS);
                ret = sq__step_done(c, q, "idempotency purge", st);
            }
        }
    }
    ret = write_end(s, c, ret, user_id, TODO__V1__EVENT_TYPE__EVENT_CREATED, t, st);
    if (ret == 0)
        *out = t;
    return ret;
}

static int sq_get_todo(store_t *s, const char *user_id, const char *id, const todo_alloc_t *a,
                       Todo__V1__Todo **out, tc_status_t *st)
{
    *out = NULL;
    conn_t *c = pool_acquire(s, st);
    if (!c)
        return st ? st->code : TC_EIO;
    int ret = load_todo(c, user_id, id, a, out, NULL, st);
    pool_release(s, c);
    if (ret == 0 && !*out)
        ret = tc_status_set(st, TC_ENOTFOUND, "id: no todo %s", id);
    return ret;
}

/* ---- ordering and page tokens ---- */

/* Each sort key as an SQL expression that sorts ascending: integers are
 * negated for " desc", and a missing due date is the largest value either
 * way, so it comes last. Titles compare with NOCASE in their direction. */
static const char *sort_expr(todo_sort_t k)
{
    switch (k.key) {
    case TODO_SORT_DUE:
        return k.desc ? "coalesce(-(due_s * 1000 + due_ns / 1000000), 9223372036854775807)"
                      : "coalesce(due_s * 1000 + due_ns / 1000000, 9223372036854775807)";
    case TODO_SORT_PRIORITY:
        return k.desc ? "-priority" : "priority";
    case TODO_SORT_TITLE:
        return "title";
    case TODO_SORT_CREATED:
        return k.desc ? "-created_ms" : "created_ms";
    default:
        return k.desc ? "-updated_ms" : "updated_ms";
    }
}

/* How a list finds its rows. LIST_SCAN: the user's todos in the
 * (user_id, seq) index, each tested by the filters (todo_match for a query).
 * LIST_FTS: the todos whose folded title or notes hold every trigram of the
 * query, from todos_fts, then the same filters (todo_match keeps the exact
 * meaning); its cost follows the matches, not the user's todo count. */
typedef enum list_plan { LIST_SCAN, LIST_FTS } list_plan_t;

/* Builds the list query for plan and q's order into sql: the one place
 * the list SQL is written. Parameters: ?1 user, ?2 seq of the last row (0:
 * none), ?3 status, ?4 folded needle, ?5 tag, ?6 limit, ?7/?8 due_before,
 * ?9/?10 due_after, ?11 priority bits, ?12 "has a position", ?13 the FTS5
 * phrase (LIST_FTS), ?21.. the last row's sort keys. The keyset condition is
 * the lexicographic "after (k1, k2, .., seq)". */
static void list_sql(const todo_query_t *q, list_plan_t plan, char *sql, size_t cap)
{
    /* CROSS JOIN keeps todos_fts the outer loop: the planner never trades
     * the index for a scan of the user's rows. */
    const char *from = plan == LIST_FTS
                           ? "todos_fts CROSS JOIN todos ON todos.seq = todos_fts.rowid"
                             " WHERE todos_fts MATCH ?13 AND"
                           : "todos WHERE";
    size_t n = (size_t)snprintf(sql, cap,
                                "SELECT " TODO_COLS " FROM %s user_id = ?1"
                                " AND (?3 = 0 OR done = ?3 - 1)"
                                " AND (?4 IS NULL OR todo_match(title, notes, ?4))"
                                " AND (?5 IS NULL OR EXISTS (SELECT 1 FROM todo_tags"
                                " WHERE todo_seq = todos.seq AND tag = ?5))"
                                " AND (?7 IS NULL OR (due_s, due_ns) < (?7, ?8))"
                                " AND (?9 IS NULL OR (due_s, due_ns) >= (?9, ?10))"
                                " AND (?11 = 0 OR (?11 >> priority) & 1)",
                                from);
    if (q->n_sort == 0) {
        snprintf(sql + n, cap - n, " AND seq > ?2 ORDER BY seq LIMIT ?6");
        return;
    }
    n += (size_t)snprintf(sql + n, cap - n, " AND (?12 = 0");
    for (size_t i = 0; i <= q->n_sort; i++) {
        n += (size_t)snprintf(sql + n, cap - n, " OR (");
        for (size_t j = 0; j < i; j++)
            n += (size_t)snprintf(sql + n, cap - n, "%s = ?%zu%s AND ", sort_expr(q->sort[j]),
                                  21 + j,
                                  todo_rec_sort_is_text(q->sort[j]) ? " COLLATE NOCASE" : "");
        if (i == q->n_sort)
            n += (size_t)snprintf(sql + n, cap - n, "seq > ?2)");
        else
            n += (size_t)snprintf(sql + n, cap - n, "%s %s ?%zu%s)", sort_expr(q->sort[i]),
                                  todo_rec_sort_is_text(q->sort[i]) && q->sort[i].desc ? "<" : ">",
                                  21 + i,
                                  todo_rec_sort_is_text(q->sort[i]) ? " COLLATE NOCASE" : "");
    }
    n += (size_t)snprintf(sql + n, cap - n, ") ORDER BY ");
    for (size_t i = 0; i < q->n_sort; i++)
        n += (size_t)snprintf(sql + n, cap - n, "%s%s, ", sort_expr(q->sort[i]),
                              !todo_rec_sort_is_text(q->sort[i]) ? ""
                              : q->sort[i].desc                  ? " COLLATE NOCASE DESC"
                                                                 : " COLLATE NOCASE");
    snprintf(sql + n, cap - n, "seq LIMIT ?6");
}

/* The list statement for plan and q's order on c: prepared once per plan,
 * order and connection, kept in a small cache (orders are few). */
static sqlite3_stmt *list_stmt(conn_t *c, const todo_query_t *q, list_plan_t plan,
                               const char *order, tc_status_t *st)
{
    char key[sizeof c->list[0].key];
    snprintf(key, sizeof key, "%d %s", (int)plan, order);
    for (int i = 0; i < LIST_CACHE_STMTS; i++)
        if (c->list[i].stmt && strcmp(c->list[i].key, key) == 0)
            return c->list[i].stmt;
    int slot = c->list_next++ % LIST_CACHE_STMTS;
    sqlite3_finalize(c->list[slot].stmt);
    c->list[slot].stmt = NULL;
    char sql[4096];
    list_sql(q, plan, sql, sizeof sql);
    if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->list[slot].stmt, NULL) !=
        SQLITE_OK) {
        sq__db_fail(st, c->db, "prepare list");
        c->list[slot].stmt = NULL;
        return NULL;
    }
    snprintf(c->list[slot].key, sizeof c->list[slot].key, "%s", key);
    return c->list[slot].stmt;
}

/* A ListTodos query's search: the needle folded as todo_match compares
 * it, and, for the search index, the same as one FTS5 phrase. */
typedef struct list_search {
    list_plan_t plan;
    char *needle; /* NULL: no query */
    size_t nn;
    char *phrase; /* LIST_FTS: "needle" with its quotes doubled */
} list_search_t;

/* Folds q's query into ls and picks the plan: the search index when the
 * schema has it and the query has enough characters for a trigram. */
static void list_search(const todo_query_t *q, bool fts, const todo_alloc_t *a, list_search_t *ls)
{
    *ls = (list_search_t){.plan = LIST_SCAN};
    if (!q->query || !*q->query)
        return;
    ls->nn = strlen(q->query);
    ls->needle = a_alloc(a, ls->nn + 1);
    tc_utf8_fold((const unsigned char *)q->query, ls->nn, (unsigned char *)ls->needle);
    if (!fts || tc_utf8_count(ls->needle, ls->nn) < FTS_MIN_CHARS)
        return;
    ls->plan = LIST_FTS;
    char *p = ls->phrase = a_alloc(a, 2 * ls->nn + 3);
    *p++ = '"';
    for (size_t i = 0; i < ls->nn; i++)
        if ((*p++ = ls->needle[i]) == '"')
            *p++ = '"';
    *p = '"';
}

/* Binds q and its search (and the position after, when has_pos) to the
 * list statement. */
static void list_bind(sqlite3_stmt *stmt, const char *user_id, const todo_query_t *q,
                      const list_search_t *ls, const page_token_pos_t *pos, bool has_pos)
{
    sqlite3_bind_text(stmt, 1, user_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, has_pos ? pos->key[q->n_sort].i : 0);
    int status = q->status == TODO__V1__STATUS_FILTER__STATUS_OPEN   ? 1
                 : q->status == TODO__V1__STATUS_FILTER__STATUS_DONE ? 2
                                                                     : 0;
    sqlite3_bind_int(stmt, 3, status);
    if (ls->needle)
        sqlite3_bind_text(stmt, 4, ls->needle, (int)ls->nn, SQLITE_STATIC);
    if (q->tag && *q->tag)
        sqlite3_bind_text(stmt, 5, q->tag, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 6, q->page_size + 1);
    bind_due(stmt, 7, q->due_before);
    bind_due(stmt, 9, q->due_after);
    sqlite3_bind_int(stmt, 11, (int)q->priorities);
    if (ls->plan == LIST_FTS)
        sqlite3_bind_text(stmt, 13, ls->phrase, -1, SQLITE_STATIC);
    if (q->n_sort == 0)
        return;
    sqlite3_bind_int(stmt, 12, has_pos ? 1 : 0);
    for (size_t i = 0; has_pos && i < q->n_sort; i++) {
        if (pos->key[i].type == PAGE_TOKEN_TEXT)
            sqlite3_bind_text(stmt, 21 + (int)i, pos->key[i].s, (int)pos->key[i].len,
                              SQLITE_STATIC);
        else
            sqlite3_bind_int64(stmt, 21 + (int)i, pos->key[i].i);
    }
}

/* Reads up to q->page_size rows of stmt into page; *more when a row is
 * left over, with *last the position of the last row sent. */
static int list_rows(conn_t *c, sqlite3_stmt *stmt, const todo_query_t *q, const todo_alloc_t *a,
                     todo_page_t *page, page_token_pos_t *last, bool *more, tc_status_t *st)
{
    size_t size = (size_t)q->page_size, bytes = 0;
    page->todos = a_alloc(a, size * sizeof *page->todos);
    int rc;
    *more = false;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        /* Rough encoded size, so a page of long notes stays far below the
         * 4 MiB message limit; the rest comes with the next token. */
        size_t row = (size_t)sqlite3_column_bytes(stmt, TODO_COL_TITLE) +
                     (size_t)sqlite3_column_bytes(stmt, TODO_COL_NOTES) +
                     2 * (size_t)sqlite3_column_bytes(stmt, TODO_COL_TAGS) + 128;
        if (page->n == size || (page->n > 0 && bytes + row > TODO_STORE_PAGE_BYTES)) {
            *more = true;
            break;
        }
        bytes += row;
        page->todos[page->n] = row_to_todo(stmt, a);
        todo_rec_token_pos(page->todos[page->n++], sqlite3_column_int64(stmt, TODO_COL_SEQ), q,
                           last);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq__db_fail(st, c->db, "list");
    return 0;
}

static int sq_list_todos(store_t *s, const char *user_id, const todo_query_t *q,
                         const todo_alloc_t *a, todo_page_t *page, tc_status_t *st)
{
    todo_rec_list_t l;
    int ret = todo_rec_list_start(&l, s->tokens, user_id, q, a, page, st);
    if (ret != 0)
        return ret;
    list_search_t ls;
    list_search(q, s->fts, a, &ls);
    conn_t *c = pool_acquire(s, st);
    if (!c)
        return st ? st->code : TC_EIO;
    sqlite3_stmt *stmt = list_stmt(c, q, ls.plan, l.bind.order, st);
    bool more = false;
    if (!stmt) {
        ret = TC_EIO;
    } else {
        list_bind(stmt, user_id, q, &ls, l.pos, l.has_pos);
        ret = list_rows(c, stmt, q, a, page, l.last, &more, st);
        sq__stmt_done(stmt);
    }
    pool_release(s, c);
    return ret ? ret : todo_rec_list_finish(&l, s->tokens, more, a, page, st);
}

/* Inserts the next occurrence of t, an occurrence just completed, into
 * *next: due at the rule's first occurrence after t's due, remind_at moved
 * by as much. *next stays NULL when the series has ended (or its stored rule
 * no longer parses: completing must still work). */
static int spawn_next(conn_t *c, const char *user_id, const Todo__V1__Todo *t, const row_meta_t *m,
                      const todo_alloc_t *a, Todo__V1__Todo **next, tc_status_t *st)
{
    row_meta_t nm;
    *next = todo_rec_next(t, m, a, &nm);
    return *next ? insert_todo(c, user_id, *next, &nm, st) : 0;
}

/* Writes t (and m) back to row m->seq; the tags too when fields has them. */
static int write_row(conn_t *c, const Todo__V1__Todo *t, const row_meta_t *m, unsigned fields,
                     const todo_alloc_t *a, tc_status_t *st)
{
    sqlite3_stmt *q = sq__conn_stmt(c, S_UPDATE, st);
    if (!q)
        return TC_EIO;
    size_t blen = tags_blob_len(t->tags, t->n_tags);
    char *blob = a_alloc(a, blen + 1);
    tags_blob_write(t->tags, t->n_tags, blob);
    sqlite3_bind_int64(q, 1, m->seq);
    sqlite3_bind_text(q, 2, t->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, t->notes, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 4, t->done ? 1 : 0);
    sqlite3_bind_int(q, 5, (int)t->priority);
    bind_due(q, 6, t->due);
    sqlite3_bind_blob(q, 8, blob, (int)blen, SQLITE_STATIC);
    sqlite3_bind_int64(q, 9, todo_rec_ms(t->updated_at));
    if (t->completed_at)
        sqlite3_bind_int64(q, 10, todo_rec_ms(t->completed_at));
    int ret = sq__step_done(c, q, "update", st);
    if (ret == 0 && (fields & TODO_FIELD_TAGS))
        ret = write_tags(c, m->seq, t, true, st);
    if (ret == 0)
        ret = set_extra(c, m->seq, t, m, st);
    return ret;
}

static int sq_update_todo(store_t *s, const char *user_id, const Todo__V1__Todo *patch,
                          unsigned fields, int64_t now_ms, const todo_alloc_t *a,
                          Todo__V1__Todo **out, tc_status_t *st)
{
    *out = NULL;
    conn_t *c = write_begin(s, st);
    if (!c)
        return st ? st->code : TC_EIO;
    Todo__V1__Todo *t = NULL, *next = NULL;
    row_meta_t m = {0};
    int ret = load_todo(c, user_id, patch->id, a, &t, &m, st);
    if (ret == 0 && !t)
        ret = tc_status_set(st, TC_ENOTFOUND, "id: no todo %s", patch->id);
    bool completing = false;
    if (ret == 0) {
        ret = todo_rec_patch(t, &m, patch, fields, now_ms, a, &completing, st);
    }
    /* One next occurrence per occurrence, however often it is reopened and
     * completed again: `spawned` remembers it made one (or that the series
     * had ended). */
    if (ret == 0 && completing && todo_rec_wants_next(t, &m)) {
        ret = spawn_next(c, user_id, t, &m, a, &next, st);
        m.spawned = true;
        if (next)
            t->next_occurrence_id = next->id;
    }
    if (ret == 0)
        ret = write_row(c, t, &m, fields, a, st);
    write_extra_t ex = {TODO__V1__EVENT_TYPE__EVENT_CREATED, next};
    ret = write_end2(s, c, ret, user_id, TODO__V1__EVENT_TYPE__EVENT_UPDATED, ret == 0 ? t : NULL,
                     &ex, st);
    if (ret == 0)
        *out = t;
    return ret;
}

/* Runs statement id (DELETE by seq) with seq bound to ?1. */
static int run_seq(conn_t *c, enum stmt_id id, int64_t seq, const char *what, tc_status_t *st)
{
    sqlite3_stmt *q = sq__conn_stmt(c, id, st);
    if (!q)
        return TC_EIO;
    sqlite3_bind_int64(q, 1, seq);
    return sq__step_done(c, q, what, st);
}

/* t is being deleted: when it is a next occurrence still open and unchanged
 * since it was made, an open occurrence that made it may make one again. */
static int rearm_parent(conn_t *c, const char *user_id, const Todo__V1__Todo *t, tc_status_t *st)
{
    if (!c->recur || t->done || !t->recurrence[0] ||
        !todo_rec_ts_equal(t->created_at, t->updated_at))
        return 0;
    sqlite3_stmt *q = sq__conn_stmt(c, S_REARM, st);
    if (!q)
        return TC_EIO;
    sqlite3_bind_text(q, 1, user_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, t->id, -1, SQLITE_STATIC);
    return sq__step_done(c, q, "rearm", st);
}

static int sq_delete_todo(store_t *s, const char *user_id, const char *id, const todo_alloc_t *a,
                          Todo__V1__Todo **old, tc_status_t *st)
{
    if (old)
        *old = NULL;
    conn_t *c = write_begin(s, st);
    if (!c)
        return st ? st->code : TC_EIO;
    Todo__V1__Todo *t = NULL;
    row_meta_t meta = {0};
    int ret = load_todo(c, user_id, id, a, &t, &meta, st);
    if (ret == 0 && !t)
        ret = tc_status_set(st, TC_ENOTFOUND, "id: no todo %s", id);
    if (ret == 0)
        ret = run_seq(c, S_DELETE, meta.seq, "delete", st);
    if (ret == 0)
        ret = run_seq(c, S_DELETE_TAGS, meta.seq, "delete tags", st);
    if (ret == 0)
        ret = rearm_parent(c, user_id, t, st);
    ret =
        write_end(s, c, ret, user_id, TODO__V1__EVENT_TYPE__EVENT_DELETED, ret == 0 ? t : NULL, st);
    if (ret == 0 && old)
        *old = t;
    return ret;
}

/* ---- reminders ---- */

/* A connection of the pool with statement id ready on it, for a read:
 * 0 with *c and *q set (finish with read_end), or an error (st set) with
 * nothing held. */
static int read_begin(store_t *s, enum stmt_id id, conn_t **c, sqlite3_stmt **q, tc_status_t *st)
{
    *q = NULL; /* set on every path, so no caller reads it unset */
    if (!(*c = pool_acquire(s, st)))
        return st ? st->code : TC_EIO;
    if (!(*q = sq__conn_stmt(*c, id, st))) {
        pool_release(s, *c);
        return TC_EIO;
    }
    return 0;
}

/* Ends a read from read_begin whose last sqlite3_step returned rc: 0 for
 * SQLITE_DONE or SQLITE_ROW (stopped early), else the database's error
 * about what. */
static int read_end(store_t *s, conn_t *c, sqlite3_stmt *q, int rc, const char *what,
                    tc_status_t *st)
{
    int ret = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sq__db_fail(st, c->db, what);
    sq__stmt_done(q);
    pool_release(s, c);
    return ret;
}

static int sq_next_reminder(store_t *s, int64_t now_ms, int64_t *when_ms, tc_status_t *st)
{
    *when_ms = -1;
    conn_t *c;
    sqlite3_stmt *q;
    int ret = read_begin(s, S_REMIND_NEXT, &c, &q, st);
    if (ret != 0)
        return ret;
    sqlite3_bind_int64(q, 1, now_ms);
    if (sqlite3_step(q) != SQLITE_ROW)
        ret = sq__db_fail(st, c->db, "next reminder");
    else if (sqlite3_column_type(q, 0) != SQLITE_NULL)
        *when_ms = sqlite3_column_int64(q, 0);
    sq__stmt_done(q);
    pool_release(s, c);
    return ret;
}

/* The reminders due at now_ms (at most 200, earliest first) into *out
 * (todo_rec_remind_ops_t.due). */
static int due_reminders(void *engine, int64_t now_ms, const todo_alloc_t *a,
                         todo_rec_reminder_t **out, size_t *n, tc_status_t *st)
{
    store_t *s = engine;
    conn_t *c;
    sqlite3_stmt *q;
    int ret = read_begin(s, S_REMIND_DUE, &c, &q, st), rc;
    if (ret != 0)
        return ret;
    sqlite3_bind_int64(q, 1, now_ms);
    *out = a_alloc(a, 200 * sizeof **out);
    *n = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && *n < 200) {
        todo_rec_reminder_t *r = &(*out)[(*n)++];
        r->seq = sqlite3_column_int64(q, 0);
        r->user_id = todo_rec_strdup(a, (const char *)sqlite3_column_text(q, 1));
        r->id = todo_rec_strdup(a, (const char *)sqlite3_column_text(q, 2));
        r->remind_s = sqlite3_column_int64(q, 3);
        r->remind_ns = sqlite3_column_int(q, 4);
    }
    return read_end(s, c, q, rc, "due reminders", st);
}

/* Claims r (sets reminded_at only while it is unset and remind_at is
 * still r's) and, if this process won it, sends EVENT_REMINDER
 * (todo_rec_remind_ops_t.claim). */
static int claim_one(void *engine, const todo_rec_reminder_t *r, int64_t now_ms,
                     const todo_alloc_t *a, bool *won, tc_status_t *st)
{
    store_t *s = engine;
    *won = false;
    conn_t *c = write_begin(s, st);
    if (!c)
        return st ? st->code : TC_EIO;
    sqlite3_stmt *q = sq__conn_stmt(c, S_REMIND_CLAIM, st);
    int ret = q ? 0 : TC_EIO;
    if (q) {
        sqlite3_bind_int64(q, 1, r->seq);
        sqlite3_bind_int64(q, 2, now_ms);
        sqlite3_bind_int64(q, 3, r->remind_s);
        sqlite3_bind_int(q, 4, r->remind_ns);
        ret = sq__step_done(c, q, "claim reminder", st);
    }
    Todo__V1__Todo *t = NULL;
    if (ret == 0 && sqlite3_changes(c->db) == 1)
        ret = load_todo(c, r->user_id, r->id, a, &t, NULL, st);
    *won = ret == 0 && t;
    return write_end(s, c, ret, r->user_id, TODO__V1__EVENT_TYPE__EVENT_REMINDER, t, st);
}

static int sq_claim_reminders(store_t *s, int64_t now_ms, todo_store_wanted_fn wanted, void *ctx,
                              size_t *claimed, tc_status_t *st)
{
    static const todo_rec_remind_ops_t ops = {due_reminders, claim_one};
    return todo_rec_claim_due(&ops, s, now_ms, wanted, ctx, claimed, st);
}

/* ---- copying a store (store.h) ---- */

/* The row of q (TODO_COLS, then user_id) as a record allocated with a. */
static void row_record(sqlite3_stmt *q, const todo_alloc_t *a, todo_store_record_t *r)
{
    row_meta_t m;
    row_meta_read(q, &m);
    const char *user = (const char *)sqlite3_column_text(q, TODO_COL_USER);
    todo_rec_record(r, todo_rec_strdup(a, user), row_to_todo(q, a), &m);
}

static int sq_scan_todos(store_t *s, int64_t after, size_t max, const todo_alloc_t *a,
                         todo_store_record_t **out, size_t *n, tc_status_t *st)
{
    *n = 0;
    *out = a_alloc(a, max * sizeof **out);
    conn_t *c;
    sqlite3_stmt *q;
    int ret = read_begin(s, S_SCAN, &c, &q, st), rc = SQLITE_DONE;
    if (ret != 0)
        return ret;
    sqlite3_bind_int64(q, 1, after);
    sqlite3_bind_int64(q, 2, (sqlite3_int64)max);
    while (*n < max && (rc = sqlite3_step(q)) == SQLITE_ROW)
        row_record(q, a, &(*out)[(*n)++]);
    return read_end(s, c, q, rc, "scan", st);
}

static int sq_scan_requests(store_t *s, const todo_store_request_t *after, size_t max,
                            const todo_alloc_t *a, todo_store_request_t **out, size_t *n,
                            tc_status_t *st)
{
    *n = 0;
    *out = a_alloc(a, max * sizeof **out);
    conn_t *c;
    sqlite3_stmt *q;
    int ret = read_begin(s, S_IDEM_SCAN, &c, &q, st), rc = SQLITE_DONE;
    if (ret != 0)
        return ret;
    sqlite3_bind_text(q, 1, after ? after->user_id : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, after ? after->request_id : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, (sqlite3_int64)max);
    while (*n < max && (rc = sqlite3_step(q)) == SQLITE_ROW)
        (*out)[(*n)++] = (todo_store_request_t){
            .user_id = todo_rec_strdup(a, (const char *)sqlite3_column_text(q, 0)),
            .request_id = todo_rec_strdup(a, (const char *)sqlite3_column_text(q, 1)),
            .todo_id = todo_rec_strdup(a, (const char *)sqlite3_column_text(q, 2)),
            .created_ms = sqlite3_column_int64(q, 3)};
    return read_end(s, c, q, rc, "scan", st);
}

/* The todo stored under id, whoever owns it, into *rec; *found is rec, or
 * NULL when there is none. */
static int load_any(conn_t *c, const char *id, const todo_alloc_t *a, todo_store_record_t *rec,
                    todo_store_record_t **found, tc_status_t *st)
{
    *found = NULL;
    sqlite3_stmt *q = sq__conn_stmt(c, S_GET_ANY, st);
    if (!q)
        return TC_EIO;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q), ret = 0;
    if (rc == SQLITE_ROW) {
        row_record(q, a, rec);
        *found = rec;
    } else if (rc != SQLITE_DONE) {
        ret = sq__db_fail(st, c->db, "get");
    }
    sq__stmt_done(q);
    return ret;
}

static int sq_put_todo(store_t *s, const todo_store_record_t *r, const todo_alloc_t *a,
                       bool *skipped, tc_status_t *st)
{
    conn_t *c = write_begin(s, st);
    if (!c)
        return st ? st->code : TC_EIO;
    todo_store_record_t old, *found = NULL;
    int ret = load_any(c, r->todo->id, a, &old, &found, st);
    if (ret == 0)
        ret = todo_rec_put_check(found, r, a, skipped, st);
    bool write = ret == 0 && !*skipped;
    if (write) {
        row_meta_t m = todo_rec_record_meta(r);
        ret = insert_todo(c, r->user_id, r->todo, &m, st);
    }
    return write_end(s, c, ret, r->user_id, TODO__V1__EVENT_TYPE__EVENT_CREATED,
                     write ? r->todo : NULL, st);
}

static int sq_put_request(store_t *s, const todo_store_request_t *r, const todo_alloc_t *a,
                          bool *skipped, tc_status_t *st)
{
    conn_t *c = write_begin(s, st);
    if (!c)
        return st ? st->code : TC_EIO;
    sqlite3_stmt *q = sq__conn_stmt(c, S_IDEM_COPY, st);
    int ret = q ? 0 : TC_EIO;
    if (q) {
        sqlite3_bind_text(q, 1, r->user_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, r->request_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, r->todo_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 4, r->created_ms);
        ret = sq__step_done(c, q, "idempotency record", st);
    }
    char *stored = NULL;
    if (ret == 0 && sqlite3_changes(c->db) == 0)
        ret = idem_lookup(c, r->user_id, r->request_id, INT64_MIN, a, &stored, st);
    if (ret == 0 && stored)
        ret = todo_rec_put_request_check(stored, r, skipped, st);
    return write_end(s, c, ret, NULL, 0, NULL, st);
}

/* ---- engine ---- */

/* Every --db value another engine did not claim is a SQLite path. */
static bool sq_accepts(const char *db)
{
    (void)db;
    return true;
}

static const todo_store_ops_t sq_ops = {
    .destroy = sq_destroy,
    .set_listener = sq_set_listener,
    .schema_version = sq_schema_version,
    .is_shared = sq_is_shared,
    .create_todo = sq_create_todo,
    .get_todo = sq_get_todo,
    .list_todos = sq_list_todos,
    .update_todo = sq_update_todo,
    .delete_todo = sq_delete_todo,
    .next_reminder = sq_next_reminder,
    .claim_reminders = sq_claim_reminders,
    .scan_todos = sq_scan_todos,
    .scan_requests = sq_scan_requests,
    .put_todo = sq_put_todo,
    .put_request = sq_put_request,
};

const todo_store_engine_t todo_sqlite_engine = {
    .name = "sqlite",
    .accepts = sq_accepts,
    .open = sq_open,
    .latest_version = N_MIGRATIONS,
    .ops = &sq_ops,
};
