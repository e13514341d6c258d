#include "rpc_client.h"
#include "rpc_codec.h"
#include "rpc_internal.h"

#include "grpc/health/v1/health.pb-c.h"
#include "log.h"
#include "timeutil.h"
#include "xalloc.h"

#include <grpc/grpc_security.h>
#include <grpc/support/alloc.h>
#include <grpc/support/time.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct rpc_client {
    grpc_channel *channel;
    const ProtobufCServiceDescriptor *desc;
    void **registered; /* one registered-call handle per method */
    void *health_check;
    /* Streams run on one background completion queue, created on first use. */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    grpc_completion_queue *stream_cq;
    pthread_t stream_thread;
    bool stream_thread_started;
    int live_streams;
};

struct rpc_client_stream {
    rpc_client_t *client;
    grpc_call *call;
    const ProtobufCMessageDescriptor *output;
    rpc_client_msg_fn on_message;
    rpc_client_end_fn on_end;
    void *data;
    atomic_int refs;
    pthread_mutex_t mu;
    bool recv_done, status_done, ended;
    grpc_byte_buffer *recv_buf;
    grpc_metadata_array initial_md, trailing_md;
    grpc_status_code status;
    grpc_slice details;
    rpc__tag_t start_tag, recv_tag, status_tag;
};

/* The retry policy, in one place: the channel's retryPolicy (service config)
 * and rpc_client_call_remove's loop both follow it. C-core caps attempts at
 * 5; three are plenty, since a retry is picked among the replicas that are
 * READY (a dead one's subchannel drops out when its connection breaks), and
 * their backoff stays small beside any deadline. */
enum { RETRY_ATTEMPTS = 3, RETRY_BACKOFF_MS = 50, RETRY_MAX_BACKOFF_MS = 500 };

/* The channel's service config: round_robin over the target's addresses,
 * client-side health checking, and for the methods in idem (may be NULL) the
 * retry policy. C-core retries only a call that got no response headers yet
 * (our servers send them with the answer, so: a call the server never
 * answered), within the call's deadline, on whichever replica round_robin
 * picks next. The caller frees the result. */
static char *service_config(const ProtobufCServiceDescriptor *desc, const char *const *idem)
{
    /* healthCheckConfig: each subchannel watches grpc.health.v1 Watch(""),
     * so a server that says NOT_SERVING (it does so first thing on SIGTERM,
     * see rpc_server_shutdown) stops being picked before its GOAWAY, instead
     * of racing it and failing calls with CANCELLED
     * (tests/fault/replicas.test.js). */
    const char *head = "{\"loadBalancingConfig\":[{\"round_robin\":{}}],"
                       "\"healthCheckConfig\":{\"serviceName\":\"\"}";
    if (!idem || !idem[0])
        return xasprintf("%s}", head);
    char *names = xstrdup("");
    for (size_t i = 0; idem[i]; i++) {
        char *more = xasprintf("%s%s{\"service\":\"%s\",\"method\":\"%s\"}", names, i ? "," : "",
                               desc->name, idem[i]);
        free(names);
        names = more;
    }
    /* UNAVAILABLE: the server went away (killed, unreachable) before
     * answering. CANCELLED too: gRPC C-core's server cancels calls that race
     * its shutdown GOAWAY before any handler sees them, and our servers never
     * cancel a unary call they have started. */
    char *s =
        xasprintf("%s,\"methodConfig\":[{\"name\":[%s],\"retryPolicy\":{"
                  "\"maxAttempts\":%d,\"initialBackoff\":\"%d.%03ds\","
                  "\"maxBackoff\":\"%d.%03ds\",\"backoffMultiplier\":2,"
                  "\"retryableStatusCodes\":[\"UNAVAILABLE\",\"CANCELLED\"]}}]}",
                  head, names, RETRY_ATTEMPTS, RETRY_BACKOFF_MS / 1000, RETRY_BACKOFF_MS % 1000,
                  RETRY_MAX_BACKOFF_MS / 1000, RETRY_MAX_BACKOFF_MS % 1000);
    free(names);
    return s;
}

static grpc_channel *make_channel(const char *target, const char *config)
{
    grpc_arg args[5];
    size_t n = 0;
    args[n++] = (grpc_arg){GRPC_ARG_STRING, GRPC_ARG_SERVICE_CONFIG, {.string = (char *)config}};
    args[n++] = (grpc_arg){GRPC_ARG_INTEGER, GRPC_ARG_ENABLE_RETRIES, {.integer = 1}};
    args[n++] = (grpc_arg){GRPC_ARG_INTEGER, GRPC_ARG_KEEPALIVE_TIME_MS, {.integer = 30000}};
    args[n++] = (grpc_arg){GRPC_ARG_INTEGER, GRPC_ARG_KEEPALIVE_TIMEOUT_MS, {.integer = 10000}};
    /* Reconnect quickly after a backend restart instead of backing off for
     * up to two minutes. */
    args[n++] = (grpc_arg){GRPC_ARG_INTEGER, GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, {.integer = 1000}};
    grpc_channel_args cargs = {n, args};
    grpc_channel_credentials *creds = grpc_insecure_credentials_create();
    grpc_channel *ch = grpc_channel_create(target, creds, &cargs);
    grpc_channel_credentials_release(creds);
    return ch;
}

rpc_client_t *rpc_client_create(const char *target, const ProtobufCServiceDescriptor *desc,
                                const char *const *idempotent, tc_status_t *st)
{
    rpc__init_once();
    if (!target || !*target) {
        tc_status_set(st, TC_EINVAL, "target: must not be empty");
        return NULL;
    }
    rpc_client_t *c = xcalloc(1, sizeof *c);
    char *config = service_config(desc, idempotent);
    c->channel = make_channel(target, config);
    free(config);
    c->desc = desc;
    c->registered = xcalloc(desc->n_methods ? desc->n_methods : 1, sizeof(void *));
    for (unsigned i = 0; i < desc->n_methods; i++) {
        char *path = xasprintf("/%s/%s", desc->name, desc->methods[i].name);
        c->registered[i] = grpc_channel_register_call(c->channel, path, NULL, NULL);
        free(path);
    }
    c->health_check =
        grpc_channel_register_call(c->channel, "/grpc.health.v1.Health/Check", NULL, NULL);
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    return c;
}

void rpc_client_destroy(rpc_client_t *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    bool started = c->stream_thread_started;
    pthread_mutex_unlock(&c->mu);
    if (started) {
        /* Streams still open are cancelled; wait for their on_end. */
        grpc_channel_destroy(c->channel);
        c->channel = NULL;
        pthread_mutex_lock(&c->mu);
        while (c->live_streams > 0)
            pthread_cond_wait(&c->cv, &c->mu);
        pthread_mutex_unlock(&c->mu);
        grpc_completion_queue_shutdown(c->stream_cq);
        pthread_join(c->stream_thread, NULL);
        grpc_completion_queue_destroy(c->stream_cq);
    }
    if (c->channel)
        grpc_channel_destroy(c->channel);
    free(c->registered);
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cv);
    free(c);
}

static gpr_timespec deadline_in(int ms)
{
    return gpr_time_add(gpr_now(GPR_CLOCK_MONOTONIC), gpr_time_from_millis(ms, GPR_TIMESPAN));
}

/* Each thread reuses one pluck queue for its unary calls: creating and
 * destroying a queue per call (pollset set-up and tear-down, a mutex and
 * several allocations) was a measurable share of every upstream call in the
 * gateway. A pluck queue serves any number of sequential calls, and a thread
 * blocks in one call at a time, so nothing from one call can reach the next.
 * The _Thread_local pointer is the fast path (and keeps the queue reachable
 * for leak checkers); the pthread key only exists for its destructor, which
 * frees the queue when the thread exits. */
static pthread_key_t unary_cq_key;
static pthread_once_t unary_cq_once = PTHREAD_ONCE_INIT;
static _Thread_local grpc_completion_queue *unary_cq;

static void unary_cq_free(void *p)
{
    grpc_completion_queue *cq = p;
    /* No call is pending on it: this thread is exiting, not in unary(). */
    grpc_completion_queue_shutdown(cq);
    grpc_completion_queue_destroy(cq);
    unary_cq = NULL;
}

static void unary_cq_key_init(void)
{
    /* Only fails when the process is out of keys or memory, as xalloc. */
    if (pthread_key_create(&unary_cq_key, unary_cq_free) != 0)
        abort();
}

static grpc_completion_queue *thread_unary_cq(void)
{
    if (!unary_cq) {
        pthread_once(&unary_cq_once, unary_cq_key_init);
        unary_cq = grpc_completion_queue_create_for_pluck(NULL);
        pthread_setspecific(unary_cq_key, unary_cq);
    }
    return unary_cq;
}

/* True when the trailers say "do not retry" (server pushback, rpc_internal.h). */
static bool no_retry_trailer(const grpc_metadata_array *md)
{
    for (size_t i = 0; i < md->count; i++)
        if (grpc_slice_str_cmp(md->metadata[i].key, RPC__PUSHBACK_KEY) == 0)
            return GRPC_SLICE_LENGTH(md->metadata[i].value) > 0 &&
                   GRPC_SLICE_START_PTR(md->metadata[i].value)[0] == '-';
    return false;
}

/* Fills ops[0..3] with how every call of ours opens: send the initial
 * metadata, send the request send (still the caller's), half-close, and
 * receive the server's initial metadata into md. */
static void open_ops(grpc_op ops[4], grpc_byte_buffer *send, grpc_metadata_array *md)
{
    ops[0] = (grpc_op){.op = GRPC_OP_SEND_INITIAL_METADATA};
    ops[1] = (grpc_op){.op = GRPC_OP_SEND_MESSAGE, .data.send_message.send_message = send};
    ops[2] = (grpc_op){.op = GRPC_OP_SEND_CLOSE_FROM_CLIENT};
    ops[3] = (grpc_op){.op = GRPC_OP_RECV_INITIAL_METADATA,
                       .data.recv_initial_metadata.recv_initial_metadata = md};
}

/* The receipt of a call's end: its trailing metadata, status and details. */
static grpc_op status_op(grpc_metadata_array *md, grpc_status_code *status, grpc_slice *details)
{
    return (grpc_op){.op = GRPC_OP_RECV_STATUS_ON_CLIENT,
                     .data.recv_status_on_client = {
                         .trailing_metadata = md, .status = status, .status_details = details}};
}

/* One unary call on this thread's pluck queue; the caller blocks until done.
 * *no_retry (may be NULL): whether the server asked not to be retried. */
static int unary(grpc_channel *ch, void *registered, const ProtobufCMessage *req,
                 const ProtobufCMessageDescriptor *out_desc, ProtobufCAllocator *mem,
                 ProtobufCMessage **resp, int deadline_ms, tc_status_t *st, bool *no_retry)
{
    *resp = NULL;
    if (!ch)
        return tc_status_set(st, TC_EUNAVAIL, "client closed");
    grpc_completion_queue *cq = thread_unary_cq();
    grpc_call *call = grpc_channel_create_registered_call(
        ch, NULL, GRPC_PROPAGATE_DEFAULTS, cq, registered, deadline_in(deadline_ms), NULL);
    grpc_byte_buffer *send = rpc_codec_pack(req);
    grpc_byte_buffer *recv = NULL;
    grpc_metadata_array initial_md, trailing_md;
    grpc_metadata_array_init(&initial_md);
    grpc_metadata_array_init(&trailing_md);
    grpc_status_code status = GRPC_STATUS_UNKNOWN;
    grpc_slice details = grpc_empty_slice();
    grpc_op ops[6];
    open_ops(ops, send, &initial_md);
    ops[4] = (grpc_op){.op = GRPC_OP_RECV_MESSAGE, .data.recv_message.recv_message = &recv};
    ops[5] = status_op(&trailing_md, &status, &details);
    int tag;
    int rc = TC_OK;
    if (grpc_call_start_batch(call, ops, 6, &tag, NULL) != GRPC_CALL_OK) {
        rc = tc_status_set(st, TC_EINTERNAL, "cannot start call");
    } else {
        grpc_event ev =
            grpc_completion_queue_pluck(cq, &tag, gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
        (void)ev;
        if (status != GRPC_STATUS_OK) {
            char *msg = grpc_slice_to_c_string(details);
            rc = tc_err_from_grpc(status);
            tc_status_set(st, rc, "%s", *msg ? msg : tc_strerror(rc));
            gpr_free(msg);
            if (no_retry)
                *no_retry = no_retry_trailer(&trailing_md);
        } else if (!recv || !(*resp = rpc_codec_unpack(out_desc, recv, mem))) {
            rc = tc_status_set(st, TC_EINTERNAL, "response: not a valid message");
        }
    }
    grpc_byte_buffer_destroy(send);
    if (recv)
        grpc_byte_buffer_destroy(recv);
    grpc_metadata_array_destroy(&initial_md);
    grpc_metadata_array_destroy(&trailing_md);
    grpc_slice_unref(details);
    grpc_call_unref(call);
    return rc;
}

int rpc_client_call(rpc_client_t *c, const char *method, const ProtobufCMessage *req,
                    ProtobufCMessage **resp, int deadline_ms, tc_status_t *st)
{
    return rpc_client_call_into(c, method, req, NULL, resp, deadline_ms, st);
}

/* rpc_client_call_into, saying in *no_retry (may be NULL) whether the
 * server asked not to be retried. */
static int call_method(rpc_client_t *c, const char *method, const ProtobufCMessage *req,
                       ProtobufCAllocator *mem, ProtobufCMessage **resp, int deadline_ms,
                       tc_status_t *st, bool *no_retry)
{
    *resp = NULL;
    const ProtobufCMethodDescriptor *m =
        protobuf_c_service_descriptor_get_method_by_name(c->desc, method);
    if (!m)
        return tc_status_set(st, TC_EINVAL, "unknown method %s", method);
    if (req->descriptor != m->input)
        return tc_status_set(st, TC_EINVAL, "%s: wrong request type", method);
    if (deadline_ms <= 0)
        return tc_status_set(st, TC_EDEADLINE, "%s: no time left before the deadline", method);
    unsigned idx = (unsigned)(m - c->desc->methods);
    return unary(c->channel, c->registered[idx], req, m->output, mem, resp, deadline_ms, st,
                 no_retry);
}

int rpc_client_call_into(rpc_client_t *c, const char *method, const ProtobufCMessage *req,
                         ProtobufCAllocator *mem, ProtobufCMessage **resp, int deadline_ms,
                         tc_status_t *st)
{
    return call_method(c, method, req, mem, resp, deadline_ms, st, NULL);
}

/* Sleeps a random share of backoff_ms (full jitter, as C-core's own
 * retries), at most until end (tc_mono_ms). */
static void retry_pause(int backoff_ms, int64_t end)
{
    int64_t ms = (int64_t)(random() % (backoff_ms + 1));
    int64_t left = end - tc_mono_ms();
    if (ms > left)
        ms = left;
    if (ms > 0)
        nanosleep(&(struct timespec){ms / 1000, (long)(ms % 1000) * 1000000L}, NULL);
}

int rpc_client_call_remove(rpc_client_t *c, const char *method, const ProtobufCMessage *req,
                           ProtobufCAllocator *mem, ProtobufCMessage **resp, int deadline_ms,
                           tc_status_t *st)
{
    int64_t end = tc_mono_ms() + deadline_ms;
    bool unknown = false; /* an earlier attempt may have taken effect */
    int backoff = RETRY_BACKOFF_MS;
    for (int attempt = 1;; attempt++) {
        bool no_retry = false;
        int rc = call_method(c, method, req, mem, resp, (int)(end - tc_mono_ms()), st, &no_retry);
        if (rc == TC_ENOTFOUND && unknown) {
            const ProtobufCMethodDescriptor *m =
                protobuf_c_service_descriptor_get_method_by_name(c->desc, method);
            *resp = protobuf_c_message_unpack(m->output, mem ? mem : &tc_protobuf_allocator, 0,
                                              (const uint8_t *)"");
            tc_status_clear(st);
            return TC_OK;
        }
        bool again = (rc == TC_EUNAVAIL || rc == TC_ECANCELLED) && !no_retry;
        if (!again || attempt == RETRY_ATTEMPTS || end - tc_mono_ms() <= 0)
            return rc;
        unknown = unknown || rc == TC_EUNAVAIL; /* CANCELLED: never started */
        retry_pause(backoff, end);
        backoff = backoff * 2 < RETRY_MAX_BACKOFF_MS ? backoff * 2 : RETRY_MAX_BACKOFF_MS;
        if (end - tc_mono_ms() <= 0)
            return rc;
    }
}

static int health_over(grpc_channel *ch, void *registered, const char *service, int deadline_ms,
                       tc_status_t *st)
{
    Grpc__Health__V1__HealthCheckRequest req = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
    req.service = (char *)(service ? service : "");
    ProtobufCMessage *resp = NULL;
    int rc = unary(ch, registered, &req.base, &grpc__health__v1__health_check_response__descriptor,
                   NULL, &resp, deadline_ms, st, NULL);
    if (rc == TC_OK) {
        Grpc__Health__V1__HealthCheckResponse *r = (void *)resp;
        if (r->status != GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING)
            rc = tc_status_set(st, TC_EUNAVAIL, "service \"%s\" is not serving", req.service);
        protobuf_c_message_free_unpacked(resp, &tc_protobuf_allocator);
    }
    return rc;
}

int rpc_client_health_check(rpc_client_t *c, const char *service, int deadline_ms, tc_status_t *st)
{
    return health_over(c->channel, c->health_check, service, deadline_ms, st);
}

int rpc_health_check(const char *target, const char *service, int deadline_ms, tc_status_t *st)
{
    rpc__init_once();
    grpc_channel *ch = make_channel(target, "{}");
    void *reg = grpc_channel_register_call(ch, "/grpc.health.v1.Health/Check", NULL, NULL);
    int rc = health_over(ch, reg, service, deadline_ms, st);
    grpc_channel_destroy(ch);
    return rc;
}

/* ---- server streaming ---- */

static void *stream_loop(void *arg)
{
    rpc__run_cq(((rpc_client_t *)arg)->stream_cq);
    return NULL;
}

static void stream_unref(rpc_client_stream_t *s)
{
    if (atomic_fetch_sub(&s->refs, 1) != 1)
        return;
    rpc_client_t *c = s->client;
    if (s->recv_buf)
        grpc_byte_buffer_destroy(s->recv_buf);
    grpc_metadata_array_destroy(&s->initial_md);
    grpc_metadata_array_destroy(&s->trailing_md);
    grpc_slice_unref(s->details);
    grpc_call_unref(s->call);
    pthread_mutex_destroy(&s->mu);
    free(s);
    pthread_mutex_lock(&c->mu);
    c->live_streams--;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
}

/* on_end runs once both the status and the end of messages are in. */
static void maybe_end(rpc_client_stream_t *s)
{
    pthread_mutex_lock(&s->mu);
    bool fire = s->recv_done && s->status_done && !s->ended;
    if (fire)
        s->ended = true;
    pthread_mutex_unlock(&s->mu);
    if (!fire)
        return;
    char *msg = grpc_slice_to_c_string(s->details);
    int code = tc_err_from_grpc(s->status);
    s->on_end(s->data, code, *msg ? msg : tc_strerror(code));
    gpr_free(msg);
}

static void start_stream_recv(rpc_client_stream_t *s);

static void on_stream_msg(void *data, bool ok)
{
    rpc_client_stream_t *s = data;
    grpc_byte_buffer *bb = s->recv_buf;
    s->recv_buf = NULL;
    if (ok && bb) {
        ProtobufCMessage *msg = rpc_codec_unpack(s->output, bb, NULL);
        grpc_byte_buffer_destroy(bb);
        if (msg) {
            s->on_message(s->data, msg);
            protobuf_c_message_free_unpacked(msg, &tc_protobuf_allocator);
        }
        start_stream_recv(s);
    } else {
        if (bb)
            grpc_byte_buffer_destroy(bb);
        pthread_mutex_lock(&s->mu);
        s->recv_done = true;
        pthread_mutex_unlock(&s->mu);
        maybe_end(s);
    }
    stream_unref(s);
}

static void start_stream_recv(rpc_client_stream_t *s)
{
    grpc_op op = {.op = GRPC_OP_RECV_MESSAGE, .data.recv_message.recv_message = &s->recv_buf};
    atomic_fetch_add(&s->refs, 1);
    if (rpc__start_op(s->call, op, &s->recv_tag, on_stream_msg, s) != GRPC_CALL_OK) {
        pthread_mutex_lock(&s->mu);
        s->recv_done = true;
        pthread_mutex_unlock(&s->mu);
        atomic_fetch_sub(&s->refs, 1);
    }
}

static void on_stream_status(void *data, bool ok)
{
    (void)ok;
    rpc_client_stream_t *s = data;
    pthread_mutex_lock(&s->mu);
    s->status_done = true;
    pthread_mutex_unlock(&s->mu);
    maybe_end(s);
    stream_unref(s);
}

static void on_stream_started(void *data, bool ok)
{
    (void)ok;
    stream_unref(data);
}

rpc_client_stream_t *rpc_client_stream_start(rpc_client_t *c, const char *method,
                                             const ProtobufCMessage *req,
                                             rpc_client_msg_fn on_message, rpc_client_end_fn on_end,
                                             void *data, tc_status_t *st)
{
    const ProtobufCMethodDescriptor *m =
        protobuf_c_service_descriptor_get_method_by_name(c->desc, method);
    if (!m || req->descriptor != m->input) {
        tc_status_set(st, TC_EINVAL, "%s: unknown method or wrong request type", method);
        return NULL;
    }
    pthread_mutex_lock(&c->mu);
    if (!c->channel) {
        pthread_mutex_unlock(&c->mu);
        tc_status_set(st, TC_EUNAVAIL, "client closed");
        return NULL;
    }
    if (!c->stream_thread_started) {
        c->stream_cq = grpc_completion_queue_create_for_next(NULL);
        pthread_create(&c->stream_thread, NULL, stream_loop, c);
        c->stream_thread_started = true;
    }
    c->live_streams++;
    pthread_mutex_unlock(&c->mu);

    rpc_client_stream_t *s = xcalloc(1, sizeof *s);
    s->client = c;
    s->output = m->output;
    s->on_message = on_message;
    s->on_end = on_end;
    s->data = data;
    pthread_mutex_init(&s->mu, NULL);
    grpc_metadata_array_init(&s->initial_md);
    grpc_metadata_array_init(&s->trailing_md);
    s->details = grpc_empty_slice();
    unsigned idx = (unsigned)(m - c->desc->methods);
    s->call = grpc_channel_create_registered_call(c->channel, NULL, GRPC_PROPAGATE_DEFAULTS,
                                                  c->stream_cq, c->registered[idx],
                                                  gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
    /* refs: the caller, the start batch, the status batch (+1 per recv). */
    atomic_init(&s->refs, 3);
    grpc_byte_buffer *send = rpc_codec_pack(req);
    grpc_op ops[4];
    open_ops(ops, send, &s->initial_md);
    s->start_tag.cb = on_stream_started;
    s->start_tag.data = s;
    grpc_call_error e1 = grpc_call_start_batch(s->call, ops, 4, &s->start_tag, NULL);
    grpc_byte_buffer_destroy(send);
    grpc_call_error e2 = rpc__start_op(s->call, status_op(&s->trailing_md, &s->status, &s->details),
                                       &s->status_tag, on_stream_status, s);
    if (e1 != GRPC_CALL_OK || e2 != GRPC_CALL_OK) {
        /* Does not happen for a fresh call; keep the counts right anyway. */
        LOG(LOG_ERROR, "grpc stream start failed", "method", method);
        if (e1 != GRPC_CALL_OK)
            atomic_fetch_sub(&s->refs, 1);
        if (e2 != GRPC_CALL_OK) {
            s->status = GRPC_STATUS_INTERNAL;
            on_stream_status(s, false);
        }
    }
    start_stream_recv(s);
    return s;
}

void rpc_client_stream_release(rpc_client_stream_t *s)
{
    if (!s)
        return;
    grpc_call_cancel(s->call, NULL);
    stream_unref(s);
}
