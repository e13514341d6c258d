#include "gw_route.h"

#include <string.h>

static int is_get(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

static gw_route_id_t bad_method(gw_route_t *out, const char *allow)
{
    out->allow = allow;
    return out->id = GW_ROUTE_BAD_METHOD;
}

static int valid_todo_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > GW_ROUTE_ID_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7f || c == '/')
            return 0;
    }
    return 1;
}

gw_route_id_t gw_route_match(const char *method, const char *path, gw_route_t *out)
{
    memset(out, 0, sizeof(*out));
    out->id = GW_ROUTE_NOT_FOUND;
    if (!method || !path || path[0] != '/')
        return out->id;

    if (strcmp(path, "/api/todos") == 0) {
        if (is_get(method))
            return out->id = GW_ROUTE_TODOS_LIST;
        if (strcmp(method, "POST") == 0)
            return out->id = GW_ROUTE_TODOS_CREATE;
        return bad_method(out, "GET, HEAD, POST");
    }
    if (strncmp(path, "/api/todos/", 11) == 0) {
        const char *id = path + 11;
        if (!valid_todo_id(id))
            return out->id = GW_ROUTE_NOT_FOUND;
        memcpy(out->todo_id, id, strlen(id) + 1);
        if (is_get(method))
            return out->id = GW_ROUTE_TODO_GET;
        if (strcmp(method, "PATCH") == 0)
            return out->id = GW_ROUTE_TODO_PATCH;
        if (strcmp(method, "DELETE") == 0)
            return out->id = GW_ROUTE_TODO_DELETE;
        return bad_method(out, "GET, HEAD, PATCH, DELETE");
    }
    if (strcmp(path, "/api/chat") == 0) {
        if (strcmp(method, "POST") == 0)
            return out->id = GW_ROUTE_CHAT;
        return bad_method(out, "POST");
    }
    if (strcmp(path, "/api/events") == 0) {
        if (strcmp(method, "GET") == 0) /* not HEAD: a stream has no end to report */
            return out->id = GW_ROUTE_EVENTS;
        return bad_method(out, "GET");
    }
    if (strcmp(path, "/api") == 0 || strncmp(path, "/api/", 5) == 0)
        return out->id = GW_ROUTE_NOT_FOUND;

    gw_route_id_t plain = GW_ROUTE_STATIC;
    if (strcmp(path, "/healthz") == 0)
        plain = GW_ROUTE_HEALTHZ;
    else if (strcmp(path, "/readyz") == 0)
        plain = GW_ROUTE_READYZ;
    if (is_get(method))
        return out->id = plain;
    return bad_method(out, "GET, HEAD");
}

const char *gw_route_label(gw_route_id_t id)
{
    switch (id) {
    case GW_ROUTE_TODOS_LIST:
    case GW_ROUTE_TODOS_CREATE:
        return "/api/todos";
    case GW_ROUTE_TODO_GET:
    case GW_ROUTE_TODO_PATCH:
    case GW_ROUTE_TODO_DELETE:
        return "/api/todos/{id}";
    case GW_ROUTE_CHAT:
        return "/api/chat";
    case GW_ROUTE_EVENTS:
        return "/api/events";
    case GW_ROUTE_HEALTHZ:
        return "/healthz";
    case GW_ROUTE_READYZ:
        return "/readyz";
    case GW_ROUTE_STATIC:
        return "static";
    case GW_ROUTE_BAD_METHOD:
        return "method_not_allowed";
    default:
        return "not_found";
    }
}

int gw_route_needs_identity(gw_route_id_t id)
{
    return id >= GW_ROUTE_TODOS_LIST && id <= GW_ROUTE_EVENTS;
}

int gw_route_has_body(gw_route_id_t id)
{
    return id == GW_ROUTE_TODOS_CREATE || id == GW_ROUTE_TODO_PATCH || id == GW_ROUTE_CHAT;
}
