/* gw_route over gw_routes[]: which row a method + path reaches, what is 404
 * or 405, and that every row's flags are what the contract needs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "gw_api.h"
#include "gw_route.h"

/* "METHOD label" of the row reached, or "404" / "405". */
static const char *m(const char *method, const char *path, gw_route_t *r)
{
    static char got[96];
    const gw_route_row_t *row = gw_route_match(gw_routes, method, path, r);
    if (!row)
        snprintf(got, sizeof(got), "%d", r->status);
    else
        snprintf(got, sizeof(got), "%s %s", row->method, row->label);
    return got;
}

static const gw_route_row_t *row_of(const char *method, const char *path)
{
    gw_route_t r;
    const gw_route_row_t *row = gw_route_match(gw_routes, method, path, &r);
    assert_non_null(row);
    return row;
}

static void test_api_routes(void **state)
{
    (void)state;
    gw_route_t r;
    assert_string_equal(m("GET", "/api/todos", &r), "GET /api/todos");
    assert_string_equal(m("HEAD", "/api/todos", &r), "GET /api/todos");
    assert_string_equal(m("POST", "/api/todos", &r), "POST /api/todos");
    assert_string_equal(m("GET", "/api/todos/abc-123", &r), "GET /api/todos/{id}");
    assert_string_equal(r.todo_id, "abc-123");
    assert_string_equal(m("PATCH", "/api/todos/x1", &r), "PATCH /api/todos/{id}");
    assert_string_equal(r.todo_id, "x1");
    assert_string_equal(m("DELETE", "/api/todos/x1", &r), "DELETE /api/todos/{id}");
    assert_string_equal(m("POST", "/api/chat", &r), "POST /api/chat");
    assert_string_equal(m("GET", "/api/events", &r), "GET /api/events");
    assert_int_equal(r.status, 0);
}

static void test_ops_and_static(void **state)
{
    (void)state;
    gw_route_t r;
    assert_string_equal(m("GET", "/healthz", &r), "GET /healthz");
    assert_string_equal(m("GET", "/readyz", &r), "GET /readyz");
    assert_string_equal(m("GET", "/metrics", &r), "GET static"); /* metrics: their own port */
    assert_string_equal(m("GET", "/", &r), "GET static");
    assert_string_equal(m("GET", "/app.js", &r), "GET static");
    assert_string_equal(m("HEAD", "/styles/app.css", &r), "GET static");
}

static void test_method_not_allowed(void **state)
{
    (void)state;
    gw_route_t r;
    assert_string_equal(m("PUT", "/api/todos", &r), "405");
    assert_string_equal(r.allow, "GET, HEAD, POST");
    assert_string_equal(gw_route_label(&r), "method_not_allowed");
    assert_string_equal(m("POST", "/api/todos/abc", &r), "405");
    assert_string_equal(r.allow, "GET, HEAD, PATCH, DELETE");
    assert_string_equal(m("GET", "/api/chat", &r), "405");
    assert_string_equal(r.allow, "POST");
    assert_string_equal(m("DELETE", "/api/events", &r), "405");
    assert_string_equal(m("HEAD", "/api/events", &r), "405");
    assert_string_equal(r.allow, "GET");
    assert_string_equal(m("POST", "/", &r), "405");
    assert_string_equal(r.allow, "GET, HEAD");
    assert_string_equal(m("DELETE", "/healthz", &r), "405");
    assert_string_equal(r.allow, "GET, HEAD");
}

static void test_not_found(void **state)
{
    (void)state;
    gw_route_t r;
    assert_string_equal(m("GET", "/api/nope", &r), "404");
    assert_string_equal(gw_route_label(&r), "not_found");
    assert_string_equal(m("POST", "/api/nope", &r), "404");
    assert_string_equal(m("GET", "/api", &r), "404");
    assert_string_equal(m("GET", "/api/todos/", &r), "404");
    assert_string_equal(m("GET", "/api/todos/a/b", &r), "404");
    assert_string_equal(m("GET", "/api/todos/a b", &r), "404");
    char longid[200];
    strcpy(longid, "/api/todos/");
    memset(longid + 11, 'x', 128);
    longid[139] = '\0';
    assert_string_equal(m("GET", longid, &r), "GET /api/todos/{id}"); /* 128: the most */
    memset(longid + 11, 'x', 150);
    longid[161] = '\0';
    assert_string_equal(m("GET", longid, &r), "404");
    assert_string_equal(m("GET", "relative", &r), "404");
    assert_null(gw_route_match(gw_routes, NULL, "/", &r));
}

/* The contract, route by route: who needs a user, who reads a body, what
 * may wait on a backend, what the list cache answers and what drops it. */
static void test_row_flags(void **state)
{
    (void)state;
    static const struct {
        const char *method, *path;
        unsigned flags;
    } want[] = {
        {"GET", "/api/todos", GW_RF_IDENTITY | GW_RF_POOLED | GW_RF_UPSTREAM | GW_RF_CACHEABLE},
        {"POST", "/api/todos",
         GW_RF_IDENTITY | GW_RF_POOLED | GW_RF_UPSTREAM | GW_RF_BODY | GW_RF_WRITES},
        {"GET", "/api/todos/x", GW_RF_IDENTITY | GW_RF_POOLED | GW_RF_UPSTREAM},
        {"PATCH", "/api/todos/x",
         GW_RF_IDENTITY | GW_RF_POOLED | GW_RF_UPSTREAM | GW_RF_BODY | GW_RF_WRITES},
        {"DELETE", "/api/todos/x", GW_RF_IDENTITY | GW_RF_POOLED | GW_RF_UPSTREAM | GW_RF_WRITES},
        {"POST", "/api/chat",
         GW_RF_IDENTITY | GW_RF_POOLED | GW_RF_UPSTREAM | GW_RF_BODY | GW_RF_WRITES},
        {"GET", "/api/events", GW_RF_IDENTITY | GW_RF_POOLED | GW_RF_STREAM},
        {"GET", "/healthz", 0},
        {"GET", "/readyz", GW_RF_POOLED},
        {"GET", "/", GW_RF_FILE},
    };
    size_t rows = 0;
    for (const gw_route_row_t *r = gw_routes; r->pattern; r++)
        rows += r->method != NULL;
    assert_int_equal(rows, sizeof(want) / sizeof(want[0])); /* a new row is tested here too */
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const gw_route_row_t *row = row_of(want[i].method, want[i].path);
        if (row->flags != want[i].flags)
            fail_msg("%s %s: flags 0x%x, want 0x%x", want[i].method, want[i].path, row->flags,
                     want[i].flags);
        assert_true((row->handler == NULL) == ((row->flags & GW_RF_FILE) != 0));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_routes),         cmocka_unit_test(test_ops_and_static),
        cmocka_unit_test(test_method_not_allowed), cmocka_unit_test(test_not_found),
        cmocka_unit_test(test_row_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
