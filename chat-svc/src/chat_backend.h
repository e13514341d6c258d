/* chat_backend: how the engine reaches todo storage. A small table of
 * function pointers over todo.v1 messages; chat_backend_rpc.c implements it
 * with gRPC calls to todo-svc, chat_backend_mem.c in memory for tests,
 * benchmarks and fuzzing.
 *
 * Every result message and string is allocated from call->mem (a turn
 * allocator whose free is a no-op) and lives until the turn ends. Errors are
 * negative TC_E* codes with st->message set (TC_ENOTFOUND, TC_EUNAVAIL,
 * TC_EDEADLINE, TC_EINVAL, ...). */
#ifndef CHAT_BACKEND_H
#define CHAT_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#include "tc_err.h"
#include "todo/v1/todo.pb-c.h"

typedef struct chat_call {
    const char *user_id;
    ProtobufCAllocator *mem;
    int64_t deadline_ms; /* absolute, tc_mono_ms() clock; INT64_MAX = none */
} chat_call_t;

typedef struct chat_backend {
    void *self;
    /* Creates todo (title required); *out is the stored todo. */
    int (*create)(void *self, const chat_call_t *call, const Todo__V1__Todo *todo,
                  Todo__V1__Todo **out, tc_status_t *st);
    /* All of the user's todos with status (every page, oldest first as the
     * store orders them), at most max. */
    int (*list)(void *self, const chat_call_t *call, Todo__V1__StatusFilter status, size_t max,
                Todo__V1__Todo ***out, size_t *n, tc_status_t *st);
    /* Writes the fields named in paths ("title", "done", "priority", "due",
     * "tags", "notes") from todo (todo->id names it); *out is the result. */
    int (*update)(void *self, const chat_call_t *call, const Todo__V1__Todo *todo,
                  const char *const *paths, size_t n_paths, Todo__V1__Todo **out, tc_status_t *st);
    /* Deletes id. */
    int (*remove)(void *self, const chat_call_t *call, const char *id, tc_status_t *st);
} chat_backend_t;

#endif
