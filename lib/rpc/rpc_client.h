/* rpc_client: calls methods of one gRPC service by name, with deadlines.
 *
 * The channel accepts any gRPC target ("host:port", "dns:///name:port",
 * "ipv4:a:p,b:p", "unix:/path") and balances with round_robin over the
 * replicas that pass their health check. Thread-safe: one client serves all
 * threads of a process.
 *
 * Retries, so that a replica killed mid-call fails no caller's request:
 * - Methods named idempotent at create: gRPC C-core's own retry (service
 *   config retryPolicy, GRPC_ARG_ENABLE_RETRIES): UNAVAILABLE and CANCELLED
 *   (a call a shutting-down server refused unseen) are tried again on the
 *   next replica, 3 attempts in all, 50 ms backoff doubling, always within
 *   the call's deadline. C-core retries only while no response headers came
 *   back; our servers send them with the answer, so what is retried is a
 *   call nobody answered: one the dead replica may or may not have carried
 *   out. An UNAVAILABLE a live server's handler chose (its database is down)
 *   comes with server pushback "do not retry" (rpc_internal.h) and is not
 *   retried: every replica would say the same after the same wait. Name a method idempotent only
 * when running it twice is harmless: reads, a create with a request_id (the server answers a repeat
 * with the first result), an update that sets fields.
 * - A delete is not idempotent in its answer (a repeat says NOT_FOUND):
 *   rpc_client_call_remove retries it by the same policy and says what a
 *   NOT_FOUND after an unknown outcome means.
 * - Streams are not retried: rpc_client_stream_start opens one on a replica
 *   that is up; when that replica dies the stream ends (on_end: UNAVAILABLE)
 *   and the owner opens a new one, which lands on a survivor, and catches up
 *   on what it missed (todo_cache_follower flushes its cache; a browser's
 *   EventSource reconnects and reloads its list). */
#ifndef TC_RPC_CLIENT_H
#define TC_RPC_CLIENT_H

#include <stdbool.h>
#include <protobuf-c/protobuf-c.h>
#include "tc_err.h"

typedef struct rpc_client rpc_client_t;
typedef struct rpc_client_stream rpc_client_stream_t;

/* New client for service at target. idempotent: NULL-terminated method
 * names ("GetTodo") retried as said above, or NULL.
 * desc must outlive the client. Returns NULL with st set on a bad target. */
rpc_client_t *rpc_client_create(const char *target, const ProtobufCServiceDescriptor *desc,
                                const char *const *idempotent, tc_status_t *st);
/* Closes the channel; in-flight streams end with TC_ECANCELLED. Accepts NULL. */
void rpc_client_destroy(rpc_client_t *c);

/* Calls method ("CreateTodo") with req and a deadline of deadline_ms
 * (must be > 0). On success returns 0 and sets *resp to a new message: free
 * it with protobuf_c_message_free_unpacked(*resp, NULL). On failure returns
 * the TC_E* code mapped from the gRPC status (TC_EUNAVAIL, TC_EDEADLINE,
 * TC_EINVAL, TC_ENOTFOUND, ...) with st->message set to the server's message,
 * and *resp is NULL. */
int rpc_client_call(rpc_client_t *c, const char *method, const ProtobufCMessage *req,
                    ProtobufCMessage **resp, int deadline_ms, tc_status_t *st);
/* The same, with *resp allocated from mem (an arena's allocator, say: then
 * it lives as long as the arena and is never freed on its own). mem NULL is
 * rpc_client_call. */
int rpc_client_call_into(rpc_client_t *c, const char *method, const ProtobufCMessage *req,
                         ProtobufCAllocator *mem, ProtobufCMessage **resp, int deadline_ms,
                         tc_status_t *st);

/* The shape of rpc_client_call_into and rpc_client_call_remove, for a
 * caller that picks one per method. */
typedef int (*rpc_client_call_fn)(rpc_client_t *c, const char *method, const ProtobufCMessage *req,
                                  ProtobufCAllocator *mem, ProtobufCMessage **resp, int deadline_ms,
                                  tc_status_t *st);

/* rpc_client_call_into for a call whose repeat answers NOT_FOUND once an
 * earlier attempt took effect (DeleteTodo). UNAVAILABLE and CANCELLED are
 * tried again like the idempotent methods (3 attempts, backoff, never past
 * deadline_ms), and a NOT_FOUND after an UNAVAILABLE (whose outcome is
 * unknown: the replica may have died after committing) is success, since
 * what the caller asked for holds: the thing is gone. So a delete of an id
 * that never existed, racing a replica's death, answers success instead of
 * NOT_FOUND. On success *resp is the answer (or a default instance of the
 * output message), owned as in rpc_client_call_into; errors as there. Not
 * done by C-core's retry, since there a retried NOT_FOUND cannot be told
 * apart from a first one. Blocks the calling thread through the backoff. */
int rpc_client_call_remove(rpc_client_t *c, const char *method, const ProtobufCMessage *req,
                           ProtobufCAllocator *mem, ProtobufCMessage **resp, int deadline_ms,
                           tc_status_t *st);

/* Server-streaming call, delivered on the client's background thread.
 * on_message gets each response (owned by the layer, valid during the
 * callback). on_end is called exactly once, last, with the final code (TC_OK
 * when the server finished normally, TC_ECANCELLED after release) and
 * message. data must stay valid until on_end has returned.
 * Returns a handle the caller must give back with rpc_client_stream_release,
 * or NULL with st set (then no callback is ever called). */
typedef void (*rpc_client_msg_fn)(void *data, const ProtobufCMessage *msg);
typedef void (*rpc_client_end_fn)(void *data, int code, const char *message);
rpc_client_stream_t *rpc_client_stream_start(rpc_client_t *c, const char *method,
                                             const ProtobufCMessage *req,
                                             rpc_client_msg_fn on_message, rpc_client_end_fn on_end,
                                             void *data, tc_status_t *st);
/* Cancels the stream if still open and drops the caller's reference. on_end
 * may run before this returns (on another thread) or after. Call once. */
void rpc_client_stream_release(rpc_client_stream_t *s);

/* grpc.health.v1 Check of service ("" = server) at target. Returns 0 when
 * SERVING, TC_EUNAVAIL when NOT_SERVING or unreachable, TC_ENOTFOUND for an
 * unknown service. For --probe modes and readiness checks. */
int rpc_health_check(const char *target, const char *service, int deadline_ms, tc_status_t *st);
/* Same over an existing client's channel (cheaper for periodic checks). */
int rpc_client_health_check(rpc_client_t *c, const char *service, int deadline_ms, tc_status_t *st);

#endif
