/* rpc_server: a gRPC server over gRPC C-core + protobuf-c.
 *
 * A service is registered as its protobuf-c descriptor plus a table of typed
 * handlers (one per method, in descriptor order) and a `void *ctx`. The layer
 * routes `/pkg.Service/Method`, unpacks the request, runs the handler on the
 * completion-queue thread that received the call, packs the response, maps
 * TC_E* codes to gRPC status, honours deadlines and records per-method
 * metrics. Health (grpc.health.v1) and reflection (grpc.reflection.v1 and
 * v1alpha) are served by every server.
 *
 * Threads: `threads` completion queues, one thread each; handlers may block
 * briefly (SQLite) but must not wait for other calls. */
#ifndef TC_RPC_SERVER_H
#define TC_RPC_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>
#include "tc_err.h"

typedef struct rpc_server rpc_server_t;
typedef struct rpc_call rpc_call_t;
typedef struct rpc_stream rpc_stream_t;

typedef enum rpc_kind {
    RPC_UNARY = 0,
    RPC_SERVER_STREAMING, /* one request, many responses */
    RPC_BIDI_STREAMING,   /* handler runs once per request message */
} rpc_kind_t;

/* Unary handler. req is owned by the layer (valid during the call). On
 * success set *resp to a message the layer packs after return; it and
 * everything it points to must stay valid until then (use rpc_call_alloc or
 * static data). Return 0, or a TC_E* code with st's message set (e.g. via
 * `return tc_status_set(st, TC_EINVAL, "title: must not be empty")`). */
typedef int (*rpc_unary_fn)(void *ctx, rpc_call_t *call, const ProtobufCMessage *req,
                            ProtobufCMessage **resp, tc_status_t *st);

/* Server-streaming handler. Return 0 to keep the stream open: the handler
 * then holds a reference and MUST eventually call rpc_stream_finish (for
 * example from the close callback). Returning an error ends the call with it
 * and the layer keeps no reference for the handler.
 * Bidi handler (same type): called for each request message; it sends any
 * responses with rpc_stream_send and returns 0; it holds no reference and the
 * layer finishes the call when the client half-closes. */
typedef int (*rpc_stream_fn)(void *ctx, rpc_call_t *call, const ProtobufCMessage *req,
                             rpc_stream_t *stream, tc_status_t *st);

typedef struct rpc_method {
    rpc_kind_t kind;
    rpc_unary_fn unary;   /* for RPC_UNARY */
    rpc_stream_fn stream; /* for RPC_SERVER_STREAMING and RPC_BIDI_STREAMING */
} rpc_method_t;

typedef struct rpc_server_options {
    const char *listen;        /* "HOST:PORT"; port 0 picks a free port */
    int threads;               /* completion-queue threads; 0 = number of cores */
    int max_message_bytes;     /* 0 = 4 MiB */
    int max_connection_age_ms; /* 0 = 30 s, so clients re-resolve DNS; <0 = off */
    int keepalive_ms;          /* server pings an idle connection; 0 = 60 s */
    /* FileDescriptorSet (imports included) served by reflection; may be NULL. */
    const unsigned char *descriptor_set;
    size_t descriptor_set_len;
} rpc_server_options_t;

/* New server (not yet listening). Returns NULL with st set on bad options. */
rpc_server_t *rpc_server_create(const rpc_server_options_t *opts, tc_status_t *st);

/* Registers a service. methods has desc->n_methods entries in descriptor
 * order; desc, methods and ctx must outlive the server. Health reports the
 * service SERVING once the server has started. Call before rpc_server_start.
 * Returns 0 or TC_EINVAL. */
int rpc_server_add_service(rpc_server_t *s, const ProtobufCServiceDescriptor *desc,
                           const rpc_method_t *methods, void *ctx);

/* Binds, starts the threads. bound receives "HOST:PORT" with the real port.
 * Returns 0, or TC_EIO with st set (port busy, bad address). */
int rpc_server_start(rpc_server_t *s, char *bound, size_t bound_len, tc_status_t *st);

/* Sets the health status of service ("" = the whole server). */
void rpc_server_set_serving(rpc_server_t *s, const char *service, bool serving);

/* Graceful stop: every health status becomes NOT_SERVING, no new calls are
 * accepted, unary calls in flight get up to grace_ms to finish, then open
 * streams are cancelled (their close callbacks run). Blocks until done. */
void rpc_server_shutdown(rpc_server_t *s, int grace_ms);

/* Frees the server (shutting it down with no grace if still running).
 * Accepts NULL. */
void rpc_server_destroy(rpc_server_t *s);

/* ---- per call ---- */

/* Zeroed memory that lives until the call's response has been sent. */
void *rpc_call_alloc(rpc_call_t *call, size_t n);
/* Call-lifetime copy of s (NULL gives NULL). */
char *rpc_call_strdup(rpc_call_t *call, const char *s);
/* Milliseconds left before the caller's deadline (may be <= 0);
 * INT64_MAX when the caller set none. */
int64_t rpc_call_remaining_ms(const rpc_call_t *call);
/* "/pkg.Service/Method". */
const char *rpc_call_method(const rpc_call_t *call);

/* ---- streams ---- */

/* Packs msg and queues it; thread-safe, never blocks on the network.
 * Returns 0, TC_ECANCELLED when the call is over, or TC_ERESOURCE when the
 * client reads too slowly (the call is then cancelled). */
int rpc_stream_send(rpc_stream_t *s, const ProtobufCMessage *msg);

/* Registers cb, run once (on a server thread, never while the handler is
 * still running) when the client cancels, disconnects, or the server shuts
 * down. The handler should then call rpc_stream_finish. */
void rpc_stream_on_close(rpc_stream_t *s, void (*cb)(void *data), void *data);

/* Ends a server-streaming call after the queued messages with code (TC_OK or
 * TC_E*) and message (may be NULL), and drops the handler's reference: s
 * must not be used afterwards. Safe after the client is gone. */
void rpc_stream_finish(rpc_stream_t *s, int code, const char *message);

/* True once the call is over (cancelled, disconnected or finished). */
bool rpc_stream_closed(rpc_stream_t *s);

#endif
