/* todo_cache_follower: keeps a todo_cache coherent with todo-svc. A thread holds
 * todo-svc's WatchChanges stream open: its first message makes the cache
 * live, each change invalidates the kinds of that user's lists it may touch,
 * and the end of the stream (todo-svc down, restarting, draining, or too slow
 * a reader) flushes the cache and turns it off until a new stream is live.
 * Reconnects with backoff (100 ms doubling to 5 s; 60 s against a todo-svc
 * without WatchChanges). Logs once per transition. */
#ifndef TC_TODO_CACHE_FOLLOWER_H
#define TC_TODO_CACHE_FOLLOWER_H

#include "todo_cache.h"
#include "rpc_client.h"
#include "todo/v1/todo.pb-c.h"

typedef struct todo_cache_follower todo_cache_follower_t;

/* Starts following todo's changes into cache (todo: a client of
 * todo.v1.TodoService). Both must outlive the follower. Never NULL. */
todo_cache_follower_t *todo_cache_follower_start(rpc_client_t *todo, todo_cache_t *cache);

/* Ends the stream, waits for the thread and frees it; the cache is left
 * flushed and off. Accepts NULL. */
void todo_cache_follower_stop(todo_cache_follower_t *f);

/* The kinds of lists (LIST_CACHE_*) a change may have altered: a created or
 * deleted todo is in the lists of its own done state only; an update may
 * have moved it between them. */
unsigned todo_cache_follower_kinds(const Todo__V1__TodoChange *ch);

/* The kinds of todos (LIST_CACHE_*) a ListTodos with this status filter may
 * return: the kinds to store its answer under. */
unsigned todo_cache_follower_status_kinds(Todo__V1__StatusFilter status);

#endif
