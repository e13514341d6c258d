/* rpc_client: calls by method name, the status codes and messages a caller
 * gets, deadlines, what is refused before the wire, responses into an
 * arena, against the fixture's TodoService; and the retries (rpc_client.h)
 * against a second server whose handlers fail on cue: gRPC C-core's retry
 * policy for the methods a client names idempotent,
 * rpc_client_call_remove's loop for a delete, and the server's pushback that
 * stops both when a handler says UNAVAILABLE. A call CANCELLED by the
 * server stands in for one nobody answered; a replica really killed
 * mid-call is tests/fault/kill9_replicas.test.js. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <string.h>

#include "arena.h"
#include "google/protobuf/empty.pb-c.h"
#include "rpc_client.h"
#include "rpc_fixture.h"
#include "rpc_server.h"
#include "todo/v1/todo.pb-c.h"

static char addr[128];          /* the fixture's TodoService */
static char scripted_addr[128]; /* scripted_methods */

/* ---- the scripted server ---- */

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

static const rpc_method_t scripted_methods[] = {
    {.kind = RPC_UNARY, .unary = h_create},
    {.kind = RPC_UNARY, .unary = h_none},
    {.kind = RPC_UNARY, .unary = h_none},
    {.kind = RPC_UNARY, .unary = h_none},
    {.kind = RPC_UNARY, .unary = h_delete},
    {.kind = RPC_SERVER_STREAMING, .stream = rpc_fixture_no_stream},
    {.kind = RPC_SERVER_STREAMING, .stream = rpc_fixture_no_stream},
};

static int setup(void **state)
{
    (void)state;
    rpc_fixture_start(rpc_fixture_todo_methods, addr, sizeof addr);
    rpc_fixture_start(scripted_methods, scripted_addr, sizeof scripted_addr);
    return 0;
}

/* A handler's code and message reach the caller as TC_E* and st.message. */
static void test_status_mapping(void **state)
{
    (void)state;
    rpc_client_t *c = rpc_fixture_client(addr);
    ProtobufCMessage *resp = (void *)1;
    tc_status_t st;
    Todo__V1__CreateTodoRequest cr = TODO__V1__CREATE_TODO_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, "CreateTodo", &cr.base, &resp, 2000, &st), TC_EINVAL);
    assert_null(resp);
    assert_string_equal(st.message, "todo.title: must not be empty");
    Todo__V1__DeleteTodoRequest dr = TODO__V1__DELETE_TODO_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, "DeleteTodo", &dr.base, &resp, 2000, &st), TC_ENOTFOUND);
    assert_string_equal(st.message, "todo not found");
    rpc_client_destroy(c);
}

/* Wrong request type, unknown method and no time left are caught before
 * the wire, for calls and streams. */
static void test_refused_before_the_wire(void **state)
{
    (void)state;
    rpc_client_t *c = rpc_fixture_client(addr);
    ProtobufCMessage *resp = (void *)1;
    tc_status_t st;
    Todo__V1__DeleteTodoRequest dr = TODO__V1__DELETE_TODO_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, "GetTodo", &dr.base, &resp, 2000, &st), TC_EINVAL);
    assert_null(resp);
    assert_int_equal(rpc_client_call(c, "Nope", &dr.base, &resp, 2000, &st), TC_EINVAL);
    assert_string_equal(st.message, "unknown method Nope");
    assert_int_equal(rpc_client_call(c, "DeleteTodo", &dr.base, &resp, 0, &st), TC_EDEADLINE);
    assert_null(rpc_client_stream_start(c, "WatchTodos", &dr.base, rpc_fixture_on_msg,
                                        rpc_fixture_on_end, NULL, &st));
    assert_int_equal(st.code, TC_EINVAL);
    rpc_client_destroy(c);
    assert_null(rpc_client_create("", &todo__v1__todo_service__descriptor, NULL, &st));
    assert_int_equal(st.code, TC_EINVAL);
}

/* A call past its deadline fails with DEADLINE_EXCEEDED (the handler takes
 * 400 ms, the caller gives it 100). */
static void test_deadline(void **state)
{
    (void)state;
    rpc_client_t *c = rpc_fixture_client(addr);
    ProtobufCMessage *resp;
    tc_status_t st;
    Todo__V1__UpdateTodoRequest ur = TODO__V1__UPDATE_TODO_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, "UpdateTodo", &ur.base, &resp, 100, &st), TC_EDEADLINE);
    rpc_client_destroy(c);
}

/* Nothing listening: UNAVAILABLE. */
static void test_unavailable(void **state)
{
    (void)state;
    tc_status_t st;
    rpc_client_t *c =
        rpc_client_create("127.0.0.1:1", &todo__v1__todo_service__descriptor, NULL, &st);
    Todo__V1__GetTodoRequest req = TODO__V1__GET_TODO_REQUEST__INIT;
    ProtobufCMessage *resp;
    assert_int_equal(rpc_client_call(c, "GetTodo", &req.base, &resp, 2000, &st), TC_EUNAVAIL);
    rpc_client_destroy(c);
}

/* rpc_client_call_into: the response lives in the caller's arena. */
static void test_call_into_arena(void **state)
{
    (void)state;
    rpc_client_t *c = rpc_fixture_client(addr);
    tc_arena_t *arena = tc_arena_create();
    ProtobufCAllocator mem = tc_arena_pb_allocator(arena);
    Todo__V1__GetTodoRequest req = TODO__V1__GET_TODO_REQUEST__INIT;
    req.user_id = "bob";
    req.id = "t9";
    ProtobufCMessage *resp;
    tc_status_t st;
    assert_int_equal(rpc_client_call_into(c, "GetTodo", &req.base, &mem, &resp, 2000, &st), 0);
    assert_string_equal(((Todo__V1__Todo *)resp)->id, "t9");
    assert_string_equal(((Todo__V1__Todo *)resp)->title, "bob");
    tc_arena_destroy(arena); /* frees the response: a leak check would say otherwise */
    rpc_client_destroy(c);
}

/* ---- retries, against scripted_methods ---- */

static rpc_client_t *scripted_client(const char *const *idempotent)
{
    tc_status_t st;
    rpc_client_t *c =
        rpc_client_create(scripted_addr, &todo__v1__todo_service__descriptor, idempotent, &st);
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
    rpc_client_t *c = scripted_client(idem);
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
    rpc_client_t *c = scripted_client(idem);
    assert_int_equal(create_after(c, 1, TC_EUNAVAIL), TC_EUNAVAIL);
    assert_int_equal(atomic_load(&creates), 1);
    rpc_client_destroy(c);
}

/* ... at most 3 attempts in all: then the caller sees UNAVAILABLE. */
static void test_retries_bounded(void **state)
{
    (void)state;
    static const char *const idem[] = {"CreateTodo", NULL};
    rpc_client_t *c = scripted_client(idem);
    assert_int_equal(create_after(c, 100, TC_ECANCELLED), TC_ECANCELLED);
    assert_int_equal(atomic_load(&creates), 3);
    rpc_client_destroy(c);
}

/* A method not named is never repeated. */
static void test_other_methods_not_retried(void **state)
{
    (void)state;
    rpc_client_t *c = scripted_client(NULL);
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
    rpc_client_t *c = scripted_client(NULL);
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
        cmocka_unit_test(test_status_mapping),
        cmocka_unit_test(test_refused_before_the_wire),
        cmocka_unit_test(test_deadline),
        cmocka_unit_test(test_unavailable),
        cmocka_unit_test(test_call_into_arena),
        cmocka_unit_test(test_idempotent_method_retried),
        cmocka_unit_test(test_retries_bounded),
        cmocka_unit_test(test_other_methods_not_retried),
        cmocka_unit_test(test_server_unavailable_not_retried),
        cmocka_unit_test(test_remove_retried),
        cmocka_unit_test(test_remove_bounded),
    };
    return cmocka_run_group_tests(tests, setup, rpc_fixture_teardown);
}
