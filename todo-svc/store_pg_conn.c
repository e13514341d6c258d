/* store_pg_conn: PostgreSQL connections with deadlines and a bounded pool
 * (see store_pg_conn.h). */
#include "store_pg_conn.h"

#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timeutil.h"
#include "xalloc.h"

/* Session defaults, before the URI's own settings (which win: libpq lets a
 * later keyword override an earlier one, and dbname is expanded last).
 * statement_timeout and lock_timeout end server-side waits before the
 * client deadline; keepalives and tcp_user_timeout notice a silent peer. */
static const char *const conn_keys[] = {"connect_timeout",
                                        "keepalives",
                                        "keepalives_idle",
                                        "keepalives_interval",
                                        "keepalives_count",
                                        "tcp_user_timeout",
                                        "application_name",
                                        "client_encoding",
                                        "options",
                                        "dbname",
                                        NULL};
static const char *const conn_defaults[] = {
    "2",
    "1",
    "5",
    "2",
    "2",
    "3000",
    "todo-svc",
    "UTF8",
    "-c statement_timeout=900 -c lock_timeout=800 -c idle_in_transaction_session_timeout=10000",
    NULL /* the URI */,
    NULL};
#define N_CONN_KEYS (sizeof conn_keys / sizeof conn_keys[0])

/* SQLSTATE prefixes that mean "the database is not available right now,
 * try again" (the rest is TC_EIO). */
static const char *const unavailable_states[] = {
    "08",    /* connection exception */
    "53",    /* insufficient resources (too many connections, disk full) */
    "57P",   /* admin or crash shutdown, cannot connect now */
    "57014", /* query canceled: statement_timeout */
    "55P03", /* lock not available: lock_timeout */
    "40001", /* serialization failure */
    "40P01", /* deadlock detected */
    "25P03", /* idle in transaction timeout */
};

struct pgc_conn {
    PGconn *pg;
    unsigned char *prepared; /* per statement of the pool's table */
    struct {
        char key[160];
        char name[16];
    } dyn[PGC_DYN_CACHE];
    unsigned dyn_next, dyn_serial;
    bool used;   /* a statement ran since pgc_acquire */
    bool broken; /* the link failed or a deadline passed: close on release */
    pgc_pool_t *pool;
    pgc_conn_t *next; /* in the idle list */
};

struct pgc_pool {
    char *uri;
    pgc_stmts_t stmts;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pgc_conn_t *idle;
    int n, max;           /* connections open or being opened, and the bound */
    int64_t silent_until; /* tc_mono_ms; guarded by mu (store_pg_conn.h: fast failure) */
};

/* The server did not answer a connection or a statement in time: fail
 * calls at once for the next PGC_SILENT_MS. */
static void pool_silent(pgc_pool_t *p)
{
    pthread_mutex_lock(&p->mu);
    p->silent_until = tc_mono_ms() + PGC_SILENT_MS;
    pthread_cond_broadcast(&p->cv); /* callers waiting for a connection fail now */
    pthread_mutex_unlock(&p->mu);
}

/* With mu held: waits until a connection is idle or a slot is free. False
 * (with st set) when the pool falls silent meanwhile or none frees up
 * within PGC_QUERY_MS: every connection busy on a server that stopped
 * answering must not queue callers past their deadline. */
static bool pool_wait(pgc_pool_t *p, tc_status_t *st)
{
    struct timespec until = tc_monotonic_in_ms(PGC_QUERY_MS);
    bool timed_out = false;
    while (!p->idle && p->n >= p->max) {
        if (timed_out || tc_mono_ms() < p->silent_until) {
            tc_status_set(st, TC_EUNAVAIL, "db: no PostgreSQL connection free within %d ms",
                          PGC_QUERY_MS);
            return false;
        }
        timed_out = pthread_cond_timedwait(&p->cv, &p->mu, &until) != 0;
    }
    return true;
}

/* Opens a connection for p, noting a server that does not answer. */
static PGconn *pool_connect(pgc_pool_t *p, tc_status_t *st)
{
    int64_t t0 = tc_mono_ms();
    PGconn *pg = pgc_connect(p->uri, st);
    if (!pg && tc_mono_ms() - t0 >= PGC_CONNECT_MS)
        pool_silent(p);
    return pg;
}

/* The first line of libpq's message, without "ERROR:  " noise. */
static void first_line(const char *msg, char *out, size_t cap)
{
    snprintf(out, cap, "%s", msg && *msg ? msg : "connection failed");
    out[strcspn(out, "\n")] = '\0';
}

static int wait_socket(PGconn *pg, bool for_write, int64_t deadline_ms)
{
    int64_t left = deadline_ms - tc_mono_ms();
    if (left <= 0)
        return 0;
    struct pollfd p = {.fd = PQsocket(pg), .events = (short)(for_write ? POLLOUT : POLLIN)};
    if (p.fd < 0)
        return -1;
    int r = poll(&p, 1, (int)left);
    return r < 0 ? -1 : r;
}

/* Server notices and warnings ("relation already exists, skipping") are
 * not errors of any call: dropped. */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

PGconn *pgc_connect(const char *uri, tc_status_t *st)
{
    const char *vals[N_CONN_KEYS];
    memcpy(vals, conn_defaults, sizeof vals);
    vals[N_CONN_KEYS - 2] = uri;
    PGconn *pg = PQconnectStartParams(conn_keys, vals, 1);
    int64_t deadline = tc_mono_ms() + PGC_CONNECT_MS;
    PostgresPollingStatusType ps = PGRES_POLLING_WRITING;
    while (pg && PQstatus(pg) != CONNECTION_BAD && ps != PGRES_POLLING_OK &&
           ps != PGRES_POLLING_FAILED) {
        int r = wait_socket(pg, ps == PGRES_POLLING_WRITING, deadline);
        if (r <= 0) {
            tc_status_set(st, TC_EUNAVAIL, "db: cannot connect to PostgreSQL: %s",
                          r == 0 ? "no answer within 1 s" : "poll failed");
            PQfinish(pg);
            return NULL;
        }
        ps = PQconnectPoll(pg);
    }
    if (!pg || PQstatus(pg) != CONNECTION_OK) {
        char line[200];
        first_line(pg ? PQerrorMessage(pg) : "out of memory", line, sizeof line);
        tc_status_set(st, TC_EUNAVAIL, "db: cannot connect to PostgreSQL: %s", line);
        PQfinish(pg);
        return NULL;
    }
    PQsetNoticeProcessor(pg, ignore_notice, NULL);
    return pg;
}

PGresult *pgc_wait(PGconn *pg, int64_t deadline_ms, const char *what, tc_status_t *st)
{
    int f;
    while ((f = PQflush(pg)) == 1)
        if (wait_socket(pg, true, deadline_ms) <= 0)
            break;
    PGresult *last = NULL;
    while (f == 0) {
        while (PQisBusy(pg)) {
            if (wait_socket(pg, false, deadline_ms) <= 0 || !PQconsumeInput(pg)) {
                f = -1;
                break;
            }
        }
        if (f != 0)
            break;
        PGresult *r = PQgetResult(pg);
        if (!r)
            return last;
        PQclear(last);
        last = r;
    }
    PQclear(last);
    bool late = PQstatus(pg) == CONNECTION_OK && deadline_ms <= tc_mono_ms();
    if (late)
        tc_status_set(st, TC_EUNAVAIL, "db: %s: no answer from PostgreSQL within %d ms", what,
                      PGC_QUERY_MS);
    else
        pgc_fail(pg, NULL, what, st);
    return NULL;
}

static bool state_unavailable(const char *state)
{
    for (size_t i = 0; state && i < sizeof unavailable_states / sizeof *unavailable_states; i++)
        if (strncmp(state, unavailable_states[i], strlen(unavailable_states[i])) == 0)
            return true;
    return false;
}

int pgc_fail(PGconn *pg, const PGresult *r, const char *what, tc_status_t *st)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!msg)
        msg = pg ? PQerrorMessage(pg) : NULL;
    bool down = !pg || PQstatus(pg) != CONNECTION_OK || !r || state_unavailable(state);
    char line[200];
    first_line(msg, line, sizeof line);
    return tc_status_set(st, down ? TC_EUNAVAIL : TC_EIO, "db: %s: %s", what, line);
}

pgc_pool_t *pgc_pool_create(const char *uri, int max, pgc_stmts_t stmts)
{
    pgc_pool_t *p = xcalloc(1, sizeof *p);
    p->uri = xstrdup(uri);
    p->stmts = stmts;
    p->max = max;
    pthread_mutex_init(&p->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* waits are bounded (pool_wait) */
    pthread_cond_init(&p->cv, &ca);
    pthread_condattr_destroy(&ca);
    return p;
}

static void conn_close(pgc_conn_t *c)
{
    if (!c)
        return;
    PQfinish(c->pg);
    free(c->prepared);
    free(c);
}

void pgc_pool_destroy(pgc_pool_t *p)
{
    if (!p)
        return;
    while (p->idle) {
        pgc_conn_t *c = p->idle;
        p->idle = c->next;
        conn_close(c);
    }
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->uri);
    free(p);
}

static pgc_conn_t *conn_open(pgc_pool_t *p, tc_status_t *st)
{
    PGconn *pg = pool_connect(p, st);
    if (!pg)
        return NULL;
    pgc_conn_t *c = xcalloc(1, sizeof *c);
    c->pg = pg;
    c->pool = p;
    c->prepared = xcalloc((size_t)p->stmts.n, 1);
    return c;
}

pgc_conn_t *pgc_acquire(pgc_pool_t *p, tc_status_t *st)
{
    pthread_mutex_lock(&p->mu);
    if (tc_mono_ms() < p->silent_until) {
        pthread_mutex_unlock(&p->mu);
        tc_status_set(st, TC_EUNAVAIL, "db: PostgreSQL did not answer within %d ms just now",
                      PGC_QUERY_MS);
        return NULL;
    }
    if (!pool_wait(p, st)) {
        pthread_mutex_unlock(&p->mu);
        return NULL;
    }
    pgc_conn_t *c = p->idle;
    if (c) {
        p->idle = c->next;
        pthread_mutex_unlock(&p->mu);
        c->used = false;
        return c;
    }
    p->n++; /* reserve the slot, connect outside the lock */
    pthread_mutex_unlock(&p->mu);
    c = conn_open(p, st);
    if (!c) {
        pthread_mutex_lock(&p->mu);
        p->n--;
        pthread_cond_signal(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    return c;
}

void pgc_release(pgc_pool_t *p, pgc_conn_t *c)
{
    if (!c)
        return;
    bool drop =
        c->broken || PQstatus(c->pg) != CONNECTION_OK || PQtransactionStatus(c->pg) != PQTRANS_IDLE;
    pthread_mutex_lock(&p->mu);
    if (drop) {
        p->n--;
    } else {
        c->next = p->idle;
        p->idle = c;
    }
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    if (drop)
        conn_close(c);
}

/* Replaces c's dead link with a new connection (prepared statements are
 * per connection, so they are forgotten). */
static int conn_reopen(pgc_conn_t *c, tc_status_t *st)
{
    PGconn *pg = pool_connect(c->pool, st);
    if (!pg)
        return st ? st->code : TC_EUNAVAIL;
    PQfinish(c->pg);
    c->pg = pg;
    c->broken = false;
    memset(c->prepared, 0, (size_t)c->pool->stmts.n);
    memset(c->dyn, 0, sizeof c->dyn);
    return 0;
}

/* The result of what was just sent (sent: what PQsend* returned), waited
 * for until deadline. NULL with st set, and c marked broken, when sending or
 * waiting failed. */
static PGresult *sent_result(pgc_conn_t *c, int sent, int64_t deadline, const char *what,
                             tc_status_t *st)
{
    PGresult *r = NULL;
    if (!sent)
        pgc_fail(c->pg, NULL, what, st);
    else
        r = pgc_wait(c->pg, deadline, what, st);
    if (!r)
        c->broken = true;
    if (!r && sent && PQstatus(c->pg) == CONNECTION_OK && tc_mono_ms() >= deadline)
        pool_silent(c->pool);
    return r;
}

/* True (st set) when c already failed in this checkout: nothing more is
 * sent on it, not even a ROLLBACK, which on a server that stopped answering
 * would wait out a second deadline; closing the connection on release ends
 * its transaction on the server. */
static bool refuse_broken(const pgc_conn_t *c, const char *what, tc_status_t *st)
{
    if (!c->broken)
        return false;
    tc_status_set(st, TC_EUNAVAIL, "db: %s: the connection failed earlier in this call", what);
    return true;
}

/* One statement: prepare name from sql when *prepared is false, then run
 * it; with name NULL, run sql unprepared (planned for these values).
 * Returns the result or NULL with st set. */
static PGresult *run_prepared(pgc_conn_t *c, const char *name, const char *sql, bool *prepared,
                              int n, const char *const *params, const char *what, tc_status_t *st)
{
    if (refuse_broken(c, what, st))
        return NULL;
    int64_t deadline = tc_mono_ms() + PGC_QUERY_MS;
    PGresult *r;
    if (name && !*prepared) {
        r = sent_result(c, PQsendPrepare(c->pg, name, sql, n, NULL), deadline, what, st);
        if (!r)
            return NULL;
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            pgc_fail(c->pg, r, what, st);
            PQclear(r);
            return NULL;
        }
        PQclear(r);
        *prepared = true;
    }
    int sent = name ? PQsendQueryPrepared(c->pg, name, n, params, NULL, NULL, 0)
                    : PQsendQueryParams(c->pg, sql, n, NULL, params, NULL, NULL, 0);
    r = sent_result(c, sent, deadline, what, st);
    if (!r)
        return NULL;
    ExecStatusType es = PQresultStatus(r);
    if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK) {
        pgc_fail(c->pg, r, what, st);
        PQclear(r);
        return NULL;
    }
    return r;
}

/* Runs one statement with the stale-connection retry (store_pg_conn.h). */
static PGresult *run_retry(pgc_conn_t *c, const char *name, const char *sql, bool *prepared, int n,
                           const char *const *params, const char *what, tc_status_t *st)
{
    bool first = !c->used;
    c->used = true;
    PGresult *r = run_prepared(c, name, sql, prepared, n, params, what, st);
    if (r || !first || PQstatus(c->pg) == CONNECTION_OK)
        return r;
    if (conn_reopen(c, NULL) != 0)
        return NULL; /* st keeps the first failure */
    *prepared = false;
    return run_prepared(c, name, sql, prepared, n, params, what, st);
}

PGresult *pgc_exec(pgc_conn_t *c, int id, int n, const char *const *params, const char *what,
                   tc_status_t *st)
{
    char name[16];
    snprintf(name, sizeof name, "s%d", id);
    bool prepared = c->prepared[id];
    PGresult *r = run_retry(c, name, c->pool->stmts.sql[id], &prepared, n, params, what, st);
    c->prepared[id] = prepared;
    return r;
}

/* The cache slot for key on c, or -1. */
static int dyn_find(const pgc_conn_t *c, const char *key)
{
    for (int i = 0; i < PGC_DYN_CACHE; i++)
        if (c->dyn[i].name[0] && strcmp(c->dyn[i].key, key) == 0)
            return i;
    return -1;
}

PGresult *pgc_exec_dyn(pgc_conn_t *c, const char *key, const char *sql, int n,
                       const char *const *params, const char *what, tc_status_t *st)
{
    int slot = dyn_find(c, key);
    bool prepared = slot >= 0;
    if (slot < 0) {
        slot = (int)(c->dyn_next++ % PGC_DYN_CACHE);
        if (c->dyn[slot].name[0]) { /* evict: free the server-side statement */
            char sql_free[40];
            snprintf(sql_free, sizeof sql_free, "DEALLOCATE %s", c->dyn[slot].name);
            pgc_command(c, sql_free, NULL);
        }
        snprintf(c->dyn[slot].key, sizeof c->dyn[slot].key, "%s", key);
        snprintf(c->dyn[slot].name, sizeof c->dyn[slot].name, "d%u", c->dyn_serial++);
    }
    char name[16];
    memcpy(name, c->dyn[slot].name, sizeof name);
    PGresult *r = run_retry(c, name, sql, &prepared, n, params, what, st);
    if (!prepared)
        c->dyn[slot].name[0] = '\0';
    return r;
}

/* Sends sql (statements without parameters) and waits up to ms. Returns 0
 * or the TC code. */
static int command_once(pgc_conn_t *c, const char *sql, int ms, tc_status_t *st)
{
    if (refuse_broken(c, sql, st))
        return TC_EUNAVAIL;
    PGresult *r = sent_result(c, PQsendQuery(c->pg, sql), tc_mono_ms() + ms, sql, st);
    if (!r)
        return st ? st->code : TC_EUNAVAIL;
    int code = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : pgc_fail(c->pg, r, sql, st);
    PQclear(r);
    return code;
}

int pgc_script(pgc_conn_t *c, const char *sql, int timeout_ms, tc_status_t *st)
{
    bool first = !c->used;
    c->used = true;
    int code = command_once(c, sql, timeout_ms, st);
    if (code == 0 || !first || PQstatus(c->pg) == CONNECTION_OK || conn_reopen(c, NULL) != 0)
        return code;
    return command_once(c, sql, timeout_ms, st);
}

PGresult *pgc_exec_unprepared(pgc_conn_t *c, const char *sql, int n, const char *const *params,
                              const char *what, tc_status_t *st)
{
    bool prepared = false;
    return run_retry(c, NULL, sql, &prepared, n, params, what, st);
}

int pgc_command(pgc_conn_t *c, const char *sql, tc_status_t *st)
{
    return pgc_script(c, sql, PGC_QUERY_MS, st);
}

long pgc_affected(const PGresult *r)
{
    const char *n = PQcmdTuples((PGresult *)r);
    return n && *n ? strtol(n, NULL, 10) : 0;
}
