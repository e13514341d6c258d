#include "gw_pool.h"

#include <pthread.h>
#include <stdlib.h>

#include "xalloc.h"

typedef struct gw_pool_job {
    gw_pool_fn fn;
    void *arg;
} gw_pool_job_t;

struct gw_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv; /* a job was queued, or stop */
    gw_pool_job_t *ring;
    size_t cap, head, count; /* queued jobs: ring[(head + i) % cap], i < count */
    size_t running;
    bool closed; /* no new jobs */
    bool stop;   /* workers exit once the queue is empty */
    bool joined;
    pthread_t *threads;
    int nthreads;
};

static void *worker_main(void *arg)
{
    gw_pool_t *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->count == 0 && !p->stop)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->count == 0)
            break; /* stop, and nothing left */
        gw_pool_job_t job = p->ring[p->head];
        p->head = (p->head + 1) % p->cap;
        p->count--;
        p->running++;
        pthread_mutex_unlock(&p->mu);
        job.fn(job.arg, false);
        pthread_mutex_lock(&p->mu);
        p->running--;
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

gw_pool_t *gw_pool_create(int workers, int queue_max, tc_status_t *st)
{
    if (workers < 1 || queue_max < 1) {
        tc_status_set(st, TC_EINVAL, "pool: %d workers, queue of %d: both must be >= 1", workers,
                      queue_max);
        return NULL;
    }
    gw_pool_t *p = xcalloc(1, sizeof(*p));
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->cap = (size_t)queue_max;
    p->ring = xcalloc(p->cap, sizeof(*p->ring));
    p->threads = xcalloc((size_t)workers, sizeof(*p->threads));
    for (int i = 0; i < workers; i++) {
        if (pthread_create(&p->threads[i], NULL, worker_main, p) != 0) {
            tc_status_set(st, TC_ERESOURCE, "pool: cannot start worker thread %d of %d", i + 1,
                          workers);
            gw_pool_destroy(p);
            return NULL;
        }
        p->nthreads++;
    }
    return p;
}

int gw_pool_submit(gw_pool_t *p, gw_pool_fn fn, void *arg)
{
    pthread_mutex_lock(&p->mu);
    int rc = 0;
    if (p->closed) {
        rc = TC_ECANCELLED;
    } else if (p->count >= p->cap) {
        rc = TC_ERESOURCE;
    } else {
        p->ring[(p->head + p->count) % p->cap] = (gw_pool_job_t){fn, arg};
        p->count++;
        pthread_cond_signal(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return rc;
}

void gw_pool_stats(gw_pool_t *p, size_t *queued, size_t *running)
{
    pthread_mutex_lock(&p->mu);
    if (queued)
        *queued = p->count;
    if (running)
        *running = p->running;
    pthread_mutex_unlock(&p->mu);
}

void gw_pool_shutdown(gw_pool_t *p)
{
    pthread_mutex_lock(&p->mu);
    if (p->joined) {
        pthread_mutex_unlock(&p->mu);
        return;
    }
    p->closed = true;
    /* Take the queued jobs out, so that the workers only finish what runs. */
    size_t n = p->count;
    gw_pool_job_t *left = xcalloc(n ? n : 1, sizeof(*left));
    for (size_t i = 0; i < n; i++)
        left[i] = p->ring[(p->head + i) % p->cap];
    p->head = 0;
    p->count = 0;
    p->stop = true;
    p->joined = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (size_t i = 0; i < n; i++)
        left[i].fn(left[i].arg, true);
    free(left);
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
}

void gw_pool_destroy(gw_pool_t *p)
{
    if (!p)
        return;
    gw_pool_shutdown(p);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p->ring);
    free(p->threads);
    free(p);
}
