/* The RPC layer end to end in one process: a server with a test
 * implementation of todo.v1.TodoService, called through rpc_client. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grpc/health/v1/health.pb-c.h"
#include "metrics.h"
#include "rpc_client.h"
#include "rpc_fixture.h"
#include "rpc_server.h"
#include "timeutil.h"
#include "todo/v1/todo.pb-c.h"
#include "xalloc.h"

static int h_create(void *ctx, rpc_call_t *call, const ProtobufCMessage *req,
                    ProtobufCMessage **resp, tc_status_t *st)
{
    (void)ctx, (void)call, (void)req, (void)resp;
    return tc_status_set(st, TC_EINVAL, "todo.title: must not be empty");
}

static int h_get(void *ctx, rpc_call_t *call, const ProtobufCMessage *req, ProtobufCMessage **resp,
                 tc_status_t *st)
{
    (void)ctx, (void)st;
    const Todo__V1__GetTodoRequest *r = (const void *)req;
    Todo__V1__Todo *t = rpc_call_alloc(call, sizeof *t);
    todo__v1__todo__init(t);
    t->id = rpc_call_strdup(call, r->id);
    t->title = rpc_call_strdup(call, r->user_id);
    *resp = &t->base;
    return TC_OK;
}

static int h_list(void *ctx, rpc_call_t *call, const ProtobufCMessage *req, ProtobufCMessage **resp,
                  tc_status_t *st)
{
    (void)ctx, (void)req, (void)st;
    Todo__V1__ListTodosResponse *r = rpc_call_alloc(call, sizeof *r);
    todo__v1__list_todos_response__init(r);
    r->next_page_token =
        rpc_call_strdup(call, rpc_call_remaining_ms(call) < 60000 ? "short" : "long");
    *resp = &r->base;
    return TC_OK;
}

static int h_update(void *ctx, rpc_call_t *call, const ProtobufCMessage *req,
                    ProtobufCMessage **resp, tc_status_t *st)
{
    (void)ctx, (void)call, (void)req, (void)resp;
    usleep(400 * 1000);
    return tc_status_set(st, TC_EINTERNAL, "too late anyway");
}

static int h_delete(void *ctx, rpc_call_t *call, const ProtobufCMessage *req,
                    ProtobufCMessage **resp, tc_status_t *st)
{
    (void)ctx, (void)call, (void)req, (void)resp;
    return tc_status_set(st, TC_ENOTFOUND, "todo not found");
}

/* Watch: sends three events, then either finishes or waits for the close. */
struct watch_state {
    pthread_mutex_t mu;
    int closed;
};
static struct watch_state wstate = {PTHREAD_MUTEX_INITIALIZER, 0};

static void watch_closed(void *data)
{
    rpc_stream_t *s = data;
    pthread_mutex_lock(&wstate.mu);
    wstate.closed++;
    pthread_mutex_unlock(&wstate.mu);
    rpc_stream_finish(s, TC_ECANCELLED, NULL);
}

/* Sends until the queue is full: the messages cannot leave while the
 * handler runs on the thread that would complete their sends. */
static int flood_sent, flood_rc;
static int watch_flood(rpc_stream_t *stream)
{
    Todo__V1__TodoEvent ev = TODO__V1__TODO_EVENT__INIT;
    int rc = TC_OK, i = 0;
    for (; i < 5000 && rc == TC_OK; i++)
        rc = rpc_stream_send(stream, &ev.base);
    flood_sent = i - 1;
    flood_rc = rc;
    assert_true(rpc_stream_closed(stream));
    assert_int_equal(rpc_stream_send(stream, &ev.base), TC_ECANCELLED);
    rpc_stream_finish(stream, TC_OK, NULL);
    return TC_OK;
}

static int watch_closes(void)
{
    pthread_mutex_lock(&wstate.mu);
    int n = wstate.closed;
    pthread_mutex_unlock(&wstate.mu);
    return n;
}

static int h_watch(void *ctx, rpc_call_t *call, const ProtobufCMessage *req, rpc_stream_t *stream,
                   tc_status_t *st)
{
    (void)ctx, (void)call, (void)st;
    const Todo__V1__WatchTodosRequest *r = (const void *)req;
    for (int i = 0; i < 3; i++) {
        Todo__V1__TodoEvent ev = TODO__V1__TODO_EVENT__INIT;
        Todo__V1__Todo t = TODO__V1__TODO__INIT;
        char id[16];
        snprintf(id, sizeof id, "e%d", i);
        t.id = id;
        ev.type = TODO__V1__EVENT_TYPE__EVENT_CREATED;
        ev.todo = &t;
        assert_int_equal(rpc_stream_send(stream, &ev.base), 0);
    }
    if (strcmp(r->user_id, "finish") == 0) {
        rpc_stream_finish(stream, TC_OK, NULL);
        return TC_OK;
    }
    if (strcmp(r->user_id, "flood") == 0)
        return watch_flood(stream);
    if (strcmp(r->user_id, "slow") == 0)
        usleep(1000 * 1000); /* shutdown's sweep reaches the stream meanwhile */
    rpc_stream_on_close(stream, watch_closed, stream);
    return TC_OK;
}

static const rpc_method_t todo_methods[] = {
    {RPC_UNARY, h_create, NULL},
    {RPC_UNARY, h_get, NULL},
    {RPC_UNARY, h_list, NULL},
    {RPC_UNARY, h_update, NULL},
    {RPC_UNARY, h_delete, NULL},
    {RPC_SERVER_STREAMING, NULL, h_watch},
    {RPC_SERVER_STREAMING, NULL, rpc_fixture_no_stream}, /* WatchChanges: not tested here */
};

static rpc_server_t *server;
static char addr[128];

static int setup(void **state)
{
    (void)state;
    server = rpc_fixture_start(todo_methods, addr, sizeof addr);
    return 0;
}

static rpc_client_t *todo_client(void)
{
    tc_status_t st;
    static const char *const idem[] = {"GetTodo", "ListTodos", NULL};
    rpc_client_t *c = rpc_client_create(addr, &todo__v1__todo_service__descriptor, idem, &st);
    assert_non_null(c);
    return c;
}

static void test_unary_ok_and_arena(void **state)
{
    (void)state;
    rpc_client_t *c = todo_client();
    Todo__V1__GetTodoRequest req = TODO__V1__GET_TODO_REQUEST__INIT;
    req.user_id = "alice";
    req.id = "abc";
    ProtobufCMessage *resp;
    tc_status_t st;
    assert_int_equal(rpc_client_call(c, "GetTodo", &req.base, &resp, 2000, &st), 0);
    Todo__V1__Todo *t = (void *)resp;
    assert_string_equal(t->id, "abc");
    assert_string_equal(t->title, "alice");
    protobuf_c_message_free_unpacked(resp, NULL);
    rpc_client_destroy(c);
}

static void test_status_mapping(void **state)
{
    (void)state;
    rpc_client_t *c = todo_client();
    ProtobufCMessage *resp = (void *)1;
    tc_status_t st;
    Todo__V1__CreateTodoRequest cr = TODO__V1__CREATE_TODO_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, "CreateTodo", &cr.base, &resp, 2000, &st), TC_EINVAL);
    assert_null(resp);
    assert_string_equal(st.message, "todo.title: must not be empty");
    /* The layer refuses invalid UTF-8 before any handler runs, naming the field. */
    Todo__V1__GetTodoRequest gr = TODO__V1__GET_TODO_REQUEST__INIT;
    gr.user_id = "u";
    gr.id = "\xc3\x28";
    assert_int_equal(rpc_client_call(c, "GetTodo", &gr.base, &resp, 2000, &st), TC_EINVAL);
    assert_string_equal(st.message, "id: is not valid UTF-8");
    Todo__V1__DeleteTodoRequest dr = TODO__V1__DELETE_TODO_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, "DeleteTodo", &dr.base, &resp, 2000, &st), TC_ENOTFOUND);
    /* Wrong request type and unknown method are caught before the wire. */
    assert_int_equal(rpc_client_call(c, "GetTodo", &dr.base, &resp, 2000, &st), TC_EINVAL);
    assert_int_equal(rpc_client_call(c, "Nope", &dr.base, &resp, 2000, &st), TC_EINVAL);
    rpc_client_destroy(c);
}

static void test_deadline(void **state)
{
    (void)state;
    rpc_client_t *c = todo_client();
    ProtobufCMessage *resp;
    tc_status_t st;
    Todo__V1__UpdateTodoRequest ur = TODO__V1__UPDATE_TODO_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, "UpdateTodo", &ur.base, &resp, 100, &st), TC_EDEADLINE);
    /* The handler sees the caller's deadline. */
    Todo__V1__ListTodosRequest lr = TODO__V1__LIST_TODOS_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, "ListTodos", &lr.base, &resp, 5000, &st), 0);
    assert_string_equal(((Todo__V1__ListTodosResponse *)resp)->next_page_token, "short");
    protobuf_c_message_free_unpacked(resp, NULL);
    rpc_client_destroy(c);
}

static void test_unavailable_and_unimplemented(void **state)
{
    (void)state;
    tc_status_t st;
    rpc_client_t *c =
        rpc_client_create("127.0.0.1:1", &todo__v1__todo_service__descriptor, NULL, &st);
    Todo__V1__GetTodoRequest req = TODO__V1__GET_TODO_REQUEST__INIT;
    ProtobufCMessage *resp;
    assert_int_equal(rpc_client_call(c, "GetTodo", &req.base, &resp, 2000, &st), TC_EUNAVAIL);
    rpc_client_destroy(c);
    extern const ProtobufCServiceDescriptor chat__v1__chat_service__descriptor;
    c = rpc_client_create(addr, &chat__v1__chat_service__descriptor, NULL, &st);
    const ProtobufCMessageDescriptor *in = chat__v1__chat_service__descriptor.methods[0].input;
    ProtobufCMessage *m = xcalloc(1, in->sizeof_message);
    protobuf_c_message_init(in, m);
    assert_int_equal(rpc_client_call(c, "Converse", m, &resp, 2000, &st), TC_EUNIMPL);
    free(m);
    rpc_client_destroy(c);
}

struct collected {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int n;
    char ids[8][8];
    int end_code;
    int ended;
};

static void on_msg(void *data, const ProtobufCMessage *msg)
{
    struct collected *c = data;
    const Todo__V1__TodoEvent *ev = (const void *)msg;
    pthread_mutex_lock(&c->mu);
    if (c->n < 8)
        snprintf(c->ids[c->n], 8, "%s", ev->todo ? ev->todo->id : "?");
    c->n++;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
}

static void on_end(void *data, int code, const char *message)
{
    (void)message;
    struct collected *c = data;
    pthread_mutex_lock(&c->mu);
    c->end_code = code;
    c->ended++;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
}

static void wait_for(struct collected *c, int n, int ended)
{
    pthread_mutex_lock(&c->mu);
    for (int i = 0; i < 100 && (c->n < n || c->ended < ended); i++) {
        pthread_mutex_unlock(&c->mu);
        usleep(20 * 1000);
        pthread_mutex_lock(&c->mu);
    }
    pthread_mutex_unlock(&c->mu);
}

static void test_server_streaming(void **state)
{
    (void)state;
    rpc_client_t *c = todo_client();
    tc_status_t st;
    struct collected got = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, {{0}}, 0, 0};
    Todo__V1__WatchTodosRequest req = TODO__V1__WATCH_TODOS_REQUEST__INIT;
    req.user_id = "finish";
    rpc_client_stream_t *s =
        rpc_client_stream_start(c, "WatchTodos", &req.base, on_msg, on_end, &got, &st);
    assert_non_null(s);
    wait_for(&got, 3, 1);
    assert_int_equal(got.n, 3);
    assert_string_equal(got.ids[0], "e0");
    assert_string_equal(got.ids[2], "e2");
    assert_int_equal(got.ended, 1);
    assert_int_equal(got.end_code, TC_OK);
    rpc_client_stream_release(s);

    /* An open stream cancelled by the client runs the server's close callback. */
    struct collected got2 = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, {{0}}, 0, 0};
    req.user_id = "open";
    s = rpc_client_stream_start(c, "WatchTodos", &req.base, on_msg, on_end, &got2, &st);
    wait_for(&got2, 3, 0);
    assert_int_equal(got2.n, 3);
    assert_int_equal(got2.ended, 0);
    rpc_client_stream_release(s);
    wait_for(&got2, 3, 1);
    assert_int_equal(got2.ended, 1);
    assert_int_equal(got2.end_code, TC_ECANCELLED);
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&wstate.mu);
        int closed = wstate.closed;
        pthread_mutex_unlock(&wstate.mu);
        if (closed)
            break;
        usleep(20 * 1000);
    }
    assert_int_equal(wstate.closed, 1);
    rpc_client_destroy(c);
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
    rpc_client_t *c = todo_client();
    assert_int_equal(rpc_client_health_check(c, "", 2000, &st), 0);
    rpc_client_destroy(c);
    assert_int_equal(rpc_health_check("127.0.0.1:1", "", 500, &st), TC_EUNAVAIL);
    /* Per-method metrics: every finished unary call is counted and none is
     * left in flight. */
    size_t len;
    char *text = tc_metrics_render(&len);
    assert_non_null(strstr(text, "# TYPE grpc_server_in_flight gauge"));
    assert_non_null(strstr(text, "grpc_server_in_flight{grpc_service=\"todo.v1.TodoService\","
                                 "grpc_method=\"GetTodo\"} 0\n"));
    assert_non_null(strstr(text, "grpc_server_handled_total{grpc_service=\"todo.v1.TodoService\","
                                 "grpc_method=\"DeleteTodo\",grpc_code=\"NOT_FOUND\"} 1\n"));
    free(text);
}

/* A unary call whose client is gone before the handler returns: the
 * handler's result still completes the call (counted once, nothing left in
 * flight), and the server goes on serving. */
static void test_unary_client_gone_mid_handler(void **state)
{
    (void)state;
    rpc_client_t *c = todo_client();
    ProtobufCMessage *resp;
    tc_status_t st;
    Todo__V1__UpdateTodoRequest ur = TODO__V1__UPDATE_TODO_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, "UpdateTodo", &ur.base, &resp, 50, &st), TC_EDEADLINE);
    assert_int_equal(rpc_client_call(c, "UpdateTodo", &ur.base, &resp, 50, &st), TC_EDEADLINE);
    usleep(1000 * 1000); /* both handlers (400 ms each, one thread) have returned */
    size_t len;
    char *text = tc_metrics_render(&len);
    assert_non_null(strstr(text, "grpc_server_in_flight{grpc_service=\"todo.v1.TodoService\","
                                 "grpc_method=\"UpdateTodo\"} 0\n"));
    assert_non_null(strstr(text, "grpc_server_handled_total{grpc_service=\"todo.v1.TodoService\","
                                 "grpc_method=\"UpdateTodo\",grpc_code=\"INTERNAL\"}"));
    free(text);
    Todo__V1__GetTodoRequest req = TODO__V1__GET_TODO_REQUEST__INIT;
    req.user_id = "u";
    req.id = "x";
    assert_int_equal(rpc_client_call(c, "GetTodo", &req.base, &resp, 2000, &st), 0);
    protobuf_c_message_free_unpacked(resp, NULL);
    rpc_client_destroy(c);
}

/* A client that reads too slowly: the 1,025th message (1,024 queued, one
 * on the wire) fails, the client gets RESOURCE_EXHAUSTED. */
static void test_stream_backpressure(void **state)
{
    (void)state;
    rpc_client_t *c = todo_client();
    tc_status_t st;
    struct collected got = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, {{0}}, 0, 0};
    Todo__V1__WatchTodosRequest req = TODO__V1__WATCH_TODOS_REQUEST__INIT;
    req.user_id = "flood";
    rpc_client_stream_t *s =
        rpc_client_stream_start(c, "WatchTodos", &req.base, on_msg, on_end, &got, &st);
    wait_for(&got, 0, 1);
    assert_int_equal(got.ended, 1);
    assert_int_equal(got.end_code, TC_ERESOURCE);
    assert_int_equal(flood_rc, TC_ERESOURCE);
    assert_int_equal(3 + flood_sent, 1025); /* h_watch sent three first */
    assert_true(got.n <= 1);
    rpc_client_stream_release(s);
    rpc_client_destroy(c);
}

/* The client goes away (cancels, then closes its connection) while the
 * stream is open: the handler hears of it once. */
static void test_stream_client_gone(void **state)
{
    (void)state;
    rpc_client_t *c = todo_client();
    tc_status_t st;
    struct collected got = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, {{0}}, 0, 0};
    Todo__V1__WatchTodosRequest req = TODO__V1__WATCH_TODOS_REQUEST__INIT;
    req.user_id = "open";
    int closes = watch_closes();
    rpc_client_stream_t *s =
        rpc_client_stream_start(c, "WatchTodos", &req.base, on_msg, on_end, &got, &st);
    wait_for(&got, 3, 0);
    assert_int_equal(got.n, 3);
    rpc_client_stream_release(s); /* cancels the call */
    rpc_client_destroy(c);        /* and the connection goes: waits for on_end */
    assert_int_equal(got.ended, 1);
    assert_int_equal(got.end_code, TC_ECANCELLED);
    for (int i = 0; i < 100 && watch_closes() == closes; i++)
        usleep(20 * 1000);
    usleep(100 * 1000); /* a second notice would come now */
    assert_int_equal(watch_closes(), closes + 1);
}

struct unary_job {
    const char *addr;
    int rc;
    char message[256];
};

static void *slow_unary(void *arg)
{
    struct unary_job *j = arg;
    tc_status_t st;
    rpc_client_t *c = rpc_client_create(j->addr, &todo__v1__todo_service__descriptor, NULL, &st);
    Todo__V1__UpdateTodoRequest ur = TODO__V1__UPDATE_TODO_REQUEST__INIT;
    ProtobufCMessage *resp;
    j->rc = rpc_client_call(c, "UpdateTodo", &ur.base, &resp, 5000, &st);
    snprintf(j->message, sizeof j->message, "%s", st.message);
    rpc_client_destroy(c);
    return NULL;
}

static rpc_client_stream_t *watch(rpc_client_t *c, const char *method, const char *user,
                                  struct collected *got)
{
    tc_status_t st;
    Todo__V1__WatchTodosRequest req = TODO__V1__WATCH_TODOS_REQUEST__INIT;
    req.user_id = (char *)user;
    rpc_client_stream_t *s =
        rpc_client_stream_start(c, method, &req.base, on_msg, on_end, got, &st);
    assert_non_null(s);
    return s;
}

/* For streams of other message types: counts only. */
static void on_any_msg(void *data, const ProtobufCMessage *msg)
{
    (void)msg;
    struct collected *c = data;
    pthread_mutex_lock(&c->mu);
    c->n++;
    pthread_mutex_unlock(&c->mu);
}

/* Shutdown with a unary call in flight and three streams open: one idle,
 * one whose handler still runs when the sweep comes (its close callback
 * waits for it), one health Watch. The unary call finishes within the
 * grace, every stream ends UNAVAILABLE, each handler hears of the close
 * once, and shutdown does not wait for calls it failed to free. */
static void test_shutdown_with_calls_open(void **state)
{
    (void)state;
    tc_status_t st;
    rpc_server_options_t opts = {.listen = "127.0.0.1:0", .threads = 2};
    rpc_server_t *s2 = rpc_server_create(&opts, &st);
    rpc_server_add_service(s2, &todo__v1__todo_service__descriptor, todo_methods, NULL);
    char addr2[128];
    assert_int_equal(rpc_server_start(s2, addr2, sizeof addr2, &st), 0);
    rpc_client_t *c = rpc_client_create(addr2, &todo__v1__todo_service__descriptor, NULL, &st);
    rpc_client_t *hc = rpc_client_create(addr2, &grpc__health__v1__health__descriptor, NULL, &st);
    struct collected idle = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, {{0}}, 0, 0};
    struct collected slow = idle, health = idle;
    int closes = watch_closes();
    rpc_client_stream_t *s_idle = watch(c, "WatchTodos", "open", &idle);
    wait_for(&idle, 3, 0);
    rpc_client_stream_t *s_slow = watch(c, "WatchTodos", "slow", &slow);
    wait_for(&slow, 3, 0);
    Grpc__Health__V1__HealthCheckRequest hreq = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
    hreq.service = "";
    rpc_client_stream_t *s_health =
        rpc_client_stream_start(hc, "Watch", &hreq.base, on_any_msg, on_end, &health, &st);
    wait_for(&health, 1, 0);
    struct unary_job job = {.addr = addr2};
    pthread_t t;
    pthread_create(&t, NULL, slow_unary, &job);
    usleep(100 * 1000);
    double t0 = tc_mono_seconds();
    rpc_server_shutdown(s2, 3000);
    assert_true(tc_mono_seconds() - t0 < 3.0);
    pthread_join(t, NULL);
    assert_int_equal(job.rc, TC_EINTERNAL);
    assert_string_equal(job.message, "too late anyway");
    wait_for(&idle, 3, 1);
    wait_for(&slow, 3, 1);
    wait_for(&health, 1, 1);
    assert_int_equal(idle.end_code, TC_EUNAVAIL);
    assert_int_equal(slow.end_code, TC_EUNAVAIL);
    assert_int_equal(health.end_code, TC_EUNAVAIL);
    assert_int_equal(watch_closes(), closes + 2);
    rpc_client_stream_release(s_idle);
    rpc_client_stream_release(s_slow);
    rpc_client_stream_release(s_health);
    rpc_client_destroy(c);
    rpc_client_destroy(hc);
    rpc_server_destroy(s2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unary_ok_and_arena),
        cmocka_unit_test(test_status_mapping),
        cmocka_unit_test(test_deadline),
        cmocka_unit_test(test_unavailable_and_unimplemented),
        cmocka_unit_test(test_server_streaming),
        cmocka_unit_test(test_health),
        cmocka_unit_test(test_unary_client_gone_mid_handler),
        cmocka_unit_test(test_stream_backpressure),
        cmocka_unit_test(test_stream_client_gone),
        cmocka_unit_test(test_shutdown_with_calls_open),
    };
    return cmocka_run_group_tests(tests, setup, rpc_fixture_teardown);
}
