/* gw_route: the gateway's routes as one table of rows. A row says which
 * method and path it answers, its metrics label, what the request needs
 * before it runs (flags) and the handler. The table itself is gw_routes[] in
 * gw_api.c; adding a route is one row there and one handler.
 *
 * Matching is pure: no I/O, no allocation. The first row whose pattern fits
 * the path decides the path; among the rows with that same pattern the one
 * for the method wins. None: 405 with Allow listing the pattern's methods.
 * A "GET" row answers HEAD too, except a stream's (a stream has no end to
 * report). A row without a method is a 404 for its pattern. */
#ifndef GW_ROUTE_H
#define GW_ROUTE_H

#include <stddef.h>

struct gw_api;
struct gw_api_req;
struct gw_api_resp;

/* A route's handler: fills out (gw_api.h says how). Runs on a gw_pool worker
 * for GW_RF_POOLED rows, else on the event-loop thread. */
typedef void gw_route_handler_fn(const struct gw_api *api, const struct gw_api_req *req,
                                 struct gw_api_resp *out);

enum {
    GW_RF_IDENTITY = 1 << 0,  /* needs a user (Bearer token or sid): 401 without one */
    GW_RF_BODY = 1 << 1,      /* reads a JSON body: 413 and 415 from the head; others ignore one */
    GW_RF_POOLED = 1 << 2,    /* may wait on a backend: handler runs on gw_pool */
    GW_RF_CACHEABLE = 1 << 3, /* answered from the list cache when it holds the answer */
    GW_RF_WRITES = 1 << 4,    /* drops the user's cached lists once handled, whatever the outcome */
    GW_RF_UPSTREAM = 1 << 5,  /* within the API deadline from queueing: 504 once it is gone */
    GW_RF_STREAM = 1 << 6,    /* an SSE stream once the handler leaves out->status 0 */
    GW_RF_FILE = 1 << 7,      /* a UI file from gw_static (no handler) */
};

typedef struct gw_route_row {
    const char *method;  /* "GET", "POST", ...; NULL: the pattern is a 404 */
    const char *pattern; /* "/api/chat" exact, "/api/todos/{id}" a todo id, "/api/" "*" a prefix */
    const char *label;   /* low-cardinality metrics label */
    unsigned flags;      /* GW_RF_* */
    gw_route_handler_fn *handler;
} gw_route_row_t;

#define GW_ROUTE_ID_MAX 128

typedef struct gw_route {
    const gw_route_row_t *row;         /* NULL: no route (status says why) */
    int status;                        /* 0 when row is set, else 404 or 405 */
    char todo_id[GW_ROUTE_ID_MAX + 1]; /* for the {id} patterns */
    char allow[64];                    /* "GET, HEAD, POST" for a 405 */
} gw_route_t;

/* Matches method and path (already percent-decoded, without the query
 * string) against table (ended by a row with a NULL pattern). Always fills
 * out and returns out->row. A todo id is 1-128 printable ASCII bytes without
 * '/'; anything else does not fit an {id} pattern. */
const gw_route_row_t *gw_route_match(const gw_route_row_t *table, const char *method,
                                     const char *path, gw_route_t *out);

/* The row's label, "method_not_allowed" or "not_found"; static storage. */
const char *gw_route_label(const gw_route_t *r);

/* The row's flags; 0 without a row. */
unsigned gw_route_flags(const gw_route_t *r);

#endif
