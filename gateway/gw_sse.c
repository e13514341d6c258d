#include "gw_sse.h"

#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "timeutil.h"
#include "xalloc.h"

#define GW_SSE_MAX_QUEUE (256u << 10)

struct gw_sse {
    gw_sse_hub_t *hub;
    struct MHD_Connection *conn;
    pthread_mutex_t mu;
    char *buf; /* queued bytes [off, len) */
    size_t len, off, cap;
    bool suspended;
    int fd;     /* the connection's socket, for peer_gone; -1 when unknown */
    bool ended; /* no more data will be queued: end after the buffer */
    bool gone;  /* the MHD response was freed */
    atomic_int refs;
    rpc_client_stream_t *upstream;
    gw_sse_t *prev, *next;
};

struct gw_sse_hub {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    gw_sse_t *head;
    size_t count;
    int max_streams;
    int heartbeat_ms;
    bool closed;
    bool stop;
    pthread_t thread;
};

static void append(gw_sse_t *s, const char *p, size_t n)
{
    if (s->off > 0 && s->off == s->len)
        s->off = s->len = 0;
    if (s->len + n > s->cap) {
        if (s->off > 0) {
            memmove(s->buf, s->buf + s->off, s->len - s->off);
            s->len -= s->off;
            s->off = 0;
        }
        if (s->len + n > s->cap) {
            size_t cap = s->cap ? s->cap : 1024;
            while (cap < s->len + n)
                cap *= 2;
            s->buf = xrealloc(s->buf, cap);
            s->cap = cap;
        }
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
}

/* Appends under s->mu and wakes the connection; caller must not hold s->mu. */
static void queue_bytes(gw_sse_t *s, const char *p, size_t n, bool end)
{
    bool resume = false;
    pthread_mutex_lock(&s->mu);
    if (s->gone || s->ended) {
        pthread_mutex_unlock(&s->mu);
        return;
    }
    if (n) {
        if (s->len - s->off + n > GW_SSE_MAX_QUEUE)
            end = true; /* a client this slow reconnects and reloads instead */
        else
            append(s, p, n);
    }
    if (end)
        s->ended = true;
    if (s->suspended) {
        s->suspended = false;
        resume = true;
    }
    pthread_mutex_unlock(&s->mu);
    /* The connection stays suspended (so alive) until this resume. */
    if (resume)
        MHD_resume_connection(s->conn);
}

/* Every live stream with a reference taken, so that the caller can queue
 * without holding the hub lock (MHD_resume_connection takes MHD's locks).
 * Caller holds h->mu; drops each reference with gw_sse_unref, frees the array. */
static gw_sse_t **snapshot(gw_sse_hub_t *h, size_t *n)
{
    gw_sse_t **all = xmalloc(sizeof(gw_sse_t *) * (h->count + 1));
    size_t k = 0;
    for (gw_sse_t *s = h->head; s; s = s->next) {
        int r = atomic_load(&s->refs);
        while (r > 0 && !atomic_compare_exchange_weak(&s->refs, &r, r + 1))
            ;
        if (r > 0)
            all[k++] = s;
    }
    *n = k;
    return all;
}

/* True when the peer of a parked stream has closed its end. Only a suspended
 * connection is looked at: MHD cannot close it (or reuse its descriptor)
 * before queue_bytes resumes it, which needs s->mu, held here. */
static bool peer_gone(gw_sse_t *s)
{
    bool gone = false;
    pthread_mutex_lock(&s->mu);
    if (s->suspended && !s->ended && s->fd >= 0) {
        char c;
        ssize_t r = recv(s->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
        gone = r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
    }
    pthread_mutex_unlock(&s->mu);
    return gone;
}

static void wait_ms(gw_sse_hub_t *h, int ms)
{
    struct timespec ts = tc_realtime_in_ms(ms);
    int rc = 0;
    while (!h->stop && rc == 0)
        rc = pthread_cond_timedwait(&h->cv, &h->mu, &ts);
}

/* Every tick (at most 1 s): end the streams whose client has gone, so their
 * WatchTodos calls are cancelled promptly; every heartbeat_ms: a comment to
 * every stream, which also keeps proxies and idle timeouts from closing it. */
static void *heartbeat_main(void *arg)
{
    gw_sse_hub_t *h = arg;
    int tick = h->heartbeat_ms < 1000 ? h->heartbeat_ms : 1000;
    int64_t next_beat = tc_mono_ms() + h->heartbeat_ms;
    pthread_mutex_lock(&h->mu);
    while (!h->stop) {
        wait_ms(h, tick);
        if (h->stop)
            break;
        int64_t ms = tc_mono_ms();
        bool beat_now = ms >= next_beat;
        if (beat_now)
            next_beat = ms + h->heartbeat_ms;
        static const char beat[] = ": heartbeat\n\n";
        size_t n = 0;
        gw_sse_t **all = snapshot(h, &n);
        pthread_mutex_unlock(&h->mu);
        for (size_t i = 0; i < n; i++) {
            if (peer_gone(all[i]))
                queue_bytes(all[i], NULL, 0, true);
            else if (beat_now)
                queue_bytes(all[i], beat, sizeof(beat) - 1, false);
            gw_sse_unref(all[i]);
        }
        free(all);
        pthread_mutex_lock(&h->mu);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

gw_sse_hub_t *gw_sse_hub_create(int heartbeat_ms, int max_streams)
{
    gw_sse_hub_t *h = xcalloc(1, sizeof(*h));
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    h->heartbeat_ms = heartbeat_ms > 0 ? heartbeat_ms : 15000;
    h->max_streams = max_streams > 0 ? max_streams : 1000;
    if (pthread_create(&h->thread, NULL, heartbeat_main, h) != 0)
        abort();
    return h;
}

void gw_sse_hub_close_all(gw_sse_hub_t *h)
{
    pthread_mutex_lock(&h->mu);
    h->closed = true;
    size_t n = 0;
    gw_sse_t **all = snapshot(h, &n);
    pthread_mutex_unlock(&h->mu);
    for (size_t i = 0; i < n; i++) {
        queue_bytes(all[i], NULL, 0, true);
        gw_sse_unref(all[i]);
    }
    free(all);
}

size_t gw_sse_hub_count(gw_sse_hub_t *h)
{
    pthread_mutex_lock(&h->mu);
    size_t n = h->count;
    pthread_mutex_unlock(&h->mu);
    return n;
}

void gw_sse_hub_destroy(gw_sse_hub_t *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->mu);
    h->stop = true;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    pthread_join(h->thread, NULL);
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    free(h);
}

gw_sse_t *gw_sse_open(gw_sse_hub_t *h, struct MHD_Connection *conn, int retry_ms)
{
    pthread_mutex_lock(&h->mu);
    if (h->closed || h->count >= (size_t)h->max_streams) {
        pthread_mutex_unlock(&h->mu);
        return NULL;
    }
    gw_sse_t *s = xcalloc(1, sizeof(*s));
    s->hub = h;
    s->conn = conn;
    pthread_mutex_init(&s->mu, NULL);
    atomic_init(&s->refs, 2);
    s->fd = -1;
    if (conn) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (ci)
            s->fd = ci->connect_fd;
    }
    char hello[64];
    int n = snprintf(hello, sizeof(hello), "retry: %d\n: connected\n\n", retry_ms);
    append(s, hello, (size_t)n);
    s->next = h->head;
    if (h->head)
        h->head->prev = s;
    h->head = s;
    h->count++;
    pthread_mutex_unlock(&h->mu);
    return s;
}

void gw_sse_set_upstream(gw_sse_t *s, rpc_client_stream_t *up)
{
    pthread_mutex_lock(&s->mu);
    bool gone = s->gone;
    if (!gone)
        s->upstream = up;
    pthread_mutex_unlock(&s->mu);
    if (gone)
        rpc_client_stream_release(up);
}

void gw_sse_push(gw_sse_t *s, const char *event, const char *data)
{
    size_t n = strlen(event) + strlen(data) + 24;
    char *msg = xmalloc(n);
    int len = snprintf(msg, n, "event: %s\ndata: %s\n\n", event, data);
    queue_bytes(s, msg, (size_t)len, false);
    free(msg);
}

void gw_sse_end(gw_sse_t *s)
{
    queue_bytes(s, NULL, 0, true);
}

void gw_sse_unref(gw_sse_t *s)
{
    if (atomic_fetch_sub(&s->refs, 1) != 1)
        return;
    gw_sse_hub_t *h = s->hub;
    pthread_mutex_lock(&h->mu);
    if (s->prev)
        s->prev->next = s->next;
    else
        h->head = s->next;
    if (s->next)
        s->next->prev = s->prev;
    h->count--;
    pthread_mutex_unlock(&h->mu);
    pthread_mutex_destroy(&s->mu);
    free(s->buf);
    free(s);
}

ssize_t gw_sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    gw_sse_t *s = cls;
    pthread_mutex_lock(&s->mu);
    size_t avail = s->len - s->off;
    if (avail > 0) {
        size_t n = avail < max ? avail : max;
        memcpy(buf, s->buf + s->off, n);
        s->off += n;
        pthread_mutex_unlock(&s->mu);
        return (ssize_t)n;
    }
    if (s->ended) {
        pthread_mutex_unlock(&s->mu);
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    /* Nothing to send: park the connection until queue_bytes resumes it. */
    s->suspended = true;
    MHD_suspend_connection(s->conn);
    pthread_mutex_unlock(&s->mu);
    return 0;
}

void gw_sse_response_free(void *cls)
{
    gw_sse_t *s = cls;
    pthread_mutex_lock(&s->mu);
    s->gone = true;
    s->ended = true;
    rpc_client_stream_t *up = s->upstream;
    s->upstream = NULL;
    pthread_mutex_unlock(&s->mu);
    if (up)
        rpc_client_stream_release(up); /* on_end follows and drops the other ref */
    gw_sse_unref(s);
}
