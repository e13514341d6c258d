/* rpc_fixture: the rpc layer's tests serve todo.v1.TodoService from their
 * own process: a server on a free loopback port with the test's handler
 * table, and a stream handler for the methods a test does not exercise. */
#ifndef TC_RPC_FIXTURE_H
#define TC_RPC_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "rpc_server.h"
#include "todo/v1/todo.pb-c.h"

static rpc_server_t *rpc_fixture_server;

/* Starts a server of methods (in the service descriptor's order) on
 * 127.0.0.1 at a free port, written into addr ("127.0.0.1:PORT"), and
 * returns it. Fails the test when it cannot. One at a time: a group's
 * teardown, rpc_fixture_teardown, stops it. */
static inline rpc_server_t *rpc_fixture_start(const rpc_method_t *methods, char *addr,
                                              size_t addr_len)
{
    tc_status_t st;
    rpc_server_options_t opts = {.listen = "127.0.0.1:0", .threads = 2};
    rpc_server_t *server = rpc_server_create(&opts, &st);
    assert_non_null(server);
    assert_int_equal(
        rpc_server_add_service(server, &todo__v1__todo_service__descriptor, methods, NULL), 0);
    assert_int_equal(rpc_server_start(server, addr, addr_len, &st), 0);
    assert_non_null(strstr(addr, "127.0.0.1:"));
    assert_int_not_equal(atoi(strrchr(addr, ':') + 1), 0);
    rpc_fixture_server = server;
    return server;
}

/* A cmocka group teardown: stops the server rpc_fixture_start started. */
static inline int rpc_fixture_teardown(void **state)
{
    (void)state;
    rpc_server_shutdown(rpc_fixture_server, 1000);
    rpc_server_destroy(rpc_fixture_server);
    rpc_fixture_server = NULL;
    return 0;
}

/* A streaming method the test leaves out: UNIMPLEMENTED. */
static inline int rpc_fixture_no_stream(void *ctx, rpc_call_t *call, const ProtobufCMessage *m,
                                        rpc_stream_t *stream, tc_status_t *st)
{
    (void)ctx, (void)call, (void)m, (void)stream;
    return tc_status_set(st, TC_EUNIMPL, "not in this test");
}

#endif
