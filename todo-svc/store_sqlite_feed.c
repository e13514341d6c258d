/* store_sqlite_feed: changes across processes sharing a SQLite file (see
 * store_sqlite_feed.h). */
#include "store_sqlite_feed.h"

#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "timeutil.h"
#include "xalloc.h"

#define PURGE_EVERY     1024  /* changes logged between trims */
#define CHANGES_KEPT    10000 /* change log rows kept for other processes */
#define FOLLOW_EVERY_MS 100   /* how often other processes' changes are read */
#define HEARTBEAT_MS    1000  /* how often a process renews its presence */
#define PRESENCE_TTL_MS 5000  /* a process not seen for this long is gone */

struct sq_feed {
    pthread_mutex_t *write_mu; /* the store's writer lock */
    sq_feed_notify_fn notify;
    void *ctx;
    int64_t origin;       /* random id of this process in the log */
    conn_t *conn;         /* the follower's own connection */
    int64_t seq;          /* last change log row seen (follower thread) */
    int version;          /* PRAGMA data_version at the last look (follower thread) */
    int64_t heartbeat_ms; /* last presence renewal (follower thread) */
    bool shared;          /* another live process uses the file; guarded by write_mu */
    unsigned writes;      /* changes logged; guarded by write_mu */
    pthread_t thread;
    bool started, stopping, kicked; /* guarded by mu */
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

bool sq_feed_shared(const sq_feed_t *f)
{
    return f && f->shared;
}

int sq_feed_log(sq_feed_t *f, conn_t *c, const char *user_id, Todo__V1__EventType type,
                const Todo__V1__Todo *t, tc_status_t *st)
{
    sqlite3_stmt *q = sq__conn_stmt(c, S_CHANGE_PUT, st);
    if (!q)
        return TC_EIO;
    size_t n = protobuf_c_message_get_packed_size(&t->base);
    uint8_t stackbuf[2048];
    uint8_t *buf = n <= sizeof stackbuf ? stackbuf : xmalloc(n);
    protobuf_c_message_pack(&t->base, buf);
    sqlite3_bind_int64(q, 1, f->origin);
    sqlite3_bind_text(q, 2, user_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, (int)type);
    sqlite3_bind_blob(q, 4, buf, (int)n, SQLITE_STATIC);
    int ret = sq__step_done(c, q, "change log", st);
    if (buf != stackbuf)
        free(buf);
    if (ret == 0 && ++f->writes % PURGE_EVERY == 0) {
        if (!(q = sq__conn_stmt(c, S_CHANGE_PURGE, st)))
            return TC_EIO;
        sqlite3_bind_int64(q, 1, sqlite3_last_insert_rowid(c->db) - CHANGES_KEPT);
        ret = sq__step_done(c, q, "change log purge", st);
    }
    return ret;
}

/* Reads one int from a single-row statement of c. */
static int query_int64(conn_t *c, enum stmt_id id, int64_t *v)
{
    sqlite3_stmt *q = sq__conn_stmt(c, id, NULL);
    if (!q)
        return TC_EIO;
    int ret = sqlite3_step(q) == SQLITE_ROW ? 0 : TC_EIO;
    if (ret == 0)
        *v = sqlite3_column_int64(q, 0);
    sq__stmt_done(q);
    return ret;
}

/* Delivers every log row after f->seq, in commit order. Holds write_mu,
 * so no local write interleaves. */
static void deliver_log_locked(sq_feed_t *f)
{
    for (int rows = 1000; rows == 1000;) {
        sqlite3_stmt *q = sq__conn_stmt(f->conn, S_CHANGE_TAIL, NULL);
        if (!q)
            return;
        sqlite3_bind_int64(q, 1, f->seq);
        rows = 0;
        while (sqlite3_step(q) == SQLITE_ROW) {
            rows++;
            f->seq = sqlite3_column_int64(q, 0);
            const char *user_id = (const char *)sqlite3_column_text(q, 1);
            Todo__V1__EventType type = (Todo__V1__EventType)sqlite3_column_int(q, 2);
            const uint8_t *blob = sqlite3_column_blob(q, 3);
            size_t len = (size_t)sqlite3_column_bytes(q, 3);
            Todo__V1__Todo *t = todo__v1__todo__unpack(&tc_protobuf_allocator, len, blob);
            if (t && user_id)
                f->notify(f->ctx, user_id, type, t);
            if (t)
                todo__v1__todo__free_unpacked(t, &tc_protobuf_allocator);
        }
        sq__stmt_done(q);
    }
}

/* Looks whether another live process shares the file and switches
 * between direct delivery (alone) and delivery through the log (shared).
 * Leaving shared mode first delivers what is still in the log, so the
 * order holds across the switch. */
static void presence_check(sq_feed_t *f)
{
    int64_t others = 0;
    sqlite3_stmt *q = sq__conn_stmt(f->conn, S_PRESENCE_OTHERS, NULL);
    if (q) {
        sqlite3_bind_int64(q, 1, f->origin);
        sqlite3_bind_int64(q, 2, tc_now_ms() - PRESENCE_TTL_MS);
        if (sqlite3_step(q) == SQLITE_ROW)
            others = sqlite3_column_int64(q, 0);
        sq__stmt_done(q);
    }
    pthread_mutex_lock(f->write_mu);
    if (f->shared && others == 0)
        deliver_log_locked(f);
    f->shared = others > 0;
    pthread_mutex_unlock(f->write_mu);
}

/* Renews this process's presence, then checks for others. Runs on the
 * follower's connection, under the write lock so it never waits on our own
 * writers. */
static void presence_beat(sq_feed_t *f)
{
    f->heartbeat_ms = tc_now_ms();
    pthread_mutex_lock(f->write_mu);
    sqlite3_stmt *q = sq__conn_stmt(f->conn, S_PRESENCE_PUT, NULL);
    if (q) {
        sqlite3_bind_int64(q, 1, f->origin);
        sqlite3_bind_int64(q, 2, f->heartbeat_ms);
        sq__step_done(f->conn, q, "presence", NULL);
    }
    pthread_mutex_unlock(f->write_mu);
    presence_check(f);
}

/* One look at the file: new log rows go to the listener, and every second
 * (or when something changed) the presence is renewed and checked. */
static void follow_once(sq_feed_t *f)
{
    int64_t version;
    /* data_version moves when any other connection commits: one cheap
     * query per tick while nothing happens. A newcomer's presence is such a
     * commit, so it is noticed on the next tick. */
    if (query_int64(f->conn, S_DATA_VERSION, &version) != 0)
        return;
    bool changed = (int)version != f->version;
    f->version = (int)version;
    if (changed) {
        pthread_mutex_lock(f->write_mu);
        deliver_log_locked(f);
        pthread_mutex_unlock(f->write_mu);
    }
    if (tc_now_ms() - f->heartbeat_ms >= HEARTBEAT_MS)
        presence_beat(f);
    else if (changed)
        presence_check(f);
}

static void *follower_main(void *arg)
{
    sq_feed_t *f = arg;
    pthread_mutex_lock(&f->mu);
    while (!f->stopping) {
        if (!f->kicked) {
            struct timespec ts = tc_realtime_in_ms(FOLLOW_EVERY_MS);
            pthread_cond_timedwait(&f->cv, &f->mu, &ts);
        }
        f->kicked = false;
        if (f->stopping)
            break;
        pthread_mutex_unlock(&f->mu);
        follow_once(f);
        pthread_mutex_lock(&f->mu);
    }
    pthread_mutex_unlock(&f->mu);
    return NULL;
}

void sq_feed_kick(sq_feed_t *f)
{
    pthread_mutex_lock(&f->mu);
    f->kicked = true;
    pthread_cond_signal(&f->cv);
    pthread_mutex_unlock(&f->mu);
}

static int64_t new_origin(const sq_feed_t *f)
{
    uint64_t origin = 0;
    if (getrandom(&origin, sizeof origin, 0) != (ssize_t)sizeof origin)
        origin = (uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)f;
    return (int64_t)(origin >> 1);
}

sq_feed_t *sq_feed_start(const char *path, pthread_mutex_t *write_mu, sq_feed_notify_fn notify,
                         void *ctx, tc_status_t *st)
{
    sq_feed_t *f = xcalloc(1, sizeof *f);
    *f = (sq_feed_t){.write_mu = write_mu, .notify = notify, .ctx = ctx};
    f->origin = new_origin(f);
    pthread_mutex_init(&f->mu, NULL);
    pthread_cond_init(&f->cv, NULL);
    int64_t version = 0;
    int ret = (f->conn = sq__conn_open(path, st)) ? 0 : TC_EIO;
    if (ret == 0 && (query_int64(f->conn, S_CHANGE_LAST, &f->seq) != 0 ||
                     query_int64(f->conn, S_DATA_VERSION, &version) != 0))
        ret = sq__db_fail(st, f->conn->db, "read change log");
    if (ret == 0) {
        f->version = (int)version;
        presence_beat(f);
        if (pthread_create(&f->thread, NULL, follower_main, f) != 0)
            ret = tc_status_set(st, TC_EINTERNAL, "db: cannot start the change follower");
    }
    f->started = ret == 0;
    if (ret != 0) {
        sq_feed_stop(f);
        return NULL;
    }
    return f;
}

void sq_feed_stop(sq_feed_t *f)
{
    if (!f)
        return;
    if (f->started) {
        pthread_mutex_lock(&f->mu);
        f->stopping = true;
        pthread_cond_signal(&f->cv);
        pthread_mutex_unlock(&f->mu);
        pthread_join(f->thread, NULL);
    }
    /* Leave: the others stop logging for us once no one else is left. */
    sqlite3_stmt *q = f->conn ? sq__conn_stmt(f->conn, S_PRESENCE_DEL, NULL) : NULL;
    if (q) {
        sqlite3_bind_int64(q, 1, f->origin);
        sqlite3_bind_int64(q, 2, tc_now_ms() - PRESENCE_TTL_MS);
        sq__step_done(f->conn, q, "presence", NULL);
    }
    sq__conn_close(f->conn);
    pthread_mutex_destroy(&f->mu);
    pthread_cond_destroy(&f->cv);
    free(f);
}
