/* libFuzzer target: arbitrary bytes as todo.v1 requests through validation
 * and the store, as the service handlers run them. The first byte picks the
 * RPC, the rest is the protobuf request. Checks what a user would notice:
 * a valid create reads back as stored, nobody else can read it, and a list
 * only ever returns the caller's todos. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pb_check.h"
#include "store.h"
#include "test_alloc.h"
#include "validate.h"

static todo_store_t *store;
static unsigned runs;

static void check(int cond)
{
    if (!cond)
        abort();
}

/* Unpacks as the RPC layer does: strings with NUL bytes or bad UTF-8 never
 * reach a handler (lib/rpc/rpc_server.c refuses them), so they don't reach the
 * store here either. */
static void *unpack(const ProtobufCMessageDescriptor *desc, const uint8_t *d, size_t n)
{
    char err[256];
    if (tc_pb_check_strings(desc, d, n, err, sizeof err) != 0)
        return NULL;
    return protobuf_c_message_unpack(desc, NULL, n, d);
}

static void do_create(const uint8_t *d, size_t n, const todo_alloc_t *a)
{
    Todo__V1__CreateTodoRequest *req = unpack(&todo__v1__create_todo_request__descriptor, d, n);
    if (!req)
        return;
    Todo__V1__Todo *in, *out, *got;
    tc_status_t st = {0};
    if (todo_validate_create(req, a, &in, &st) != 0) {
        check(st.code == TC_EINVAL && st.message[0]);
    } else if (todo_store_create_todo(store, req->user_id, in, req->request_id, 1000, a, &out, NULL,
                                      &st) == 0) {
        check(todo_store_get_todo(store, req->user_id, out->id, a, &got, &st) == 0);
        check(strcmp(got->title, out->title) == 0 && strcmp(got->notes, out->notes) == 0);
        check(got->n_tags == out->n_tags);
        check(todo_store_get_todo(store, "\x01other", out->id, a, &got, &st) == TC_ENOTFOUND);
    }
    todo__v1__create_todo_request__free_unpacked(req, NULL);
}

static void do_update(const uint8_t *d, size_t n, const todo_alloc_t *a)
{
    Todo__V1__UpdateTodoRequest *req = unpack(&todo__v1__update_todo_request__descriptor, d, n);
    if (!req)
        return;
    Todo__V1__Todo *patch, *out;
    unsigned fields;
    tc_status_t st = {0};
    if (todo_validate_update(req, a, &patch, &fields, &st) == 0) {
        int rc = todo_store_update_todo(store, req->user_id, patch, fields, 2000, a, &out, &st);
        check(rc == 0 || rc == TC_ENOTFOUND);
        if (rc == 0)
            check(!out->done == !out->completed_at);
    }
    todo__v1__update_todo_request__free_unpacked(req, NULL);
}

static void do_list(const uint8_t *d, size_t n, const todo_alloc_t *a)
{
    Todo__V1__ListTodosRequest *req = unpack(&todo__v1__list_todos_request__descriptor, d, n);
    if (!req)
        return;
    todo_query_t q;
    todo_page_t page;
    tc_status_t st = {0};
    if (todo_validate_list(req, &q, &st) == 0) {
        int rc = todo_store_list_todos(store, req->user_id, &q, a, &page, &st);
        check(rc == 0 || rc == TC_EINVAL);
        for (size_t i = 0; rc == 0 && i < page.n; i++) {
            Todo__V1__Todo *got;
            check(todo_store_get_todo(store, req->user_id, page.todos[i]->id, a, &got, &st) == 0);
        }
    }
    todo__v1__list_todos_request__free_unpacked(req, NULL);
}

static void do_delete(const uint8_t *d, size_t n, const todo_alloc_t *a)
{
    Todo__V1__DeleteTodoRequest *req = unpack(&todo__v1__delete_todo_request__descriptor, d, n);
    if (!req)
        return;
    tc_status_t st = {0};
    if (todo_validate_user_id(req->user_id, &st) == 0 &&
        todo_validate_id(req->id, "id", &st) == 0) {
        int rc = todo_store_delete_todo(store, req->user_id, req->id, a, NULL, &st);
        check(rc == 0 || rc == TC_ENOTFOUND);
    }
    todo__v1__delete_todo_request__free_unpacked(req, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* A fresh database now and then keeps memory bounded. */
    if (!store || ++runs % 5000 == 0) {
        todo_store_destroy(store);
        tc_status_t st = {0};
        store = todo_store_create(":memory:", &st);
        check(store != NULL);
    }
    test_pool_t pool;
    test_pool_init(&pool);
    switch (data[0] % 4) {
    case 0:
        do_create(data + 1, size - 1, &pool.alloc);
        break;
    case 1:
        do_update(data + 1, size - 1, &pool.alloc);
        break;
    case 2:
        do_list(data + 1, size - 1, &pool.alloc);
        break;
    default:
        do_delete(data + 1, size - 1, &pool.alloc);
        break;
    }
    test_pool_free(&pool);
    return 0;
}
