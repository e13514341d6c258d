/* todo_service: request -> validate -> store -> response, one function per
 * RPC; errors carry the TC code and field-naming message from validate or
 * the store, and the RPC layer maps them to gRPC status (and logs the
 * server-side ones). */
#include "todo_service.h"

#include <stdlib.h>
#include <string.h>

#include "google/protobuf/empty.pb-c.h"
#include "metrics.h"
#include "reminders.h"
#include "timeutil.h"
#include "todo/v1/todo.pb-c.h"
#include "validate.h"
#include "watch_hub.h"
#include "xalloc.h"

#define WATCHERS_GAUGE "todo_watch_streams"

struct todo_service {
    todo_store_t *store;
    todo_watch_hub_t *hub;
    todo_reminders_t *reminders;
    rpc_method_t methods[8];
};

/* One WatchTodos call: lives from the handler until its close callback. */
typedef struct watch {
    todo_service_t *svc;
    rpc_stream_t *stream;
    todo_watcher_t *watcher;
} watch_t;

static void *call_alloc(void *ctx, size_t n)
{
    return rpc_call_alloc(ctx, n);
}

static todo_alloc_t alloc_of(rpc_call_t *call)
{
    return (todo_alloc_t){.alloc = call_alloc, .ctx = call};
}

static int h_create(void *ctx, rpc_call_t *call, const ProtobufCMessage *m, ProtobufCMessage **resp,
                    tc_status_t *st)
{
    todo_service_t *svc = ctx;
    const Todo__V1__CreateTodoRequest *req = (const Todo__V1__CreateTodoRequest *)m;
    todo_alloc_t a = alloc_of(call);
    Todo__V1__Todo *in, *out;
    int rc = todo_validate_create(req, &a, &in, st);
    if (rc != 0)
        return rc;
    rc = todo_store_create_todo(svc->store, req->user_id, in, req->request_id, tc_now_ms(), &a,
                                &out, NULL, st);
    if (rc != 0)
        return rc;
    *resp = &out->base;
    return 0;
}

static int h_get(void *ctx, rpc_call_t *call, const ProtobufCMessage *m, ProtobufCMessage **resp,
                 tc_status_t *st)
{
    todo_service_t *svc = ctx;
    const Todo__V1__GetTodoRequest *req = (const Todo__V1__GetTodoRequest *)m;
    todo_alloc_t a = alloc_of(call);
    Todo__V1__Todo *out;
    int rc = todo_validate_user_id(req->user_id, st);
    if (rc == 0)
        rc = todo_validate_id(req->id, "id", st);
    if (rc == 0)
        rc = todo_store_get_todo(svc->store, req->user_id, req->id, &a, &out, st);
    if (rc == 0)
        *resp = &out->base;
    return rc;
}

static int h_list(void *ctx, rpc_call_t *call, const ProtobufCMessage *m, ProtobufCMessage **resp,
                  tc_status_t *st)
{
    todo_service_t *svc = ctx;
    const Todo__V1__ListTodosRequest *req = (const Todo__V1__ListTodosRequest *)m;
    todo_alloc_t a = alloc_of(call);
    todo_query_t q;
    int rc = todo_validate_list(req, &q, st);
    if (rc != 0)
        return rc;
    todo_page_t page;
    rc = todo_store_list_todos(svc->store, req->user_id, &q, &a, &page, st);
    if (rc != 0)
        return rc;
    Todo__V1__ListTodosResponse *out = rpc_call_alloc(call, sizeof *out);
    todo__v1__list_todos_response__init(out);
    out->todos = page.todos;
    out->n_todos = page.n;
    out->next_page_token = page.next_page_token;
    *resp = &out->base;
    return 0;
}

static int h_update(void *ctx, rpc_call_t *call, const ProtobufCMessage *m, ProtobufCMessage **resp,
                    tc_status_t *st)
{
    todo_service_t *svc = ctx;
    const Todo__V1__UpdateTodoRequest *req = (const Todo__V1__UpdateTodoRequest *)m;
    todo_alloc_t a = alloc_of(call);
    Todo__V1__Todo *patch, *out;
    unsigned fields;
    int rc = todo_validate_update(req, &a, &patch, &fields, st);
    if (rc != 0)
        return rc;
    rc = todo_store_update_todo(svc->store, req->user_id, patch, fields, tc_now_ms(), &a, &out, st);
    if (rc != 0)
        return rc;
    *resp = &out->base;
    return 0;
}

static int h_delete(void *ctx, rpc_call_t *call, const ProtobufCMessage *m, ProtobufCMessage **resp,
                    tc_status_t *st)
{
    todo_service_t *svc = ctx;
    const Todo__V1__DeleteTodoRequest *req = (const Todo__V1__DeleteTodoRequest *)m;
    todo_alloc_t a = alloc_of(call);
    int rc = todo_validate_user_id(req->user_id, st);
    if (rc == 0)
        rc = todo_validate_id(req->id, "id", st);
    if (rc == 0)
        rc = todo_store_delete_todo(svc->store, req->user_id, req->id, &a, NULL, st);
    if (rc != 0)
        return rc;
    Google__Protobuf__Empty *out = rpc_call_alloc(call, sizeof *out);
    google__protobuf__empty__init(out);
    *resp = &out->base;
    return 0;
}

static void watch_closed(void *data)
{
    watch_t *w = data;
    todo_watch_remove(w->svc->hub, w->watcher);
    tc_metrics_gauge_add(WATCHERS_GAUGE, NULL, -1);
    rpc_stream_finish(w->stream, TC_ECANCELLED, NULL);
    free(w);
}

/* Registers stream as a watcher of user_id (NULL: of every user) until the
 * client goes; first (when not NULL) goes out after the registration, so a
 * client that waits for it misses no change committed after that. */
static void watch_start(todo_service_t *svc, rpc_stream_t *stream, const char *user_id,
                        const ProtobufCMessage *first)
{
    watch_t *w = xcalloc(1, sizeof *w);
    w->svc = svc;
    w->stream = stream;
    /* Events flow from here on; the close callback runs only after the
     * handler has returned, so w is complete by then. */
    w->watcher =
        user_id ? todo_watch_add(svc->hub, user_id, stream) : todo_watch_add_all(svc->hub, stream);
    tc_metrics_gauge_add(WATCHERS_GAUGE, NULL, 1);
    /* Reminders that fell due while this user had no stream go out now. */
    if (user_id)
        todo_reminders_kick(svc->reminders);
    if (first)
        rpc_stream_send(stream, first);
    rpc_stream_on_close(stream, watch_closed, w);
}

static int h_watch(void *ctx, rpc_call_t *call, const ProtobufCMessage *m, rpc_stream_t *stream,
                   tc_status_t *st)
{
    (void)call;
    const Todo__V1__WatchTodosRequest *req = (const Todo__V1__WatchTodosRequest *)m;
    int rc = todo_validate_user_id(req->user_id, st);
    if (rc == 0)
        watch_start(ctx, stream, req->user_id, NULL);
    return rc;
}

/* WatchChanges: an all-users watcher; its first message (empty user_id) says
 * it is live. */
static int h_watch_changes(void *ctx, rpc_call_t *call, const ProtobufCMessage *m,
                           rpc_stream_t *stream, tc_status_t *st)
{
    (void)call;
    (void)m;
    (void)st;
    Todo__V1__TodoChange live = TODO__V1__TODO_CHANGE__INIT;
    watch_start(ctx, stream, NULL, &live.base);
    return 0;
}

static int hub_send(void *sink, const ProtobufCMessage *msg)
{
    return rpc_stream_send(sink, msg);
}

static void on_change(void *ctx, const char *user_id, Todo__V1__EventType type,
                      const Todo__V1__Todo *todo)
{
    todo_service_t *svc = ctx;
    todo_watch_broadcast(svc->hub, user_id, type, todo);
    /* A new or changed reminder may be earlier than the timer's. */
    if (todo->remind_at && type != TODO__V1__EVENT_TYPE__EVENT_REMINDER && svc->reminders)
        todo_reminders_kick(svc->reminders);
}

static bool user_listens(void *ctx, const char *user_id)
{
    todo_service_t *svc = ctx;
    return todo_watch_has(svc->hub, user_id);
}

todo_service_t *todo_service_create(todo_store_t *store)
{
    todo_service_t *svc = xcalloc(1, sizeof *svc);
    svc->store = store;
    svc->hub = todo_watch_hub_create(hub_send);
    todo_store_set_listener(store, on_change, svc);
    svc->reminders = todo_reminders_create(store, user_listens, svc);
    tc_metrics_describe(WATCHERS_GAUGE, "gauge", "Open WatchTodos and WatchChanges streams.");
    tc_metrics_gauge_set(WATCHERS_GAUGE, NULL, 0);
    return svc;
}

void todo_service_destroy(todo_service_t *svc)
{
    if (!svc)
        return;
    todo_reminders_t *r = svc->reminders;
    todo_store_set_listener(svc->store, NULL, NULL);
    svc->reminders = NULL;
    todo_reminders_destroy(r);
    todo_watch_hub_destroy(svc->hub);
    free(svc);
}

int todo_service_register(todo_service_t *svc, rpc_server_t *server)
{
    static const struct {
        const char *name;
        rpc_method_t m;
    } table[] = {
        {"CreateTodo", {.kind = RPC_UNARY, .unary = h_create}},
        {"GetTodo", {.kind = RPC_UNARY, .unary = h_get}},
        {"ListTodos", {.kind = RPC_UNARY, .unary = h_list}},
        {"UpdateTodo", {.kind = RPC_UNARY, .unary = h_update}},
        {"DeleteTodo", {.kind = RPC_UNARY, .unary = h_delete}},
        {"WatchTodos", {.kind = RPC_SERVER_STREAMING, .stream = h_watch}},
        {"WatchChanges", {.kind = RPC_SERVER_STREAMING, .stream = h_watch_changes}},
    };
    const ProtobufCServiceDescriptor *d = &todo__v1__todo_service__descriptor;
    if (d->n_methods > sizeof svc->methods / sizeof svc->methods[0])
        return TC_EINVAL;
    /* The layer wants descriptor order; match by name so the table above
     * cannot drift from the proto. */
    for (unsigned i = 0; i < d->n_methods; i++) {
        bool found = false;
        for (size_t k = 0; k < sizeof table / sizeof table[0] && !found; k++)
            if (strcmp(d->methods[i].name, table[k].name) == 0) {
                svc->methods[i] = table[k].m;
                found = true;
            }
        if (!found)
            return TC_EINVAL;
    }
    return rpc_server_add_service(server, d, svc->methods, svc);
}

size_t todo_service_watchers(todo_service_t *svc)
{
    return todo_watch_count(svc->hub);
}
