/* store_pg_feed: the change feed across replicas over LISTEN/NOTIFY (see
 * store_pg_feed.h).
 *
 * States of the LISTEN link (f->up, guarded by mu): DOWN (no connection, or
 * it broke) -> UP (LISTEN done, catch-up delivered) -> DOWN when a read
 * fails. Only the feed thread changes it, except at creation. */
#include "store_pg_feed.h"

#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "timeutil.h"
#include "xalloc.h"

struct pg_feed {
    char *uri;
    int64_t origin;
    pthread_t thread;
    int wake[2]; /* a byte on wake[1] stops the thread */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    todo_store_listener_fn fn; /* guarded by mu, as are the next two */
    void *ctx;
    pg_feed_event_t *pending; /* our own events awaiting their notification */
    bool up;
    /* The feed thread's own. */
    PGconn *pg;
    int64_t max_seq; /* highest seq seen; -1 before the first connection */
    int64_t *caught; /* seqs delivered by the last catch-up, ascending */
    size_t n_caught;
};

static void deliver_locked(pg_feed_t *f, const char *user_id, Todo__V1__EventType type,
                           const Todo__V1__Todo *t)
{
    if (f->fn)
        f->fn(f->ctx, user_id, type, t);
}

/* Runs sql with n text parameters on the feed connection, binary results.
 * NULL when it failed (the caller treats the link as broken). */
static PGresult *feed_query(pg_feed_t *f, const char *sql, int n, const char *const *params)
{
    if (!PQsendQueryParams(f->pg, sql, n, NULL, params, NULL, NULL, 1))
        return NULL;
    PGresult *r = pgc_wait(f->pg, tc_mono_ms() + PGC_QUERY_MS, "change feed", NULL);
    if (r && PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
        PQclear(r);
        return NULL;
    }
    return r;
}

static int64_t be64(const char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | (unsigned char)p[i];
    return (int64_t)v;
}

/* Delivers row i of r (columns user_id, type, todo; binary) to the
 * listener. */
static void deliver_row(pg_feed_t *f, const PGresult *r, int i, int col)
{
    const char *user_id = PQgetvalue(r, i, col);
    const unsigned char *tp = (const unsigned char *)PQgetvalue(r, i, col + 1);
    int type = (int)((uint32_t)tp[0] << 24 | (uint32_t)tp[1] << 16 | (uint32_t)tp[2] << 8 | tp[3]);
    Todo__V1__Todo *t =
        todo__v1__todo__unpack(&tc_protobuf_allocator, (size_t)PQgetlength(r, i, col + 2),
                               (const uint8_t *)PQgetvalue(r, i, col + 2));
    if (!t)
        return;
    pthread_mutex_lock(&f->mu);
    deliver_locked(f, user_id, (Todo__V1__EventType)type, t);
    pthread_mutex_unlock(&f->mu);
    todo__v1__todo__free_unpacked(t, &tc_protobuf_allocator);
}

static bool was_caught(const pg_feed_t *f, int64_t seq)
{
    size_t lo = 0, hi = f->n_caught;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (f->caught[mid] == seq)
            return true;
        if (f->caught[mid] < seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* One of our own events arrived: deliver it if its writer still waits. */
static void own_arrived(pg_feed_t *f, int64_t seq)
{
    pthread_mutex_lock(&f->mu);
    for (pg_feed_event_t *e = f->pending; e; e = e->next)
        if (e->seq == seq && !e->delivered) {
            deliver_locked(f, e->user_id, e->type, e->todo);
            e->delivered = true;
            pthread_cond_broadcast(&f->cv);
            break;
        }
    pthread_mutex_unlock(&f->mu);
}

/* Handles one notification payload. Returns false when the link broke. */
static bool handle(pg_feed_t *f, const char *payload)
{
    long long origin, seq;
    if (sscanf(payload, "%lld %lld", &origin, &seq) != 2)
        return true; /* not ours: ignore */
    if (seq > f->max_seq)
        f->max_seq = seq;
    if (origin == f->origin) {
        own_arrived(f, seq);
        return true;
    }
    if (was_caught(f, seq))
        return true;
    char seq_text[24];
    snprintf(seq_text, sizeof seq_text, "%lld", seq);
    const char *params[] = {seq_text};
    PGresult *r =
        feed_query(f, "SELECT user_id, type, todo FROM changes WHERE seq = $1", 1, params);
    if (!r)
        return false;
    if (PQntuples(r) == 1)
        deliver_row(f, r, 0, 0);
    PQclear(r);
    return true;
}

/* After a reconnection: the other replicas' changes after max_seq, in seq
 * order, remembered so their notifications are not delivered again. */
static bool catch_up(pg_feed_t *f)
{
    char after[24], origin[24], limit[24];
    snprintf(after, sizeof after, "%lld", (long long)f->max_seq);
    snprintf(origin, sizeof origin, "%lld", (long long)f->origin);
    snprintf(limit, sizeof limit, "%d", PG_FEED_CATCHUP_MAX);
    const char *params[] = {after, origin, limit};
    PGresult *r = feed_query(f,
                             "SELECT seq, user_id, type, todo FROM changes"
                             " WHERE seq > $1 AND origin <> $2 ORDER BY seq LIMIT $3",
                             3, params);
    if (!r)
        return false;
    int n = PQntuples(r);
    free(f->caught);
    f->caught = xcalloc((size_t)n + 1, sizeof *f->caught);
    f->n_caught = 0;
    for (int i = 0; i < n; i++) {
        int64_t seq = be64(PQgetvalue(r, i, 0));
        f->caught[f->n_caught++] = seq;
        if (seq > f->max_seq)
            f->max_seq = seq;
        deliver_row(f, r, i, 1);
    }
    PQclear(r);
    return true;
}

static void set_up(pg_feed_t *f, bool up)
{
    pthread_mutex_lock(&f->mu);
    f->up = up;
    pthread_cond_broadcast(&f->cv); /* waiting writers fall back to direct delivery */
    pthread_mutex_unlock(&f->mu);
}

static void feed_down(pg_feed_t *f)
{
    set_up(f, false);
    PQfinish(f->pg);
    f->pg = NULL;
}

/* Connects and LISTENs; the first time it notes where the feed starts,
 * after that it catches up. Returns whether the feed is up. */
static bool feed_connect(pg_feed_t *f)
{
    f->pg = pgc_connect(f->uri, NULL);
    if (!f->pg)
        return false;
    PGresult *r = feed_query(f, "LISTEN " PG_FEED_CHANNEL, 0, NULL);
    bool ok = r != NULL;
    PQclear(r);
    if (ok && f->max_seq < 0) {
        r = feed_query(f, "SELECT coalesce(max(seq), 0) FROM changes", 0, NULL);
        ok = r && PQntuples(r) == 1;
        if (ok)
            f->max_seq = be64(PQgetvalue(r, 0, 0));
        PQclear(r);
    } else if (ok) {
        ok = catch_up(f);
    }
    if (!ok) {
        feed_down(f);
        return false;
    }
    set_up(f, true);
    return true;
}

/* Waits for input on the link (or the wake pipe) up to ms; false when the
 * feed is to stop. */
static bool feed_poll(pg_feed_t *f, int ms)
{
    struct pollfd p[2] = {{.fd = f->wake[0], .events = POLLIN},
                          {.fd = f->pg ? PQsocket(f->pg) : -1, .events = POLLIN}};
    poll(p, f->pg ? 2 : 1, ms);
    return !(p[0].revents & POLLIN);
}

static void *feed_main(void *arg)
{
    pg_feed_t *f = arg;
    for (;;) {
        if (!f->pg && !feed_connect(f)) {
            if (!feed_poll(f, PG_FEED_RETRY_MS))
                break;
            continue;
        }
        if (!feed_poll(f, 1000))
            break;
        bool ok = PQconsumeInput(f->pg) == 1;
        PGnotify *n;
        while (ok && (n = PQnotifies(f->pg))) {
            ok = handle(f, n->extra);
            PQfreemem(n);
        }
        if (!ok || PQstatus(f->pg) != CONNECTION_OK)
            feed_down(f);
    }
    return NULL;
}

pg_feed_t *pg_feed_create(const char *uri, int64_t origin)
{
    pg_feed_t *f = xcalloc(1, sizeof *f);
    f->uri = xstrdup(uri);
    f->origin = origin;
    f->max_seq = -1;
    pthread_mutex_init(&f->mu, NULL);
    pthread_cond_init(&f->cv, NULL);
    if (pipe(f->wake) != 0)
        abort();     /* out of file descriptors at start-up: nothing sensible to do */
    feed_connect(f); /* up before the store is used, when the database is reachable */
    if (pthread_create(&f->thread, NULL, feed_main, f) != 0)
        abort();
    return f;
}

void pg_feed_destroy(pg_feed_t *f)
{
    if (!f)
        return;
    ssize_t w = write(f->wake[1], "x", 1);
    (void)w;
    pthread_join(f->thread, NULL);
    PQfinish(f->pg);
    close(f->wake[0]);
    close(f->wake[1]);
    free(f->caught);
    pthread_mutex_destroy(&f->mu);
    pthread_cond_destroy(&f->cv);
    free(f->uri);
    free(f);
}

void pg_feed_set_listener(pg_feed_t *f, todo_store_listener_fn fn, void *ctx)
{
    pthread_mutex_lock(&f->mu);
    f->fn = fn;
    f->ctx = ctx;
    pthread_mutex_unlock(&f->mu);
}

void pg_feed_expect(pg_feed_t *f, pg_feed_event_t *ev)
{
    pthread_mutex_lock(&f->mu);
    ev->delivered = false;
    ev->next = f->pending;
    f->pending = ev;
    pthread_mutex_unlock(&f->mu);
}

static bool all_delivered(const pg_feed_event_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!list[i].delivered)
            return false;
    return true;
}

static void unlink_pending(pg_feed_t *f, const pg_feed_event_t *ev)
{
    for (pg_feed_event_t **p = &f->pending; *p; p = &(*p)->next)
        if (*p == ev) {
            *p = ev->next;
            return;
        }
}

void pg_feed_settle(pg_feed_t *f, pg_feed_event_t *evs, size_t n, bool committed)
{
    if (n == 0)
        return;
    pthread_mutex_lock(&f->mu);
    struct timespec until = tc_realtime_in_ms(PG_FEED_SETTLE_MS);
    while (committed && f->up && !all_delivered(evs, n))
        if (pthread_cond_timedwait(&f->cv, &f->mu, &until) != 0)
            break;
    for (size_t i = 0; i < n; i++) {
        unlink_pending(f, &evs[i]);
        if (committed && !evs[i].delivered) /* the feed is down or slow */
            deliver_locked(f, evs[i].user_id, evs[i].type, evs[i].todo);
    }
    pthread_mutex_unlock(&f->mu);
}
