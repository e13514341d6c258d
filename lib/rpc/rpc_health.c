/* grpc.health.v1.Health: Check and Watch over the statuses the server sets. */
#include "rpc_internal.h"

#include "grpc/health/v1/health.pb-c.h"
#include "xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ENTRIES 32

typedef Grpc__Health__V1__HealthCheckResponse__ServingStatus serving_status_t;

struct watcher {
    struct watcher *next;
    rpc__health_t *h;
    char *service;
    rpc_stream_t *stream;
    serving_status_t last;
};

struct rpc__health {
    pthread_mutex_t mu;
    struct {
        char *name;
        bool serving;
    } entries[MAX_ENTRIES];
    size_t n;
    struct watcher *watchers;
};

rpc__health_t *rpc__health_create(void)
{
    rpc__health_t *h = xcalloc(1, sizeof *h);
    pthread_mutex_init(&h->mu, NULL);
    return h;
}

void rpc__health_destroy(rpc__health_t *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++)
        free(h->entries[i].name);
    /* Watchers are gone by now: every stream was closed at shutdown. */
    pthread_mutex_destroy(&h->mu);
    free(h);
}

/* Holds mu. */
static serving_status_t status_locked(rpc__health_t *h, const char *service)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->entries[i].name, service) == 0)
            return h->entries[i].serving
                       ? GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING
                       : GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING;
    return GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVICE_UNKNOWN;
}

static void send_status(rpc_stream_t *stream, serving_status_t status)
{
    Grpc__Health__V1__HealthCheckResponse resp = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT;
    resp.status = status;
    rpc_stream_send(stream, &resp.base);
}

/* Holds mu: tells every watcher whose status changed. */
static void notify_locked(rpc__health_t *h)
{
    for (struct watcher *w = h->watchers; w; w = w->next) {
        serving_status_t now = status_locked(h, w->service);
        if (now != w->last) {
            w->last = now;
            send_status(w->stream, now);
        }
    }
}

void rpc__health_set(rpc__health_t *h, const char *service, bool serving)
{
    pthread_mutex_lock(&h->mu);
    size_t i;
    for (i = 0; i < h->n; i++)
        if (strcmp(h->entries[i].name, service) == 0)
            break;
    if (i == h->n) {
        if (h->n == MAX_ENTRIES) {
            pthread_mutex_unlock(&h->mu);
            return;
        }
        h->entries[h->n++].name = xstrdup(service);
    }
    h->entries[i].serving = serving;
    notify_locked(h);
    pthread_mutex_unlock(&h->mu);
}

void rpc__health_set_all(rpc__health_t *h, bool serving)
{
    pthread_mutex_lock(&h->mu);
    for (size_t i = 0; i < h->n; i++)
        h->entries[i].serving = serving;
    notify_locked(h);
    pthread_mutex_unlock(&h->mu);
}

void rpc__health_close_watchers(rpc__health_t *h)
{
    pthread_mutex_lock(&h->mu);
    struct watcher *w = h->watchers;
    h->watchers = NULL;
    pthread_mutex_unlock(&h->mu);
    while (w) {
        struct watcher *next = w->next;
        rpc_stream_finish(w->stream, TC_EUNAVAIL, "server shutting down");
        free(w->service);
        free(w);
        w = next;
    }
}

static int health_check(void *ctx, rpc_call_t *call, const ProtobufCMessage *req,
                        ProtobufCMessage **resp, tc_status_t *st)
{
    rpc__health_t *h = ctx;
    const Grpc__Health__V1__HealthCheckRequest *r = (const void *)req;
    pthread_mutex_lock(&h->mu);
    serving_status_t status = status_locked(h, r->service ? r->service : "");
    pthread_mutex_unlock(&h->mu);
    if (status == GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVICE_UNKNOWN)
        return tc_status_set(st, TC_ENOTFOUND, "unknown service \"%s\"", r->service);
    Grpc__Health__V1__HealthCheckResponse *out = rpc_call_alloc(call, sizeof *out);
    grpc__health__v1__health_check_response__init(out);
    out->status = status;
    *resp = &out->base;
    return TC_OK;
}

static void watch_closed(void *data)
{
    struct watcher *w = data;
    rpc__health_t *h = w->h;
    bool found = false;
    pthread_mutex_lock(&h->mu);
    for (struct watcher **p = &h->watchers; *p; p = &(*p)->next) {
        if (*p == w) {
            *p = w->next;
            found = true;
            break;
        }
    }
    pthread_mutex_unlock(&h->mu);
    /* Not found: shutdown already took it off the list and finished it. */
    if (found) {
        rpc_stream_finish(w->stream, TC_ECANCELLED, NULL);
        free(w->service);
        free(w);
    }
}

static int health_watch(void *ctx, rpc_call_t *call, const ProtobufCMessage *req,
                        rpc_stream_t *stream, tc_status_t *st)
{
    (void)call, (void)st;
    rpc__health_t *h = ctx;
    const Grpc__Health__V1__HealthCheckRequest *r = (const void *)req;
    struct watcher *w = xcalloc(1, sizeof *w);
    w->h = h;
    w->service = xstrdup(r->service ? r->service : "");
    w->stream = stream;
    pthread_mutex_lock(&h->mu);
    w->last = status_locked(h, w->service);
    send_status(stream, w->last);
    w->next = h->watchers;
    h->watchers = w;
    pthread_mutex_unlock(&h->mu);
    rpc_stream_on_close(stream, watch_closed, w);
    return TC_OK;
}

const rpc_method_t rpc__health_methods[] = {
    {.kind = RPC_UNARY, .unary = health_check},
    {.kind = RPC_SERVER_STREAMING, .stream = health_watch},
};
