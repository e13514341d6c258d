#include "rpc_internal.h"
#include "rpc_codec.h"

#include "arena.h"
#include "log.h"
#include "metrics.h"
#include "timeutil.h"
#include "xalloc.h"

#include <grpc/grpc_security.h>
#include <grpc/support/alloc.h>
#include <grpc/support/log.h>
#include <grpc/support/time.h>
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Calls each thread's queue asks gRPC for. gRPC hands a new call to the first
 * queue with a free slot, starting from the same one for every call of a
 * connection (the gateway has one to chat-svc), and a call given to a queue
 * waits for that queue's thread even while the others idle: with 16 slots,
 * chat turns queued up to 16 deep behind one thread waiting for todo-svc.
 * So each thread asks for one call at a time, and for the next unary call
 * only once its handler has run: calls no thread is free for wait in gRPC's
 * server-wide queue, first come first served, for whichever frees first. */
#define REQUESTS_PER_CQ    1
#define STREAM_QUEUE_MAX   1024 /* messages queued per stream before TC_ERESOURCE */
#define STREAM_QUEUE_FIRST 8    /* the queue grows by doubling, from its first send */
#define MAX_SERVICES       16

/* ---- process-wide set-up, shared with the client ---- */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* gRPC core's own log lines are not JSON and would duplicate the one line
 * we log at the edge: keep them, as JSON, at debug level. */
static void log_from_grpc(gpr_log_func_args *args)
{
    /* A failed assertion is about to abort the process: that one must show. */
    int level = strncmp(args->message, "assertion failed", 16) == 0 ? LOG_ERROR : LOG_DEBUG;
    if (level < tc_log_min_level)
        return;
    char line[32];
    snprintf(line, sizeof line, "%d", args->line);
    LOG(level, "grpc core", "file", args->file, "line", line, "detail", args->message);
}

static void do_init(void)
{
    /* gRPC C-core finishes a client channel's reconnect (TCP connect plus
     * HTTP/2 handshake) only while some thread polls it. Calls that fail fast
     * on a channel in TRANSIENT_FAILURE (every non-retried call while a
     * backend is down) poll too briefly, so under load the reconnect was
     * left to the backup poller, which runs every 5 s by default: the
     * gateway kept answering 503 for 4-9 s after todo-svc was back
     * (tests/fault/backend_down.test.js). Poll every 100 ms instead, unless
     * the environment says otherwise. */
    setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "100", 0);
    gpr_set_log_function(log_from_grpc);
    grpc_init();
}

void rpc__init_once(void)
{
    pthread_once(&init_once, do_init);
}

const char *rpc__code_name(int c)
{
    static const char *const names[] = {"OK",
                                        "CANCELLED",
                                        "UNKNOWN",
                                        "INVALID_ARGUMENT",
                                        "DEADLINE_EXCEEDED",
                                        "NOT_FOUND",
                                        "ALREADY_EXISTS",
                                        "PERMISSION_DENIED",
                                        "RESOURCE_EXHAUSTED",
                                        "FAILED_PRECONDITION",
                                        "ABORTED",
                                        "OUT_OF_RANGE",
                                        "UNIMPLEMENTED",
                                        "INTERNAL",
                                        "UNAVAILABLE",
                                        "DATA_LOSS",
                                        "UNAUTHENTICATED"};
    return c >= 0 && c <= 16 ? names[c] : "UNKNOWN";
}

/* ---- server structures ---- */

struct service_entry {
    const ProtobufCServiceDescriptor *desc;
    const rpc_method_t *methods;
    void *ctx;
};

struct route {
    char *path; /* "/pkg.Service/Method" */
    const struct service_entry *svc;
    unsigned index;
    char *labels; /* grpc_service="..",grpc_method=".." */
};

struct cq_thread {
    rpc_server_t *server;
    grpc_completion_queue *cq;
    pthread_t thread;
};

struct rpc_server {
    rpc_server_options_t opts;
    char *listen;
    grpc_server *server;
    struct service_entry services[MAX_SERVICES];
    size_t n_services;
    struct route *routes;
    size_t n_routes;
    struct cq_thread *threads;
    int n_threads;
    rpc__health_t *health;
    rpc__reflection_t *reflection;
    bool started, stopped;
    atomic_int unary_in_flight;
    atomic_int live_calls;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool shutdown_notified;
    rpc_call_t *streams; /* open streaming calls (guarded by mu), ended at shutdown */
    rpc__tag_t shutdown_tag;
};

struct new_call {
    rpc__tag_t tag;
    struct cq_thread *t;
    grpc_call *call;
    grpc_call_details details;
    grpc_metadata_array md;
};

/* ---- the lifetime of a call ----
 *
 * One rpc_call_t per call, unary or streaming; its mutex (mu) guards the
 * state, the holds, `gone`, the close notice and the stream's queue.
 *
 * 1. The flow (c->state): where the call is on the wire.
 *
 *    READING      the request is being read; no handler has seen the call
 *    HANDLING     unary: the handler computes the response
 *    OPEN         stream: the handler has the stream and may send; a bidi
 *                 stream reads and handles further requests, one at a time
 *    FINISHING    stream: the status is chosen; queued messages drain first
 *    STATUS_SENT  the status batch (unary: with the response) is in flight
 *    DONE         the status batch has completed (ok or not)
 *
 *    from         event                                             to
 *    READING      request read (unary)                              HANDLING
 *    READING      request read (stream)                             OPEN
 *    READING      unknown method, bad, missing or late request      STATUS_SENT
 *                 (unary)
 *    READING      bad, missing or late request, bidi half-close     FINISHING
 *                 (stream)
 *    HANDLING     the unary handler returned                        STATUS_SENT
 *    OPEN         rpc_stream_finish, handler error, bidi half-close  FINISHING
 *                 or bad request, shutdown's sweep (UNAVAILABLE)
 *    FINISHING    the queue is empty (or the client gone)           STATUS_SENT
 *    STATUS_SENT  the status batch completed                        DONE
 *
 *    Nothing else: call_move() asserts each move against flow_moves[kind].
 *    A call leaves the server's stream list just before DONE.
 *
 * 2. The holds (c->holds): who keeps the call's memory alive. One bit each,
 *    taken once and given back once (asserted):
 *
 *    HOLD_CLOSE   the RECV_CLOSE_ON_SERVER op: from accept until on_close
 *    HOLD_READ    a RECV_MESSAGE op: from start_read until on_read decides
 *    HOLD_RUN     a stream handler running on the thread that read its
 *                 request (a unary handler runs in HANDLING, which the
 *                 flow covers)
 *    HOLD_OWNER   server streaming: the handler's reference, from the
 *                 handler's start until it calls rpc_stream_finish or
 *                 returns an error (bidi handlers hold none)
 *    HOLD_SWEEP   shutdown's sweep, while it ends one open stream
 *
 *    A bidi read may still be pending when the status goes out (shutdown,
 *    a bad request): HOLD_READ keeps the call until it completes.
 *
 *    The flow is a hold too, until DONE. Whoever makes "state == DONE and
 *    holds == 0" true frees the call, at once. No hold is ever taken on a
 *    DONE call: the sweep reaches calls only through the stream list, and
 *    the other holds are taken by the flow before DONE or by the call's
 *    own holders.
 *
 * 3. Independent of both:
 *    gone         the client cancelled, disconnected, passed its deadline
 *                 or reads too slowly, or a send failed: queued messages
 *                 are dropped and rpc_stream_send returns TC_ECANCELLED
 *    notice       the close callback (rpc_stream_on_close) runs at most
 *                 once, for a handler that still owns its stream (bidi:
 *                 while OPEN), when the client goes or the sweep ends the
 *                 stream: NONE -> GIVEN. While the handler runs it waits:
 *                 NONE -> DEFERRED, and DEFERRED -> GIVEN (or NONE, if the
 *                 handler gave the stream up) when the handler returns.
 *    sending, metadata_sent   the send pump: one send batch at a time
 *
 * Locks: the server's mu before a call's mu; none is held while a handler
 * or a close callback runs. */

typedef enum call_state {
    CALL_READING,
    CALL_HANDLING,
    CALL_OPEN,
    CALL_FINISHING,
    CALL_STATUS_SENT,
    CALL_DONE,
} call_state_t;

enum call_hold {
    HOLD_CLOSE = 1u << 0,
    HOLD_READ = 1u << 1,
    HOLD_RUN = 1u << 2,
    HOLD_OWNER = 1u << 3,
    HOLD_SWEEP = 1u << 4,
};

enum close_notice { NOTICE_NONE, NOTICE_DEFERRED, NOTICE_GIVEN };

typedef void (*close_fn)(void *data);

struct rpc_stream {
    grpc_byte_buffer **q; /* ring of q_cap, allocated on the first send */
    size_t q_cap, q_head, q_len;
    grpc_byte_buffer *in_flight;
    bool sending, metadata_sent;
    int finish_code;
    char *finish_msg;
    close_fn on_close;
    void *on_close_data;
    enum close_notice notice;
};

struct rpc_call {
    rpc_server_t *server;
    struct cq_thread *t;
    grpc_call *call;
    grpc_call_details details;
    grpc_metadata_array md;
    const struct route *route;
    rpc_kind_t kind; /* the route's; RPC_UNARY for an unknown method */
    tc_arena_t *arena;
    grpc_byte_buffer *recv_buf;
    int cancelled;
    gpr_timespec deadline; /* monotonic */
    double start;
    rpc__tag_t recv_tag, close_tag, send_tag;
    pthread_mutex_t mu;
    call_state_t state;
    unsigned holds; /* enum call_hold bits */
    bool gone;
    struct rpc_stream stream;
    int final_code; /* grpc code sent in the status */
    rpc_call_t *prev_stream, *next_stream;
    bool in_stream_list;
};

#ifndef NDEBUG
#define TO(s) (1u << (s))
/* flow_moves[kind][from]: the states a call of that kind may move to. */
static const unsigned flow_moves[3][CALL_DONE + 1] = {
    [RPC_UNARY] =
        {
            [CALL_READING] = TO(CALL_HANDLING) | TO(CALL_STATUS_SENT),
            [CALL_HANDLING] = TO(CALL_STATUS_SENT),
            [CALL_STATUS_SENT] = TO(CALL_DONE),
        },
    [RPC_SERVER_STREAMING] =
        {
            [CALL_READING] = TO(CALL_OPEN) | TO(CALL_FINISHING),
            [CALL_OPEN] = TO(CALL_FINISHING),
            [CALL_FINISHING] = TO(CALL_STATUS_SENT),
            [CALL_STATUS_SENT] = TO(CALL_DONE),
        },
    [RPC_BIDI_STREAMING] =
        {
            [CALL_READING] = TO(CALL_OPEN) | TO(CALL_FINISHING),
            [CALL_OPEN] = TO(CALL_FINISHING),
            [CALL_FINISHING] = TO(CALL_STATUS_SENT),
            [CALL_STATUS_SENT] = TO(CALL_DONE),
        },
};
#endif

static void request_new_call(struct cq_thread *t);

/* ---- call lifetime: state, holds, free ---- */

static rpc_call_t *call_of(rpc_stream_t *s)
{
    return (rpc_call_t *)((char *)s - offsetof(rpc_call_t, stream));
}

static const rpc_method_t *method_of(const rpc_call_t *c)
{
    return &c->route->svc->methods[c->route->index];
}

/* Holds c->mu. */
static void call_move(rpc_call_t *c, call_state_t to)
{
    assert(flow_moves[c->kind][c->state] & TO(to));
    c->state = to;
}

/* Holds c->mu. */
static void hold_take(rpc_call_t *c, unsigned hold)
{
    assert(!(c->holds & hold));
    c->holds |= hold;
}

/* Holds c->mu. Returns true when the caller must free the call (after
 * unlocking). */
static bool hold_drop_locked(rpc_call_t *c, unsigned hold)
{
    assert(c->holds & hold);
    c->holds &= ~hold;
    return c->state == CALL_DONE && c->holds == 0;
}

static void server_wake(rpc_server_t *srv)
{
    pthread_mutex_lock(&srv->mu);
    pthread_cond_broadcast(&srv->cv);
    pthread_mutex_unlock(&srv->mu);
}

static void call_free(rpc_call_t *c)
{
    rpc_server_t *srv = c->server;
    struct rpc_stream *s = &c->stream;
    assert(c->state == CALL_DONE && c->holds == 0 && !c->in_stream_list);
    for (size_t i = 0; i < s->q_len; i++)
        grpc_byte_buffer_destroy(s->q[(s->q_head + i) % s->q_cap]);
    free(s->q);
    if (s->in_flight)
        grpc_byte_buffer_destroy(s->in_flight);
    free(s->finish_msg);
    pthread_mutex_destroy(&c->mu);
    if (c->recv_buf)
        grpc_byte_buffer_destroy(c->recv_buf);
    grpc_call_details_destroy(&c->details);
    grpc_metadata_array_destroy(&c->md);
    grpc_call_unref(c->call);
    tc_arena_destroy(c->arena);
    free(c);
    if (atomic_fetch_sub(&srv->live_calls, 1) == 1)
        server_wake(srv);
}

static void call_drop(rpc_call_t *c, unsigned hold)
{
    pthread_mutex_lock(&c->mu);
    bool free_now = hold_drop_locked(c, hold);
    pthread_mutex_unlock(&c->mu);
    if (free_now)
        call_free(c);
}

static void stream_list_add(rpc_call_t *c)
{
    rpc_server_t *srv = c->server;
    pthread_mutex_lock(&srv->mu);
    c->in_stream_list = true;
    c->next_stream = srv->streams;
    if (srv->streams)
        srv->streams->prev_stream = c;
    srv->streams = c;
    pthread_mutex_unlock(&srv->mu);
}

static void stream_list_remove(rpc_call_t *c)
{
    rpc_server_t *srv = c->server;
    pthread_mutex_lock(&srv->mu);
    if (c->in_stream_list) {
        if (c->prev_stream)
            c->prev_stream->next_stream = c->next_stream;
        else
            srv->streams = c->next_stream;
        if (c->next_stream)
            c->next_stream->prev_stream = c->prev_stream;
        c->in_stream_list = false;
    }
    pthread_mutex_unlock(&srv->mu);
}

/* The close notice, decided under c->mu: returns the callback to run once
 * the lock is released (NULL: none), with its data in *data. */
static close_fn notice_take_locked(rpc_call_t *c, bool handler_running, void **data)
{
    struct rpc_stream *s = &c->stream;
    bool owned =
        (c->holds & HOLD_OWNER) || (c->kind == RPC_BIDI_STREAMING && c->state == CALL_OPEN);
    if (s->notice == NOTICE_GIVEN || !owned)
        return NULL;
    if (handler_running) {
        s->notice = NOTICE_DEFERRED;
        return NULL;
    }
    s->notice = NOTICE_GIVEN;
    *data = s->on_close_data;
    return s->on_close;
}

static void record_metrics(rpc_call_t *c, int grpc_code)
{
    const char *base =
        c->route ? c->route->labels : "grpc_service=\"unknown\",grpc_method=\"unknown\"";
    char labels[512];
    snprintf(labels, sizeof labels, "%s,grpc_code=\"%s\"", base, rpc__code_name(grpc_code));
    tc_metrics_counter_add("grpc_server_handled_total", labels, 1);
    tc_metrics_histogram_observe("grpc_server_handling_seconds", base,
                                 tc_mono_seconds() - c->start);
}

/* STATUS_SENT -> DONE: the status batch completed. */
static void on_status_sent(void *data, bool ok)
{
    (void)ok;
    rpc_call_t *c = data;
    rpc_server_t *srv = c->server;
    record_metrics(c, c->final_code);
    if (c->route)
        tc_metrics_gauge_add("grpc_server_in_flight", c->route->labels, -1);
    if (c->route && c->kind == RPC_UNARY && atomic_fetch_sub(&srv->unary_in_flight, 1) == 1)
        server_wake(srv);
    if (c->kind != RPC_UNARY)
        stream_list_remove(c);
    pthread_mutex_lock(&c->mu);
    call_move(c, CALL_DONE);
    bool free_now = c->holds == 0;
    pthread_mutex_unlock(&c->mu);
    if (free_now)
        call_free(c);
}

/* READING or HANDLING -> STATUS_SENT: sends (response +) status. Takes
 * resp. */
static void send_unary_result(rpc_call_t *c, grpc_byte_buffer *resp, int tc_code, const char *msg)
{
    pthread_mutex_lock(&c->mu);
    call_move(c, CALL_STATUS_SENT);
    pthread_mutex_unlock(&c->mu);
    grpc_op ops[3];
    memset(ops, 0, sizeof ops);
    size_t n = 0;
    ops[n++].op = GRPC_OP_SEND_INITIAL_METADATA;
    if (resp) {
        ops[n].op = GRPC_OP_SEND_MESSAGE;
        ops[n++].data.send_message.send_message = resp;
    }
    int code = tc_err_to_grpc(tc_code);
    grpc_slice details = grpc_slice_from_copied_string(msg && *msg ? msg : tc_strerror(tc_code));
    ops[n].op = GRPC_OP_SEND_STATUS_FROM_SERVER;
    ops[n].data.send_status_from_server.status = (grpc_status_code)code;
    ops[n].data.send_status_from_server.status_details = code ? &details : NULL;
    grpc_metadata pushback = {.key = grpc_slice_from_static_string(RPC__PUSHBACK_KEY),
                              .value = grpc_slice_from_static_string(RPC__PUSHBACK_NEVER)};
    if (code == GRPC_STATUS_UNAVAILABLE) { /* the handler's: rpc_internal.h */
        ops[n].data.send_status_from_server.trailing_metadata_count = 1;
        ops[n].data.send_status_from_server.trailing_metadata = &pushback;
    }
    n++;
    c->final_code = code;
    c->send_tag.cb = on_status_sent;
    c->send_tag.data = c;
    grpc_call_error e = grpc_call_start_batch(c->call, ops, n, &c->send_tag, NULL);
    grpc_slice_unref(details);
    if (resp)
        grpc_byte_buffer_destroy(resp);
    if (e != GRPC_CALL_OK) {
        LOG(LOG_ERROR, "grpc start_batch failed", "method", c->route ? c->route->path : "?");
        on_status_sent(c, false);
    }
}

/* ---- streams: the queue and the send pump ---- */

static void queue_push(struct rpc_stream *s, grpc_byte_buffer *bb)
{
    if (s->q_len == s->q_cap) {
        size_t cap = s->q_cap ? s->q_cap * 2 : STREAM_QUEUE_FIRST;
        assert(cap <= STREAM_QUEUE_MAX);
        grpc_byte_buffer **q = xcalloc(cap, sizeof *q);
        for (size_t i = 0; i < s->q_len; i++)
            q[i] = s->q[(s->q_head + i) % s->q_cap];
        free(s->q);
        s->q = q;
        s->q_cap = cap;
        s->q_head = 0;
    }
    s->q[(s->q_head + s->q_len) % s->q_cap] = bb;
    s->q_len++;
}

static grpc_byte_buffer *queue_pop(struct rpc_stream *s)
{
    grpc_byte_buffer *bb = s->q[s->q_head];
    s->q_head = (s->q_head + 1) % s->q_cap;
    s->q_len--;
    return bb;
}

static void on_stream_sent(void *data, bool ok);

/* FINISHING -> STATUS_SENT: fills op with the chosen status; the caller
 * unrefs *details after starting the batch. Holds c->mu. */
static void status_op_locked(rpc_call_t *c, grpc_op *op, grpc_slice *details)
{
    struct rpc_stream *s = &c->stream;
    int code = tc_err_to_grpc(s->finish_code);
    *details =
        grpc_slice_from_copied_string(s->finish_msg ? s->finish_msg : tc_strerror(s->finish_code));
    op->op = GRPC_OP_SEND_STATUS_FROM_SERVER;
    op->data.send_status_from_server.status = (grpc_status_code)code;
    op->data.send_status_from_server.status_details = code ? details : NULL;
    c->final_code = code;
    call_move(c, CALL_STATUS_SENT);
}

/* Starts the next send: the metadata, the next message or, once drained,
 * the status. Holds c->mu. */
static void pump_locked(rpc_call_t *c)
{
    struct rpc_stream *s = &c->stream;
    if (s->sending || c->state >= CALL_STATUS_SENT)
        return;
    grpc_op ops[2];
    memset(ops, 0, sizeof ops);
    size_t n = 0;
    grpc_slice details;
    bool has_details = false;
    if (!s->metadata_sent) {
        ops[n++].op = GRPC_OP_SEND_INITIAL_METADATA;
        s->metadata_sent = true;
    }
    if (s->q_len > 0 && !c->gone) {
        s->in_flight = queue_pop(s);
        ops[n].op = GRPC_OP_SEND_MESSAGE;
        ops[n++].data.send_message.send_message = s->in_flight;
    } else if (c->state == CALL_FINISHING) {
        status_op_locked(c, &ops[n++], &details);
        has_details = true;
    } else if (n == 0) {
        return; /* else only metadata: the client sees the stream open */
    }
    s->sending = true;
    c->send_tag.cb = on_stream_sent;
    c->send_tag.data = c;
    grpc_call_error e = grpc_call_start_batch(c->call, ops, n, &c->send_tag, NULL);
    if (has_details)
        grpc_slice_unref(details);
    if (e != GRPC_CALL_OK) {
        /* Cannot happen with one op of each kind in flight; fail closed. */
        LOG(LOG_ERROR, "grpc stream start_batch failed", "method", c->route->path);
        s->sending = false;
        c->gone = true;
    }
}

static void on_stream_sent(void *data, bool ok)
{
    rpc_call_t *c = data;
    struct rpc_stream *s = &c->stream;
    pthread_mutex_lock(&c->mu);
    if (s->in_flight) {
        grpc_byte_buffer_destroy(s->in_flight);
        s->in_flight = NULL;
    }
    s->sending = false;
    bool final = c->state == CALL_STATUS_SENT; /* the status was this batch */
    if (!final) {
        if (!ok)
            c->gone = true;
        pump_locked(c);
    }
    pthread_mutex_unlock(&c->mu);
    if (final)
        on_status_sent(c, ok);
}

/* READING or OPEN -> FINISHING. Holds c->mu. */
static void finish_locked(rpc_call_t *c, int code, const char *message)
{
    call_move(c, CALL_FINISHING);
    c->stream.finish_code = code;
    c->stream.finish_msg = message ? xstrdup(message) : NULL;
    pump_locked(c);
}

int rpc_stream_send(rpc_stream_t *st, const ProtobufCMessage *msg)
{
    rpc_call_t *c = call_of(st);
    pthread_mutex_lock(&c->mu);
    if (c->state != CALL_OPEN || c->gone) {
        pthread_mutex_unlock(&c->mu);
        return TC_ECANCELLED;
    }
    if (st->q_len >= STREAM_QUEUE_MAX) {
        c->gone = true;
        pthread_mutex_unlock(&c->mu);
        grpc_call_cancel_with_status(c->call, GRPC_STATUS_RESOURCE_EXHAUSTED,
                                     "stream consumer too slow", NULL);
        return TC_ERESOURCE;
    }
    queue_push(st, rpc_codec_pack(msg));
    pump_locked(c);
    pthread_mutex_unlock(&c->mu);
    return TC_OK;
}

void rpc_stream_on_close(rpc_stream_t *st, void (*cb)(void *data), void *data)
{
    rpc_call_t *c = call_of(st);
    pthread_mutex_lock(&c->mu);
    st->on_close = cb;
    st->on_close_data = data;
    pthread_mutex_unlock(&c->mu);
}

bool rpc_stream_closed(rpc_stream_t *st)
{
    rpc_call_t *c = call_of(st);
    pthread_mutex_lock(&c->mu);
    bool closed = c->gone || c->state >= CALL_FINISHING;
    pthread_mutex_unlock(&c->mu);
    return closed;
}

/* OPEN -> FINISHING (unless something finished it first), and a server
 * streaming handler gives up its hold. */
void rpc_stream_finish(rpc_stream_t *st, int code, const char *message)
{
    rpc_call_t *c = call_of(st);
    bool free_now = false;
    pthread_mutex_lock(&c->mu);
    if (c->state == CALL_OPEN)
        finish_locked(c, code, message);
    if (c->kind == RPC_SERVER_STREAMING) {
        assert(c->holds & HOLD_OWNER); /* finished twice? */
        if (c->holds & HOLD_OWNER)
            free_now = hold_drop_locked(c, HOLD_OWNER);
    }
    pthread_mutex_unlock(&c->mu);
    if (free_now)
        call_free(c);
}

/* ---- call flow: read, handle, close ---- */

static void on_close(void *data, bool ok)
{
    (void)ok;
    rpc_call_t *c = data;
    void *cb_data = NULL;
    close_fn cb = NULL;
    pthread_mutex_lock(&c->mu);
    c->gone = true;
    if (c->kind != RPC_UNARY)
        cb = notice_take_locked(c, c->holds & HOLD_RUN, &cb_data);
    pthread_mutex_unlock(&c->mu);
    if (cb)
        cb(cb_data);
    call_drop(c, HOLD_CLOSE);
}

static void on_read(void *data, bool ok);

/* The caller has taken HOLD_READ. */
static void start_read(rpc_call_t *c)
{
    grpc_op op = {.op = GRPC_OP_RECV_MESSAGE, .data.recv_message.recv_message = &c->recv_buf};
    if (rpc__start_op(c->call, op, &c->recv_tag, on_read, c) != GRPC_CALL_OK)
        on_read(c, false);
}

static void run_unary(rpc_call_t *c, const ProtobufCMessage *req)
{
    tc_status_t st;
    tc_status_clear(&st);
    ProtobufCMessage *resp = NULL;
    int rc = method_of(c)->unary(c->route->svc->ctx, c, req, &resp, &st);
    if (rc == TC_OK && !resp)
        rc = tc_status_set(&st, TC_EINTERNAL, "handler returned no response");
    grpc_byte_buffer *bb = rc == TC_OK ? rpc_codec_pack(resp) : NULL;
    if (rc != TC_OK && rc != TC_EINVAL && rc != TC_ENOTFOUND && rc != TC_EEXISTS)
        LOG(LOG_WARN, "rpc failed", "method", c->route->path, "code", tc_errname(rc), "error",
            st.message);
    send_unary_result(c, bb, rc, st.message);
}

/* Runs a stream handler under HOLD_RUN (taken by the caller), then what it
 * leads to: the finish for an error, a deferred close notice, the next read
 * of a bidi stream. */
static void run_stream(rpc_call_t *c, const ProtobufCMessage *req)
{
    tc_status_t st;
    tc_status_clear(&st);
    int rc = method_of(c)->stream(c->route->svc->ctx, c, req, &c->stream, &st);
    void *cb_data = NULL;
    close_fn cb = NULL;
    pthread_mutex_lock(&c->mu);
    if (rc != TC_OK && (c->holds & HOLD_OWNER))
        hold_drop_locked(c, HOLD_OWNER); /* never the last: HOLD_RUN */
    if (rc != TC_OK && c->state == CALL_OPEN)
        finish_locked(c, rc, st.message);
    if (c->stream.notice == NOTICE_DEFERRED) {
        c->stream.notice = NOTICE_NONE;
        cb = notice_take_locked(c, false, &cb_data);
    }
    bool read_more = c->kind == RPC_BIDI_STREAMING && c->state == CALL_OPEN;
    if (read_more)
        hold_take(c, HOLD_READ);
    pthread_mutex_unlock(&c->mu);
    if (cb)
        cb(cb_data);
    if (read_more)
        start_read(c);
    call_drop(c, HOLD_RUN);
}

/* Unpacks the request read into bb; NULL with st set when it is not valid
 * or comes too late. */
static ProtobufCMessage *decode_request(rpc_call_t *c, grpc_byte_buffer *bb, tc_status_t *st)
{
    const ProtobufCMethodDescriptor *md = &c->route->svc->desc->methods[c->route->index];
    ProtobufCMessage *req = rpc_codec_unpack_checked(md->input, bb, st);
    if (req && rpc_call_remaining_ms(c) <= 0) {
        protobuf_c_message_free_unpacked(req, &tc_protobuf_allocator);
        tc_status_set(st, TC_EDEADLINE, "deadline exceeded before handling");
        return NULL;
    }
    return req;
}

/* READING -> HANDLING, or READING -> STATUS_SENT without a request. */
static void read_unary(rpc_call_t *c, const ProtobufCMessage *req, const tc_status_t *st)
{
    pthread_mutex_lock(&c->mu);
    bool free_now = hold_drop_locked(c, HOLD_READ);
    assert(!free_now); /* the flow holds the call */
    (void)free_now;
    if (req)
        call_move(c, CALL_HANDLING);
    pthread_mutex_unlock(&c->mu);
    if (req)
        run_unary(c, req);
    else
        send_unary_result(c, NULL, st->code, st->message);
}

/* READING or OPEN: hands req to the handler; without one (st->code TC_OK:
 * a bidi half-close) -> FINISHING. A bidi stream already finishing drops
 * what it reads. */
static void read_stream(rpc_call_t *c, const ProtobufCMessage *req, const tc_status_t *st)
{
    pthread_mutex_lock(&c->mu);
    bool free_now = hold_drop_locked(c, HOLD_READ);
    bool first = c->state == CALL_READING;
    bool run = req && c->state <= CALL_OPEN;
    if (!req && c->state <= CALL_OPEN)
        finish_locked(c, st->code, st->code ? st->message : NULL);
    if (run && first)
        call_move(c, CALL_OPEN);
    if (run && first && c->kind == RPC_SERVER_STREAMING)
        hold_take(c, HOLD_OWNER);
    if (run)
        hold_take(c, HOLD_RUN);
    pthread_mutex_unlock(&c->mu);
    if (free_now)
        call_free(c);
    if (run && first)
        stream_list_add(c);
    if (run)
        run_stream(c, req);
}

static void on_read(void *data, bool ok)
{
    rpc_call_t *c = data;
    grpc_byte_buffer *bb = c->recv_buf;
    c->recv_buf = NULL;
    tc_status_t st;
    tc_status_clear(&st);
    ProtobufCMessage *req = NULL;
    if (ok && bb)
        req = decode_request(c, bb, &st);
    else if (c->kind != RPC_BIDI_STREAMING)
        tc_status_set(&st, TC_EINVAL, "request message missing");
    /* else a bidi client half-closed: the conversation is over (TC_OK). */
    if (bb)
        grpc_byte_buffer_destroy(bb);
    if (c->kind == RPC_UNARY) {
        struct cq_thread *t = c->t; /* c may be gone after read_unary */
        read_unary(c, req, &st);
        request_new_call(t);
    } else {
        read_stream(c, req, &st);
    }
    if (req)
        protobuf_c_message_free_unpacked(req, &tc_protobuf_allocator);
}

static const struct route *find_route(const rpc_server_t *s, grpc_slice method)
{
    size_t lo = 0, hi = s->n_routes;
    size_t mlen = GRPC_SLICE_LENGTH(method);
    const char *mp = (const char *)GRPC_SLICE_START_PTR(method);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *p = s->routes[mid].path;
        size_t plen = strlen(p);
        int cmp = memcmp(p, mp, plen < mlen ? plen : mlen);
        if (cmp == 0)
            cmp = plen < mlen ? -1 : plen > mlen ? 1 : 0;
        if (cmp == 0)
            return &s->routes[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static rpc_call_t *call_create(struct new_call *nc)
{
    rpc_call_t *c = xcalloc(1, sizeof *c);
    atomic_fetch_add(&nc->t->server->live_calls, 1);
    c->server = nc->t->server;
    c->t = nc->t;
    c->call = nc->call;
    c->details = nc->details;
    c->md = nc->md;
    c->arena = tc_arena_create();
    c->start = tc_mono_seconds();
    c->deadline = gpr_convert_clock_type(c->details.deadline, GPR_CLOCK_MONOTONIC);
    pthread_mutex_init(&c->mu, NULL);
    c->state = CALL_READING;
    c->route = find_route(c->server, c->details.method);
    c->kind = c->route ? method_of(c)->kind : RPC_UNARY;
    return c;
}

static void refuse_unknown_method(rpc_call_t *c)
{
    char *m = grpc_slice_to_c_string(c->details.method);
    char msg[300];
    snprintf(msg, sizeof msg, "unknown method %s", m);
    gpr_free(m);
    send_unary_result(c, NULL, TC_EUNIMPL, msg);
}

static void on_new_call(void *data, bool ok)
{
    struct new_call *nc = data;
    struct cq_thread *t = nc->t;
    if (!ok) {
        /* The server is shutting down: this request slot is done. */
        grpc_call_details_destroy(&nc->details);
        grpc_metadata_array_destroy(&nc->md);
        free(nc);
        return;
    }
    rpc_call_t *c = call_create(nc);
    free(nc);
    /* A unary call takes this thread's slot until its handler has run
     * (on_read): REQUESTS_PER_CQ says why. A stream's handler returns at
     * once, so the slot is free again now. */
    if (!c->route || c->kind != RPC_UNARY)
        request_new_call(t);
    /* Not yet shared: the holds need no lock until the first batch starts. */
    c->holds = HOLD_CLOSE | (c->route ? HOLD_READ : 0);
    grpc_op op = {.op = GRPC_OP_RECV_CLOSE_ON_SERVER,
                  .data.recv_close_on_server.cancelled = &c->cancelled};
    if (rpc__start_op(c->call, op, &c->close_tag, on_close, c) != GRPC_CALL_OK)
        call_drop(c, HOLD_CLOSE); /* never the last: the flow holds the call */
    if (!c->route) {
        refuse_unknown_method(c);
        return;
    }
    tc_metrics_gauge_add("grpc_server_in_flight", c->route->labels, 1);
    if (c->kind == RPC_UNARY)
        atomic_fetch_add(&t->server->unary_in_flight, 1);
    start_read(c);
}

static void request_new_call(struct cq_thread *t)
{
    struct new_call *nc = xcalloc(1, sizeof *nc);
    nc->t = t;
    nc->tag.cb = on_new_call;
    nc->tag.data = nc;
    grpc_call_details_init(&nc->details);
    grpc_metadata_array_init(&nc->md);
    grpc_call_error e = grpc_server_request_call(t->server->server, &nc->call, &nc->details,
                                                 &nc->md, t->cq, t->cq, &nc->tag);
    if (e != GRPC_CALL_OK) {
        grpc_call_details_destroy(&nc->details);
        grpc_metadata_array_destroy(&nc->md);
        free(nc);
    }
}

void rpc__run_cq(grpc_completion_queue *cq)
{
    for (;;) {
        grpc_event ev = grpc_completion_queue_next(cq, gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
        if (ev.type == GRPC_QUEUE_SHUTDOWN)
            break;
        if (ev.type == GRPC_OP_COMPLETE) {
            rpc__tag_t *tag = ev.tag;
            tag->cb(tag->data, ev.success != 0);
        }
    }
}

static void *cq_loop(void *arg)
{
    rpc__run_cq(((struct cq_thread *)arg)->cq);
    return NULL;
}

/* ---- public API ---- */

void *rpc_call_alloc(rpc_call_t *call, size_t n)
{
    return tc_arena_alloc(call->arena, n);
}

char *rpc_call_strdup(rpc_call_t *call, const char *s)
{
    return tc_arena_strdup(call->arena, s);
}

int64_t rpc_call_remaining_ms(const rpc_call_t *call)
{
    if (gpr_time_cmp(call->deadline, gpr_inf_future(GPR_CLOCK_MONOTONIC)) >= 0 ||
        call->deadline.tv_sec > INT64_MAX / 2000)
        return INT64_MAX;
    gpr_timespec left = gpr_time_sub(call->deadline, gpr_now(GPR_CLOCK_MONOTONIC));
    return (int64_t)left.tv_sec * 1000 + left.tv_nsec / 1000000;
}

const char *rpc_call_method(const rpc_call_t *call)
{
    return call->route ? call->route->path : "";
}

rpc_server_t *rpc_server_create(const rpc_server_options_t *opts, tc_status_t *st)
{
    rpc__init_once();
    if (!opts || !opts->listen || !*opts->listen) {
        tc_status_set(st, TC_EINVAL, "listen: address required");
        return NULL;
    }
    rpc_server_t *s = xcalloc(1, sizeof *s);
    s->opts = *opts;
    s->listen = xstrdup(opts->listen);
    s->opts.listen = s->listen;
    if (s->opts.threads <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        s->opts.threads = n > 0 ? (int)n : 2;
    }
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->health = rpc__health_create();
    if (opts->descriptor_set) {
        s->reflection = rpc__reflection_create(opts->descriptor_set, opts->descriptor_set_len, st);
        if (!s->reflection) {
            rpc_server_destroy(s);
            return NULL;
        }
    }
    extern const ProtobufCServiceDescriptor grpc__health__v1__health__descriptor;
    extern const ProtobufCServiceDescriptor grpc__reflection__v1__server_reflection__descriptor;
    rpc_server_add_service(s, &grpc__health__v1__health__descriptor, rpc__health_methods,
                           s->health);
    if (s->reflection) {
        rpc_server_add_service(s, &grpc__reflection__v1__server_reflection__descriptor,
                               rpc__reflection_methods, s->reflection);
        rpc_server_add_service(s, &rpc__reflection_v1alpha_descriptor, rpc__reflection_methods,
                               s->reflection);
    }
    tc_metrics_describe("grpc_server_handled_total", "counter",
                        "RPCs completed on the server, by method and status code.");
    tc_metrics_describe("grpc_server_handling_seconds", "histogram",
                        "Time from receiving an RPC to sending its status.");
    tc_metrics_describe("grpc_server_in_flight", "gauge",
                        "RPCs received and not yet answered (streams count while open).");
    return s;
}

int rpc_server_add_service(rpc_server_t *s, const ProtobufCServiceDescriptor *desc,
                           const rpc_method_t *methods, void *ctx)
{
    if (s->started || s->n_services >= MAX_SERVICES)
        return TC_EINVAL;
    for (unsigned i = 0; i < desc->n_methods; i++) {
        const rpc_method_t *m = &methods[i];
        if ((m->kind == RPC_UNARY && !m->unary) || (m->kind != RPC_UNARY && !m->stream))
            return TC_EINVAL;
    }
    struct service_entry *e = &s->services[s->n_services++];
    e->desc = desc;
    e->methods = methods;
    e->ctx = ctx;
    if (s->reflection)
        rpc__reflection_add_service_name(s->reflection, desc->name);
    return TC_OK;
}

static int route_cmp(const void *a, const void *b)
{
    return strcmp(((const struct route *)a)->path, ((const struct route *)b)->path);
}

/* Routes, sorted for binary search. */
static void build_routes(rpc_server_t *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_services; i++)
        n += s->services[i].desc->n_methods;
    s->routes = xcalloc(n, sizeof *s->routes);
    for (size_t i = 0; i < s->n_services; i++) {
        const struct service_entry *e = &s->services[i];
        for (unsigned j = 0; j < e->desc->n_methods; j++) {
            struct route *r = &s->routes[s->n_routes++];
            r->path = xasprintf("/%s/%s", e->desc->name, e->desc->methods[j].name);
            r->svc = e;
            r->index = j;
            r->labels = xasprintf("grpc_service=\"%s\",grpc_method=\"%s\"", e->desc->name,
                                  e->desc->methods[j].name);
        }
    }
    qsort(s->routes, s->n_routes, sizeof *s->routes, route_cmp);
}

/* Fills args (10 entries) from the options; returns how many. */
static size_t server_args(const rpc_server_t *s, grpc_arg *args)
{
    int max_msg = s->opts.max_message_bytes > 0 ? s->opts.max_message_bytes : 4 * 1024 * 1024;
    /* Clients re-resolve and spread new calls over the pods they find when a
     * connection reaches its age, so a new pod gets traffic within ~30 s.
     * Streams already open (watches) may run on for the long grace: only new
     * calls move. */
    int age = s->opts.max_connection_age_ms == 0 ? 30 * 1000 : s->opts.max_connection_age_ms;
    int keepalive = s->opts.keepalive_ms > 0 ? s->opts.keepalive_ms : 60000;
    size_t na = 0;
    args[na++] =
        (grpc_arg){GRPC_ARG_INTEGER, GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH, {.integer = max_msg}};
    if (age > 0) {
        args[na++] = (grpc_arg){GRPC_ARG_INTEGER, GRPC_ARG_MAX_CONNECTION_AGE_MS, {.integer = age}};
        args[na++] = (grpc_arg){
            GRPC_ARG_INTEGER, GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, {.integer = 3600000}};
    }
    args[na++] = (grpc_arg){GRPC_ARG_INTEGER, GRPC_ARG_KEEPALIVE_TIME_MS, {.integer = keepalive}};
    args[na++] = (grpc_arg){GRPC_ARG_INTEGER, GRPC_ARG_KEEPALIVE_TIMEOUT_MS, {.integer = 20000}};
    args[na++] =
        (grpc_arg){GRPC_ARG_INTEGER, GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, {.integer = 1}};
    /* Clients ping every 30 s; accept pings down to 10 s apart instead of the
     * 5 min default, which would answer them with GOAWAY too_many_pings. */
    args[na++] = (grpc_arg){GRPC_ARG_INTEGER,
                            GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                            {.integer = 10000}};
    args[na++] = (grpc_arg){GRPC_ARG_INTEGER, GRPC_ARG_HTTP2_MAX_PING_STRIKES, {.integer = 0}};
    /* A second process on a busy port must fail, not silently share it. */
    args[na++] = (grpc_arg){GRPC_ARG_INTEGER, GRPC_ARG_ALLOW_REUSEPORT, {.integer = 0}};
    return na;
}

int rpc_server_start(rpc_server_t *s, char *bound, size_t bound_len, tc_status_t *st)
{
    build_routes(s);
    grpc_arg args[10];
    grpc_channel_args cargs = {server_args(s, args), args};
    s->server = grpc_server_create(&cargs, NULL);
    s->n_threads = s->opts.threads;
    s->threads = xcalloc((size_t)s->n_threads, sizeof *s->threads);
    for (int i = 0; i < s->n_threads; i++) {
        s->threads[i].server = s;
        s->threads[i].cq = grpc_completion_queue_create_for_next(NULL);
        grpc_server_register_completion_queue(s->server, s->threads[i].cq, NULL);
    }
    grpc_server_credentials *creds = grpc_insecure_server_credentials_create();
    int port = grpc_server_add_http2_port(s->server, s->listen, creds);
    grpc_server_credentials_release(creds);
    if (port <= 0)
        return tc_status_set(st, TC_EIO, "listen: cannot listen on %s (address in use or invalid)",
                             s->listen);
    grpc_server_start(s->server);
    s->started = true;
    /* Report the real port: replace the one in the listen string. */
    const char *colon = strrchr(s->listen, ':');
    snprintf(bound, bound_len, "%.*s:%d", (int)(colon ? colon - s->listen : 0), s->listen, port);
    for (int i = 0; i < s->n_threads; i++) {
        for (int k = 0; k < REQUESTS_PER_CQ; k++)
            request_new_call(&s->threads[i]);
        pthread_create(&s->threads[i].thread, NULL, cq_loop, &s->threads[i]);
    }
    rpc__health_set(s->health, "", true);
    for (size_t i = 0; i < s->n_services; i++)
        rpc__health_set(s->health, s->services[i].desc->name, true);
    return TC_OK;
}

void rpc_server_set_serving(rpc_server_t *s, const char *service, bool serving)
{
    rpc__health_set(s->health, service ? service : "", serving);
}

static void on_shutdown_notified(void *data, bool ok)
{
    (void)ok;
    rpc_server_t *s = data;
    pthread_mutex_lock(&s->mu);
    s->shutdown_notified = true;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

static void wait_until(rpc_server_t *s, bool (*done)(rpc_server_t *), int64_t deadline_ms)
{
    pthread_mutex_lock(&s->mu);
    while (!done(s)) {
        int64_t left = deadline_ms - tc_now_ms();
        if (left <= 0)
            break;
        struct timespec ts = tc_realtime_in_ms(left < 50 ? left : 50);
        pthread_cond_timedwait(&s->cv, &s->mu, &ts);
    }
    pthread_mutex_unlock(&s->mu);
}

static bool unary_drained(rpc_server_t *s)
{
    return atomic_load(&s->unary_in_flight) == 0;
}

static bool notified(rpc_server_t *s)
{
    return s->shutdown_notified;
}

static bool calls_freed(rpc_server_t *s)
{
    return atomic_load(&s->live_calls) == 0;
}

/* OPEN -> FINISHING with UNAVAILABLE (which tells the client to go
 * elsewhere); the handler still hears of the close so it drops its state
 * (its own finish then only gives up its hold). A stream already finishing
 * is left alone: its handler's state may be gone. Runs under HOLD_SWEEP. */
static void sweep_one(rpc_call_t *c)
{
    void *cb_data = NULL;
    close_fn cb = NULL;
    pthread_mutex_lock(&c->mu);
    if (c->state == CALL_OPEN) {
        cb = notice_take_locked(c, c->holds & HOLD_RUN, &cb_data);
        finish_locked(c, TC_EUNAVAIL, "server shutting down");
    }
    pthread_mutex_unlock(&c->mu);
    if (cb)
        cb(cb_data);
    call_drop(c, HOLD_SWEEP);
}

/* Asks every open stream to end. A listed call is never DONE (it leaves the
 * list first), so holding the server's mu makes HOLD_SWEEP safe to take. */
static void end_open_streams(rpc_server_t *s)
{
    pthread_mutex_lock(&s->mu);
    size_t n = 0;
    for (rpc_call_t *c = s->streams; c; c = c->next_stream)
        n++;
    rpc_call_t **list = xcalloc(n ? n : 1, sizeof *list);
    n = 0;
    for (rpc_call_t *c = s->streams; c; c = c->next_stream) {
        pthread_mutex_lock(&c->mu);
        hold_take(c, HOLD_SWEEP);
        pthread_mutex_unlock(&c->mu);
        list[n++] = c;
    }
    pthread_mutex_unlock(&s->mu);
    for (size_t i = 0; i < n; i++)
        sweep_one(list[i]);
    free(list);
}

void rpc_server_shutdown(rpc_server_t *s, int grace_ms)
{
    if (!s || !s->started || s->stopped)
        return;
    s->stopped = true;
    int64_t deadline = tc_now_ms() + (grace_ms > 0 ? grace_ms : 0);
    rpc__health_set_all(s->health, false);
    /* Clients with health checking (rpc_client's service config) stop picking
     * this server once they see NOT_SERVING; keep serving for a moment so the
     * calls already on their way land here before the GOAWAY rather than
     * racing it (those got CANCELLED: a POST failed with 503 when one of two
     * replicas was stopped under load, tests/fault/replicas.test.js). */
    int drain_ms = grace_ms / 4 < 500 ? grace_ms / 4 : 500;
    if (drain_ms > 0)
        usleep((useconds_t)drain_ms * 1000);
    /* Graceful GOAWAY: clients stop sending here; calls already sent finish. */
    s->shutdown_tag.cb = on_shutdown_notified;
    s->shutdown_tag.data = s;
    grpc_server_shutdown_and_notify(s->server, s->threads[0].cq, &s->shutdown_tag);
    wait_until(s, unary_drained, deadline);
    /* Streams never end by themselves: end the health watches and every
     * other stream cleanly, so clients see a status rather than a reset. */
    rpc__health_close_watchers(s->health);
    end_open_streams(s);
    /* Cancelling resets connections (RST_STREAM INTERNAL on calls still in
     * the GOAWAY window): only for what outlives the grace period. */
    wait_until(s, notified, deadline > tc_now_ms() + 1000 ? deadline : tc_now_ms() + 1000);
    pthread_mutex_lock(&s->mu);
    bool done = s->shutdown_notified;
    pthread_mutex_unlock(&s->mu);
    if (!done) {
        grpc_server_cancel_all_calls(s->server);
        wait_until(s, notified, tc_now_ms() + 5000);
    }
    wait_until(s, calls_freed, tc_now_ms() + 5000);
    for (int i = 0; i < s->n_threads; i++)
        grpc_completion_queue_shutdown(s->threads[i].cq);
    for (int i = 0; i < s->n_threads; i++)
        pthread_join(s->threads[i].thread, NULL);
}

void rpc_server_destroy(rpc_server_t *s)
{
    if (!s)
        return;
    if (s->started && !s->stopped)
        rpc_server_shutdown(s, 0);
    if (s->server)
        grpc_server_destroy(s->server);
    for (int i = 0; i < s->n_threads; i++)
        grpc_completion_queue_destroy(s->threads[i].cq);
    free(s->threads);
    for (size_t i = 0; i < s->n_routes; i++) {
        free(s->routes[i].path);
        free(s->routes[i].labels);
    }
    free(s->routes);
    rpc__health_destroy(s->health);
    rpc__reflection_destroy(s->reflection);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s->listen);
    free(s);
}
