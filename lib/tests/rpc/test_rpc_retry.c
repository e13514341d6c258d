/* rpc_client's retries (rpc_client.h) against a server in this process
 * whose handlers fail on cue: gRPC C-core's retry policy for the methods a
 * client names idempotent, rpc_client_call_remove's loop for a delete, and
 * the server's pushback that stops both when a handler says UNAVAILABLE.
 * A call CANCELLED by the server stands in for one nobody answered; a
 * replica really killed mid-call is tests/fault/kill9_replicas.test.js. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <string.h>

#include "google/protobuf/empty.pb-c.h"
#include "rpc_client.h"
#include "rpc_fixture.h"
#include "rpc_server.h"
#include "todo/v1/todo.pb-c.h"
#include "xalloc.h"

/* What the handlers answer: attempt i (from 0) of CreateTodo fails with
 * create_code while i < create_failures; DeleteTodo answers
 * delete_script[i] (the last entry from then on). */
static atomic_int creates, deletes;
static int create_failures, create_code;
static int delete_script[4];
static int delete_script_len;

static int h_create(void *ctx, rpc_call_t *call, const ProtobufCMessage *req,
                    ProtobufCMessage **resp, tc_status_t *st)
{
    (void)ctx, (void)req;
    if (atomic_fetch_add(&creates, 1) < create_failures)
        return tc_status_set(st, create_code, "scripted");
    Todo__V1__Todo *t = rpc_call_alloc(call, sizeof *t);
    todo__v1__todo__init(t);
    t->id = rpc_call_strdup(call, "t1");
    *resp = &t->base;
    return TC_OK;
}

static int h_delete(void *ctx, rpc_call_t *call, const ProtobufCMessage *req,
                    ProtobufCMessage **resp, tc_status_t *st)
{
    (void)ctx, (void)call, (void)req;
    int i = atomic_fetch_add(&deletes, 1);
    int rc = delete_script[i < delete_script_len ? i : delete_script_len - 1];
    if (rc != TC_OK)
        return tc_status_set(st, rc, "scripted");
    Google__Protobuf__Empty *e = rpc_call_alloc(call, sizeof *e);
    google__protobuf__empty__init(e);
    *resp = &e->base;
    return TC_OK;
}

static int h_none(void *ctx, rpc_call_t *call, const ProtobufCMessage *req, ProtobufCMessage **resp,
                  tc_status_t *st)
{
    (void)ctx, (void)call, (void)req, (void)resp;
    return tc_status_set(st, TC_EUNIMPL, "not in this test");
}

static const rpc_method_t todo_methods[] = {
    {RPC_UNARY, h_create, NULL},
    {RPC_UNARY, h_none, NULL},
    {RPC_UNARY, h_none, NULL},
    {RPC_UNARY, h_none, NULL},
    {RPC_UNARY, h_delete, NULL},
    {RPC_SERVER_STREAMING, NULL, rpc_fixture_no_stream},
    {RPC_SERVER_STREAMING, NULL, rpc_fixture_no_stream},
};

static char addr[128];

static int setup(void **state)
{
    (void)state;
    rpc_fixture_start(todo_methods, addr, sizeof addr);
    return 0;
}

static rpc_client_t *client(const char *const *idempotent)
{
    tc_status_t st;
    rpc_client_t *c = rpc_client_create(addr, &todo__v1__todo_service__descriptor, idempotent, &st);
    assert_non_null(c);
    return c;
}

/* One CreateTodo after `failures` answers `code`; returns its code. */
static int create_after(rpc_client_t *c, int failures, int code)
{
    atomic_store(&creates, 0);
    create_failures = failures;
    create_code = code;
    Todo__V1__Todo todo = TODO__V1__TODO__INIT;
    todo.title = "t";
    Todo__V1__CreateTodoRequest req = TODO__V1__CREATE_TODO_REQUEST__INIT;
    req.user_id = "u";
    req.todo = &todo;
    req.request_id = "r1";
    ProtobufCMessage *resp = NULL;
    tc_status_t st;
    int rc = rpc_client_call(c, "CreateTodo", &req.base, &resp, 5000, &st);
    if (rc == 0) {
        assert_string_equal(((Todo__V1__Todo *)resp)->id, "t1");
        protobuf_c_message_free_unpacked(resp, NULL);
    } else {
        assert_null(resp);
    }
    return rc;
}

/* A method named idempotent is tried again, by C-core, after a failure
 * that carries no pushback. */
static void test_idempotent_method_retried(void **state)
{
    (void)state;
    static const char *const idem[] = {"CreateTodo", NULL};
    rpc_client_t *c = client(idem);
    assert_int_equal(create_after(c, 1, TC_ECANCELLED), 0);
    assert_int_equal(atomic_load(&creates), 2);
    assert_int_equal(create_after(c, 2, TC_ECANCELLED), 0);
    assert_int_equal(atomic_load(&creates), 3);
    rpc_client_destroy(c);
}

/* A handler's UNAVAILABLE (its database is down, say) carries the pushback:
 * not retried, so the caller hears it after one wait, not three. */
static void test_server_unavailable_not_retried(void **state)
{
    (void)state;
    static const char *const idem[] = {"CreateTodo", NULL};
    rpc_client_t *c = client(idem);
    assert_int_equal(create_after(c, 1, TC_EUNAVAIL), TC_EUNAVAIL);
    assert_int_equal(atomic_load(&creates), 1);
    rpc_client_destroy(c);
}

/* ... at most 3 attempts in all: then the caller sees UNAVAILABLE. */
static void test_retries_bounded(void **state)
{
    (void)state;
    static const char *const idem[] = {"CreateTodo", NULL};
    rpc_client_t *c = client(idem);
    assert_int_equal(create_after(c, 100, TC_ECANCELLED), TC_ECANCELLED);
    assert_int_equal(atomic_load(&creates), 3);
    rpc_client_destroy(c);
}

/* A method not named is never repeated. */
static void test_other_methods_not_retried(void **state)
{
    (void)state;
    rpc_client_t *c = client(NULL);
    assert_int_equal(create_after(c, 1, TC_ECANCELLED), TC_ECANCELLED);
    assert_int_equal(atomic_load(&creates), 1);
    rpc_client_destroy(c);
}

/* rpc_client_call_remove of DeleteTodo with the server answering script. */
static int remove_with(const int *script, int n)
{
    atomic_store(&deletes, 0);
    memcpy(delete_script, script, (size_t)n * sizeof *script);
    delete_script_len = n;
    rpc_client_t *c = client(NULL);
    Todo__V1__DeleteTodoRequest req = TODO__V1__DELETE_TODO_REQUEST__INIT;
    req.user_id = "u";
    req.id = "t1";
    ProtobufCMessage *resp = NULL;
    tc_status_t st;
    int rc = rpc_client_call_remove(c, "DeleteTodo", &req.base, NULL, &resp, 5000, &st);
    if (rc == 0) {
        assert_non_null(resp);
        assert_ptr_equal(resp->descriptor, &google__protobuf__empty__descriptor);
        protobuf_c_message_free_unpacked(resp, NULL);
    } else {
        assert_null(resp);
        assert_int_equal(st.code, rc);
    }
    rpc_client_destroy(c);
    return rc;
}

/* A call nobody answered is tried again; what the next attempt says is the
 * answer. (NOT_FOUND after an UNAVAILABLE without pushback, a replica that
 * died mid-call, is success: tests/fault/kill9_replicas.test.js.) */
static void test_remove_retried(void **state)
{
    (void)state;
    assert_int_equal(remove_with((int[]){TC_ECANCELLED, TC_OK}, 2), 0);
    assert_int_equal(atomic_load(&deletes), 2);
    /* CANCELLED: the server never started it, so this NOT_FOUND is real */
    assert_int_equal(remove_with((int[]){TC_ECANCELLED, TC_ENOTFOUND}, 2), TC_ENOTFOUND);
    assert_int_equal(atomic_load(&deletes), 2);
    assert_int_equal(remove_with((int[]){TC_ENOTFOUND}, 1), TC_ENOTFOUND);
    assert_int_equal(atomic_load(&deletes), 1);
}

/* Neither other errors are repeated, nor a handler's UNAVAILABLE (pushback),
 * nor anything beyond 3 attempts. */
static void test_remove_bounded(void **state)
{
    (void)state;
    assert_int_equal(remove_with((int[]){TC_EINVAL}, 1), TC_EINVAL);
    assert_int_equal(atomic_load(&deletes), 1);
    assert_int_equal(remove_with((int[]){TC_EUNAVAIL, TC_ENOTFOUND}, 2), TC_EUNAVAIL);
    assert_int_equal(atomic_load(&deletes), 1);
    assert_int_equal(remove_with((int[]){TC_ECANCELLED}, 1), TC_ECANCELLED);
    assert_int_equal(atomic_load(&deletes), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idempotent_method_retried),
        cmocka_unit_test(test_retries_bounded),
        cmocka_unit_test(test_other_methods_not_retried),
        cmocka_unit_test(test_server_unavailable_not_retried),
        cmocka_unit_test(test_remove_retried),
        cmocka_unit_test(test_remove_bounded),
    };
    return cmocka_run_group_tests(tests, setup, rpc_fixture_teardown);
}
