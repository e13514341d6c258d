/* rpc_fixture: what the rpc layer's tests share, once (rpc_fixture.c).
 *
 * - Servers on a free loopback port, serving todo.v1.TodoService from the
 *   test's own process with the handler table a test gives, stopped by a
 *   cmocka group teardown.
 * - A tiny test implementation of todo.v1.TodoService
 *   (rpc_fixture_todo_methods) whose answers the tests assert.
 * - A client of it, and a collector for a client stream's messages and end.
 *
 * Every function fails the running cmocka test (it does not return an
 * error) when the set-up it does cannot be done. Threads: the collector is
 * thread-safe (its callbacks run on the client's stream thread); the rest
 * is for the test's own thread. */
#ifndef TC_RPC_FIXTURE_H
#define TC_RPC_FIXTURE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "rpc_client.h"
#include "rpc_server.h"

/* ---- servers ---- */

/* Starts a server of service desc (NULL: todo.v1.TodoService) with
 * methods (in descriptor order) on 127.0.0.1 at a free port, written into
 * addr ("127.0.0.1:PORT"). opts (may be NULL: 2 threads) gives the other
 * options; its listen is ignored. The fixture owns the server (up to 4):
 * rpc_fixture_teardown stops and frees it. */
rpc_server_t *rpc_fixture_start_with(const rpc_server_options_t *opts,
                                     const ProtobufCServiceDescriptor *desc,
                                     const rpc_method_t *methods, char *addr, size_t addr_len);
/* rpc_fixture_start_with for todo.v1.TodoService with default options. */
rpc_server_t *rpc_fixture_start(const rpc_method_t *methods, char *addr, size_t addr_len);

/* A cmocka group teardown: stops and frees every server started above. */
int rpc_fixture_teardown(void **state);

/* A streaming handler for a method a test leaves out: UNIMPLEMENTED. */
int rpc_fixture_no_stream(void *ctx, rpc_call_t *call, const ProtobufCMessage *m,
                          rpc_stream_t *stream, tc_status_t *st);

/* ---- the test TodoService ----
 *
 * CreateTodo   INVALID_ARGUMENT "todo.title: must not be empty"
 * GetTodo      a Todo with id = the request's id, title = its user_id
 * ListTodos    next_page_token "short" when the caller's deadline is under
 *              60 s away, else "long"
 * UpdateTodo   sleeps 400 ms, then INTERNAL "too late anyway"
 * DeleteTodo   NOT_FOUND "todo not found"
 * WatchTodos   sends TodoEvents "e0", "e1", "e2", then by user_id:
 *                finish  finishes OK
 *                flood   sends until the queue refuses (rpc_fixture_flood)
 *                fail    returns FAILED_PRECONDITION "watch refused"
 *                slow    sleeps 1 s, then as any other
 *                other   waits; its close callback (counted by
 *                        rpc_fixture_watch_closes) finishes CANCELLED
 * WatchChanges UNIMPLEMENTED */
extern const rpc_method_t rpc_fixture_todo_methods[];

/* How many WatchTodos close callbacks have run in this process. */
int rpc_fixture_watch_closes(void);

/* The "flood" watch's outcome: messages it queued after the first three,
 * and the code of the send that failed. */
void rpc_fixture_flood(int *sent, int *rc);

/* ---- clients ---- */

/* A todo.v1.TodoService client of addr, GetTodo and ListTodos idempotent.
 * The caller destroys it. */
rpc_client_t *rpc_fixture_client(const char *addr);

#define RPC_FIXTURE_KEEP 8

/* What a client stream delivered. Zero it (rpc_fixture_got_init) before the
 * stream starts; free it with rpc_fixture_got_free once the stream ended. */
typedef struct rpc_fixture_got {
    pthread_mutex_t mu;
    int n;                          /* messages received */
    char ids[RPC_FIXTURE_KEEP][8];  /* a TodoEvent's todo id, else "" */
    uint8_t *msg[RPC_FIXTURE_KEEP]; /* the first messages, packed */
    size_t msg_len[RPC_FIXTURE_KEEP];
    int ended; /* times on_end ran */
    int end_code;
    char end_message[128];
} rpc_fixture_got_t;

void rpc_fixture_got_init(rpc_fixture_got_t *got);
void rpc_fixture_got_free(rpc_fixture_got_t *got);
/* Callbacks for rpc_client_stream_start with got as data. */
void rpc_fixture_on_msg(void *got, const ProtobufCMessage *msg);
void rpc_fixture_on_end(void *got, int code, const char *message);
/* Waits (up to 2 s) until got has n messages and has ended `ended` times. */
void rpc_fixture_wait(rpc_fixture_got_t *got, int n, int ended);
/* Message i of got unpacked as desc; the caller frees it with
 * protobuf_c_message_free_unpacked(m, NULL). */
ProtobufCMessage *rpc_fixture_got_msg(rpc_fixture_got_t *got, int i,
                                      const ProtobufCMessageDescriptor *desc);

/* Starts a server-streaming (or bidi) method with req, delivering into got
 * (initialised); the caller releases the stream. */
rpc_client_stream_t *rpc_fixture_stream(rpc_client_t *c, const char *method,
                                        const ProtobufCMessage *req, rpc_fixture_got_t *got);

/* rpc_fixture_stream of method (WatchTodos) for user. */
rpc_client_stream_t *rpc_fixture_watch(rpc_client_t *c, const char *method, const char *user,
                                       rpc_fixture_got_t *got);

#endif
