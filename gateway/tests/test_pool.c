/* gw_pool: jobs run once each in FIFO order, a full queue refuses at once,
 * shutdown cancels what still waits, lets what runs finish and joins. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "gw_pool.h"

typedef struct log_s {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int order[64];
    bool cancelled[64];
    int n;
    bool open;   /* the gate: gate jobs wait until it opens */
    int at_gate; /* gate jobs waiting */
} log_t;

typedef struct job {
    log_t *log;
    int id;
    bool gate;
    bool opens; /* when cancelled, opens the gate */
    atomic_int calls;
} job_t;

static void log_init(log_t *l)
{
    memset(l, 0, sizeof(*l));
    pthread_mutex_init(&l->mu, NULL);
    pthread_cond_init(&l->cv, NULL);
}

static void log_fini(log_t *l)
{
    pthread_cond_destroy(&l->cv);
    pthread_mutex_destroy(&l->mu);
}

static void run(void *arg, bool cancelled)
{
    job_t *j = arg;
    log_t *l = j->log;
    atomic_fetch_add(&j->calls, 1);
    pthread_mutex_lock(&l->mu);
    if (j->gate && !cancelled) {
        l->at_gate++;
        pthread_cond_broadcast(&l->cv);
        while (!l->open)
            pthread_cond_wait(&l->cv, &l->mu);
    }
    if (j->opens && cancelled)
        l->open = true;
    l->order[l->n] = j->id;
    l->cancelled[l->n] = cancelled;
    l->n++;
    pthread_cond_broadcast(&l->cv);
    pthread_mutex_unlock(&l->mu);
}

static void wait_at_gate(log_t *l, int n)
{
    pthread_mutex_lock(&l->mu);
    while (l->at_gate < n)
        pthread_cond_wait(&l->cv, &l->mu);
    pthread_mutex_unlock(&l->mu);
}

static void wait_done(log_t *l, int n)
{
    pthread_mutex_lock(&l->mu);
    while (l->n < n)
        pthread_cond_wait(&l->cv, &l->mu);
    pthread_mutex_unlock(&l->mu);
}

static void open_gate(log_t *l)
{
    pthread_mutex_lock(&l->mu);
    l->open = true;
    pthread_cond_broadcast(&l->cv);
    pthread_mutex_unlock(&l->mu);
}

static void test_bad_sizes(void **state)
{
    (void)state;
    tc_status_t st;
    tc_status_clear(&st);
    assert_null(gw_pool_create(0, 4, &st));
    assert_int_equal(st.code, TC_EINVAL);
    tc_status_clear(&st);
    assert_null(gw_pool_create(2, 0, &st));
    assert_int_equal(st.code, TC_EINVAL);
    gw_pool_destroy(NULL);
}

/* One worker: jobs run one at a time in the order they were queued. */
static void test_fifo_order(void **state)
{
    (void)state;
    tc_status_t st;
    log_t l;
    log_init(&l);
    gw_pool_t *p = gw_pool_create(1, 32, &st);
    assert_non_null(p);
    job_t jobs[20];
    memset(jobs, 0, sizeof(jobs));
    jobs[0] = (job_t){.log = &l, .id = 0, .gate = true};
    assert_int_equal(gw_pool_submit(p, run, &jobs[0]), 0);
    wait_at_gate(&l, 1); /* the one worker is busy: the rest queue up */
    for (int i = 1; i < 20; i++) {
        jobs[i] = (job_t){.log = &l, .id = i};
        assert_int_equal(gw_pool_submit(p, run, &jobs[i]), 0);
    }
    size_t queued = 0, running = 0;
    gw_pool_stats(p, &queued, &running);
    assert_int_equal(queued, 19);
    assert_int_equal(running, 1);
    open_gate(&l);
    wait_done(&l, 20);
    for (int i = 0; i < 20; i++) {
        assert_int_equal(l.order[i], i);
        assert_false(l.cancelled[i]);
        assert_int_equal(atomic_load(&jobs[i].calls), 1);
    }
    gw_pool_destroy(p);
    log_fini(&l);
}

/* Two busy workers and a queue of 3: the 4th waiting job is refused at once
 * (the caller answers 503) and never called; the others all run. */
static void test_bounded_queue_refuses(void **state)
{
    (void)state;
    tc_status_t st;
    log_t l;
    log_init(&l);
    gw_pool_t *p = gw_pool_create(2, 3, &st);
    assert_non_null(p);
    job_t jobs[6];
    memset(jobs, 0, sizeof(jobs));
    for (int i = 0; i < 6; i++)
        jobs[i] = (job_t){.log = &l, .id = i, .gate = i < 2};
    assert_int_equal(gw_pool_submit(p, run, &jobs[0]), 0);
    assert_int_equal(gw_pool_submit(p, run, &jobs[1]), 0);
    wait_at_gate(&l, 2);
    for (int i = 2; i < 5; i++)
        assert_int_equal(gw_pool_submit(p, run, &jobs[i]), 0);
    assert_int_equal(gw_pool_submit(p, run, &jobs[5]), TC_ERESOURCE);
    size_t queued = 0, running = 0;
    gw_pool_stats(p, &queued, &running);
    assert_int_equal(queued, 3);
    assert_int_equal(running, 2);
    open_gate(&l);
    wait_done(&l, 5);
    /* room again once the queue has drained */
    jobs[5].gate = false;
    assert_int_equal(gw_pool_submit(p, run, &jobs[5]), 0);
    wait_done(&l, 6);
    gw_pool_destroy(p);
    for (int i = 0; i < 6; i++)
        assert_int_equal(atomic_load(&jobs[i].calls), 1);
    log_fini(&l);
}

/* Shutdown: queued jobs are called with cancelled (in order, before it
 * returns), the running one finishes normally, the workers are joined, and
 * new jobs are refused. Every accepted job is called exactly once. */
static void test_shutdown_drains(void **state)
{
    (void)state;
    tc_status_t st;
    log_t l;
    log_init(&l);
    gw_pool_t *p = gw_pool_create(1, 8, &st);
    assert_non_null(p);
    job_t jobs[5];
    memset(jobs, 0, sizeof(jobs));
    for (int i = 0; i < 5; i++)
        jobs[i] = (job_t){.log = &l, .id = i, .gate = i == 0, .opens = i == 4};
    assert_int_equal(gw_pool_submit(p, run, &jobs[0]), 0);
    wait_at_gate(&l, 1);
    for (int i = 1; i < 5; i++)
        assert_int_equal(gw_pool_submit(p, run, &jobs[i]), 0);
    /* Job 0 is let go only by the last cancelled job: shutdown must cancel
     * the queue first and then wait for the running job. */
    gw_pool_shutdown(p);
    assert_int_equal(l.n, 5);
    for (int i = 0; i < 5; i++)
        assert_int_equal(atomic_load(&jobs[i].calls), 1);
    /* the cancelled ones first (job 0 was still waiting at its gate), in order */
    for (int i = 0; i < 4; i++) {
        assert_int_equal(l.order[i], i + 1);
        assert_true(l.cancelled[i]);
    }
    assert_int_equal(l.order[4], 0);
    assert_false(l.cancelled[4]);
    size_t queued = 1, running = 1;
    gw_pool_stats(p, &queued, &running);
    assert_int_equal(queued, 0);
    assert_int_equal(running, 0);
    job_t late = {.log = &l, .id = 99};
    assert_int_equal(gw_pool_submit(p, run, &late), TC_ECANCELLED);
    gw_pool_shutdown(p); /* idempotent */
    gw_pool_destroy(p);
    assert_int_equal(atomic_load(&late.calls), 0);
    log_fini(&l);
}

/* Many submitters and workers at once: nothing lost, nothing twice. */
typedef struct flood {
    gw_pool_t *p;
    job_t *jobs;
    int n;
    atomic_int *refused;
} flood_t;

static void count_only(void *arg, bool cancelled)
{
    (void)cancelled;
    job_t *j = arg;
    atomic_fetch_add(&j->calls, 1);
}

static void *submitter_count(void *arg)
{
    flood_t *f = arg;
    for (int i = 0; i < f->n; i++)
        if (gw_pool_submit(f->p, count_only, &f->jobs[i]) != 0) {
            atomic_fetch_add(f->refused, 1);
            atomic_fetch_add(&f->jobs[i].calls, 1);
        }
    return NULL;
}

static void test_concurrent_submitters(void **state)
{
    (void)state;
    tc_status_t st;
    gw_pool_t *p = gw_pool_create(4, 16, &st);
    assert_non_null(p);
    enum { T = 4, N = 2000 };
    static job_t jobs[T][N];
    memset(jobs, 0, sizeof(jobs));
    atomic_int refused = 0;
    pthread_t th[T];
    flood_t f[T];
    for (int t = 0; t < T; t++) {
        f[t] = (flood_t){p, jobs[t], N, &refused};
        assert_int_equal(pthread_create(&th[t], NULL, submitter_count, &f[t]), 0);
    }
    for (int t = 0; t < T; t++)
        pthread_join(th[t], NULL);
    gw_pool_destroy(p);
    for (int t = 0; t < T; t++)
        for (int i = 0; i < N; i++)
            assert_int_equal(atomic_load(&jobs[t][i].calls), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_sizes),
        cmocka_unit_test(test_fifo_order),
        cmocka_unit_test(test_bounded_queue_refuses),
        cmocka_unit_test(test_shutdown_drains),
        cmocka_unit_test(test_concurrent_submitters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
