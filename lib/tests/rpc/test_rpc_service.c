/* rpc_service: the process life of a gRPC service binary: its flag checks,
 * --probe, and rpc_service_run from start to SIGTERM, or to the one line
 * that says why it could not start. (The real binaries' flags and lines:
 * tests/todo, tests/chat.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lifecycle.h"
#include "rpc_client.h"
#include "rpc_fixture.h"
#include "rpc_service.h"
#include "todo/v1/todo.pb-c.h"

static char addr[128]; /* the fixture's server: "127.0.0.1:PORT" */

static int setup(void **state)
{
    (void)state;
    rpc_fixture_start(rpc_fixture_todo_methods, addr, sizeof addr);
    return 0;
}

static void test_listen_flags(void **state)
{
    (void)state;
    assert_int_equal(rpc_service_check_listen_flags("t", "0.0.0.0:50051", "off"), 0);
    assert_int_equal(rpc_service_check_listen_flags("t", "127.0.0.1:0", "0.0.0.0:9090"), 0);
    assert_int_equal(rpc_service_check_listen_flags("t", "nohost", "off"), 2);
    assert_int_equal(rpc_service_check_listen_flags("t", "0.0.0.0:70000", "off"), 2);
    assert_int_equal(rpc_service_check_listen_flags("t", "0.0.0.0:1", "on"), 2);
}

static void test_int_flag(void **state)
{
    (void)state;
    int v = -1;
    assert_int_equal(rpc_service_int_flag("t", "workers", "8", 64, &v), 0);
    assert_int_equal(v, 8);
    assert_int_equal(rpc_service_int_flag("t", "workers", "65", 64, &v), 2);
    assert_int_equal(rpc_service_int_flag("t", "workers", "-1", 64, &v), 2);
    assert_int_equal(rpc_service_int_flag("t", "workers", "8x", 64, &v), 2);
    assert_int_equal(v, 8); /* untouched by a refusal */
}

/* --probe: 0 for a serving server (a wildcard listen is dialled on
 * loopback), 1 when nothing answers, 2 for a bad address. */
static void test_probe(void **state)
{
    (void)state;
    char wildcard[160];
    snprintf(wildcard, sizeof wildcard, "0.0.0.0%s", strrchr(addr, ':'));
    assert_int_equal(rpc_service_probe("t", addr), 0);
    assert_int_equal(rpc_service_probe("t", wildcard), 0);
    assert_int_equal(rpc_service_probe("t", "127.0.0.1:1"), 1);
    assert_int_equal(rpc_service_probe("t", "nohost"), 2);
}

static int register_todo(void *ctx, rpc_server_t *server)
{
    (void)ctx;
    return rpc_server_add_service(server, &todo__v1__todo_service__descriptor,
                                  rpc_fixture_todo_methods, NULL);
}

static int register_fails(void *ctx, rpc_server_t *server)
{
    (void)ctx, (void)server;
    return TC_EINVAL;
}

/* Could not start: exit code 1 at once, for a busy port and for a service
 * that does not register. */
static void test_run_cannot_start(void **state)
{
    (void)state;
    rpc_service_spec_t spec = {
        .prog = "t", .listen = addr, .metrics_listen = "off", .register_services = register_todo};
    assert_int_equal(rpc_service_run(&spec), 1); /* the fixture has the port */
    spec.listen = "127.0.0.1:0";
    spec.register_services = register_fails;
    assert_int_equal(rpc_service_run(&spec), 1);
}

/* A free loopback port, as "127.0.0.1:PORT". */
static void free_port(char *out, size_t n)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t len = sizeof sa;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    snprintf(out, n, "127.0.0.1:%d", ntohs(sa.sin_port));
    close(fd);
}

struct prober {
    const char *target;
    int serving; /* the service's health while running */
};

/* Waits (up to 10 s) for the service to answer, notes its health, and
 * sends the process SIGTERM. */
static void *probe_then_term(void *arg)
{
    struct prober *p = arg;
    tc_status_t st;
    for (int i = 0; i < 100 && rpc_health_check(p->target, "", 100, &st) != 0; i++)
        usleep(100 * 1000);
    p->serving = rpc_health_check(p->target, "todo.v1.TodoService", 2000, &st) == 0;
    kill(getpid(), SIGTERM);
    return NULL;
}

/* Serves what register_services added until SIGTERM, then drains and
 * returns 0; the server is gone afterwards. */
static void test_run_until_sigterm(void **state)
{
    (void)state;
    char listen[64];
    free_port(listen, sizeof listen);
    rpc_service_spec_t spec = {.prog = "t",
                               .listen = listen,
                               .metrics_listen = "off",
                               .register_services = register_todo,
                               .started_fields = (const char *const[]){"store", "none", NULL}};
    struct prober p = {.target = listen};
    pthread_t t;
    pthread_create(&t, NULL, probe_then_term, &p);
    assert_int_equal(rpc_service_run(&spec), 0);
    pthread_join(t, NULL);
    assert_true(p.serving);
    tc_status_t st;
    assert_int_equal(rpc_health_check(listen, "", 500, &st), TC_EUNAVAIL);
}

int main(void)
{
    /* Before any thread: SIGTERM then reaches rpc_service_run's wait. */
    tc_lifecycle_block_signals();
    setenv("SHUTDOWN_GRACE_MS", "1000", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listen_flags),
        cmocka_unit_test(test_int_flag),
        cmocka_unit_test(test_probe),
        cmocka_unit_test(test_run_cannot_start),
        cmocka_unit_test(test_run_until_sigterm),
    };
    return cmocka_run_group_tests(tests, setup, rpc_fixture_teardown);
}
