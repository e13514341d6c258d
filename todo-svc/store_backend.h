/* store_backend: what an engine implements to sit behind store.h.
 *
 * store.c owns the todo_store_t handle and picks the engine from the --db
 * value; each engine (store_sqlite.c, store_pg.c) keeps its state in its own
 * `struct todo_backend`, which only that engine's file defines, and fills
 * one todo_store_ops_t. Every operation has exactly the contract of the
 * store.h function of the same name. */
#ifndef TODO_STORE_BACKEND_H
#define TODO_STORE_BACKEND_H

#include "store.h"

struct todo_backend;

typedef struct todo_store_ops {
    void (*destroy)(struct todo_backend *b);
    void (*set_listener)(struct todo_backend *b, todo_store_listener_fn fn, void *ctx);
    int (*schema_version)(struct todo_backend *b);
    bool (*is_shared)(struct todo_backend *b);
    int (*create_todo)(struct todo_backend *b, const char *user_id, const Todo__V1__Todo *in,
                       const char *request_id, int64_t now_ms, const todo_alloc_t *a,
                       Todo__V1__Todo **out, bool *replayed, tc_status_t *st);
    int (*get_todo)(struct todo_backend *b, const char *user_id, const char *id,
                    const todo_alloc_t *a, Todo__V1__Todo **out, tc_status_t *st);
    int (*list_todos)(struct todo_backend *b, const char *user_id, const todo_query_t *q,
                      const todo_alloc_t *a, todo_page_t *page, tc_status_t *st);
    int (*update_todo)(struct todo_backend *b, const char *user_id, const Todo__V1__Todo *patch,
                       unsigned fields, int64_t now_ms, const todo_alloc_t *a, Todo__V1__Todo **out,
                       tc_status_t *st);
    int (*delete_todo)(struct todo_backend *b, const char *user_id, const char *id,
                       const todo_alloc_t *a, Todo__V1__Todo **old, tc_status_t *st);
    int (*next_reminder)(struct todo_backend *b, int64_t now_ms, int64_t *when_ms, tc_status_t *st);
    int (*claim_reminders)(struct todo_backend *b, int64_t now_ms, todo_store_wanted_fn wanted,
                           void *ctx, size_t *claimed, tc_status_t *st);
    /* Copying a store (store.h, "copying a whole store"): each engine reads
     * and writes its rows with its own row code (store_rec.h converts the
     * series bookkeeping). */
    int (*scan_todos)(struct todo_backend *b, int64_t after, size_t max, const todo_alloc_t *a,
                      todo_store_record_t **out, size_t *n, tc_status_t *st);
    int (*scan_requests)(struct todo_backend *b, const todo_store_request_t *after, size_t max,
                         const todo_alloc_t *a, todo_store_request_t **out, size_t *n,
                         tc_status_t *st);
    int (*put_todo)(struct todo_backend *b, const todo_store_record_t *r, const todo_alloc_t *a,
                    bool *skipped, tc_status_t *st);
    int (*put_request)(struct todo_backend *b, const todo_store_request_t *r, const todo_alloc_t *a,
                       bool *skipped, tc_status_t *st);
} todo_store_ops_t;

/* An engine: which --db values it takes, how to open one, and its ops.
 * open migrates up to version (1..latest); NULL with st set on failure. */
typedef struct todo_store_engine {
    const char *name;
    bool (*accepts)(const char *db);
    struct todo_backend *(*open)(const char *db, int version, tc_status_t *st);
    int latest_version;
    const todo_store_ops_t *ops;
} todo_store_engine_t;

extern const todo_store_engine_t todo_sqlite_engine;
extern const todo_store_engine_t todo_pg_engine; /* postgresql:// and postgres:// URIs */

#endif
