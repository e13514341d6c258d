/* store_pg: the PostgreSQL implementation of store.h, for replicas that
 * share one database (--db postgresql://... or postgres://..., a libpq URI).
 *
 * Same semantics as store_sqlite.c; the rules both follow live once in
 * store_rec.c. Layout: `todos` (tags as a text[]), `create_requests` for
 * idempotent create (primary key (user_id, request_id), so two replicas
 * racing with one request id make one todo), `meta` for the page token key
 * (one key per database: a token from one replica works on all), `changes`
 * plus NOTIFY for the change feed (store_pg_feed.h), `todo_schema` for the
 * schema version.
 *
 * Concurrency: no process-wide write lock. Each write is one transaction on
 * a pooled connection (store_pg_conn.h); an update or delete locks its row
 * (SELECT ... FOR UPDATE), so two replicas changing one todo take turns.
 * Reminders are claimed by a conditional UPDATE, so exactly one replica
 * delivers each. Listeners see every change once, in commit order
 * (store_pg_feed.h).
 *
 * Search: title or notes ILIKE '%needle%' (wildcards escaped), served by
 * pg_trgm GIN indexes on title and on notes (a BitmapOr of both), so a
 * search reads the rows that match, not all of the user's. Case folding is
 * PostgreSQL's lower() under the database's LC_CTYPE: with a UTF-8 locale
 * (C.UTF-8, en_US.UTF-8) it folds all of Unicode's simple case mappings,
 * which is a superset of store_sqlite.c's table (Latin-1, Latin
 * Extended-A, Greek, Cyrillic); with the C locale only ASCII. Neither folds
 * one letter into two ("straße" does not match "STRASSE"). A needle under 3
 * characters has no trigram and scans the user's rows, as SQLite does. */
#include "store_backend.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "google/protobuf/timestamp.pb-c.h"
#include "page_token.h"
#include "store_pg_conn.h"
#include "store_pg_feed.h"
#include "store_cols.h"
#include "store_rec.h"
#include "xalloc.h"

#define MAX_CONNS    8
#define PURGE_EVERY  1024   /* writes between purges of old request ids and changes */
#define MIGRATE_MS   300000 /* a migration may wait for another replica's */
#define REMIND_BATCH 200
#define NULL_DUE_KEY "9223372036854775807"

/* ---- schema ---- */

/* Migration i brings the schema from version i to i+1. Append only: a
 * released migration never changes. They run in one transaction under an
 * advisory lock (migrate()), so replicas starting together take turns and
 * the later ones find the work done. */
static const char *const migrations[] = {
    /* 1: todos, idempotent create, the page token key, the change feed. */
    "CREATE TABLE todos ("
    " seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " id text NOT NULL UNIQUE,"
    " user_id text NOT NULL,"
    " title text NOT NULL,"
    " notes text NOT NULL DEFAULT '',"
    " done boolean NOT NULL DEFAULT false,"
    " priority integer NOT NULL DEFAULT 0,"
    " due_s bigint,"
    " due_ns integer NOT NULL DEFAULT 0,"
    " tags text[] NOT NULL DEFAULT '{}',"
    " created_ms bigint NOT NULL,"
    " updated_ms bigint NOT NULL,"
    " completed_ms bigint,"
    " recurrence text NOT NULL DEFAULT '',"
    " time_zone text NOT NULL DEFAULT '',"
    " series_start_s bigint,"
    " spawned boolean NOT NULL DEFAULT false,"
    " remind_s bigint,"
    " remind_ns integer NOT NULL DEFAULT 0,"
    " reminded_ms bigint,"
    " next_id text);"
    "CREATE INDEX todos_user_seq ON todos (user_id, seq);"
    "CREATE INDEX todos_reminders ON todos (remind_s, remind_ns)"
    " WHERE remind_s IS NOT NULL AND reminded_ms IS NULL AND NOT done;"
    "CREATE INDEX todos_next ON todos (next_id) WHERE next_id IS NOT NULL;"
    "CREATE TABLE create_requests ("
    " user_id text NOT NULL,"
    " request_id text NOT NULL,"
    " todo_id text NOT NULL,"
    " created_ms bigint NOT NULL,"
    " PRIMARY KEY (user_id, request_id));"
    "CREATE INDEX create_requests_created ON create_requests (created_ms);"
    "CREATE TABLE meta (name text PRIMARY KEY, value bytea NOT NULL);"
    "CREATE TABLE changes ("
    " seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " origin bigint NOT NULL,"
    " user_id text NOT NULL,"
    " type integer NOT NULL,"
    " todo bytea NOT NULL);",
    /* 2: search by trigrams (pg_trgm), with user_id in the same GIN index
     * (btree_gin) so the posting lists of one user are intersected. Both
     * extensions are trusted: a database owner may create them. */
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;"
    "CREATE EXTENSION IF NOT EXISTS btree_gin;"
    "CREATE INDEX todos_title_trgm ON todos USING gin (user_id, title gin_trgm_ops);"
    "CREATE INDEX todos_notes_trgm ON todos USING gin (user_id, notes gin_trgm_ops);",
    /* 3: the planner never used those indexes for a search (it scanned every
     * todo of the user: 18 ms for one with 20,000). Two causes: rows written
     * since the last vacuum sit in a GIN index's pending list, which every
     * index scan reads whole, so the planner prices it above a scan; and the
     * two-column form adds nothing. Trigram indexes of their own, written
     * through at once (fastupdate off), give a BitmapOr of both columns
     * (1 ms), user_id then filters the few rows that match. */
    "DROP INDEX IF EXISTS todos_title_trgm;"
    "DROP INDEX IF EXISTS todos_notes_trgm;"
    "CREATE INDEX todos_title_tri ON todos USING gin (title gin_trgm_ops)"
    " WITH (fastupdate = off);"
    "CREATE INDEX todos_notes_tri ON todos USING gin (notes gin_trgm_ops)"
    " WITH (fastupdate = off);",
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* The written columns, in the order row_params() binds them. */
#define ROW_SET                                                                                    \
    "title = $2, notes = $3, done = $4, priority = $5, due_s = $6, due_ns = $7, tags = $8,"        \
    " created_ms = $9, updated_ms = $10, completed_ms = $11, recurrence = $12, time_zone = $13,"   \
    " series_start_s = $14, spawned = $15, remind_s = $16, remind_ns = $17, reminded_ms = $18,"    \
    " next_id = $19"
#define N_ROW_PARAMS 18

enum stmt_id {
    S_VERSION,
    S_GET,
    S_GET_LOCK,
    S_INSERT,
    S_UPDATE,
    S_DELETE,
    S_REARM,
    S_IDEM_CLAIM,
    S_IDEM_GET,
    S_IDEM_PURGE,
    S_CHANGE_PUT,
    S_CHANGE_PURGE,
    S_KEY_PUT,
    S_KEY_GET,
    S_REMIND_CLAIM,
    S_REMIND_DUE,
    S_REMIND_NEXT,
    S_SCAN,
    S_GET_ANY,
    S_IDEM_SCAN,
    S_IDEM_COPY,
    S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
    [S_VERSION] = "SELECT version FROM todo_schema",
    [S_GET] = "SELECT " TODO_COLS " FROM todos WHERE id = $1 AND user_id = $2",
    [S_GET_LOCK] = "SELECT " TODO_COLS " FROM todos WHERE id = $1 AND user_id = $2 FOR UPDATE",
    /* An insert is an id and user, then the written columns: $1 is the id
     * here where it is the seq in an update, hence the shifted list. */
    [S_INSERT] =
        "INSERT INTO todos (id, user_id, title, notes, done, priority, due_s, due_ns, tags,"
        " created_ms, updated_ms, completed_ms, recurrence, time_zone, series_start_s,"
        " spawned, remind_s, remind_ns, reminded_ms, next_id) VALUES ($1, $20, $2, $3, $4,"
        " $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    [S_UPDATE] = "UPDATE todos SET " ROW_SET " WHERE seq = $1",
    [S_DELETE] = "DELETE FROM todos WHERE seq = $1",
    /* The open occurrence whose unused next one was just deleted may make
     * one again (a chat undo of its completion reopens it, then deletes). */
    [S_REARM] = "UPDATE todos SET spawned = false, next_id = NULL"
                " WHERE next_id = $2 AND user_id = $1 AND NOT done",
    /* Claims the request id for a new todo: a fresh key, or one whose
     * record expired, comes back; a live one (also one a concurrent
     * transaction just committed: ON CONFLICT waits for it) does not. */
    [S_IDEM_CLAIM] = "INSERT INTO create_requests AS r (user_id, request_id, todo_id, created_ms)"
                     " VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, request_id) DO UPDATE"
                     " SET todo_id = EXCLUDED.todo_id, created_ms = EXCLUDED.created_ms"
                     " WHERE r.created_ms <= $5 RETURNING todo_id",
    [S_IDEM_GET] = "SELECT todo_id FROM create_requests WHERE user_id = $1 AND request_id = $2",
    [S_IDEM_PURGE] = "DELETE FROM create_requests WHERE created_ms <= $1",
    /* The event row and its notification ("<origin> <seq>"), sent at
     * COMMIT (store_pg_feed.h). */
    [S_CHANGE_PUT] = "WITH c AS (INSERT INTO changes (origin, user_id, type, todo)"
                     " VALUES ($1, $2, $3, $4) RETURNING seq)"
                     " SELECT seq, pg_notify('" PG_FEED_CHANNEL "', concat($1::bigint, ' ', seq))"
                     " FROM c",
    [S_CHANGE_PURGE] = "DELETE FROM changes WHERE seq < $1",
    /* The first replica to open the database picks the key; all use it. */
    [S_KEY_PUT] = "INSERT INTO meta (name, value) VALUES ('page_token_key', $1)"
                  " ON CONFLICT (name) DO NOTHING",
    [S_KEY_GET] = "SELECT value FROM meta WHERE name = 'page_token_key'",
    /* The claim: only while this very reminder is still undelivered, so
     * one replica (of any number) wins it. */
    [S_REMIND_CLAIM] = "UPDATE todos SET reminded_ms = $2 WHERE seq = $1 AND reminded_ms IS NULL"
                       " AND NOT done AND remind_s = $3 AND remind_ns = $4 RETURNING " TODO_COLS,
    [S_REMIND_DUE] = "SELECT seq, user_id, id, remind_s, remind_ns FROM todos"
                     " WHERE remind_s IS NOT NULL AND reminded_ms IS NULL AND NOT done"
                     " AND remind_s <= $1::bigint / 1000"
                     " AND remind_s * 1000 + remind_ns / 1000000 <= $1"
                     " ORDER BY remind_s, remind_ns LIMIT 200",
    [S_REMIND_NEXT] = "SELECT min(remind_s * 1000 + remind_ns / 1000000) FROM todos"
                      " WHERE remind_s IS NOT NULL AND reminded_ms IS NULL AND NOT done"
                      " AND remind_s >= $1::bigint / 1000 - 1"
                      " AND remind_s * 1000 + remind_ns / 1000000 > $1",
    /* Copying a store (store.h): every row of every user, the owner last. */
    [S_SCAN] = "SELECT " TODO_COLS ", user_id FROM todos WHERE seq > $1 ORDER BY seq LIMIT $2",
    [S_GET_ANY] = "SELECT " TODO_COLS ", user_id FROM todos WHERE id = $1",
    [S_IDEM_SCAN] = "SELECT user_id, request_id, todo_id, created_ms FROM create_requests"
                    " WHERE (user_id, request_id) > ($1, $2) ORDER BY user_id, request_id LIMIT $3",
    [S_IDEM_COPY] = "INSERT INTO create_requests (user_id, request_id, todo_id, created_ms)"
                    " VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, request_id) DO NOTHING",
};

/* ---- types ---- */

typedef struct todo_backend store_t;

struct todo_backend {
    pgc_pool_t *pool;
    pg_feed_t *feed; /* NULL below version 1 (tests) */
    page_token_codec_t *tokens;
    int64_t origin; /* random id of this handle in the change feed */
    atomic_uint idem_writes, change_writes;
};

/* Text parameters of one statement; each p_* returns the $ number. */
#define MAX_PARAMS 32
typedef struct params {
    const char *v[MAX_PARAMS];
    char num[MAX_PARAMS][24];
    int n;
} params_t;

static int p_str(params_t *p, const char *s)
{
    p->v[p->n] = s;
    return ++p->n;
}

static int p_int(params_t *p, int64_t x)
{
    snprintf(p->num[p->n], sizeof p->num[p->n], "%lld", (long long)x);
    return p_str(p, p->num[p->n]);
}

static int p_bool(params_t *p, bool b)
{
    return p_str(p, b ? "t" : "f");
}

/* The timestamp's seconds (or NULL) and nanos (0 when unset). */
static void p_ts(params_t *p, const Google__Protobuf__Timestamp *ts)
{
    if (ts)
        p_int(p, ts->seconds);
    else
        p_str(p, NULL);
    p_int(p, ts ? ts->nanos : 0);
}

static void p_ms(params_t *p, const Google__Protobuf__Timestamp *ts)
{
    if (ts)
        p_int(p, todo_rec_ms(ts));
    else
        p_str(p, NULL);
}

/* ---- values ---- */

static int64_t v_int(const PGresult *r, int row, int col)
{
    return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static bool v_null(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col);
}

static char *v_str(const PGresult *r, int row, int col, const todo_alloc_t *a)
{
    return todo_rec_strndup(a, PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
}

/* tags as a text[] literal: every element quoted, '"' and '\' escaped. */
static char *tags_literal(char *const *tags, size_t n, const todo_alloc_t *a)
{
    size_t cap = 3;
    for (size_t i = 0; i < n; i++)
        cap += 2 * strlen(tags[i]) + 3;
    char *out = a->alloc(a->ctx, cap), *o = out;
    *o++ = '{';
    for (size_t i = 0; i < n; i++) {
        if (i)
            *o++ = ',';
        *o++ = '"';
        for (const char *s = tags[i]; *s; s++) {
            if (*s == '"' || *s == '\\')
                *o++ = '\\';
            *o++ = *s;
        }
        *o++ = '"';
    }
    *o++ = '}';
    *o = '\0';
    return out;
}

/* Reads one element of an array literal at *pp (quoted with backslash
 * escapes, or bare) into out; advances past it and its separator. */
static size_t array_element(const char **pp, char *out)
{
    const char *p = *pp;
    size_t n = 0;
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++) {
            if (*p == '\\' && p[1])
                p++;
            out[n++] = *p;
        }
        if (*p == '"')
            p++;
    } else {
        while (*p && *p != ',' && *p != '}')
            out[n++] = *p++;
    }
    out[n] = '\0';
    if (*p == ',')
        p++;
    *pp = p;
    return n;
}

/* Parses PostgreSQL's text form of a text[] ("{a,\"b c\"}") into t's tags. */
static void tags_parse(Todo__V1__Todo *t, const char *lit, const todo_alloc_t *a)
{
    size_t len = strlen(lit), n = 0;
    for (size_t i = 0; i < len; i++)
        n += lit[i] == ',';
    if (len <= 2)
        return;
    char *buf = a->alloc(a->ctx, len + 1);
    t->tags = a->alloc(a->ctx, (n + 1) * sizeof *t->tags);
    const char *p = lit + 1;
    while (*p && *p != '}' && t->n_tags <= n) {
        size_t got = array_element(&p, buf);
        t->tags[t->n_tags++] = buf;
        buf += got + 1;
    }
}

/* Reads row i of r (TODO_COLS) into a new Todo allocated with a, and its
 * meta into m when m is not NULL. */
static Todo__V1__Todo *row_to_todo(const PGresult *r, int i, const todo_alloc_t *a,
                                   todo_rec_meta_t *m)
{
    Todo__V1__Todo *t = a->alloc(a->ctx, sizeof *t);
    todo__v1__todo__init(t);
    t->id = v_str(r, i, TODO_COL_ID, a);
    t->title = v_str(r, i, TODO_COL_TITLE, a);
    t->notes = v_str(r, i, TODO_COL_NOTES, a);
    t->done = PQgetvalue(r, i, TODO_COL_DONE)[0] == 't';
    t->priority = (Todo__V1__Priority)v_int(r, i, TODO_COL_PRIORITY);
    if (!v_null(r, i, TODO_COL_DUE_S))
        t->due = todo_rec_ts(a, v_int(r, i, TODO_COL_DUE_S), (int32_t)v_int(r, i, TODO_COL_DUE_NS));
    tags_parse(t, PQgetvalue(r, i, TODO_COL_TAGS), a);
    t->created_at = todo_rec_ts_ms(a, v_int(r, i, TODO_COL_CREATED));
    t->updated_at = todo_rec_ts_ms(a, v_int(r, i, TODO_COL_UPDATED));
    if (!v_null(r, i, TODO_COL_COMPLETED))
        t->completed_at = todo_rec_ts_ms(a, v_int(r, i, TODO_COL_COMPLETED));
    t->recurrence = v_str(r, i, TODO_COL_RECUR, a);
    t->time_zone = v_str(r, i, TODO_COL_TZ, a);
    if (!v_null(r, i, TODO_COL_REMIND_S))
        t->remind_at = todo_rec_ts(a, v_int(r, i, TODO_COL_REMIND_S),
                                   (int32_t)v_int(r, i, TODO_COL_REMIND_NS));
    if (!v_null(r, i, TODO_COL_REMINDED))
        t->reminded_at = todo_rec_ts_ms(a, v_int(r, i, TODO_COL_REMINDED));
    if (!v_null(r, i, TODO_COL_NEXT_ID))
        t->next_occurrence_id = v_str(r, i, TODO_COL_NEXT_ID, a);
    if (m)
        *m = (todo_rec_meta_t){.seq = v_int(r, i, TODO_COL_SEQ),
                               .has_series = !v_null(r, i, TODO_COL_SERIES),
                               .series_start_s =
                                   v_null(r, i, TODO_COL_SERIES) ? 0 : v_int(r, i, TODO_COL_SERIES),
                               .spawned = PQgetvalue(r, i, TODO_COL_SPAWNED)[0] == 't'};
    return t;
}

/* Binds the written columns of t and m ($2..$19 of S_UPDATE and S_INSERT). */
static void row_params(params_t *p, const Todo__V1__Todo *t, const todo_rec_meta_t *m,
                       const todo_alloc_t *a)
{
    p_str(p, t->title);
    p_str(p, t->notes ? t->notes : "");
    p_bool(p, t->done);
    p_int(p, t->priority);
    p_ts(p, t->due);
    p_str(p, tags_literal(t->tags, t->n_tags, a));
    p_ms(p, t->created_at);
    p_ms(p, t->updated_at);
    p_ms(p, t->completed_at);
    p_str(p, t->recurrence ? t->recurrence : "");
    p_str(p, t->time_zone ? t->time_zone : "");
    if (m->has_series)
        p_int(p, m->series_start_s);
    else
        p_str(p, NULL);
    p_bool(p, m->spawned);
    p_ts(p, t->remind_at);
    p_ms(p, t->reminded_at);
    p_str(p, t->next_occurrence_id && t->next_occurrence_id[0] ? t->next_occurrence_id : NULL);
}

/* Runs statement id expecting no rows or ignoring them. */
static int run(pgc_conn_t *c, enum stmt_id id, const params_t *p, const char *what, long *changed,
               tc_status_t *st)
{
    PGresult *r = pgc_exec(c, id, p->n, p->v, what, st);
    if (!r)
        return st ? st->code : TC_EIO;
    if (changed)
        *changed = pgc_affected(r);
    PQclear(r);
    return 0;
}

/* ---- migrations and the page token key ---- */

static int read_version(pgc_conn_t *c, int *v, tc_status_t *st)
{
    PGresult *r = pgc_exec(c, S_VERSION, 0, NULL, "read schema version", st);
    if (!r)
        return st ? st->code : TC_EIO;
    *v = PQntuples(r) == 1 ? (int)v_int(r, 0, 0) : 0;
    PQclear(r);
    return 0;
}

/* Brings the schema to target in one transaction, holding an advisory lock
 * so replicas starting at once migrate one after the other. */
static int migrate(pgc_conn_t *c, int target, tc_status_t *st)
{
    int ret = pgc_script(c,
                         "BEGIN; SET LOCAL lock_timeout = 0; SET LOCAL statement_timeout = 0;"
                         " SELECT pg_advisory_xact_lock(hashtext('todo-svc schema'));"
                         " CREATE TABLE IF NOT EXISTS todo_schema (version integer NOT NULL);"
                         " INSERT INTO todo_schema SELECT 0"
                         " WHERE NOT EXISTS (SELECT 1 FROM todo_schema)",
                         MIGRATE_MS, st);
    int v = 0;
    if (ret == 0)
        ret = read_version(c, &v, st);
    if (ret == 0)
        ret = todo_rec_schema_check(v, N_MIGRATIONS, st);
    for (; ret == 0 && v < target; v++) {
        char bump[64];
        snprintf(bump, sizeof bump, "UPDATE todo_schema SET version = %d", v + 1);
        ret = pgc_script(c, migrations[v], MIGRATE_MS, st);
        if (ret == 0)
            ret = pgc_script(c, bump, MIGRATE_MS, st);
    }
    if (ret == 0)
        ret = pgc_command(c, "COMMIT", st);
    if (ret != 0)
        pgc_command(c, "ROLLBACK", NULL);
    return ret;
}

/* Reads the page token key, storing a new random one first if the database
 * has none (when replicas start at once, all read the one that got in). */
static int tokens_open(store_t *s, pgc_conn_t *c, tc_status_t *st)
{
    unsigned char fresh[PAGE_TOKEN_KEY_LEN];
    char hex[2 * PAGE_TOKEN_KEY_LEN + 3] = "\\x";
    if (page_token_new_key(fresh) != 0)
        return tc_status_set(st, TC_EIO, "db: no random bytes for the page token key");
    for (int i = 0; i < PAGE_TOKEN_KEY_LEN; i++)
        snprintf(hex + 2 + 2 * i, 3, "%02x", fresh[i]);
    explicit_bzero(fresh, sizeof fresh);
    params_t p = {0};
    p_str(&p, hex);
    int ret = run(c, S_KEY_PUT, &p, "store the page token key", NULL, st);
    explicit_bzero(hex, sizeof hex);
    PGresult *r = ret ? NULL : pgc_exec(c, S_KEY_GET, 0, NULL, "read the page token key", st);
    if (!r)
        return ret ? ret : (st ? st->code : TC_EIO);
    size_t len = 0;
    unsigned char *key =
        PQntuples(r) == 1 ? PQunescapeBytea((const unsigned char *)PQgetvalue(r, 0, 0), &len) : 0;
    PQclear(r);
    if (!key || len != PAGE_TOKEN_KEY_LEN)
        ret = tc_status_set(st, TC_EINVAL, "db: the page token key in meta is not %d bytes",
                            PAGE_TOKEN_KEY_LEN);
    else if (!(s->tokens = page_token_codec_create(key, st)))
        ret = TC_EINTERNAL;
    if (key) {
        explicit_bzero(key, len);
        PQfreemem(key);
    }
    return ret;
}

/* ---- open and close ---- */

static void pg_destroy(store_t *s)
{
    if (!s)
        return;
    pg_feed_destroy(s->feed);
    page_token_codec_destroy(s->tokens);
    pgc_pool_destroy(s->pool);
    free(s);
}

static store_t *pg_open(const char *uri, int version, tc_status_t *st)
{
    store_t *s = xcalloc(1, sizeof *s);
    s->pool = pgc_pool_create(uri, MAX_CONNS, (pgc_stmts_t){stmt_sql, S_COUNT});
    uint64_t origin = 0;
    if (getrandom(&origin, sizeof origin, 0) != (ssize_t)sizeof origin)
        origin = (uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)s;
    s->origin = (int64_t)(origin >> 1);
    pgc_conn_t *c = pgc_acquire(s->pool, st);
    int ret = c ? migrate(c, version, st) : (st ? st->code : TC_EUNAVAIL);
    if (ret == 0 && version >= 1)
        ret = tokens_open(s, c, st);
    pgc_release(s->pool, c);
    if (ret != 0) {
        pg_destroy(s);
        return NULL;
    }
    if (version >= 1)
        s->feed = pg_feed_create(uri, s->origin);
    return s;
}

static void pg_set_listener(store_t *s, todo_store_listener_fn fn, void *ctx)
{
    if (s->feed)
        pg_feed_set_listener(s->feed, fn, ctx);
}

static int pg_schema_version(store_t *s)
{
    pgc_conn_t *c = pgc_acquire(s->pool, NULL);
    int v = -1;
    if (c && read_version(c, &v, NULL) != 0)
        v = -1;
    pgc_release(s->pool, c);
    return v;
}

/* A PostgreSQL database is shared by design: every change goes through the
 * feed. */
static bool pg_is_shared(store_t *s)
{
    (void)s;
    return true;
}

/* ---- writes ---- */

/* One write transaction and the events it will announce. */
typedef struct pg_write {
    pgc_conn_t *c;
    pg_feed_event_t ev[2];
    size_t n_ev;
} pg_write_t;

static int write_begin(store_t *s, pg_write_t *w, tc_status_t *st)
{
    *w = (pg_write_t){0};
    w->c = pgc_acquire(s->pool, st);
    if (!w->c)
        return st ? st->code : TC_EUNAVAIL;
    int ret = pgc_command(w->c, "BEGIN", st);
    if (ret != 0) {
        pgc_release(s->pool, w->c);
        w->c = NULL;
    }
    return ret;
}

/* Appends the event to `changes` (with its NOTIFY) inside the transaction
 * and registers it with the feed; trims the table now and then. */
static int write_event(store_t *s, pg_write_t *w, const char *user_id, Todo__V1__EventType type,
                       const Todo__V1__Todo *t, const todo_alloc_t *a, tc_status_t *st)
{
    size_t n = protobuf_c_message_get_packed_size(&t->base);
    uint8_t *packed = a->alloc(a->ctx, n + 1);
    protobuf_c_message_pack(&t->base, packed);
    char *hex = a->alloc(a->ctx, 2 * n + 3);
    memcpy(hex, "\\x", 2);
    for (size_t i = 0; i < n; i++)
        snprintf(hex + 2 + 2 * i, 3, "%02x", packed[i]);
    params_t p = {0};
    p_int(&p, s->origin);
    p_str(&p, user_id);
    p_int(&p, type);
    p_str(&p, hex);
    PGresult *r = pgc_exec(w->c, S_CHANGE_PUT, p.n, p.v, "change feed", st);
    if (!r)
        return st ? st->code : TC_EIO;
    pg_feed_event_t *ev = &w->ev[w->n_ev++];
    *ev = (pg_feed_event_t){.seq = v_int(r, 0, 0), .user_id = user_id, .type = type, .todo = t};
    PQclear(r);
    pg_feed_expect(s->feed, ev);
    if (atomic_fetch_add(&s->change_writes, 1) % PURGE_EVERY != PURGE_EVERY - 1)
        return 0;
    params_t q = {0};
    p_int(&q, ev->seq - PG_FEED_KEPT);
    return run(w->c, S_CHANGE_PURGE, &q, "change feed purge", NULL, st);
}

/* Commits (ret == 0) or rolls back, gives the connection back, then
 * returns once the events are delivered (store_pg_feed.h). */
static int write_end(store_t *s, pg_write_t *w, int ret, tc_status_t *st)
{
    if (ret == 0)
        ret = pgc_command(w->c, "COMMIT", st);
    else
        pgc_command(w->c, "ROLLBACK", NULL);
    pgc_release(s->pool, w->c);
    pg_feed_settle(s->feed, w->ev, w->n_ev, ret == 0);
    return ret;
}

/* Looks up user_id's todo id (locking the row when lock); *out NULL when
 * absent. */
static int load_todo(pgc_conn_t *c, const char *user_id, const char *id, bool lock,
                     const todo_alloc_t *a, Todo__V1__Todo **out, todo_rec_meta_t *m,
                     tc_status_t *st)
{
    params_t p = {0};
    p_str(&p, id);
    p_str(&p, user_id);
    PGresult *r = pgc_exec(c, lock ? S_GET_LOCK : S_GET, p.n, p.v, "get", st);
    *out = NULL;
    if (!r)
        return st ? st->code : TC_EIO;
    if (PQntuples(r) == 1)
        *out = row_to_todo(r, 0, a, m);
    PQclear(r);
    return 0;
}

static int insert_todo(pgc_conn_t *c, const char *user_id, const Todo__V1__Todo *t,
                       const todo_rec_meta_t *m, const todo_alloc_t *a, tc_status_t *st)
{
    params_t p = {0};
    p_str(&p, t->id);
    row_params(&p, t, m, a);
    p_str(&p, user_id);
    return run(c, S_INSERT, &p, "insert", NULL, st);
}

/* Claims request_id for new_id. *first_id is NULL when this create goes
 * ahead, else the id of the todo an earlier create made (a replay). */
static int idem_claim(store_t *s, pgc_conn_t *c, const char *user_id, const char *request_id,
                      const char *new_id, int64_t now_ms, const todo_alloc_t *a, char **first_id,
                      tc_status_t *st)
{
    params_t p = {0};
    p_str(&p, user_id);
    p_str(&p, request_id);
    p_str(&p, new_id);
    p_int(&p, now_ms);
    p_int(&p, now_ms - TODO_STORE_REQUEST_TTL_MS);
    PGresult *r = pgc_exec(c, S_IDEM_CLAIM, p.n, p.v, "idempotency record", st);
    if (!r)
        return st ? st->code : TC_EIO;
    bool mine = PQntuples(r) == 1;
    PQclear(r);
    *first_id = NULL;
    if (!mine) {
        p.n = 2;
        if (!(r = pgc_exec(c, S_IDEM_GET, p.n, p.v, "idempotency lookup", st)))
            return st ? st->code : TC_EIO;
        *first_id = PQntuples(r) == 1 ? v_str(r, 0, 0, a) : NULL;
        PQclear(r);
        if (!*first_id)
            return tc_status_set(st, TC_EUNAVAIL, "db: idempotency record vanished; retry");
        return 0;
    }
    /* Now and then, forget expired request ids. */
    if (atomic_fetch_add(&s->idem_writes, 1) % PURGE_EVERY != PURGE_EVERY - 1)
        return 0;
    params_t q = {0};
    p_int(&q, now_ms - TODO_STORE_REQUEST_TTL_MS);
    return run(c, S_IDEM_PURGE, &q, "idempotency purge", NULL, st);
}

static int pg_create_todo(store_t *s, const char *user_id, const Todo__V1__Todo *in,
                          const char *request_id, int64_t now_ms, const todo_alloc_t *a,
                          Todo__V1__Todo **out, bool *replayed, tc_status_t *st)
{
    *out = NULL;
    if (replayed)
        *replayed = false;
    pg_write_t w;
    int ret = write_begin(s, &w, st);
    if (ret != 0)
        return ret;
    todo_rec_meta_t m;
    Todo__V1__Todo *t = todo_rec_new(in, now_ms, a, &m);
    char *first_id = NULL;
    if (request_id && *request_id)
        ret = idem_claim(s, w.c, user_id, request_id, t->id, now_ms, a, &first_id, st);
    if (ret == 0 && first_id) {
        ret = load_todo(w.c, user_id, first_id, false, a, out, NULL, st);
        if (ret == 0 && !*out)
            ret =
                tc_status_set(st, TC_ENOTFOUND, "request_id: the todo it created has been deleted");
        if (ret == 0 && replayed)
            *replayed = true;
        return write_end(s, &w, ret, st);
    }
    if (ret == 0)
        ret = insert_todo(w.c, user_id, t, &m, a, st);
    if (ret == 0)
        ret = write_event(s, &w, user_id, TODO__V1__EVENT_TYPE__EVENT_CREATED, t, a, st);
    ret = write_end(s, &w, ret, st);
    if (ret == 0)
        *out = t;
    return ret;
}

static int pg_get_todo(store_t *s, const char *user_id, const char *id, const todo_alloc_t *a,
                       Todo__V1__Todo **out, tc_status_t *st)
{
    *out = NULL;
    pgc_conn_t *c = pgc_acquire(s->pool, st);
    if (!c)
        return st ? st->code : TC_EUNAVAIL;
    int ret = load_todo(c, user_id, id, false, a, out, NULL, st);
    pgc_release(s->pool, c);
    if (ret == 0 && !*out)
        ret = tc_status_set(st, TC_ENOTFOUND, "id: no todo %s", id);
    return ret;
}

static int write_row(pgc_conn_t *c, const Todo__V1__Todo *t, const todo_rec_meta_t *m,
                     const todo_alloc_t *a, tc_status_t *st)
{
    params_t p = {0};
    p_int(&p, m->seq);
    row_params(&p, t, m, a);
    return run(c, S_UPDATE, &p, "update", NULL, st);
}

static int pg_update_todo(store_t *s, const char *user_id, const Todo__V1__Todo *patch,
                          unsigned fields, int64_t now_ms, const todo_alloc_t *a,
                          Todo__V1__Todo **out, tc_status_t *st)
{
    *out = NULL;
    pg_write_t w;
    int ret = write_begin(s, &w, st);
    if (ret != 0)
        return ret;
    Todo__V1__Todo *t = NULL, *next = NULL;
    todo_rec_meta_t m = {0}, nm = {0};
    bool completing = false;
    ret = load_todo(w.c, user_id, patch->id, true, a, &t, &m, st);
    if (ret == 0 && !t)
        ret = tc_status_set(st, TC_ENOTFOUND, "id: no todo %s", patch->id);
    if (ret == 0)
        ret = todo_rec_patch(t, &m, patch, fields, now_ms, a, &completing, st);
    if (ret == 0 && completing && todo_rec_wants_next(t, &m)) {
        next = todo_rec_next(t, &m, a, &nm);
        m.spawned = true;
        if (next) {
            t->next_occurrence_id = next->id;
            ret = insert_todo(w.c, user_id, next, &nm, a, st);
        }
    }
    if (ret == 0)
        ret = write_row(w.c, t, &m, a, st);
    if (ret == 0)
        ret = write_event(s, &w, user_id, TODO__V1__EVENT_TYPE__EVENT_UPDATED, t, a, st);
    if (ret == 0 && next)
        ret = write_event(s, &w, user_id, TODO__V1__EVENT_TYPE__EVENT_CREATED, next, a, st);
    ret = write_end(s, &w, ret, st);
    if (ret == 0)
        *out = t;
    return ret;
}

/* t is being deleted: when it is a next occurrence still open and unchanged
 * since it was made, an open occurrence that made it may make one again. */
static int rearm_parent(pgc_conn_t *c, const char *user_id, const Todo__V1__Todo *t,
                        tc_status_t *st)
{
    if (t->done || !t->recurrence[0] || !todo_rec_ts_equal(t->created_at, t->updated_at))
        return 0;
    params_t p = {0};
    p_str(&p, user_id);
    p_str(&p, t->id);
    return run(c, S_REARM, &p, "rearm", NULL, st);
}

static int pg_delete_todo(store_t *s, const char *user_id, const char *id, const todo_alloc_t *a,
                          Todo__V1__Todo **old, tc_status_t *st)
{
    if (old)
        *old = NULL;
    pg_write_t w;
    int ret = write_begin(s, &w, st);
    if (ret != 0)
        return ret;
    Todo__V1__Todo *t = NULL;
    todo_rec_meta_t m = {0};
    ret = load_todo(w.c, user_id, id, true, a, &t, &m, st);
    if (ret == 0 && !t)
        ret = tc_status_set(st, TC_ENOTFOUND, "id: no todo %s", id);
    params_t p = {0};
    p_int(&p, m.seq);
    if (ret == 0)
        ret = run(w.c, S_DELETE, &p, "delete", NULL, st);
    if (ret == 0)
        ret = rearm_parent(w.c, user_id, t, st);
    if (ret == 0)
        ret = write_event(s, &w, user_id, TODO__V1__EVENT_TYPE__EVENT_DELETED, t, a, st);
    ret = write_end(s, &w, ret, st);
    if (ret == 0 && old)
        *old = t;
    return ret;
}

/* ---- list ---- */

/* Each sort key as an SQL expression that sorts ascending: integers are
 * negated for " desc", and a missing due date is the largest value either
 * way, so it comes last. Titles compare with ASCII case folded and bytes
 * otherwise (SQLite's NOCASE), in their direction. */
#define FOLD_TITLE(x)                                                                              \
    "translate(" x ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE \"C\""
static const char *const sort_exprs[][2] = {
    [TODO_SORT_DUE] = {"coalesce(due_s * 1000 + due_ns / 1000000, " NULL_DUE_KEY ")",
                       "coalesce(-(due_s * 1000 + due_ns / 1000000), " NULL_DUE_KEY ")"},
    [TODO_SORT_PRIORITY] = {"priority", "-priority"},
    [TODO_SORT_TITLE] = {FOLD_TITLE("title"), FOLD_TITLE("title")},
    [TODO_SORT_CREATED] = {"created_ms", "-created_ms"},
    [TODO_SORT_UPDATED] = {"updated_ms", "-updated_ms"},
};

static const char *sort_expr(todo_sort_t k)
{
    return sort_exprs[k.key][k.desc];
}

/* A list query under construction: its SQL, its parameters, and a key
 * naming its shape for the statement cache. */
typedef struct list_sql {
    char sql[4096];
    size_t len;
    char key[160];
    params_t p;
    const todo_alloc_t *a; /* for values the parameters point to */
} list_sql_t;

static void ls_add(list_sql_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ls_add(list_sql_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (b->len < sizeof b->sql)
        b->len += (size_t)vsnprintf(b->sql + b->len, sizeof b->sql - b->len, fmt, ap);
    va_end(ap);
}

/* The position key i as a bound SQL value (TEXT keys point into the
 * token's buffer unterminated, so they are copied). */
static void ls_key(list_sql_t *b, const page_token_pos_t *pos, size_t i)
{
    const page_token_key_t *k = &pos->key[i];
    if (k->type == PAGE_TOKEN_TEXT)
        ls_add(b, FOLD_TITLE("$%d::text"), p_str(&b->p, todo_rec_strndup(b->a, k->s, k->len)));
    else
        ls_add(b, "$%d::bigint", p_int(&b->p, k->i));
}

/* The keyset condition: after (k1, .., kn, seq) in the query's order. */
static void ls_after(list_sql_t *b, const todo_query_t *q, const page_token_pos_t *pos)
{
    ls_add(b, " AND (");
    for (size_t i = 0; i <= q->n_sort; i++) {
        ls_add(b, "%s(", i ? " OR " : "");
        for (size_t j = 0; j < i; j++) {
            ls_add(b, "%s = ", sort_expr(q->sort[j]));
            ls_key(b, pos, j);
            ls_add(b, " AND ");
        }
        if (i == q->n_sort) {
            ls_add(b, "seq > $%d::bigint)", p_int(&b->p, pos->key[q->n_sort].i));
        } else {
            bool down = todo_rec_sort_is_text(q->sort[i]) && q->sort[i].desc;
            ls_add(b, "%s %s ", sort_expr(q->sort[i]), down ? "<" : ">");
            ls_key(b, pos, i);
            ls_add(b, ")");
        }
    }
    ls_add(b, ")");
}

/* '%' needle '%' for ILIKE, with the needle's wildcards made literal. */
static char *like_pattern(const char *needle, const todo_alloc_t *a)
{
    char *out = a->alloc(a->ctx, 2 * strlen(needle) + 3), *o = out;
    *o++ = '%';
    for (const char *s = needle; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            *o++ = '\\';
        *o++ = *s;
    }
    *o++ = '%';
    *o = '\0';
    return out;
}

/* The filters that are set, each a condition with its parameters. */
static void ls_filters(list_sql_t *b, const todo_query_t *q)
{
    static const char *const done_of[] = {
        [TODO__V1__STATUS_FILTER__STATUS_OPEN] = "f", [TODO__V1__STATUS_FILTER__STATUS_DONE] = "t"};
    size_t k = strlen(b->key);
    if (q->status == TODO__V1__STATUS_FILTER__STATUS_OPEN ||
        q->status == TODO__V1__STATUS_FILTER__STATUS_DONE) {
        ls_add(b, " AND done = $%d", p_str(&b->p, done_of[q->status]));
        b->key[k++] = 's';
    }
    if (q->query && *q->query) {
        int n = p_str(&b->p, like_pattern(q->query, b->a));
        ls_add(b, " AND (title ILIKE $%d OR notes ILIKE $%d)", n, n);
        b->key[k++] = 'q';
    }
    if (q->tag && *q->tag) {
        ls_add(b, " AND tags @> ARRAY[$%d::text]", p_str(&b->p, q->tag));
        b->key[k++] = 't';
    }
    if (q->due_before) {
        int n = p_int(&b->p, q->due_before->seconds);
        ls_add(b, " AND (due_s, due_ns) < ($%d::bigint, $%d::integer)", n,
               p_int(&b->p, q->due_before->nanos));
        b->key[k++] = 'b';
    }
    if (q->due_after) {
        int n = p_int(&b->p, q->due_after->seconds);
        ls_add(b, " AND (due_s, due_ns) >= ($%d::bigint, $%d::integer)", n,
               p_int(&b->p, q->due_after->nanos));
        b->key[k++] = 'a';
    }
    if (q->priorities) {
        ls_add(b, " AND ($%d::integer >> priority) & 1 = 1", p_int(&b->p, q->priorities));
        b->key[k++] = 'p';
    }
    b->key[k] = '\0';
}

/* Builds the list query for q (page position pos when has_pos) into b. */
static void list_build(list_sql_t *b, const char *user_id, const todo_query_t *q, const char *order,
                       const page_token_pos_t *pos, bool has_pos)
{
    ls_add(b, "SELECT " TODO_COLS " FROM todos WHERE user_id = $%d", p_str(&b->p, user_id));
    ls_filters(b, q);
    if (has_pos && q->n_sort == 0)
        ls_add(b, " AND seq > $%d::bigint", p_int(&b->p, pos->key[0].i));
    else if (has_pos)
        ls_after(b, q, pos);
    ls_add(b, " ORDER BY ");
    for (size_t i = 0; i < q->n_sort; i++)
        ls_add(b, "%s%s, ", sort_expr(q->sort[i]),
               todo_rec_sort_is_text(q->sort[i]) && q->sort[i].desc ? " DESC" : "");
    ls_add(b, "seq LIMIT $%d", p_int(&b->p, q->page_size + 1));
    size_t k = strlen(b->key);
    snprintf(b->key + k, sizeof b->key - k, "%s|%s", has_pos ? "P" : "", order);
}

/* Copies up to q->page_size rows of r into page; *more when a row is left
 * over, with *last the position of the last row sent. */
static void list_rows(const PGresult *r, const todo_query_t *q, const todo_alloc_t *a,
                      todo_page_t *page, page_token_pos_t *last, bool *more)
{
    size_t size = (size_t)q->page_size, bytes = 0;
    page->todos = a->alloc(a->ctx, size * sizeof *page->todos);
    *more = false;
    for (int i = 0; i < PQntuples(r); i++) {
        size_t row = todo_rec_row_bytes((size_t)PQgetlength(r, i, TODO_COL_TITLE),
                                        (size_t)PQgetlength(r, i, TODO_COL_NOTES),
                                        (size_t)PQgetlength(r, i, TODO_COL_TAGS));
        if (page->n == size || (page->n > 0 && bytes + row > TODO_STORE_PAGE_BYTES)) {
            *more = true;
            break;
        }
        bytes += row;
        page->todos[page->n] = row_to_todo(r, i, a, NULL);
        todo_rec_token_pos(page->todos[page->n++], v_int(r, i, TODO_COL_SEQ), q, last);
    }
}

static int pg_list_todos(store_t *s, const char *user_id, const todo_query_t *q,
                         const todo_alloc_t *a, todo_page_t *page, tc_status_t *st)
{
    todo_rec_list_t l;
    int ret = todo_rec_list_start(&l, s->tokens, user_id, q, a, page, st);
    if (ret != 0)
        return ret;
    list_sql_t *b = a->alloc(a->ctx, sizeof *b);
    b->a = a;
    list_build(b, user_id, q, l.bind.order, l.pos, l.has_pos);
    pgc_conn_t *c = pgc_acquire(s->pool, st);
    if (!c)
        return st ? st->code : TC_EUNAVAIL;
    /* A search is planned for its pattern: a prepared statement's generic
     * plan cannot know whether the trigram indexes help, and PostgreSQL
     * then scans the user's rows (20,000 todos: 21 ms instead of 0.06). */
    PGresult *r = q->query && *q->query
                      ? pgc_exec_unprepared(c, b->sql, b->p.n, b->p.v, "list", st)
                      : pgc_exec_dyn(c, b->key, b->sql, b->p.n, b->p.v, "list", st);
    pgc_release(s->pool, c);
    if (!r)
        return st ? st->code : TC_EIO;
    bool more = false;
    list_rows(r, q, a, page, l.last, &more);
    PQclear(r);
    return todo_rec_list_finish(&l, s->tokens, more, a, page, st);
}

/* ---- reminders ---- */

/* Runs statement id on a connection of the pool (a read outside any
 * transaction). NULL with st set on failure. */
static PGresult *read_once(store_t *s, enum stmt_id id, const params_t *p, const char *what,
                           tc_status_t *st)
{
    pgc_conn_t *c = pgc_acquire(s->pool, st);
    if (!c)
        return NULL;
    PGresult *r = pgc_exec(c, id, p->n, p->v, what, st);
    pgc_release(s->pool, c);
    return r;
}

static int pg_next_reminder(store_t *s, int64_t now_ms, int64_t *when_ms, tc_status_t *st)
{
    *when_ms = -1;
    params_t p = {0};
    p_int(&p, now_ms);
    PGresult *r = read_once(s, S_REMIND_NEXT, &p, "next reminder", st);
    if (!r)
        return st ? st->code : TC_EIO;
    if (PQntuples(r) == 1 && !v_null(r, 0, 0))
        *when_ms = v_int(r, 0, 0);
    PQclear(r);
    return 0;
}

/* The reminders due at now_ms (at most REMIND_BATCH, earliest first). */
static int due_reminders(void *engine, int64_t now_ms, const todo_alloc_t *a,
                         todo_rec_reminder_t **out, size_t *n, tc_status_t *st)
{
    store_t *s = engine;
    *n = 0;
    params_t p = {0};
    p_int(&p, now_ms);
    PGresult *r = read_once(s, S_REMIND_DUE, &p, "due reminders", st);
    if (!r)
        return st ? st->code : TC_EIO;
    *out = a->alloc(a->ctx, REMIND_BATCH * sizeof **out);
    for (int i = 0; i < PQntuples(r) && *n < REMIND_BATCH; i++)
        (*out)[(*n)++] = (todo_rec_reminder_t){.seq = v_int(r, i, 0),
                                               .user_id = v_str(r, i, 1, a),
                                               .remind_s = v_int(r, i, 3),
                                               .remind_ns = (int32_t)v_int(r, i, 4)};
    PQclear(r);
    return 0;
}

/* Claims d (sets reminded_at only while it is unset and remind_at is
 * still d's); the winner announces EVENT_REMINDER through the feed. */
static int claim_one(void *engine, const todo_rec_reminder_t *d, int64_t now_ms,
                     const todo_alloc_t *a, bool *won, tc_status_t *st)
{
    store_t *s = engine;
    *won = false;
    pg_write_t w;
    int ret = write_begin(s, &w, st);
    if (ret != 0)
        return ret;
    params_t p = {0};
    p_int(&p, d->seq);
    p_int(&p, now_ms);
    p_int(&p, d->remind_s);
    p_int(&p, d->remind_ns);
    PGresult *r = pgc_exec(w.c, S_REMIND_CLAIM, p.n, p.v, "claim reminder", st);
    Todo__V1__Todo *t = r && PQntuples(r) == 1 ? row_to_todo(r, 0, a, NULL) : NULL;
    ret = r ? 0 : (st ? st->code : TC_EIO);
    PQclear(r);
    if (ret == 0 && t)
        ret = write_event(s, &w, d->user_id, TODO__V1__EVENT_TYPE__EVENT_REMINDER, t, a, st);
    ret = write_end(s, &w, ret, st);
    *won = ret == 0 && t;
    return ret;
}

static int pg_claim_reminders(store_t *s, int64_t now_ms, todo_store_wanted_fn wanted, void *ctx,
                              size_t *claimed, tc_status_t *st)
{
    static const todo_rec_remind_ops_t ops = {due_reminders, claim_one};
    return todo_rec_claim_due(&ops, s, now_ms, wanted, ctx, claimed, st);
}

/* ---- copying a store (store.h) ---- */

/* Row i of r (TODO_COLS, then user_id) as a record allocated with a. */
static void row_record(const PGresult *r, int i, const todo_alloc_t *a, todo_store_record_t *rec)
{
    todo_rec_meta_t m;
    Todo__V1__Todo *t = row_to_todo(r, i, a, &m);
    todo_rec_record(rec, v_str(r, i, TODO_COL_USER, a), t, &m);
}

static int pg_scan_todos(store_t *s, int64_t after, size_t max, const todo_alloc_t *a,
                         todo_store_record_t **out, size_t *n, tc_status_t *st)
{
    *n = 0;
    *out = a->alloc(a->ctx, max * sizeof **out);
    params_t p = {0};
    p_int(&p, after);
    p_int(&p, (int64_t)max);
    PGresult *r = read_once(s, S_SCAN, &p, "scan", st);
    if (!r)
        return st ? st->code : TC_EIO;
    for (int i = 0; i < PQntuples(r) && *n < max; i++)
        row_record(r, i, a, &(*out)[(*n)++]);
    PQclear(r);
    return 0;
}

static int pg_scan_requests(store_t *s, const todo_store_request_t *after, size_t max,
                            const todo_alloc_t *a, todo_store_request_t **out, size_t *n,
                            tc_status_t *st)
{
    *n = 0;
    *out = a->alloc(a->ctx, max * sizeof **out);
    params_t p = {0};
    p_str(&p, after ? after->user_id : "");
    p_str(&p, after ? after->request_id : "");
    p_int(&p, (int64_t)max);
    PGresult *r = read_once(s, S_IDEM_SCAN, &p, "scan", st);
    if (!r)
        return st ? st->code : TC_EIO;
    for (int i = 0; i < PQntuples(r) && *n < max; i++)
        (*out)[(*n)++] = (todo_store_request_t){.user_id = v_str(r, i, 0, a),
                                                .request_id = v_str(r, i, 1, a),
                                                .todo_id = v_str(r, i, 2, a),
                                                .created_ms = v_int(r, i, 3)};
    PQclear(r);
    return 0;
}

/* The todo stored under id, whoever owns it, into *rec; *found is rec, or
 * NULL when there is none. */
static int load_any(pgc_conn_t *c, const char *id, const todo_alloc_t *a, todo_store_record_t *rec,
                    todo_store_record_t **found, tc_status_t *st)
{
    *found = NULL;
    params_t p = {0};
    p_str(&p, id);
    PGresult *r = pgc_exec(c, S_GET_ANY, p.n, p.v, "get", st);
    if (!r)
        return st ? st->code : TC_EIO;
    if (PQntuples(r) == 1) {
        row_record(r, 0, a, rec);
        *found = rec;
    }
    PQclear(r);
    return 0;
}

static int pg_put_todo(store_t *s, const todo_store_record_t *r, const todo_alloc_t *a,
                       bool *skipped, tc_status_t *st)
{
    pg_write_t w;
    int ret = write_begin(s, &w, st);
    if (ret != 0)
        return ret;
    todo_store_record_t old, *found = NULL;
    ret = load_any(w.c, r->todo->id, a, &old, &found, st);
    if (ret == 0)
        ret = todo_rec_put_check(found, r, a, skipped, st);
    if (ret == 0 && !*skipped) {
        todo_rec_meta_t m = todo_rec_record_meta(r);
        ret = insert_todo(w.c, r->user_id, r->todo, &m, a, st);
        if (ret == 0)
            ret =
                write_event(s, &w, r->user_id, TODO__V1__EVENT_TYPE__EVENT_CREATED, r->todo, a, st);
    }
    return write_end(s, &w, ret, st);
}

static int pg_put_request(store_t *s, const todo_store_request_t *r, const todo_alloc_t *a,
                          bool *skipped, tc_status_t *st)
{
    (void)a; /* the stored id is compared where libpq keeps it */
    pg_write_t w;
    int ret = write_begin(s, &w, st);
    if (ret != 0)
        return ret;
    params_t p = {0};
    p_str(&p, r->user_id);
    p_str(&p, r->request_id);
    p_str(&p, r->todo_id);
    p_int(&p, r->created_ms);
    long added = 0;
    ret = run(w.c, S_IDEM_COPY, &p, "idempotency record", &added, st);
    PGresult *got =
        ret == 0 && added == 0 ? pgc_exec(w.c, S_IDEM_GET, 2, p.v, "idempotency lookup", st) : NULL;
    if (ret == 0 && added == 0 && !got)
        ret = st ? st->code : TC_EIO;
    if (got)
        ret = todo_rec_put_request_check(PQntuples(got) == 1 ? PQgetvalue(got, 0, 0) : NULL, r,
                                         skipped, st);
    PQclear(got);
    return write_end(s, &w, ret, st);
}

/* ---- engine ---- */

static bool pg_accepts(const char *db)
{
    return strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0;
}

static const todo_store_ops_t pg_ops = {
    .destroy = pg_destroy,
    .set_listener = pg_set_listener,
    .schema_version = pg_schema_version,
    .is_shared = pg_is_shared,
    .create_todo = pg_create_todo,
    .get_todo = pg_get_todo,
    .list_todos = pg_list_todos,
    .update_todo = pg_update_todo,
    .delete_todo = pg_delete_todo,
    .next_reminder = pg_next_reminder,
    .claim_reminders = pg_claim_reminders,
    .scan_todos = pg_scan_todos,
    .scan_requests = pg_scan_requests,
    .put_todo = pg_put_todo,
    .put_request = pg_put_request,
};

const todo_store_engine_t todo_pg_engine = {
    .name = "postgresql",
    .accepts = pg_accepts,
    .open = pg_open,
    .latest_version = N_MIGRATIONS,
    .ops = &pg_ops,
};
