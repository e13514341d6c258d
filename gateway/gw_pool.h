/* gw_pool: a fixed set of worker threads running jobs from a bounded FIFO
 * queue. The gateway hands it every request that may block on an upstream
 * call, so that libmicrohttpd's threads (each an event loop over many
 * connections) never wait. Knows nothing of HTTP. Thread-safe.
 *
 * Every job accepted by gw_pool_submit is called exactly once: by a worker
 * (cancelled false), or with cancelled true when it is still queued at
 * gw_pool_shutdown (then it must only finish up quickly, e.g. answer
 * "shutting down"). The pool never owns or frees a job's arg. */
#ifndef GW_POOL_H
#define GW_POOL_H

#include <stdbool.h>
#include <stddef.h>

#include "tc_err.h"

typedef struct gw_pool gw_pool_t;
typedef void (*gw_pool_fn)(void *arg, bool cancelled);

/* New pool of workers threads (>= 1) and room for queue_max (>= 1) jobs
 * waiting for a worker. Returns NULL with st set (TC_EINVAL for bad sizes,
 * TC_ERESOURCE when a thread cannot be started). */
gw_pool_t *gw_pool_create(int workers, int queue_max, tc_status_t *st);

/* Queues fn(arg, ...) behind the jobs already queued (FIFO). Returns 0, or
 * TC_ERESOURCE when queue_max jobs are already waiting, or TC_ECANCELLED
 * after gw_pool_shutdown; on an error fn is never called. Never blocks. */
int gw_pool_submit(gw_pool_t *p, gw_pool_fn fn, void *arg);

/* Jobs waiting for a worker and jobs running right now (a snapshot). */
void gw_pool_stats(gw_pool_t *p, size_t *queued, size_t *running);

/* Refuses new jobs, calls every still-queued job with cancelled true (on the
 * caller's thread, in order), waits for the running ones and joins the
 * workers. When it returns, every accepted job has been called. Idempotent. */
void gw_pool_shutdown(gw_pool_t *p);

/* Shuts down (if not yet done) and frees the pool. Accepts NULL. */
void gw_pool_destroy(gw_pool_t *p);

#endif
