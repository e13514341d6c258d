/* gw_api: the JSON API handlers (todos and chat). Each turns a parsed HTTP
 * request into one upstream call with a deadline and the answer into a status
 * and a JSON body. No libmicrohttpd here: gw_server does the HTTP plumbing. */
#ifndef GW_API_H
#define GW_API_H

#include <stddef.h>

#include "arena.h"
#include "todo_cache.h"
#include "gw_ident.h"
#include "gw_json.h"
#include "gw_ready.h"
#include "gw_route.h"
#include "rpc_client.h"

typedef struct gw_api {
    rpc_client_t *todo;
    rpc_client_t *chat;
    todo_cache_t *cache; /* GET /api/todos bodies; NULL = no cache */
    gw_ready_t *ready;   /* /readyz */
    int deadline_ms;
} gw_api_t;

typedef struct gw_api_req {
    const gw_route_t *route; /* a matched row and its todo id */
    const char *user_id;     /* derived by gw_ident; never the token */
    const char *body;        /* JSON body (may be NULL for routes without one) */
    size_t body_len;
    gw_json_query_t list;        /* GET /api/todos query; each value may be NULL */
    const char *idempotency_key; /* may be NULL */
    tc_arena_t *arena;           /* request lifetime */
    int waited_ms;               /* time spent queued for a pool worker */
} gw_api_req_t;

typedef struct gw_api_resp {
    int status; /* HTTP status; a GW_RF_STREAM row leaves 0 to open the stream */
    char *body; /* JSON, free()d by the caller; NULL for 204 */
    size_t len;
    char *location; /* arena string for 201, or NULL */
} gw_api_resp_t;

/* The gateway's routes (gw_route.h): one row each, ended by a NULL pattern. */
extern const gw_route_row_t gw_routes[];

/* Runs the handler of req->route's row. Always fills out (but for a stream
 * that may open: status 0); errors are the contract's JSON error bodies.
 * Upstream failures are counted in gateway_upstream_errors_total{method,code}.
 * Lists fill api->cache; a GW_RF_WRITES row (a forwarded write, a chat turn)
 * invalidates the user's cached lists before the answer goes out. */
void gw_api_handle(const gw_api_t *api, const gw_api_req_t *req, gw_api_resp_t *out);

/* Replaces out by the contract's error for an HTTP status (503, 504, ...). */
void gw_api_fail(gw_api_resp_t *out, int status, const char *message);

/* A list request answered from api->cache without an upstream call: true
 * with out filled (200, a body to free), false on a miss (out untouched).
 * Never blocks; meant for the event loop. */
bool gw_api_list_cached(const gw_api_t *api, const gw_api_req_t *req, gw_api_resp_t *out);

/* Upstream call with the API's deadline, counting failures in metrics.
 * Same contract as rpc_client_call, except that *resp is allocated from
 * arena (the request's): it lives until tc_arena_destroy and is never freed on
 * its own. */
int gw_api_call(const gw_api_t *api, rpc_client_t *c, const char *method,
                const ProtobufCMessage *in, tc_arena_t *arena, ProtobufCMessage **resp,
                tc_status_t *st);

#endif
