/* reminders: the reminder timer (see reminders.h). */
#include "reminders.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"
#include "timeutil.h"
#include "xalloc.h"

struct todo_reminders {
    todo_store_t *store;
    todo_store_wanted_fn wanted;
    void *ctx;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* CLOCK_MONOTONIC */
    bool stop, kicked; /* guarded by mu */
};

/* Delivers what is due and returns how long to sleep (ms). */
static int64_t reminders_pass(todo_reminders_t *r)
{
    tc_status_t st = {0};
    size_t claimed = 0;
    int64_t now = tc_now_ms(), next = -1;
    if (todo_store_claim_reminders(r->store, now, r->wanted, r->ctx, &claimed, &st) != 0)
        LOG(LOG_WARN, "reminders: delivery failed", "detail", st.message);
    if (todo_store_next_reminder(r->store, now, &next, &st) != 0)
        next = -1;
    int64_t wait = TODO_REMINDERS_POLL_MS;
    if (next >= 0 && next - tc_now_ms() < wait)
        wait = next - tc_now_ms();
    return wait < 0 ? 0 : wait;
}

static void *reminders_main(void *arg)
{
    todo_reminders_t *r = arg;
    pthread_mutex_lock(&r->mu);
    while (!r->stop) {
        r->kicked = false;
        pthread_mutex_unlock(&r->mu);
        int64_t wait = reminders_pass(r);
        pthread_mutex_lock(&r->mu);
        struct timespec ts = tc_monotonic_in_ms(wait);
        while (!r->stop && !r->kicked && pthread_cond_timedwait(&r->cv, &r->mu, &ts) == 0)
            ;
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

todo_reminders_t *todo_reminders_create(todo_store_t *store, todo_store_wanted_fn wanted, void *ctx)
{
    todo_reminders_t *r = xcalloc(1, sizeof *r);
    r->store = store;
    r->wanted = wanted;
    r->ctx = ctx;
    pthread_mutex_init(&r->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&r->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&r->thread, NULL, reminders_main, r) != 0)
        abort();
    return r;
}

void todo_reminders_kick(todo_reminders_t *r)
{
    pthread_mutex_lock(&r->mu);
    r->kicked = true;
    pthread_cond_signal(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

void todo_reminders_destroy(todo_reminders_t *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    r->stop = true;
    pthread_cond_signal(&r->cv);
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->thread, NULL);
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv);
    free(r);
}
