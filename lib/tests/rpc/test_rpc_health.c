/* rpc_health: grpc.health.v1 Check and Watch as every server serves them,
 * and the client's checks (rpc_health_check, rpc_client_health_check). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "grpc/health/v1/health.pb-c.h"
#include "rpc_client.h"
#include "rpc_fixture.h"
#include "rpc_server.h"

#define SERVING     GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING
#define NOT_SERVING GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING
#define UNKNOWN     GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVICE_UNKNOWN

static rpc_server_t *server;
static char addr[128];

static int setup(void **state)
{
    (void)state;
    server = rpc_fixture_start(rpc_fixture_todo_methods, addr, sizeof addr);
    return 0;
}

static void test_health(void **state)
{
    (void)state;
    tc_status_t st;
    assert_int_equal(rpc_health_check(addr, "", 2000, &st), 0);
    assert_int_equal(rpc_health_check(addr, "todo.v1.TodoService", 2000, &st), 0);
    assert_int_equal(rpc_health_check(addr, "nope.Service", 2000, &st), TC_ENOTFOUND);
    rpc_server_set_serving(server, "todo.v1.TodoService", false);
    assert_int_equal(rpc_health_check(addr, "todo.v1.TodoService", 2000, &st), TC_EUNAVAIL);
    rpc_server_set_serving(server, "todo.v1.TodoService", true);
    rpc_client_t *c = rpc_fixture_client(addr);
    assert_int_equal(rpc_client_health_check(c, "", 2000, &st), 0);
    rpc_client_destroy(c);
    assert_int_equal(rpc_health_check("127.0.0.1:1", "", 500, &st), TC_EUNAVAIL);
}

/* Status i of a Watch stream. */
static int watched(rpc_fixture_got_t *got, int i)
{
    Grpc__Health__V1__HealthCheckResponse *r =
        (void *)rpc_fixture_got_msg(got, i, &grpc__health__v1__health_check_response__descriptor);
    int status = r->status;
    protobuf_c_message_free_unpacked(&r->base, NULL);
    return status;
}

static rpc_client_stream_t *watch(rpc_client_t *hc, const char *service, rpc_fixture_got_t *got)
{
    Grpc__Health__V1__HealthCheckRequest req = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
    req.service = (char *)service;
    rpc_fixture_got_init(got);
    return rpc_fixture_stream(hc, "Watch", &req.base, got);
}

/* Watch sends the status at once and then each change, once; a service the
 * server does not know is SERVICE_UNKNOWN (and the stream stays open, as
 * the protocol says). Releasing ends the stream CANCELLED. */
static void test_watch_follows_serving(void **state)
{
    (void)state;
    tc_status_t st;
    rpc_client_t *hc = rpc_client_create(addr, &grpc__health__v1__health__descriptor, NULL, &st);
    rpc_fixture_got_t got, unknown;
    rpc_client_stream_t *s = watch(hc, "todo.v1.TodoService", &got);
    rpc_client_stream_t *su = watch(hc, "nope.Service", &unknown);
    rpc_fixture_wait(&got, 1, 0);
    assert_int_equal(watched(&got, 0), SERVING);
    rpc_server_set_serving(server, "todo.v1.TodoService", false);
    rpc_fixture_wait(&got, 2, 0);
    rpc_server_set_serving(server, "", true); /* another service: no message */
    rpc_server_set_serving(server, "todo.v1.TodoService", true);
    rpc_fixture_wait(&got, 3, 0);
    assert_int_equal(got.n, 3);
    assert_int_equal(watched(&got, 1), NOT_SERVING);
    assert_int_equal(watched(&got, 2), SERVING);
    rpc_fixture_wait(&unknown, 1, 0);
    assert_int_equal(unknown.n, 1);
    assert_int_equal(watched(&unknown, 0), UNKNOWN);
    assert_int_equal(unknown.ended, 0);
    rpc_client_stream_release(s);
    rpc_client_stream_release(su);
    rpc_fixture_wait(&got, 3, 1);
    rpc_fixture_wait(&unknown, 1, 1);
    assert_int_equal(got.end_code, TC_ECANCELLED);
    assert_int_equal(unknown.end_code, TC_ECANCELLED);
    rpc_client_destroy(hc);
    rpc_fixture_got_free(&got);
    rpc_fixture_got_free(&unknown);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_health),
        cmocka_unit_test(test_watch_follows_serving),
    };
    return cmocka_run_group_tests(tests, setup, rpc_fixture_teardown);
}
