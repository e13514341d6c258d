/* watch_hub: who watches which user's todos. WatchTodos registers a watcher
 * (a sink plus the user it watches); after each committed change the store's
 * listener broadcasts one TodoEvent to every watcher of that user.
 *
 * Sinks are opaque; the hub sends through the function given at creation
 * (rpc_stream_send in the service, a recorder in tests). Sending must not
 * block. Thread-safe. */
#ifndef TODO_WATCH_HUB_H
#define TODO_WATCH_HUB_H

#include <stdbool.h>
#include <stddef.h>
#include <protobuf-c/protobuf-c.h>
#include "todo/v1/todo.pb-c.h"

typedef struct todo_watch_hub todo_watch_hub_t;
typedef struct todo_watcher todo_watcher_t;

/* Sends msg to sink; returns 0 or a negative TC_E* code (the hub ignores
 * failures: a sink that fails is removed by its owner). */
typedef int (*todo_watch_send_fn)(void *sink, const ProtobufCMessage *msg);

/* New empty hub sending with send. Never NULL. Free with
 * todo_watch_hub_destroy. */
todo_watch_hub_t *todo_watch_hub_create(todo_watch_send_fn send);

/* Frees the hub and any watcher still registered (their sinks are not
 * touched). Accepts NULL. */
void todo_watch_hub_destroy(todo_watch_hub_t *h);

/* Registers sink as a watcher of user_id (copied). The returned handle is
 * owned by the hub until todo_watch_remove. Never NULL. */
todo_watcher_t *todo_watch_add(todo_watch_hub_t *h, const char *user_id, void *sink);

/* Registers sink as a watcher of every user's changes: each broadcast also
 * sends it a TodoChange {user_id, type, id} (no content). Owned as above. */
todo_watcher_t *todo_watch_add_all(todo_watch_hub_t *h, void *sink);

/* Unregisters and frees w; after it returns the hub never uses w's sink
 * again. Accepts NULL. */
void todo_watch_remove(todo_watch_hub_t *h, todo_watcher_t *w);

/* Sends TodoChange{user_id, type, todo->id, todo->done} to every all-users watcher,
 * then TodoEvent{type, todo} to every watcher of user_id, each in
 * registration order. Returns the number of watchers it was sent to. */
size_t todo_watch_broadcast(todo_watch_hub_t *h, const char *user_id, Todo__V1__EventType type,
                            const Todo__V1__Todo *todo);

/* True while at least one watcher of user_id (not an all-users one) is
 * registered. */
bool todo_watch_has(todo_watch_hub_t *h, const char *user_id);

/* Number of registered watchers (all users). */
size_t todo_watch_count(todo_watch_hub_t *h);

#endif
