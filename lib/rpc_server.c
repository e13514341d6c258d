#include "rpc_internal.h"

#include "arena.h"
#include "log.h"
#include "metrics.h"
#include "pb_check.h"
#include "timeutil.h"
#include "xalloc.h"

#include <grpc/byte_buffer_reader.h>
#include <grpc/grpc_security.h>
#include <grpc/support/alloc.h>
#include <grpc/support/log.h>
#include <grpc/support/time.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REQUESTS_PER_CQ  16
#define STREAM_QUEUE_MAX 1024
#define MAX_SERVICES     16

/* ---- helpers shared with the client ---- */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* gRPC core's own log lines are not JSON and would duplicate the one line
 * we log at the edge: keep them, as JSON, at debug level. */
static void log_from_grpc(gpr_log_func_args *args)
{
    /* A failed assertion is about to abort the process: that one must show. */
    int level = strncmp(args->message, "assertion failed", 16) == 0 ? LOG_ERROR : LOG_DEBUG;
    if (level < log_min_level)
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

grpc_byte_buffer *rpc__pack(const ProtobufCMessage *msg)
{
    size_t n = protobuf_c_message_get_packed_size(msg);
    grpc_slice slice = grpc_slice_malloc(n);
    protobuf_c_message_pack(msg, GRPC_SLICE_START_PTR(slice));
    grpc_byte_buffer *bb = grpc_raw_byte_buffer_create(&slice, 1);
    grpc_slice_unref(slice);
    return bb;
}

static ProtobufCMessage *unpack_with(const ProtobufCMessageDescriptor *desc, grpc_byte_buffer *bb,
                                     ProtobufCAllocator *mem, tc_status_t *st)
{
    grpc_byte_buffer_reader reader;
    if (!grpc_byte_buffer_reader_init(&reader, bb)) {
        tc_status_set(st, TC_EINVAL, "request: unreadable message");
        return NULL;
    }
    grpc_slice slice = grpc_byte_buffer_reader_readall(&reader);
    grpc_byte_buffer_reader_destroy(&reader);
    const uint8_t *data = GRPC_SLICE_START_PTR(slice);
    size_t len = GRPC_SLICE_LENGTH(slice);
    ProtobufCMessage *msg = NULL;
    char err[256];
    if (st && pb_check_strings(desc, data, len, err, sizeof err) != TC_OK) {
        tc_status_set(st, TC_EINVAL, "%s", err);
    } else {
        msg = protobuf_c_message_unpack(desc, mem ? mem : &tc_protobuf_allocator, len, data);
        if (!msg)
            tc_status_set(st, TC_EINVAL, "request: not a valid protobuf message");
    }
    grpc_slice_unref(slice);
    return msg;
}

ProtobufCMessage *rpc__unpack_checked(const ProtobufCMessageDescriptor *desc, grpc_byte_buffer *bb,
                                      tc_status_t *st)
{
    return unpack_with(desc, bb, NULL, st);
}

ProtobufCMessage *rpc__unpack(const ProtobufCMessageDescriptor *desc, grpc_byte_buffer *bb,
                              ProtobufCAllocator *mem)
{
    return unpack_with(desc, bb, mem, NULL);
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

struct rpc_stream {
    pthread_mutex_t mu;
    grpc_byte_buffer *queue[STREAM_QUEUE_MAX];
    size_t q_head, q_len;
    grpc_byte_buffer *in_flight;
    bool sending, metadata_sent, finish_requested, status_sent, closed;
    int finish_code;
    char *finish_msg;
    void (*on_close)(void *);
    void *on_close_data;
    bool handler_running, close_pending, close_fired, close_forced;
};

struct rpc_call {
    rpc_server_t *server;
    struct cq_thread *t;
    grpc_call *call;
    grpc_call_details details;
    grpc_metadata_array md;
    const struct route *route;
    arena_t *arena;
    grpc_byte_buffer *recv_buf;
    int cancelled;
    atomic_int refs;
    gpr_timespec deadline; /* monotonic */
    double start;
    rpc__tag_t recv_tag, close_tag, send_tag;
    struct rpc_stream stream;
    int final_code; /* grpc code sent in the status */
    rpc_call_t *prev_stream, *next_stream;
    bool in_stream_list;
};

static void request_new_call(struct cq_thread *t);

/* ---- call lifetime ---- */

static void call_unref(rpc_call_t *c)
{
    if (atomic_fetch_sub(&c->refs, 1) != 1)
        return;
    rpc_server_t *srv = c->server;
    if (c->in_stream_list) {
        pthread_mutex_lock(&srv->mu);
        if (c->prev_stream)
            c->prev_stream->next_stream = c->next_stream;
        else
            srv->streams = c->next_stream;
        if (c->next_stream)
            c->next_stream->prev_stream = c->prev_stream;
        pthread_mutex_unlock(&srv->mu);
    }
    struct rpc_stream *s = &c->stream;
    for (size_t i = 0; i < s->q_len; i++)
        grpc_byte_buffer_destroy(s->queue[(s->q_head + i) % STREAM_QUEUE_MAX]);
    if (s->in_flight)
        grpc_byte_buffer_destroy(s->in_flight);
    free(s->finish_msg);
    pthread_mutex_destroy(&s->mu);
    if (c->recv_buf)
        grpc_byte_buffer_destroy(c->recv_buf);
    grpc_call_details_destroy(&c->details);
    grpc_metadata_array_destroy(&c->md);
    grpc_call_unref(c->call);
    arena_destroy(c->arena);
    free(c);
    if (atomic_fetch_sub(&srv->live_calls, 1) == 1) {
        pthread_mutex_lock(&srv->mu);
        pthread_cond_broadcast(&srv->cv);
        pthread_mutex_unlock(&srv->mu);
    }
}

static void record_metrics(rpc_call_t *c, int grpc_code)
{
    const char *base =
        c->route ? c->route->labels : "grpc_service=\"unknown\",grpc_method=\"unknown\"";
    char labels[512];
    snprintf(labels, sizeof labels, "%s,grpc_code=\"%s\"", base, rpc__code_name(grpc_code));
    metrics_counter_add("grpc_server_handled_total", labels, 1);
    metrics_histogram_observe("grpc_server_handling_seconds", base, tc_mono_seconds() - c->start);
}

static void on_final_sent(void *data, bool ok)
{
    (void)ok;
    rpc_call_t *c = data;
    record_metrics(c, c->final_code);
    if (c->route)
        metrics_gauge_add("grpc_server_in_flight", c->route->labels, -1);
    if (c->route && c->route->svc->methods[c->route->index].kind == RPC_UNARY) {
        if (atomic_fetch_sub(&c->server->unary_in_flight, 1) == 1) {
            pthread_mutex_lock(&c->server->mu);
            pthread_cond_broadcast(&c->server->cv);
            pthread_mutex_unlock(&c->server->mu);
        }
    }
    call_unref(c);
}

/* Sends (optional message +) status and ends the main flow of a call. */
static void send_unary_result(rpc_call_t *c, grpc_byte_buffer *resp, int tc_code, const char *msg)
{
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
    n++;
    c->final_code = code;
    c->send_tag.cb = on_final_sent;
    c->send_tag.data = c;
    grpc_call_error e = grpc_call_start_batch(c->call, ops, n, &c->send_tag, NULL);
    grpc_slice_unref(details);
    if (resp)
        grpc_byte_buffer_destroy(resp);
    if (e != GRPC_CALL_OK) {
        LOG(LOG_ERROR, "grpc start_batch failed", "method", c->route ? c->route->path : "?");
        on_final_sent(c, false);
    }
}

/* ---- streams ---- */

static void stream_pump_locked(rpc_call_t *c);

static void on_stream_sent(void *data, bool ok)
{
    rpc_call_t *c = data;
    struct rpc_stream *s = &c->stream;
    pthread_mutex_lock(&s->mu);
    if (s->in_flight) {
        grpc_byte_buffer_destroy(s->in_flight);
        s->in_flight = NULL;
    }
    s->sending = false;
    bool final = s->status_sent;
    if (!ok && !final)
        s->closed = true;
    if (!final)
        stream_pump_locked(c);
    pthread_mutex_unlock(&s->mu);
    if (final)
        on_final_sent(c, ok);
}

/* Starts the next send (message or, once drained, the status). Holds s->mu. */
static void stream_pump_locked(rpc_call_t *c)
{
    struct rpc_stream *s = &c->stream;
    if (s->sending || s->status_sent)
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
    if (s->q_len > 0 && !s->closed) {
        s->in_flight = s->queue[s->q_head];
        s->q_head = (s->q_head + 1) % STREAM_QUEUE_MAX;
        s->q_len--;
        ops[n].op = GRPC_OP_SEND_MESSAGE;
        ops[n++].data.send_message.send_message = s->in_flight;
    } else if (s->finish_requested) {
        int code = tc_err_to_grpc(s->finish_code);
        details = grpc_slice_from_copied_string(s->finish_msg ? s->finish_msg
                                                              : tc_strerror(s->finish_code));
        has_details = true;
        ops[n].op = GRPC_OP_SEND_STATUS_FROM_SERVER;
        ops[n].data.send_status_from_server.status = (grpc_status_code)code;
        ops[n].data.send_status_from_server.status_details = code ? &details : NULL;
        n++;
        s->status_sent = true;
        c->final_code = code;
    } else {
        if (n == 0)
            return;
        /* Only metadata so far: send it now so the client sees the stream open. */
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
        s->closed = true;
    }
}

int rpc_stream_send(rpc_stream_t *st, const ProtobufCMessage *msg)
{
    rpc_call_t *c = (rpc_call_t *)((char *)st - offsetof(rpc_call_t, stream));
    struct rpc_stream *s = &c->stream;
    pthread_mutex_lock(&s->mu);
    if (s->closed || s->finish_requested) {
        pthread_mutex_unlock(&s->mu);
        return TC_ECANCELLED;
    }
    if (s->q_len >= STREAM_QUEUE_MAX) {
        s->closed = true;
        pthread_mutex_unlock(&s->mu);
        grpc_call_cancel_with_status(c->call, GRPC_STATUS_RESOURCE_EXHAUSTED,
                                     "stream consumer too slow", NULL);
        return TC_ERESOURCE;
    }
    s->queue[(s->q_head + s->q_len) % STREAM_QUEUE_MAX] = rpc__pack(msg);
    s->q_len++;
    stream_pump_locked(c);
    pthread_mutex_unlock(&s->mu);
    return TC_OK;
}

void rpc_stream_on_close(rpc_stream_t *st, void (*cb)(void *data), void *data)
{
    pthread_mutex_lock(&st->mu);
    st->on_close = cb;
    st->on_close_data = data;
    pthread_mutex_unlock(&st->mu);
}

bool rpc_stream_closed(rpc_stream_t *st)
{
    pthread_mutex_lock(&st->mu);
    bool closed = st->closed || st->finish_requested;
    pthread_mutex_unlock(&st->mu);
    return closed;
}

static void stream_finish(rpc_call_t *c, int code, const char *message)
{
    struct rpc_stream *s = &c->stream;
    pthread_mutex_lock(&s->mu);
    if (!s->finish_requested) {
        s->finish_requested = true;
        s->finish_code = code;
        s->finish_msg = message ? xstrdup(message) : NULL;
        stream_pump_locked(c);
    }
    pthread_mutex_unlock(&s->mu);
}

void rpc_stream_finish(rpc_stream_t *st, int code, const char *message)
{
    stream_finish((rpc_call_t *)((char *)st - offsetof(rpc_call_t, stream)), code, message);
}

/* Runs the close callback once, never while the handler runs (then it
 * runs when the handler returns). Not after the handler finished the stream
 * itself (it has cleaned up already), unless the finish was shutdown's. */
static void stream_fire_close(rpc_call_t *c)
{
    struct rpc_stream *s = &c->stream;
    pthread_mutex_lock(&s->mu);
    if (s->handler_running) {
        s->close_pending = true;
        pthread_mutex_unlock(&s->mu);
        return;
    }
    void (*cb)(void *) = NULL;
    void *data = NULL;
    if (!s->close_fired && (s->close_forced || !s->finish_requested) && s->on_close) {
        cb = s->on_close;
        data = s->on_close_data;
    }
    s->close_fired = true;
    pthread_mutex_unlock(&s->mu);
    if (cb)
        cb(data);
}

/* ---- call flow ---- */

static void on_close(void *data, bool ok)
{
    (void)ok;
    rpc_call_t *c = data;
    struct rpc_stream *s = &c->stream;
    pthread_mutex_lock(&s->mu);
    s->closed = true;
    pthread_mutex_unlock(&s->mu);
    if (c->route && c->route->svc->methods[c->route->index].kind != RPC_UNARY)
        stream_fire_close(c);
    call_unref(c);
}

static void start_recv(rpc_call_t *c);

static void run_handler(rpc_call_t *c, ProtobufCMessage *req)
{
    const rpc_method_t *m = &c->route->svc->methods[c->route->index];
    void *ctx = c->route->svc->ctx;
    tc_status_t st;
    tc_status_clear(&st);
    if (m->kind == RPC_UNARY) {
        ProtobufCMessage *resp = NULL;
        int rc = m->unary(ctx, c, req, &resp, &st);
        if (rc == TC_OK && !resp) {
            rc = tc_status_set(&st, TC_EINTERNAL, "handler returned no response");
        }
        grpc_byte_buffer *bb = rc == TC_OK ? rpc__pack(resp) : NULL;
        if (rc != TC_OK && rc != TC_EINVAL && rc != TC_ENOTFOUND && rc != TC_EEXISTS)
            LOG(LOG_WARN, "rpc failed", "method", c->route->path, "code", tc_errname(rc), "error",
                st.message);
        send_unary_result(c, bb, rc, st.message);
        return;
    }
    rpc_server_t *srv = c->server;
    pthread_mutex_lock(&srv->mu);
    if (!c->in_stream_list) { /* a bidi handler runs once per message */
        c->in_stream_list = true;
        c->next_stream = srv->streams;
        if (srv->streams)
            srv->streams->prev_stream = c;
        srv->streams = c;
    }
    pthread_mutex_unlock(&srv->mu);
    /* The handler's own reference: shutdown may finish the stream while the
     * handler still runs, and the call must outlive the handler. */
    atomic_fetch_add(&c->refs, 1);
    struct rpc_stream *s = &c->stream;
    pthread_mutex_lock(&s->mu);
    s->handler_running = true;
    pthread_mutex_unlock(&s->mu);
    int rc = m->stream(ctx, c, req, s, &st);
    pthread_mutex_lock(&s->mu);
    s->handler_running = false;
    bool pending = s->close_pending;
    s->close_pending = false;
    pthread_mutex_unlock(&s->mu);
    if (rc != TC_OK)
        stream_finish(c, rc, st.message);
    else if (m->kind == RPC_BIDI_STREAMING)
        start_recv(c);
    else if (pending)
        stream_fire_close(c);
    call_unref(c);
}

static void on_recv(void *data, bool ok)
{
    rpc_call_t *c = data;
    const rpc_method_t *m = &c->route->svc->methods[c->route->index];
    grpc_byte_buffer *bb = c->recv_buf;
    c->recv_buf = NULL;
    if (!ok || !bb) {
        if (bb)
            grpc_byte_buffer_destroy(bb);
        if (m->kind == RPC_BIDI_STREAMING) {
            /* Client half-closed: the conversation is over. */
            stream_finish(c, TC_OK, NULL);
        } else if (m->kind == RPC_UNARY) {
            send_unary_result(c, NULL, TC_EINVAL, "request message missing");
        } else {
            stream_finish(c, TC_EINVAL, "request message missing");
        }
        return;
    }
    const ProtobufCMethodDescriptor *md = &c->route->svc->desc->methods[c->route->index];
    tc_status_t st;
    tc_status_clear(&st);
    ProtobufCMessage *req = rpc__unpack_checked(md->input, bb, &st);
    grpc_byte_buffer_destroy(bb);
    if (!req) {
        if (m->kind == RPC_UNARY)
            send_unary_result(c, NULL, st.code, st.message);
        else
            stream_finish(c, st.code, st.message);
        return;
    }
    if (rpc_call_remaining_ms(c) <= 0) {
        protobuf_c_message_free_unpacked(req, &tc_protobuf_allocator);
        if (m->kind == RPC_UNARY)
            send_unary_result(c, NULL, TC_EDEADLINE, "deadline exceeded before handling");
        else
            stream_finish(c, TC_EDEADLINE, "deadline exceeded before handling");
        return;
    }
    run_handler(c, req);
    protobuf_c_message_free_unpacked(req, &tc_protobuf_allocator);
}

static void start_recv(rpc_call_t *c)
{
    grpc_op op;
    memset(&op, 0, sizeof op);
    op.op = GRPC_OP_RECV_MESSAGE;
    op.data.recv_message.recv_message = &c->recv_buf;
    c->recv_tag.cb = on_recv;
    c->recv_tag.data = c;
    if (grpc_call_start_batch(c->call, &op, 1, &c->recv_tag, NULL) != GRPC_CALL_OK)
        on_recv(c, false);
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

static void on_new_call(void *data, bool ok)
{
    struct new_call *nc = data;
    struct cq_thread *t = nc->t;
    rpc_server_t *srv = t->server;
    if (!ok) {
        /* The server is shutting down: this request slot is done. */
        grpc_call_details_destroy(&nc->details);
        grpc_metadata_array_destroy(&nc->md);
        free(nc);
        return;
    }
    rpc_call_t *c = xcalloc(1, sizeof *c);
    atomic_fetch_add(&srv->live_calls, 1);
    c->server = srv;
    c->t = t;
    c->call = nc->call;
    c->details = nc->details;
    c->md = nc->md;
    c->arena = arena_create();
    c->start = tc_mono_seconds();
    c->deadline = gpr_convert_clock_type(c->details.deadline, GPR_CLOCK_MONOTONIC);
    pthread_mutex_init(&c->stream.mu, NULL);
    atomic_init(&c->refs, 2); /* main flow + close notification */
    free(nc);
    request_new_call(t);

    grpc_op op;
    memset(&op, 0, sizeof op);
    op.op = GRPC_OP_RECV_CLOSE_ON_SERVER;
    op.data.recv_close_on_server.cancelled = &c->cancelled;
    c->close_tag.cb = on_close;
    c->close_tag.data = c;
    if (grpc_call_start_batch(c->call, &op, 1, &c->close_tag, NULL) != GRPC_CALL_OK)
        atomic_fetch_sub(&c->refs, 1);

    c->route = find_route(srv, c->details.method);
    if (!c->route) {
        char *m = grpc_slice_to_c_string(c->details.method);
        char msg[300];
        snprintf(msg, sizeof msg, "unknown method %s", m);
        gpr_free(m);
        send_unary_result(c, NULL, TC_EUNIMPL, msg);
        return;
    }
    metrics_gauge_add("grpc_server_in_flight", c->route->labels, 1);
    if (c->route->svc->methods[c->route->index].kind == RPC_UNARY)
        atomic_fetch_add(&srv->unary_in_flight, 1);
    start_recv(c);
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
    return arena_alloc(call->arena, n);
}

char *rpc_call_strdup(rpc_call_t *call, const char *s)
{
    return arena_strdup(call->arena, s);
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
    metrics_describe("grpc_server_handled_total", "counter",
                     "RPCs completed on the server, by method and status code.");
    metrics_describe("grpc_server_handling_seconds", "histogram",
                     "Time from receiving an RPC to sending its status.");
    metrics_describe("grpc_server_in_flight", "gauge",
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

int rpc_server_start(rpc_server_t *s, char *bound, size_t bound_len, tc_status_t *st)
{
    /* Routes, sorted for binary search. */
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

    int max_msg = s->opts.max_message_bytes > 0 ? s->opts.max_message_bytes : 4 * 1024 * 1024;
    /* Clients re-resolve and spread new calls over the pods they find when a
     * connection reaches its age, so a new pod gets traffic within ~30 s.
     * Streams already open (watches) may run on for the long grace: only new
     * calls move. */
    int age = s->opts.max_connection_age_ms == 0 ? 30 * 1000 : s->opts.max_connection_age_ms;
    int keepalive = s->opts.keepalive_ms > 0 ? s->opts.keepalive_ms : 60000;
    grpc_arg args[10];
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
    grpc_channel_args cargs = {na, args};
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

/* Asks every open stream to end: a server stream's handler gets its close
 * callback (it then finishes the stream), a bidi stream is finished here. */
static void end_open_streams(rpc_server_t *s)
{
    pthread_mutex_lock(&s->mu);
    size_t n = 0;
    for (rpc_call_t *c = s->streams; c; c = c->next_stream)
        n++;
    rpc_call_t **list = xcalloc(n ? n : 1, sizeof *list);
    n = 0;
    for (rpc_call_t *c = s->streams; c; c = c->next_stream) {
        /* A call whose last reference is being dropped right now is still
         * listed for a moment: never bring it back to life. */
        int refs = atomic_load(&c->refs);
        while (refs > 0 && !atomic_compare_exchange_weak(&c->refs, &refs, refs + 1)) {
        }
        if (refs > 0)
            list[n++] = c;
    }
    pthread_mutex_unlock(&s->mu);
    for (size_t i = 0; i < n; i++) {
        rpc_call_t *c = list[i];
        /* UNAVAILABLE tells the client to go elsewhere. When that finish is
         * ours, the handler still hears of the close so it drops its state
         * (its own finish is then a no-op); a stream the handler already
         * finished is left alone: its state may be gone. */
        struct rpc_stream *st = &c->stream;
        pthread_mutex_lock(&st->mu);
        bool ours = !st->finish_requested;
        if (ours) {
            st->finish_requested = true;
            st->finish_code = TC_EUNAVAIL;
            st->finish_msg = xstrdup("server shutting down");
            st->close_forced = true;
            stream_pump_locked(c);
        }
        pthread_mutex_unlock(&st->mu);
        if (ours && c->route->svc->methods[c->route->index].kind == RPC_SERVER_STREAMING)
            stream_fire_close(c);
        call_unref(c);
    }
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
