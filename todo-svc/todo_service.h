/* todo_service: the todo.v1.TodoService handlers over a store, plus the
 * watch hub that streams every committed change of a user to that user's
 * WatchTodos calls. */
#ifndef TODO_SERVICE_H
#define TODO_SERVICE_H

#include "rpc_server.h"
#include "store.h"

typedef struct todo_service todo_service_t;

/* New service over store (borrowed: it must outlive the service). Installs
 * itself as the store's change listener. Never NULL. */
todo_service_t *todo_service_create(todo_store_t *store);

/* Frees the service and removes the store listener. The server must be
 * shut down first (so no handler runs and every watch has closed). Accepts
 * NULL. */
void todo_service_destroy(todo_service_t *svc);

/* Registers todo.v1.TodoService with server. Call before rpc_server_start.
 * Returns 0 or TC_EINVAL. */
int todo_service_register(todo_service_t *svc, rpc_server_t *server);

/* Number of open WatchTodos streams. */
size_t todo_service_watchers(todo_service_t *svc);

#endif
