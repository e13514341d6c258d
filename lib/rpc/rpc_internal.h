/* Internals shared by rpc_server.c, rpc_client.c, rpc_health.c and
 * rpc_reflection.c. Not part of the public API. Messages to and from bytes:
 * rpc_codec.h. */
#ifndef TC_RPC_INTERNAL_H
#define TC_RPC_INTERNAL_H

#include "rpc_server.h"

#include <grpc/grpc.h>

/* Completion-queue tag: what to run when the operation completes. */
typedef struct rpc__tag {
    void (*cb)(void *data, bool ok);
    void *data;
} rpc__tag_t;

/* Starts the one operation op on call, completing at tag (set here to cb
 * with data). Returns grpc_call_start_batch's result; for anything but
 * GRPC_CALL_OK the tag never completes. Thread-safe as that call is. */
static inline grpc_call_error rpc__start_op(grpc_call *call, grpc_op op, rpc__tag_t *tag,
                                            void (*cb)(void *data, bool ok), void *data)
{
    tag->cb = cb;
    tag->data = data;
    return grpc_call_start_batch(call, &op, 1, tag, NULL);
}

typedef struct rpc__health rpc__health_t;
typedef struct rpc__reflection rpc__reflection_t;

/* Health service state; owned by the server. */
rpc__health_t *rpc__health_create(void);
void rpc__health_destroy(rpc__health_t *h);
void rpc__health_set(rpc__health_t *h, const char *service, bool serving);
/* Marks every known service NOT_SERVING (shutdown). */
void rpc__health_set_all(rpc__health_t *h, bool serving);
/* Ends every open Watch stream (shutdown). */
void rpc__health_close_watchers(rpc__health_t *h);
extern const rpc_method_t rpc__health_methods[];

/* Reflection over a FileDescriptorSet; the service names come from the server. */
rpc__reflection_t *rpc__reflection_create(const unsigned char *set, size_t len, tc_status_t *st);
void rpc__reflection_destroy(rpc__reflection_t *r);
void rpc__reflection_add_service_name(rpc__reflection_t *r, const char *name);
extern const rpc_method_t rpc__reflection_methods[];
/* v1alpha service descriptor whose methods use the (wire-identical) v1 types. */
extern const ProtobufCServiceDescriptor rpc__reflection_v1alpha_descriptor;

/* gRFC A6 server pushback: a unary answer UNAVAILABLE from a handler (the
 * server is up; what it depends on is not, e.g. its database) carries this
 * trailer with a negative value, "do not retry": another replica would say
 * the same, and each retry would cost the caller another wait. C-core's
 * retry honours it; so does rpc_client_call_remove. A call the server never
 * answered (it died, it was unreachable) has no trailer and is retried. */
#define RPC__PUSHBACK_KEY   "grpc-retry-pushback-ms"
#define RPC__PUSHBACK_NEVER "-1"

/* Status code names as in the gRPC spec ("NOT_FOUND"). */
const char *rpc__code_name(int grpc_code);

/* Runs the tags completing on cq until it is shut down (one thread per queue). */
void rpc__run_cq(grpc_completion_queue *cq);

/* Calls grpc_init once per process (and registers grpc_shutdown at exit). */
void rpc__init_once(void);

#endif
