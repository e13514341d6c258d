/* gw_route: which handler a method + path reaches, and what is 404 or 405. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "gw_route.h"

static gw_route_id_t m(const char *method, const char *path, gw_route_t *r)
{
    return gw_route_match(method, path, r);
}

static void test_api_routes(void **state)
{
    (void)state;
    gw_route_t r;
    assert_int_equal(m("GET", "/api/todos", &r), GW_ROUTE_TODOS_LIST);
    assert_int_equal(m("HEAD", "/api/todos", &r), GW_ROUTE_TODOS_LIST);
    assert_int_equal(m("POST", "/api/todos", &r), GW_ROUTE_TODOS_CREATE);
    assert_int_equal(m("GET", "/api/todos/abc-123", &r), GW_ROUTE_TODO_GET);
    assert_string_equal(r.todo_id, "abc-123");
    assert_int_equal(m("PATCH", "/api/todos/x1", &r), GW_ROUTE_TODO_PATCH);
    assert_string_equal(r.todo_id, "x1");
    assert_int_equal(m("DELETE", "/api/todos/x1", &r), GW_ROUTE_TODO_DELETE);
    assert_int_equal(m("POST", "/api/chat", &r), GW_ROUTE_CHAT);
    assert_int_equal(m("GET", "/api/events", &r), GW_ROUTE_EVENTS);
}

static void test_ops_and_static(void **state)
{
    (void)state;
    gw_route_t r;
    assert_int_equal(m("GET", "/healthz", &r), GW_ROUTE_HEALTHZ);
    assert_int_equal(m("GET", "/readyz", &r), GW_ROUTE_READYZ);
    assert_int_equal(m("GET", "/metrics", &r), GW_ROUTE_STATIC); /* metrics have their own port */
    assert_int_equal(m("GET", "/", &r), GW_ROUTE_STATIC);
    assert_int_equal(m("GET", "/app.js", &r), GW_ROUTE_STATIC);
    assert_int_equal(m("HEAD", "/styles/app.css", &r), GW_ROUTE_STATIC);
}

static void test_method_not_allowed(void **state)
{
    (void)state;
    gw_route_t r;
    assert_int_equal(m("PUT", "/api/todos", &r), GW_ROUTE_BAD_METHOD);
    assert_non_null(strstr(r.allow, "POST"));
    assert_int_equal(m("POST", "/api/todos/abc", &r), GW_ROUTE_BAD_METHOD);
    assert_non_null(strstr(r.allow, "PATCH"));
    assert_int_equal(m("GET", "/api/chat", &r), GW_ROUTE_BAD_METHOD);
    assert_string_equal(r.allow, "POST");
    assert_int_equal(m("DELETE", "/api/events", &r), GW_ROUTE_BAD_METHOD);
    assert_int_equal(m("HEAD", "/api/events", &r), GW_ROUTE_BAD_METHOD);
    assert_string_equal(r.allow, "GET");
    assert_int_equal(m("POST", "/", &r), GW_ROUTE_BAD_METHOD);
    assert_int_equal(m("DELETE", "/healthz", &r), GW_ROUTE_BAD_METHOD);
}

static void test_not_found(void **state)
{
    (void)state;
    gw_route_t r;
    assert_int_equal(m("GET", "/api/nope", &r), GW_ROUTE_NOT_FOUND);
    assert_int_equal(m("GET", "/api", &r), GW_ROUTE_NOT_FOUND);
    assert_int_equal(m("GET", "/api/todos/", &r), GW_ROUTE_NOT_FOUND);
    assert_int_equal(m("GET", "/api/todos/a/b", &r), GW_ROUTE_NOT_FOUND);
    assert_int_equal(m("GET", "/api/todos/a b", &r), GW_ROUTE_NOT_FOUND);
    char longid[200];
    memset(longid, 'a', sizeof(longid));
    strcpy(longid, "/api/todos/");
    memset(longid + 11, 'x', 150);
    longid[161] = '\0';
    assert_int_equal(m("GET", longid, &r), GW_ROUTE_NOT_FOUND);
    assert_int_equal(m("GET", "relative", &r), GW_ROUTE_NOT_FOUND);
}

static void test_labels_and_flags(void **state)
{
    (void)state;
    assert_string_equal(gw_route_label(GW_ROUTE_TODO_PATCH), "/api/todos/{id}");
    assert_string_equal(gw_route_label(GW_ROUTE_TODOS_CREATE), "/api/todos");
    assert_true(gw_route_needs_identity(GW_ROUTE_EVENTS));
    assert_true(gw_route_needs_identity(GW_ROUTE_CHAT));
    assert_false(gw_route_needs_identity(GW_ROUTE_HEALTHZ));
    assert_false(gw_route_needs_identity(GW_ROUTE_STATIC));
    assert_true(gw_route_has_body(GW_ROUTE_TODO_PATCH));
    assert_false(gw_route_has_body(GW_ROUTE_TODO_DELETE));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_routes),         cmocka_unit_test(test_ops_and_static),
        cmocka_unit_test(test_method_not_allowed), cmocka_unit_test(test_not_found),
        cmocka_unit_test(test_labels_and_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
