#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rpc_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "todo/v1/todo.pb-c.h"
#include "xalloc.h"

/* ---- servers ---- */

#define MAX_SERVERS 4
static rpc_server_t *servers[MAX_SERVERS];
static int n_servers;

rpc_server_t *rpc_fixture_start_with(const rpc_server_options_t *opts,
                                     const ProtobufCServiceDescriptor *desc,
                                     const rpc_method_t *methods, char *addr, size_t addr_len)
{
    tc_status_t st;
    rpc_server_options_t o = {.threads = 2};
    if (opts)
        o = *opts;
    o.listen = "127.0.0.1:0";
    assert_true(n_servers < MAX_SERVERS);
    rpc_server_t *server = rpc_server_create(&o, &st);
    assert_non_null(server);
    assert_int_equal(rpc_server_add_service(
                         server, desc ? desc : &todo__v1__todo_service__descriptor, methods, NULL),
                     0);
    assert_int_equal(rpc_server_start(server, addr, addr_len, &st), 0);
    assert_non_null(strstr(addr, "127.0.0.1:"));
    assert_int_not_equal(atoi(strrchr(addr, ':') + 1), 0);
    servers[n_servers++] = server;
    return server;
}

rpc_server_t *rpc_fixture_start(const rpc_method_t *methods, char *addr, size_t addr_len)
{
    return rpc_fixture_start_with(NULL, NULL, methods, addr, addr_len);
}

int rpc_fixture_teardown(void **state)
{
    (void)state;
    for (; n_servers > 0; n_servers--) {
        rpc_server_shutdown(servers[n_servers - 1], 1000);
        rpc_server_destroy(servers[n_servers - 1]);
    }
    return 0;
}

int rpc_fixture_no_stream(void *ctx, rpc_call_t *call, const ProtobufCMessage *m,
                          rpc_stream_t *stream, tc_status_t *st)
{
    (void)ctx, (void)call, (void)m, (void)stream;
    return tc_status_set(st, TC_EUNIMPL, "not in this test");
}

/* ---- the test TodoService: unary methods ---- */

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

/* ---- the test TodoService: WatchTodos ---- */

static pthread_mutex_t watch_mu = PTHREAD_MUTEX_INITIALIZER;
static int watch_closed_count;
static int flood_sent, flood_rc;

int rpc_fixture_watch_closes(void)
{
    pthread_mutex_lock(&watch_mu);
    int n = watch_closed_count;
    pthread_mutex_unlock(&watch_mu);
    return n;
}

void rpc_fixture_flood(int *sent, int *rc)
{
    pthread_mutex_lock(&watch_mu);
    *sent = flood_sent;
    *rc = flood_rc;
    pthread_mutex_unlock(&watch_mu);
}

static void watch_closed(void *data)
{
    rpc_stream_t *s = data;
    pthread_mutex_lock(&watch_mu);
    watch_closed_count++;
    pthread_mutex_unlock(&watch_mu);
    rpc_stream_finish(s, TC_ECANCELLED, NULL);
}

/* Sends until the queue is full: the messages cannot leave while the
 * handler runs on the thread that would complete their sends. */
static int watch_flood(rpc_stream_t *stream)
{
    Todo__V1__TodoEvent ev = TODO__V1__TODO_EVENT__INIT;
    int rc = TC_OK, i = 0;
    for (; i < 5000 && rc == TC_OK; i++)
        rc = rpc_stream_send(stream, &ev.base);
    pthread_mutex_lock(&watch_mu);
    flood_sent = i - 1;
    flood_rc = rc;
    pthread_mutex_unlock(&watch_mu);
    assert_true(rpc_stream_closed(stream));
    assert_int_equal(rpc_stream_send(stream, &ev.base), TC_ECANCELLED);
    rpc_stream_finish(stream, TC_OK, NULL);
    return TC_OK;
}

static int h_watch(void *ctx, rpc_call_t *call, const ProtobufCMessage *req, rpc_stream_t *stream,
                   tc_status_t *st)
{
    (void)ctx, (void)call;
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
    if (strcmp(r->user_id, "fail") == 0)
        return tc_status_set(st, TC_EPRECOND, "watch refused");
    if (strcmp(r->user_id, "slow") == 0)
        usleep(1000 * 1000); /* shutdown's sweep reaches the stream meanwhile */
    rpc_stream_on_close(stream, watch_closed, stream);
    return TC_OK;
}

const rpc_method_t rpc_fixture_todo_methods[] = {
    {.kind = RPC_UNARY, .unary = h_create},
    {.kind = RPC_UNARY, .unary = h_get},
    {.kind = RPC_UNARY, .unary = h_list},
    {.kind = RPC_UNARY, .unary = h_update},
    {.kind = RPC_UNARY, .unary = h_delete},
    {.kind = RPC_SERVER_STREAMING, .stream = h_watch},
    {.kind = RPC_SERVER_STREAMING, .stream = rpc_fixture_no_stream}, /* WatchChanges */
};

/* ---- clients ---- */

rpc_client_t *rpc_fixture_client(const char *addr)
{
    tc_status_t st;
    static const char *const idem[] = {"GetTodo", "ListTodos", NULL};
    rpc_client_t *c = rpc_client_create(addr, &todo__v1__todo_service__descriptor, idem, &st);
    assert_non_null(c);
    return c;
}

void rpc_fixture_got_init(rpc_fixture_got_t *got)
{
    memset(got, 0, sizeof *got);
    pthread_mutex_init(&got->mu, NULL);
}

void rpc_fixture_got_free(rpc_fixture_got_t *got)
{
    for (int i = 0; i < RPC_FIXTURE_KEEP; i++)
        free(got->msg[i]);
    pthread_mutex_destroy(&got->mu);
}

void rpc_fixture_on_msg(void *data, const ProtobufCMessage *msg)
{
    rpc_fixture_got_t *got = data;
    pthread_mutex_lock(&got->mu);
    int i = got->n++;
    if (i < RPC_FIXTURE_KEEP) {
        const Todo__V1__TodoEvent *ev = (const void *)msg;
        if (msg->descriptor == &todo__v1__todo_event__descriptor && ev->todo)
            snprintf(got->ids[i], sizeof got->ids[i], "%s", ev->todo->id);
        got->msg_len[i] = protobuf_c_message_get_packed_size(msg);
        got->msg[i] = xmalloc(got->msg_len[i] + 1);
        protobuf_c_message_pack(msg, got->msg[i]);
    }
    pthread_mutex_unlock(&got->mu);
}

void rpc_fixture_on_end(void *data, int code, const char *message)
{
    rpc_fixture_got_t *got = data;
    pthread_mutex_lock(&got->mu);
    got->end_code = code;
    snprintf(got->end_message, sizeof got->end_message, "%s", message ? message : "");
    got->ended++;
    pthread_mutex_unlock(&got->mu);
}

void rpc_fixture_wait(rpc_fixture_got_t *got, int n, int ended)
{
    pthread_mutex_lock(&got->mu);
    for (int i = 0; i < 250 && (got->n < n || got->ended < ended); i++) {
        pthread_mutex_unlock(&got->mu);
        usleep(20 * 1000);
        pthread_mutex_lock(&got->mu);
    }
    pthread_mutex_unlock(&got->mu);
}

ProtobufCMessage *rpc_fixture_got_msg(rpc_fixture_got_t *got, int i,
                                      const ProtobufCMessageDescriptor *desc)
{
    pthread_mutex_lock(&got->mu);
    assert_true(i < got->n && i < RPC_FIXTURE_KEEP);
    ProtobufCMessage *m = protobuf_c_message_unpack(desc, NULL, got->msg_len[i], got->msg[i]);
    pthread_mutex_unlock(&got->mu);
    assert_non_null(m);
    return m;
}

rpc_client_stream_t *rpc_fixture_stream(rpc_client_t *c, const char *method,
                                        const ProtobufCMessage *req, rpc_fixture_got_t *got)
{
    tc_status_t st;
    rpc_client_stream_t *s =
        rpc_client_stream_start(c, method, req, rpc_fixture_on_msg, rpc_fixture_on_end, got, &st);
    assert_non_null(s);
    return s;
}

rpc_client_stream_t *rpc_fixture_watch(rpc_client_t *c, const char *method, const char *user,
                                       rpc_fixture_got_t *got)
{
    Todo__V1__WatchTodosRequest req = TODO__V1__WATCH_TODOS_REQUEST__INIT;
    req.user_id = (char *)user;
    return rpc_fixture_stream(c, method, &req.base, got);
}
