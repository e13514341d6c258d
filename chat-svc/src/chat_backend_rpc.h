/* chat_backend_rpc: chat_backend_t over gRPC calls to todo-svc
 * (todo.v1.TodoService) through lib's rpc_client. Each call gets what is
 * left of the turn's deadline (CHAT_BACKEND_RPC_DEFAULT_MS when the caller
 * set none); todo-svc down is TC_EUNAVAIL. Thread-safe. */
#ifndef CHAT_BACKEND_RPC_H
#define CHAT_BACKEND_RPC_H

#include "chat_backend.h"
#include "rpc_client.h"

#define CHAT_BACKEND_RPC_DEFAULT_MS 5000

typedef struct chat_backend_rpc chat_backend_rpc_t;

/* Client for todo-svc at target (any gRPC target string), with a list cache
 * of cache_bytes (0 = none) that follows todo-svc's WatchChanges. Returns
 * NULL with st set for a target the channel cannot use. Free with
 * chat_backend_rpc_destroy. */
chat_backend_rpc_t *chat_backend_rpc_create(const char *target, size_t cache_bytes,
                                            tc_status_t *st);
/* Closes the channel; accepts NULL. */
void chat_backend_rpc_destroy(chat_backend_rpc_t *b);
/* The backend table bound to b (valid while b lives). */
chat_backend_t chat_backend_rpc_backend(chat_backend_rpc_t *b);
/* grpc health of todo-svc over the same channel: 0 when SERVING. */
int chat_backend_rpc_health(chat_backend_rpc_t *b, int deadline_ms, tc_status_t *st);

#endif
