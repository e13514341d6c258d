/* gw_route: the gateway's route table. Maps a method and a decoded path to a
 * route id (and the todo id for /api/todos/ID). Pure: no I/O, no allocation. */
#ifndef GW_ROUTE_H
#define GW_ROUTE_H

#include <stddef.h>

typedef enum gw_route_id {
    GW_ROUTE_NOT_FOUND = 0, /* 404 */
    GW_ROUTE_BAD_METHOD,    /* 405; allow says which methods exist */
    GW_ROUTE_TODOS_LIST,    /* GET /api/todos */
    GW_ROUTE_TODOS_CREATE,  /* POST /api/todos */
    GW_ROUTE_TODO_GET,      /* GET /api/todos/ID */
    GW_ROUTE_TODO_PATCH,    /* PATCH /api/todos/ID */
    GW_ROUTE_TODO_DELETE,   /* DELETE /api/todos/ID */
    GW_ROUTE_CHAT,          /* POST /api/chat */
    GW_ROUTE_EVENTS,        /* GET /api/events */
    GW_ROUTE_HEALTHZ,       /* GET /healthz */
    GW_ROUTE_READYZ,        /* GET /readyz */
    GW_ROUTE_STATIC,        /* GET / and any other non-/api path */
    GW_ROUTE_COUNT
} gw_route_id_t;

#define GW_ROUTE_ID_MAX 128

typedef struct gw_route {
    gw_route_id_t id;
    char todo_id[GW_ROUTE_ID_MAX + 1]; /* for the /api/todos/ID routes */
    const char *allow;                 /* static "GET, POST" for GW_ROUTE_BAD_METHOD */
} gw_route_t;

/* Matches method ("GET"; HEAD counts as GET) and path (already
 * percent-decoded, without the query string). Always fills out and returns
 * out->id. A todo id is 1-128 printable ASCII bytes without '/'; anything
 * else under /api/todos/ is GW_ROUTE_NOT_FOUND. */
gw_route_id_t gw_route_match(const char *method, const char *path, gw_route_t *out);

/* Low-cardinality label for metrics ("/api/todos/{id}"); static storage. */
const char *gw_route_label(gw_route_id_t id);

/* True for routes under /api/ that need an identity. */
int gw_route_needs_identity(gw_route_id_t id);

/* True for routes that read a JSON request body. */
int gw_route_has_body(gw_route_id_t id);

#endif
