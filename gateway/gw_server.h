/* gw_server: the gateway's HTTP server on libmicrohttpd: a few epoll
 * event-loop threads that never block, a gw_pool of workers for everything
 * that waits on an upstream (the connection is suspended meanwhile), connection limits and
 * timeouts, per-request arenas, body limits, identity, security headers, static files, health,
 * metrics and SSE. API handlers live in gw_api; this module is the HTTP plumbing around them. */
#ifndef GW_SERVER_H
#define GW_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "tc_err.h"

#define GW_MAX_BODY (64 * 1024)

typedef struct gw_config {
    const char *listen;    /* "HOST:PORT", port 0 = any */
    const char *todo_addr; /* gRPC targets */
    const char *chat_addr;
    const char *ui_dir;
    const char *id_key;         /* HMAC key for user ids; NULL/"" = random per process */
    const char *metrics_listen; /* "HOST:PORT" for GET /metrics; NULL or "off" = none */
    bool legacy_sids;           /* sign sids of releases before signing (see gw_ident) */
    int request_timeout_ms;     /* a new connection's first request must arrive within */
    int deadline_ms;            /* upstream call deadline */
    int threads;                /* libmicrohttpd event-loop threads; 0 = one per core (2..8) */
    int workers;                /* upstream worker threads (gw_pool); queue = 4 x workers */
    int max_connections;
    int conn_timeout_s; /* idle connection timeout */
    int sse_heartbeat_ms;
    int max_streams;   /* open SSE streams */
    int list_cache_mb; /* list cache budget; 0 = no cache */
} gw_config_t;

typedef struct gw_server gw_server_t;

/* New server with its upstream clients (not yet listening). cfg's strings must
 * outlive the server. Returns NULL with st set on a bad target. */
gw_server_t *gw_server_create(const gw_config_t *cfg, tc_status_t *st);

/* Binds cfg->listen (and cfg->metrics_listen) and starts serving; bound
 * receives "HOST:PORT" with the real port, metrics_bound (may be NULL) the
 * metrics address or "off". Returns 0 or TC_EIO/TC_EINVAL with st set (port
 * busy, bad address). */
int gw_server_start(gw_server_t *s, char *bound, size_t bound_len, char *metrics_bound,
                    size_t metrics_bound_len, tc_status_t *st);

/* Graceful stop: readiness fails, no new connections, in-flight requests get
 * up to grace_ms, requests still waiting for a worker get 503, running ones
 * finish (bounded by the deadline), SSE streams end, then the daemon stops. */
void gw_server_drain(gw_server_t *s, int grace_ms);

/* Frees everything (stopping first if needed). Accepts NULL. */
void gw_server_destroy(gw_server_t *s);

#endif
