#include "gw_route.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool valid_todo_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > GW_ROUTE_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7f || c == '/')
            return false;
    }
    return true;
}

/* Whether path fits pattern; an {id} goes to out->todo_id. */
static bool fits(const char *pattern, const char *path, gw_route_t *out)
{
    size_t n = strlen(pattern);
    if (n >= 1 && pattern[n - 1] == '*')
        return strncmp(path, pattern, n - 1) == 0;
    if (n >= 4 && strcmp(pattern + n - 4, "{id}") == 0) {
        if (strncmp(path, pattern, n - 4) != 0 || !valid_todo_id(path + n - 4))
            return false;
        snprintf(out->todo_id, sizeof(out->todo_id), "%s", path + n - 4);
        return true;
    }
    return strcmp(path, pattern) == 0;
}

static bool takes_head(const gw_route_row_t *r)
{
    return strcmp(r->method, "GET") == 0 && !(r->flags & GW_RF_STREAM);
}

static bool answers(const gw_route_row_t *r, const char *method)
{
    return strcmp(r->method, method) == 0 || (strcmp(method, "HEAD") == 0 && takes_head(r));
}

/* Allow for a 405: the methods of every row with pattern. */
static void list_allowed(const gw_route_row_t *table, const char *pattern, gw_route_t *out)
{
    size_t len = 0;
    for (const gw_route_row_t *r = table; r->pattern; r++) {
        if (!r->method || strcmp(r->pattern, pattern) != 0)
            continue;
        len += (size_t)snprintf(out->allow + len, sizeof(out->allow) - len, "%s%s%s",
                                len ? ", " : "", r->method, takes_head(r) ? ", HEAD" : "");
    }
}

const gw_route_row_t *gw_route_match(const gw_route_row_t *table, const char *method,
                                     const char *path, gw_route_t *out)
{
    memset(out, 0, sizeof(*out));
    out->status = 404;
    if (!method || !path || path[0] != '/')
        return NULL;
    const gw_route_row_t *first = table;
    while (first->pattern && !fits(first->pattern, path, out))
        first++;
    if (!first->pattern || !first->method)
        return NULL;
    for (const gw_route_row_t *r = first; r->pattern; r++) {
        if (r->method && strcmp(r->pattern, first->pattern) == 0 && answers(r, method)) {
            out->status = 0;
            return out->row = r;
        }
    }
    out->status = 405;
    list_allowed(table, first->pattern, out);
    return NULL;
}

const char *gw_route_label(const gw_route_t *r)
{
    if (r->row)
        return r->row->label;
    return r->status == 405 ? "method_not_allowed" : "not_found";
}

unsigned gw_route_flags(const gw_route_t *r)
{
    return r->row ? r->row->flags : 0;
}
