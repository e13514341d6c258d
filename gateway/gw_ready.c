#include "gw_ready.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeutil.h"
#include "xalloc.h"

struct gw_ready {
    rpc_client_t *todo, *chat;
    int deadline_ms, cache_ms;
    pthread_mutex_t mu;      /* guards the cached result */
    pthread_mutex_t refresh; /* held by the one thread that checks */
    bool have, ok, draining;
    int64_t checked_ms;
    char why[128];
};

gw_ready_t *gw_ready_create(rpc_client_t *todo, rpc_client_t *chat, int deadline_ms, int cache_ms)
{
    gw_ready_t *r = xcalloc(1, sizeof(*r));
    r->todo = todo;
    r->chat = chat;
    r->deadline_ms = deadline_ms > 0 ? deadline_ms : 500;
    r->cache_ms = cache_ms >= 0 ? cache_ms : 1000;
    pthread_mutex_init(&r->mu, NULL);
    pthread_mutex_init(&r->refresh, NULL);
    return r;
}

void gw_ready_destroy(gw_ready_t *r)
{
    if (!r)
        return;
    pthread_mutex_destroy(&r->mu);
    pthread_mutex_destroy(&r->refresh);
    free(r);
}

static bool read_cached(gw_ready_t *r, bool fresh_only, bool *ok, char *why, size_t n)
{
    pthread_mutex_lock(&r->mu);
    bool usable = r->have && (!fresh_only || tc_mono_ms() - r->checked_ms < r->cache_ms);
    if (usable) {
        *ok = r->ok;
        if (why)
            snprintf(why, n, "%s", r->why);
    }
    pthread_mutex_unlock(&r->mu);
    return usable;
}

bool gw_ready_check(gw_ready_t *r, char *why, size_t why_len)
{
    pthread_mutex_lock(&r->mu);
    bool draining = r->draining;
    pthread_mutex_unlock(&r->mu);
    if (draining) {
        if (why)
            snprintf(why, why_len, "shutting down");
        return false;
    }
    bool ok = false;
    if (read_cached(r, true, &ok, why, why_len))
        return ok;
    if (pthread_mutex_trylock(&r->refresh) != 0) {
        /* Someone else is checking: use the last result, or wait for theirs. */
        if (read_cached(r, false, &ok, why, why_len))
            return ok;
        pthread_mutex_lock(&r->refresh);
    }
    if (!read_cached(r, true, &ok, why, why_len)) {
        tc_status_t st;
        char reason[128] = "";
        int rc = rpc_client_health_check(r->todo, "", r->deadline_ms, &st);
        if (rc != 0)
            snprintf(reason, sizeof(reason), "todo-svc: %s", tc_strerror(rc));
        if (rc == 0) {
            rc = rpc_client_health_check(r->chat, "", r->deadline_ms, &st);
            if (rc != 0)
                snprintf(reason, sizeof(reason), "chat-svc: %s", tc_strerror(rc));
        }
        ok = rc == 0;
        pthread_mutex_lock(&r->mu);
        r->have = true;
        r->ok = ok;
        r->checked_ms = tc_mono_ms();
        snprintf(r->why, sizeof(r->why), "%s", reason);
        pthread_mutex_unlock(&r->mu);
        if (why)
            snprintf(why, why_len, "%s", reason);
    }
    pthread_mutex_unlock(&r->refresh);
    return ok;
}

void gw_ready_set_draining(gw_ready_t *r)
{
    pthread_mutex_lock(&r->mu);
    r->draining = true;
    pthread_mutex_unlock(&r->mu);
}
