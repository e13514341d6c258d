/* gw_ready: readiness for /readyz: both backends answer grpc.health.v1 Check
 * within a short deadline. The result is cached for cache_ms so probes and
 * load do not turn into a health-check storm; only one thread refreshes at a
 * time while the others read the last result. Thread-safe. */
#ifndef GW_READY_H
#define GW_READY_H

#include <stdbool.h>
#include <stddef.h>

#include "rpc_client.h"

typedef struct gw_ready gw_ready_t;

/* Clients are borrowed and must outlive the checker. Never NULL. */
gw_ready_t *gw_ready_create(rpc_client_t *todo, rpc_client_t *chat, int deadline_ms, int cache_ms);
/* Accepts NULL. */
void gw_ready_destroy(gw_ready_t *r);

/* True when ready. why (may be NULL) gets a short reason when not
 * ("todo-svc: unavailable"). */
bool gw_ready_check(gw_ready_t *r, char *why, size_t why_len);

/* From now on the gateway reports not ready (draining on SIGTERM). */
void gw_ready_set_draining(gw_ready_t *r);

#endif
