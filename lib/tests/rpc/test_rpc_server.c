/* rpc_server: the call's arena and deadline, request checks, streams
 * (finish, close notice, backpressure, client gone), per-method metrics and
 * shutdown, against the fixture's TodoService, called through rpc_client.
 *
 * The call and stream lifetime (rpc_server.c, "the lifetime of a call") is
 * asserted at every move in debug builds, so each test here also proves the
 * moves it makes are allowed. Moves and the tests that make them:
 *   unary READING->HANDLING->STATUS_SENT->DONE  test_unary_ok_and_arena
 *   unary READING->STATUS_SENT  test_request_checked_before_handler,
 *                               test_unknown_method_unimplemented
 *   stream READING->OPEN->FINISHING (finish)    test_server_streaming
 *   stream READING->FINISHING (bad request)     test_stream_bad_request
 *   stream OPEN->FINISHING (handler error)      test_stream_handler_error
 *   stream OPEN->FINISHING (sweep)              test_shutdown_with_calls_open
 *   bidi READING->OPEN->FINISHING (half-close),
 *   bidi READING->FINISHING, OPEN->FINISHING    test_bidi_*
 * and test_stream_finished_twice_asserts shows an illegal release aborts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chat/v1/chat.pb-c.h"
#include "grpc/health/v1/health.pb-c.h"
#include "metrics.h"
#include "rpc_client.h"
#include "rpc_fixture.h"
#include "rpc_server.h"
#include "timeutil.h"
#include "todo/v1/todo.pb-c.h"
#include "xalloc.h"

static char addr[128];

static int setup(void **state)
{
    (void)state;
    rpc_fixture_start(rpc_fixture_todo_methods, addr, sizeof addr);
    return 0;
}

/* The value of one metric series ("name{labels}"), 0 when absent. */
static double metric(const char *series)
{
    size_t len;
    char *text = tc_metrics_render(&len);
    char *at = strstr(text, series);
    double v = at ? strtod(at + strlen(series), NULL) : 0;
    free(text);
    return v;
}

#define TODO_LABELS(m) "{grpc_service=\"todo.v1.TodoService\",grpc_method=\"" m "\""

/* A handler's response built in the call's arena reaches the client. */
static void test_unary_ok_and_arena(void **state)
{
    (void)state;
    rpc_client_t *c = rpc_fixture_client(addr);
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

/* The layer refuses invalid UTF-8 before any handler runs, naming the field. */
static void test_request_checked_before_handler(void **state)
{
    (void)state;
    rpc_client_t *c = rpc_fixture_client(addr);
    ProtobufCMessage *resp;
    tc_status_t st;
    Todo__V1__GetTodoRequest gr = TODO__V1__GET_TODO_REQUEST__INIT;
    gr.user_id = "u";
    gr.id = "\xc3\x28";
    assert_int_equal(rpc_client_call(c, "GetTodo", &gr.base, &resp, 2000, &st), TC_EINVAL);
    assert_string_equal(st.message, "id: is not valid UTF-8");
    rpc_client_destroy(c);
}

/* The handler sees the caller's deadline. */
static void test_handler_sees_deadline(void **state)
{
    (void)state;
    rpc_client_t *c = rpc_fixture_client(addr);
    ProtobufCMessage *resp;
    tc_status_t st;
    Todo__V1__ListTodosRequest lr = TODO__V1__LIST_TODOS_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, "ListTodos", &lr.base, &resp, 5000, &st), 0);
    assert_string_equal(((Todo__V1__ListTodosResponse *)resp)->next_page_token, "short");
    protobuf_c_message_free_unpacked(resp, NULL);
    rpc_client_destroy(c);
}

/* A service the server does not have: UNIMPLEMENTED. */
static void test_unknown_method_unimplemented(void **state)
{
    (void)state;
    tc_status_t st;
    rpc_client_t *c = rpc_client_create(addr, &chat__v1__chat_service__descriptor, NULL, &st);
    Chat__V1__ConverseRequest m = CHAT__V1__CONVERSE_REQUEST__INIT;
    ProtobufCMessage *resp;
    assert_int_equal(rpc_client_call(c, "Converse", &m.base, &resp, 2000, &st), TC_EUNIMPL);
    rpc_client_destroy(c);
}

static void wait_closes(int n)
{
    for (int i = 0; i < 250 && rpc_fixture_watch_closes() < n; i++)
        usleep(20 * 1000);
}

static void test_server_streaming(void **state)
{
    (void)state;
    rpc_client_t *c = rpc_fixture_client(addr);
    rpc_fixture_got_t got;
    rpc_fixture_got_init(&got);
    rpc_client_stream_t *s = rpc_fixture_watch(c, "WatchTodos", "finish", &got);
    rpc_fixture_wait(&got, 3, 1);
    assert_int_equal(got.n, 3);
    assert_string_equal(got.ids[0], "e0");
    assert_string_equal(got.ids[2], "e2");
    assert_int_equal(got.ended, 1);
    assert_int_equal(got.end_code, TC_OK);
    rpc_client_stream_release(s);
    rpc_fixture_got_free(&got);

    /* An open stream cancelled by the client runs the server's close callback. */
    int closes = rpc_fixture_watch_closes();
    rpc_fixture_got_t got2;
    rpc_fixture_got_init(&got2);
    s = rpc_fixture_watch(c, "WatchTodos", "open", &got2);
    rpc_fixture_wait(&got2, 3, 0);
    assert_int_equal(got2.n, 3);
    assert_int_equal(got2.ended, 0);
    rpc_client_stream_release(s);
    rpc_fixture_wait(&got2, 3, 1);
    assert_int_equal(got2.ended, 1);
    assert_int_equal(got2.end_code, TC_ECANCELLED);
    wait_closes(closes + 1);
    assert_int_equal(rpc_fixture_watch_closes(), closes + 1);
    rpc_fixture_got_free(&got2);
    rpc_client_destroy(c);
}

/* A stream request that fails the checks ends the call before the handler
 * sees it: the client gets the field's error and no message. */
static void test_stream_bad_request(void **state)
{
    (void)state;
    rpc_client_t *c = rpc_fixture_client(addr);
    rpc_fixture_got_t got;
    rpc_fixture_got_init(&got);
    rpc_client_stream_t *s = rpc_fixture_watch(c, "WatchTodos", "\xff", &got);
    rpc_fixture_wait(&got, 0, 1);
    assert_int_equal(got.ended, 1);
    assert_int_equal(got.end_code, TC_EINVAL);
    assert_string_equal(got.end_message, "user_id: is not valid UTF-8");
    assert_int_equal(got.n, 0);
    rpc_client_stream_release(s);
    rpc_fixture_got_free(&got);
    rpc_client_destroy(c);
}

/* A stream handler that returns an error after sending: what it queued is
 * delivered, then its status. */
static void test_stream_handler_error(void **state)
{
    (void)state;
    rpc_client_t *c = rpc_fixture_client(addr);
    rpc_fixture_got_t got;
    rpc_fixture_got_init(&got);
    int closes = rpc_fixture_watch_closes();
    rpc_client_stream_t *s = rpc_fixture_watch(c, "WatchTodos", "fail", &got);
    rpc_fixture_wait(&got, 3, 1);
    assert_int_equal(got.n, 3);
    assert_int_equal(got.ended, 1);
    assert_int_equal(got.end_code, TC_EPRECOND);
    assert_string_equal(got.end_message, "watch refused");
    assert_int_equal(rpc_fixture_watch_closes(), closes); /* it gave the stream up */
    rpc_client_stream_release(s);
    rpc_fixture_got_free(&got);
    rpc_client_destroy(c);
}

/* Per-method metrics: every finished unary call is counted once, by code,
 * and none is left in flight. */
static void test_metrics_per_method(void **state)
{
    (void)state;
    const char *deleted =
        "grpc_server_handled_total" TODO_LABELS("DeleteTodo") ",grpc_code=\"NOT_FOUND\"} ";
    double before = metric(deleted);
    rpc_client_t *c = rpc_fixture_client(addr);
    ProtobufCMessage *resp;
    tc_status_t st;
    Todo__V1__DeleteTodoRequest dr = TODO__V1__DELETE_TODO_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, "DeleteTodo", &dr.base, &resp, 2000, &st), TC_ENOTFOUND);
    assert_string_equal(st.message, "todo not found");
    Todo__V1__GetTodoRequest gr = TODO__V1__GET_TODO_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, "GetTodo", &gr.base, &resp, 2000, &st), 0);
    protobuf_c_message_free_unpacked(resp, NULL);
    rpc_client_destroy(c);
    /* The server counts a call when its status batch completes, which may
     * be just after the client has the answer: wait for that, 5 s at most. */
    const char *get_in_flight = "grpc_server_in_flight" TODO_LABELS("GetTodo") "} ";
    for (int i = 0; i < 500 && (metric(deleted) != before + 1 || metric(get_in_flight) != 0); i++)
        usleep(10 * 1000);
    assert_true(metric(deleted) == before + 1);
    size_t len;
    char *text = tc_metrics_render(&len);
    assert_non_null(strstr(text, "# TYPE grpc_server_in_flight gauge"));
    assert_non_null(strstr(text, "grpc_server_in_flight" TODO_LABELS("GetTodo") "} 0\n"));
    free(text);
}

/* A unary call whose client is gone before the handler returns: the
 * handler's result still completes the call (counted once, nothing left in
 * flight), and the server goes on serving. */
static void test_unary_client_gone_mid_handler(void **state)
{
    (void)state;
    rpc_client_t *c = rpc_fixture_client(addr);
    ProtobufCMessage *resp;
    tc_status_t st;
    Todo__V1__UpdateTodoRequest ur = TODO__V1__UPDATE_TODO_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, "UpdateTodo", &ur.base, &resp, 50, &st), TC_EDEADLINE);
    assert_int_equal(rpc_client_call(c, "UpdateTodo", &ur.base, &resp, 50, &st), TC_EDEADLINE);
    usleep(1000 * 1000); /* both handlers (400 ms each, one thread) have returned */
    size_t len;
    char *text = tc_metrics_render(&len);
    assert_non_null(strstr(text, "grpc_server_in_flight" TODO_LABELS("UpdateTodo") "} 0\n"));
    assert_non_null(strstr(
        text, "grpc_server_handled_total" TODO_LABELS("UpdateTodo") ",grpc_code=\"INTERNAL\"}"));
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
    rpc_client_t *c = rpc_fixture_client(addr);
    rpc_fixture_got_t got;
    rpc_fixture_got_init(&got);
    rpc_client_stream_t *s = rpc_fixture_watch(c, "WatchTodos", "flood", &got);
    rpc_fixture_wait(&got, 0, 1);
    assert_int_equal(got.ended, 1);
    assert_int_equal(got.end_code, TC_ERESOURCE);
    int flood_sent, flood_rc;
    rpc_fixture_flood(&flood_sent, &flood_rc);
    assert_int_equal(flood_rc, TC_ERESOURCE);
    assert_int_equal(3 + flood_sent, 1025); /* the handler sent three first */
    assert_true(got.n <= 1);
    rpc_client_stream_release(s);
    rpc_fixture_got_free(&got);
    rpc_client_destroy(c);
}

/* The client goes away (cancels, then closes its connection) while the
 * stream is open: the handler hears of it once. */
static void test_stream_client_gone(void **state)
{
    (void)state;
    rpc_client_t *c = rpc_fixture_client(addr);
    rpc_fixture_got_t got;
    rpc_fixture_got_init(&got);
    int closes = rpc_fixture_watch_closes();
    rpc_client_stream_t *s = rpc_fixture_watch(c, "WatchTodos", "open", &got);
    rpc_fixture_wait(&got, 3, 0);
    assert_int_equal(got.n, 3);
    rpc_client_stream_release(s); /* cancels the call */
    rpc_client_destroy(c);        /* and the connection goes: waits for on_end */
    assert_int_equal(got.ended, 1);
    assert_int_equal(got.end_code, TC_ECANCELLED);
    wait_closes(closes + 1);
    usleep(100 * 1000); /* a second notice would come now */
    assert_int_equal(rpc_fixture_watch_closes(), closes + 1);
    rpc_fixture_got_free(&got);
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
    rpc_server_add_service(s2, &todo__v1__todo_service__descriptor, rpc_fixture_todo_methods, NULL);
    char addr2[128];
    assert_int_equal(rpc_server_start(s2, addr2, sizeof addr2, &st), 0);
    rpc_client_t *c = rpc_client_create(addr2, &todo__v1__todo_service__descriptor, NULL, &st);
    rpc_client_t *hc = rpc_client_create(addr2, &grpc__health__v1__health__descriptor, NULL, &st);
    rpc_fixture_got_t idle, slow, health;
    rpc_fixture_got_init(&idle);
    rpc_fixture_got_init(&slow);
    rpc_fixture_got_init(&health);
    int closes = rpc_fixture_watch_closes();
    rpc_client_stream_t *s_idle = rpc_fixture_watch(c, "WatchTodos", "open", &idle);
    rpc_fixture_wait(&idle, 3, 0);
    rpc_client_stream_t *s_slow = rpc_fixture_watch(c, "WatchTodos", "slow", &slow);
    rpc_fixture_wait(&slow, 3, 0);
    Grpc__Health__V1__HealthCheckRequest hreq = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
    hreq.service = "";
    rpc_client_stream_t *s_health = rpc_fixture_stream(hc, "Watch", &hreq.base, &health);
    rpc_fixture_wait(&health, 1, 0);
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
    rpc_fixture_wait(&idle, 3, 1);
    rpc_fixture_wait(&slow, 3, 1);
    rpc_fixture_wait(&health, 1, 1);
    assert_int_equal(idle.end_code, TC_EUNAVAIL);
    assert_int_equal(slow.end_code, TC_EUNAVAIL);
    assert_int_equal(health.end_code, TC_EUNAVAIL);
    assert_int_equal(rpc_fixture_watch_closes(), closes + 2);
    rpc_client_stream_release(s_idle);
    rpc_client_stream_release(s_slow);
    rpc_client_stream_release(s_health);
    rpc_client_destroy(c);
    rpc_client_destroy(hc);
    rpc_server_destroy(s2);
    rpc_fixture_got_free(&idle);
    rpc_fixture_got_free(&slow);
    rpc_fixture_got_free(&health);
}

/* ---- bidi streams: chat.v1.ChatService/Converse served as one ---- */

static atomic_int bidi_runs;

/* Answers each request with its message; "fail" ends the call instead. */
static int h_converse(void *ctx, rpc_call_t *call, const ProtobufCMessage *req,
                      rpc_stream_t *stream, tc_status_t *st)
{
    (void)ctx, (void)call;
    const Chat__V1__ConverseRequest *r = (const void *)req;
    atomic_fetch_add(&bidi_runs, 1);
    if (strcmp(r->message, "fail") == 0)
        return tc_status_set(st, TC_EUNAUTH, "who are you");
    Chat__V1__ConverseResponse out = CHAT__V1__CONVERSE_RESPONSE__INIT;
    out.reply = r->message;
    return rpc_stream_send(stream, &out.base);
}

static const rpc_method_t chat_bidi[] = {{.kind = RPC_BIDI_STREAMING, .stream = h_converse}};
static char bidi_addr[128];

/* One Converse over the bidi server; returns how it ended, in got. */
static void converse(const char *message, rpc_fixture_got_t *got)
{
    tc_status_t st;
    if (!bidi_addr[0])
        rpc_fixture_start_with(NULL, &chat__v1__chat_service__descriptor, chat_bidi, bidi_addr,
                               sizeof bidi_addr);
    rpc_client_t *c = rpc_client_create(bidi_addr, &chat__v1__chat_service__descriptor, NULL, &st);
    Chat__V1__ConverseRequest req = CHAT__V1__CONVERSE_REQUEST__INIT;
    req.message = (char *)message;
    rpc_fixture_got_init(got);
    rpc_client_stream_t *s = rpc_fixture_stream(c, "Converse", &req.base, got);
    rpc_fixture_wait(got, 0, 1);
    assert_int_equal(got->ended, 1);
    rpc_client_stream_release(s);
    rpc_client_destroy(c);
}

/* The client's half-close ends a bidi stream OK after the answers. */
static void test_bidi_half_close_finishes(void **state)
{
    (void)state;
    rpc_fixture_got_t got;
    int runs = atomic_load(&bidi_runs);
    converse("hello", &got);
    assert_int_equal(got.end_code, TC_OK);
    assert_int_equal(got.n, 1);
    Chat__V1__ConverseResponse *r =
        (void *)rpc_fixture_got_msg(&got, 0, &chat__v1__converse_response__descriptor);
    assert_string_equal(r->reply, "hello");
    protobuf_c_message_free_unpacked(&r->base, NULL);
    assert_int_equal(atomic_load(&bidi_runs), runs + 1);
    rpc_fixture_got_free(&got);
}

/* A bad bidi request ends the call with its field; the handler never runs. */
static void test_bidi_bad_request(void **state)
{
    (void)state;
    rpc_fixture_got_t got;
    int runs = atomic_load(&bidi_runs);
    converse("\xc3", &got);
    assert_int_equal(got.end_code, TC_EINVAL);
    assert_string_equal(got.end_message, "message: is not valid UTF-8");
    assert_int_equal(got.n, 0);
    assert_int_equal(atomic_load(&bidi_runs), runs);
    rpc_fixture_got_free(&got);
}

/* A bidi handler's error is the call's status. */
static void test_bidi_handler_error(void **state)
{
    (void)state;
    rpc_fixture_got_t got;
    converse("fail", &got);
    assert_int_equal(got.end_code, TC_EUNAUTH);
    assert_string_equal(got.end_message, "who are you");
    assert_int_equal(got.n, 0);
    rpc_fixture_got_free(&got);
}

/* ---- a handler that releases its stream twice ---- */

static int h_watch_twice(void *ctx, rpc_call_t *call, const ProtobufCMessage *req,
                         rpc_stream_t *stream, tc_status_t *st)
{
    (void)ctx, (void)call, (void)req, (void)st;
    rpc_stream_finish(stream, TC_OK, NULL);
    rpc_stream_finish(stream, TC_EINTERNAL, "again"); /* the bug */
    return TC_OK;
}

/* In a process of its own (main's --finish-twice): a WatchTodos whose
 * handler finishes twice. In a debug build the server's hold assertion
 * aborts the process; with NDEBUG the second finish is ignored and the
 * client gets the first status. */
static void finish_twice(void **state)
{
    (void)state;
    rpc_method_t methods[7];
    memcpy(methods, rpc_fixture_todo_methods, sizeof methods);
    methods[5].stream = h_watch_twice;
    char a[128];
    rpc_fixture_start(methods, a, sizeof a);
    rpc_client_t *c = rpc_fixture_client(a);
    rpc_fixture_got_t got;
    rpc_fixture_got_init(&got);
    rpc_client_stream_t *s = rpc_fixture_watch(c, "WatchTodos", "u", &got);
    rpc_fixture_wait(&got, 0, 1);
    assert_int_equal(got.ended, 1);
    assert_int_equal(got.end_code, TC_OK);
    rpc_client_stream_release(s);
    rpc_client_destroy(c);
    rpc_fixture_got_free(&got);
}

static void test_stream_finished_twice_asserts(void **state)
{
    (void)state;
    fprintf(stderr, "(a child process now finishes a stream twice%s)\n",
#ifdef NDEBUG
            ""
#else
            ": expect its assertion failure"
#endif
    );
    char *argv[] = {"lib_test_rpc_server", "--finish-twice", NULL};
    extern char **environ;
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, environ), 0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
#ifdef NDEBUG
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
#else
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
#endif
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--finish-twice") == 0) {
        const struct CMUnitTest child[] = {cmocka_unit_test(finish_twice)};
        return cmocka_run_group_tests(child, NULL, rpc_fixture_teardown);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unary_ok_and_arena),
        cmocka_unit_test(test_request_checked_before_handler),
        cmocka_unit_test(test_handler_sees_deadline),
        cmocka_unit_test(test_unknown_method_unimplemented),
        cmocka_unit_test(test_server_streaming),
        cmocka_unit_test(test_stream_bad_request),
        cmocka_unit_test(test_stream_handler_error),
        cmocka_unit_test(test_metrics_per_method),
        cmocka_unit_test(test_unary_client_gone_mid_handler),
        cmocka_unit_test(test_stream_backpressure),
        cmocka_unit_test(test_stream_client_gone),
        cmocka_unit_test(test_shutdown_with_calls_open),
        cmocka_unit_test(test_bidi_half_close_finishes),
        cmocka_unit_test(test_bidi_bad_request),
        cmocka_unit_test(test_bidi_handler_error),
        cmocka_unit_test(test_stream_finished_twice_asserts),
    };
    return cmocka_run_group_tests(tests, setup, rpc_fixture_teardown);
}
