/* chat_backend: how the engine reaches todo storage. A small table of
 * function pointers over todo.v1 messages; chat_backend_rpc.c implements it
 * with gRPC calls to todo-svc, chat_backend_mem.c in memory for tests,
 * benchmarks and fuzzing.
 *
 * Every result message and string is allocated from call->mem (a turn
 * allocator whose free is a no-op) and lives as long as that memory. Errors
 * are negative TC_E* codes with st->message set (TC_ENOTFOUND, TC_EUNAVAIL,
 * TC_EDEADLINE, TC_EINVAL, ...). A table may be used from several threads
 * when its implementation says so (rpc: yes; mem: no). */
#ifndef CHAT_BACKEND_H
#define CHAT_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#include "tc_err.h"
#include "todo/v1/todo.pb-c.h"

/* Largest page a list call may ask for (todo-svc's ListTodos limit). */
#define CHAT_BACKEND_PAGE_MAX 500

typedef struct chat_call {
    const char *user_id;
    ProtobufCAllocator *mem;
    int64_t deadline_ms; /* absolute, tc_mono_ms() clock; INT64_MAX = none */
} chat_call_t;

/* One page of a ListTodos query. */
typedef struct chat_list_query {
    Todo__V1__StatusFilter status;
    const char *query;      /* case-insensitive substring of title or notes; NULL/"" = any */
    const char *page_token; /* NULL/"" = first page, else the next token of the same query */
    size_t page_size;       /* 1..CHAT_BACKEND_PAGE_MAX */
    /* todo-svc's order_by ("priority desc", "due", "title"); NULL/"" =
       creation order. A page token belongs to its order. */
    const char *order_by;
    int64_t due_before; /* unix seconds: only todos due before it; 0 = any */
    int64_t due_after;  /* unix seconds: only todos due at or after it; 0 = any */
} chat_list_query_t;

typedef struct chat_backend {
    void *self;
    /* Creates todo (title required); *out is the stored todo. request_id
     * NULL or "" = a fresh create; otherwise a repeat with the same user and
     * request_id creates nothing and gives the todo the first call created,
     * in its current state (TC_ENOTFOUND when that todo has been deleted). */
    int (*create)(void *self, const chat_call_t *call, const Todo__V1__Todo *todo,
                  const char *request_id, Todo__V1__Todo **out, tc_status_t *st);
    /* The user's todo id (TC_ENOTFOUND for an unknown or foreign id). */
    int (*get)(void *self, const chat_call_t *call, const char *id, Todo__V1__Todo **out,
               tc_status_t *st);
    /* One page of the user's todos matching q, oldest first (or in
     * q->order_by, ties oldest first): (*out)[0..*n),
     * and *next the token of the following page ("" after the last). Pages
     * are keyed by position, not offset: changing or deleting todos already
     * returned does not make the next page skip any. */
    int (*list)(void *self, const chat_call_t *call, const chat_list_query_t *q,
                Todo__V1__Todo ***out, size_t *n, char **next, tc_status_t *st);
    /* Writes the fields named in paths ("title", "done", "priority", "due",
     * "tags", "notes") from todo (todo->id names it); *out is the result. */
    int (*update)(void *self, const chat_call_t *call, const Todo__V1__Todo *todo,
                  const char *const *paths, size_t n_paths, Todo__V1__Todo **out, tc_status_t *st);
    /* Deletes id. */
    int (*remove)(void *self, const chat_call_t *call, const char *id, tc_status_t *st);
} chat_backend_t;

#endif
