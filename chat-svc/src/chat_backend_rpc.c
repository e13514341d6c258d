/* chat_backend_rpc: todo-svc over gRPC. Responses are unpacked straight into
 * the turn allocator. List pages may come
 * from a todo_cache (packed ListTodosResponse per user, status and page
 * token), kept coherent by todo-svc's WatchChanges and by our own writes. */
#include "chat_backend_rpc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "todo_cache_follower.h"
#include "chat_pb.h"
#include "todo_cache.h"
#include "google/protobuf/empty.pb-c.h"
#include "google/protobuf/field_mask.pb-c.h"
#include "timeutil.h"
#include "xalloc.h"

#define RPC_PAGE CHAT_BACKEND_PAGE_MAX

struct chat_backend_rpc {
    rpc_client_t *client;
    todo_cache_t *cache; /* NULL: no cache */
    todo_cache_follower_t *follower;
};

static const char *const rpc_idempotent[] = {"GetTodo", "ListTodos", "CreateTodo", "UpdateTodo",
                                             NULL};

chat_backend_rpc_t *chat_backend_rpc_create(const char *target, size_t cache_bytes, tc_status_t *st)
{
    rpc_client_t *c =
        rpc_client_create(target, &todo__v1__todo_service__descriptor, rpc_idempotent, st);
    if (!c)
        return NULL;
    chat_backend_rpc_t *b = xcalloc(1, sizeof *b);
    b->client = c;
    if (cache_bytes > 0) {
        b->cache = todo_cache_create(cache_bytes, "chat_list_cache_lookups_total");
        b->follower = todo_cache_follower_start(c, b->cache);
    }
    return b;
}

void chat_backend_rpc_destroy(chat_backend_rpc_t *b)
{
    if (!b)
        return;
    todo_cache_follower_stop(b->follower);
    rpc_client_destroy(b->client);
    todo_cache_destroy(b->cache);
    free(b);
}

int chat_backend_rpc_health(chat_backend_rpc_t *b, int deadline_ms, tc_status_t *st)
{
    return rpc_client_health_check(b->client, "", deadline_ms, st);
}

/* Milliseconds left for one call, or TC_EDEADLINE when none are. */
static int rpc_budget(const chat_call_t *call, int *ms, tc_status_t *st)
{
    if (call->deadline_ms == INT64_MAX) {
        *ms = CHAT_BACKEND_RPC_DEFAULT_MS;
        return 0;
    }
    int64_t left = call->deadline_ms - tc_mono_ms();
    if (left <= 0)
        return tc_status_set(st, TC_EDEADLINE, "deadline exceeded before calling todo-svc");
    *ms = left > 600000 ? 600000 : (int)left;
    return 0;
}

/* One call by fn (rpc_client_call_into, or rpc_client_call_remove for a
 * delete: rpc_client.h says how each is retried on another replica). */
static int rpc_do_by(rpc_client_call_fn fn, chat_backend_rpc_t *b, const chat_call_t *call,
                     const char *method, const ProtobufCMessage *req, ProtobufCMessage **out,
                     tc_status_t *st)
{
    int ms = 0;
    int rc = rpc_budget(call, &ms, st);
    if (rc)
        return rc;
    /* unpacked straight into the turn's memory: nothing to copy or free */
    return fn(b->client, method, req, call->mem, out, ms, st);
}

static int rpc_do(chat_backend_rpc_t *b, const chat_call_t *call, const char *method,
                  const ProtobufCMessage *req, ProtobufCMessage **out, tc_status_t *st)
{
    return rpc_do_by(rpc_client_call_into, b, call, method, req, out, st);
}

/* A fresh random request_id, so a retry of this very call by rpc_client
 * cannot create twice. */
static int random_request_id(char rid[33], tc_status_t *st)
{
    unsigned char rnd[16];
    if (RAND_bytes(rnd, sizeof rnd) != 1)
        return tc_status_set(st, TC_EINTERNAL, "no randomness for request_id");
    for (size_t i = 0; i < sizeof rnd; i++)
        snprintf(rid + 2 * i, 3, "%02x", rnd[i]);
    return 0;
}

static int rpc_create(void *self, const chat_call_t *call, const Todo__V1__Todo *todo,
                      const char *request_id, Todo__V1__Todo **out, tc_status_t *st)
{
    Todo__V1__CreateTodoRequest req = TODO__V1__CREATE_TODO_REQUEST__INIT;
    char rid[33];
    if (!request_id || !*request_id) {
        int rc = random_request_id(rid, st);
        if (rc)
            return rc;
        request_id = rid;
    }
    req.user_id = (char *)call->user_id;
    req.todo = (Todo__V1__Todo *)todo;
    req.request_id = (char *)request_id;
    ProtobufCMessage *resp;
    int rc = rpc_do(self, call, "CreateTodo", &req.base, &resp, st);
    if (!rc)
        *out = (Todo__V1__Todo *)resp;
    /* before the turn goes on: it must read its own write */
    chat_backend_rpc_t *b = self;
    todo_cache_invalidate(b->cache, call->user_id,
                          rc             ? TODO_CACHE_ALL
                          : (*out)->done ? TODO_CACHE_DONE
                                         : TODO_CACHE_OPEN);
    return rc;
}

static int rpc_get(void *self, const chat_call_t *call, const char *id, Todo__V1__Todo **out,
                   tc_status_t *st)
{
    Todo__V1__GetTodoRequest req = TODO__V1__GET_TODO_REQUEST__INIT;
    req.user_id = (char *)call->user_id;
    req.id = (char *)id;
    ProtobufCMessage *resp;
    int rc = rpc_do(self, call, "GetTodo", &req.base, &resp, st);
    if (!rc)
        *out = (Todo__V1__Todo *)resp;
    return rc;
}

/* One page of ListTodos, unpacked into the turn allocator: from the cache
 * when it has the page, else from todo-svc (and then into the cache). */
static int list_page(chat_backend_rpc_t *b, const chat_call_t *call,
                     const Todo__V1__ListTodosRequest *req, Todo__V1__ListTodosResponse **out,
                     tc_status_t *st)
{
    /* every field that shapes the page; the query length-prefixed so no
       query can pass for another */
    size_t ql = strlen(req->query), kl = ql + strlen(req->page_token) + strlen(req->order_by) + 128;
    char *key = call->mem->alloc(call->mem->allocator_data, kl);
    snprintf(key, kl, "%d|%u|%s|%lld|%lld|%zu:%s|%s", (int)req->status, (unsigned)req->page_size,
             req->order_by, req->due_before ? (long long)req->due_before->seconds : 0LL,
             req->due_after ? (long long)req->due_after->seconds : 0LL, ql, req->query,
             req->page_token);
    char *bytes = NULL;
    size_t len = 0;
    if (todo_cache_get(b->cache, call->user_id, key, &bytes, &len)) {
        *out = todo__v1__list_todos_response__unpack(call->mem, len, (const uint8_t *)bytes);
        free(bytes);
        if (!*out)
            return tc_status_set(st, TC_EINTERNAL, "cached ListTodos page unreadable");
        return 0;
    }
    uint64_t ticket = b->cache ? todo_cache_ticket(b->cache, call->user_id) : 0;
    ProtobufCMessage *resp;
    int rc = rpc_do(b, call, "ListTodos", &req->base, &resp, st);
    if (rc)
        return rc;
    if (b->cache) {
        len = protobuf_c_message_get_packed_size(resp);
        bytes = xmalloc(len ? len : 1);
        protobuf_c_message_pack(resp, (uint8_t *)bytes);
        todo_cache_put(b->cache, call->user_id, key, todo_cache_follower_status_kinds(req->status),
                       ticket, bytes, len);
        free(bytes);
    }
    *out = (Todo__V1__ListTodosResponse *)resp;
    return 0;
}

/* A Timestamp of unix seconds in the call's memory; NULL for 0 (none). */
static Google__Protobuf__Timestamp *ts_of(const chat_call_t *call, int64_t secs)
{
    if (!secs)
        return NULL;
    Google__Protobuf__Timestamp *ts = call->mem->alloc(call->mem->allocator_data, sizeof *ts);
    google__protobuf__timestamp__init(ts);
    ts->seconds = secs;
    return ts;
}

static int rpc_list(void *self, const chat_call_t *call, const chat_list_query_t *q,
                    Todo__V1__Todo ***out, size_t *n, char **next, tc_status_t *st)
{
    Todo__V1__ListTodosRequest req = TODO__V1__LIST_TODOS_REQUEST__INIT;
    req.user_id = (char *)call->user_id;
    req.page_size = (int32_t)(q->page_size < RPC_PAGE ? q->page_size : RPC_PAGE);
    req.page_token = (char *)(q->page_token ? q->page_token : "");
    req.status = q->status;
    req.query = (char *)(q->query ? q->query : "");
    req.order_by = (char *)(q->order_by ? q->order_by : "");
    req.due_before = ts_of(call, q->due_before);
    req.due_after = ts_of(call, q->due_after);
    Todo__V1__ListTodosResponse *resp;
    int rc = list_page(self, call, &req, &resp, st);
    if (rc)
        return rc;
    *out = resp->todos;
    *n = resp->n_todos;
    *next = resp->next_page_token ? resp->next_page_token : (char *)"";
    return 0;
}

static int rpc_update(void *self, const chat_call_t *call, const Todo__V1__Todo *todo,
                      const char *const *paths, size_t n_paths, Todo__V1__Todo **out,
                      tc_status_t *st)
{
    Todo__V1__UpdateTodoRequest req = TODO__V1__UPDATE_TODO_REQUEST__INIT;
    Google__Protobuf__FieldMask mask = GOOGLE__PROTOBUF__FIELD_MASK__INIT;
    mask.paths = (char **)paths;
    mask.n_paths = n_paths;
    req.user_id = (char *)call->user_id;
    req.todo = (Todo__V1__Todo *)todo;
    req.update_mask = &mask;
    ProtobufCMessage *resp;
    int rc = rpc_do(self, call, "UpdateTodo", &req.base, &resp, st);
    if (!rc)
        *out = (Todo__V1__Todo *)resp;
    todo_cache_invalidate(((chat_backend_rpc_t *)self)->cache, call->user_id, TODO_CACHE_ALL);
    return rc;
}

static int rpc_remove(void *self, const chat_call_t *call, const char *id, tc_status_t *st)
{
    Todo__V1__DeleteTodoRequest req = TODO__V1__DELETE_TODO_REQUEST__INIT;
    req.user_id = (char *)call->user_id;
    req.id = (char *)id;
    ProtobufCMessage *resp;
    int rc = rpc_do_by(rpc_client_call_remove, self, call, "DeleteTodo", &req.base, &resp, st);
    todo_cache_invalidate(((chat_backend_rpc_t *)self)->cache, call->user_id, TODO_CACHE_ALL);
    return rc;
}

chat_backend_t chat_backend_rpc_backend(chat_backend_rpc_t *b)
{
    chat_backend_t t = {b, rpc_create, rpc_get, rpc_list, rpc_update, rpc_remove};
    return t;
}
