#include "todo_cache_follower.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "log.h"
#include "timeutil.h"
#include "xalloc.h"

#define BACKOFF_MIN_MS  100
#define BACKOFF_MAX_MS  5000
#define UNIMPL_RETRY_MS 60000

struct todo_cache_follower {
    rpc_client_t *todo;
    todo_cache_t *cache;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;    /* guarded by mu */
    bool ended;   /* the current stream's on_end has run */
    bool live;    /* the current stream sent its first message */
    int end_code; /* of the last stream */
    bool said_unimpl;
};

unsigned todo_cache_follower_kinds(const Todo__V1__TodoChange *ch)
{
    switch (ch->type) {
    case TODO__V1__EVENT_TYPE__EVENT_CREATED:
    case TODO__V1__EVENT_TYPE__EVENT_DELETED:
        return ch->done ? TODO_CACHE_DONE : TODO_CACHE_OPEN;
    default:
        return TODO_CACHE_ALL;
    }
}

unsigned todo_cache_follower_status_kinds(Todo__V1__StatusFilter status)
{
    switch (status) {
    case TODO__V1__STATUS_FILTER__STATUS_OPEN:
        return TODO_CACHE_OPEN;
    case TODO__V1__STATUS_FILTER__STATUS_DONE:
        return TODO_CACHE_DONE;
    default:
        return TODO_CACHE_ALL;
    }
}

static void on_change(void *data, const ProtobufCMessage *msg)
{
    todo_cache_follower_t *f = data;
    const Todo__V1__TodoChange *ch = (const Todo__V1__TodoChange *)msg;
    if (ch->user_id && *ch->user_id) {
        todo_cache_invalidate(f->cache, ch->user_id, todo_cache_follower_kinds(ch));
        return;
    }
    todo_cache_set_live(f->cache, true);
    pthread_mutex_lock(&f->mu);
    f->live = true;
    pthread_mutex_unlock(&f->mu);
    LOG(LOG_INFO, "list cache on: following todo-svc changes");
}

static void on_end(void *data, int code, const char *message)
{
    todo_cache_follower_t *f = data;
    todo_cache_set_live(f->cache, false);
    pthread_mutex_lock(&f->mu);
    if (f->live && !f->stop)
        LOG(LOG_WARN, "list cache off until todo-svc's change stream is back", "code",
            tc_errname(code), "detail", message ? message : "");
    if (code == TC_EUNIMPL && !f->said_unimpl) {
        f->said_unimpl = true;
        LOG(LOG_WARN, "list cache off: todo-svc has no WatchChanges (an older version?)");
    }
    f->ended = true;
    f->end_code = code;
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
}

/* Waits up to ms or until stop; f->mu held. */
static void wait_ms(todo_cache_follower_t *f, int ms)
{
    struct timespec ts = tc_realtime_in_ms(ms);
    int rc = 0;
    while (!f->stop && rc == 0)
        rc = pthread_cond_timedwait(&f->cv, &f->mu, &ts);
}

static void *follow_main(void *arg)
{
    todo_cache_follower_t *f = arg;
    int backoff = BACKOFF_MIN_MS;
    pthread_mutex_lock(&f->mu);
    while (!f->stop) {
        f->ended = false;
        f->live = false;
        pthread_mutex_unlock(&f->mu);
        tc_status_t st;
        tc_status_clear(&st);
        Todo__V1__WatchChangesRequest in = TODO__V1__WATCH_CHANGES_REQUEST__INIT;
        rpc_client_stream_t *s =
            rpc_client_stream_start(f->todo, "WatchChanges", &in.base, on_change, on_end, f, &st);
        pthread_mutex_lock(&f->mu);
        if (s) {
            while (!f->ended && !f->stop)
                pthread_cond_wait(&f->cv, &f->mu);
            pthread_mutex_unlock(&f->mu);
            rpc_client_stream_release(s);
            pthread_mutex_lock(&f->mu);
            while (!f->ended) /* on_end is the stream's last use of f */
                pthread_cond_wait(&f->cv, &f->mu);
        } else {
            f->end_code = st.code;
        }
        if (f->stop)
            break;
        if (f->live)
            backoff = BACKOFF_MIN_MS;
        wait_ms(f, f->end_code == TC_EUNIMPL ? UNIMPL_RETRY_MS : backoff);
        backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
    }
    pthread_mutex_unlock(&f->mu);
    return NULL;
}

todo_cache_follower_t *todo_cache_follower_start(rpc_client_t *todo, todo_cache_t *cache)
{
    todo_cache_follower_t *f = xcalloc(1, sizeof(*f));
    f->todo = todo;
    f->cache = cache;
    pthread_mutex_init(&f->mu, NULL);
    pthread_cond_init(&f->cv, NULL);
    if (pthread_create(&f->thread, NULL, follow_main, f) != 0)
        abort(); /* as xalloc does when memory runs out */
    return f;
}

void todo_cache_follower_stop(todo_cache_follower_t *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&f->mu);
    f->stop = true;
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
    pthread_join(f->thread, NULL);
    todo_cache_set_live(f->cache, false);
    pthread_cond_destroy(&f->cv);
    pthread_mutex_destroy(&f->mu);
    free(f);
}
