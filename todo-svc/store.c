/* store: the handle behind store.h, and the choice of engine by --db. */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_backend.h"
#include "xalloc.h"

struct todo_store {
    const todo_store_engine_t *engine;
    struct todo_backend *b;
};

/* First match wins; SQLite takes every path, so it comes last. */
static const todo_store_engine_t *const engines[] = {
    &todo_pg_engine,
    &todo_sqlite_engine,
};

static const todo_store_engine_t *engine_for(const char *db)
{
    for (size_t i = 0; i < sizeof engines / sizeof engines[0]; i++)
        if (engines[i]->accepts(db))
            return engines[i];
    return NULL;
}

todo_store_t *todo_store__create_version(const char *db, int version, tc_status_t *st)
{
    if (!db || !*db) {
        tc_status_set(st, TC_EINVAL, "db: must not be empty");
        return NULL;
    }
    const todo_store_engine_t *e = engine_for(db);
    if (!e) {
        tc_status_set(st, TC_EINVAL, "db: not a database this build supports");
        return NULL;
    }
    struct todo_backend *b = e->open(db, version, st);
    if (!b)
        return NULL;
    todo_store_t *s = xcalloc(1, sizeof *s);
    s->engine = e;
    s->b = b;
    return s;
}

todo_store_t *todo_store_create(const char *db, tc_status_t *st)
{
    const todo_store_engine_t *e = db && *db ? engine_for(db) : NULL;
    return todo_store__create_version(db, e ? e->latest_version : 0, st);
}

/* Appends the n bytes at s to out (of cap, used *len), NUL-terminated. */
static void put(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
    if (*len + 1 >= cap)
        return;
    if (n > cap - 1 - *len)
        n = cap - 1 - *len;
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
}

void todo_store_redact(const char *db, char *out, size_t cap)
{
    if (cap == 0)
        return;
    size_t len = 0;
    out[0] = '\0';
    const char *auth = strstr(db, "://");
    const char *end = auth ? auth + 3 + strcspn(auth + 3, "/?") : db;
    const char *at = NULL;
    for (const char *p = auth ? auth + 3 : end; p < end; p++)
        if (*p == '@')
            at = p;
    const char *colon = at ? memchr(auth + 3, ':', (size_t)(at - auth - 3)) : NULL;
    const char *p = db;
    if (colon) { /* user:PASSWORD@ */
        put(out, cap, &len, p, (size_t)(colon + 1 - p));
        put(out, cap, &len, "***", 3);
        p = at;
    }
    for (const char *q; (q = strstr(p, "password=")) != NULL; p = q + strcspn(q, "& ")) {
        q += strlen("password=");
        put(out, cap, &len, p, (size_t)(q - p));
        put(out, cap, &len, "***", 3);
    }
    put(out, cap, &len, p, strlen(p));
}

void todo_store_destroy(todo_store_t *s)
{
    if (!s)
        return;
    s->engine->ops->destroy(s->b);
    free(s);
}

void todo_store_set_listener(todo_store_t *s, todo_store_listener_fn fn, void *ctx)
{
    s->engine->ops->set_listener(s->b, fn, ctx);
}

int todo_store_schema_version(todo_store_t *s)
{
    return s->engine->ops->schema_version(s->b);
}

int todo_store_latest_version(todo_store_t *s)
{
    return s->engine->latest_version;
}

bool todo_store__is_shared(todo_store_t *s)
{
    return s->engine->ops->is_shared(s->b);
}

int todo_store_create_todo(todo_store_t *s, const char *user_id, const Todo__V1__Todo *in,
                           const char *request_id, int64_t now_ms, const todo_alloc_t *a,
                           Todo__V1__Todo **out, bool *replayed, tc_status_t *st)
{
    return s->engine->ops->create_todo(s->b, user_id, in, request_id, now_ms, a, out, replayed, st);
}

int todo_store_get_todo(todo_store_t *s, const char *user_id, const char *id, const todo_alloc_t *a,
                        Todo__V1__Todo **out, tc_status_t *st)
{
    return s->engine->ops->get_todo(s->b, user_id, id, a, out, st);
}

int todo_store_list_todos(todo_store_t *s, const char *user_id, const todo_query_t *q,
                          const todo_alloc_t *a, todo_page_t *page, tc_status_t *st)
{
    return s->engine->ops->list_todos(s->b, user_id, q, a, page, st);
}

int todo_store_update_todo(todo_store_t *s, const char *user_id, const Todo__V1__Todo *patch,
                           unsigned fields, int64_t now_ms, const todo_alloc_t *a,
                           Todo__V1__Todo **out, tc_status_t *st)
{
    return s->engine->ops->update_todo(s->b, user_id, patch, fields, now_ms, a, out, st);
}

int todo_store_delete_todo(todo_store_t *s, const char *user_id, const char *id,
                           const todo_alloc_t *a, Todo__V1__Todo **old, tc_status_t *st)
{
    return s->engine->ops->delete_todo(s->b, user_id, id, a, old, st);
}

int todo_store_next_reminder(todo_store_t *s, int64_t now_ms, int64_t *when_ms, tc_status_t *st)
{
    return s->engine->ops->next_reminder(s->b, now_ms, when_ms, st);
}

int todo_store_claim_reminders(todo_store_t *s, int64_t now_ms, todo_store_wanted_fn wanted,
                               void *ctx, size_t *claimed, tc_status_t *st)
{
    return s->engine->ops->claim_reminders(s->b, now_ms, wanted, ctx, claimed, st);
}

int todo_store_scan_todos(todo_store_t *s, int64_t after, size_t max, const todo_alloc_t *a,
                          todo_store_record_t **out, size_t *n, tc_status_t *st)
{
    return s->engine->ops->scan_todos(s->b, after, max, a, out, n, st);
}

int todo_store_scan_requests(todo_store_t *s, const todo_store_request_t *after, size_t max,
                             const todo_alloc_t *a, todo_store_request_t **out, size_t *n,
                             tc_status_t *st)
{
    return s->engine->ops->scan_requests(s->b, after, max, a, out, n, st);
}

int todo_store_put_todo(todo_store_t *s, const todo_store_record_t *r, const todo_alloc_t *a,
                        bool *skipped, tc_status_t *st)
{
    *skipped = false;
    return s->engine->ops->put_todo(s->b, r, a, skipped, st);
}

int todo_store_put_request(todo_store_t *s, const todo_store_request_t *r, const todo_alloc_t *a,
                           bool *skipped, tc_status_t *st)
{
    *skipped = false;
    return s->engine->ops->put_request(s->b, r, a, skipped, st);
}

bool todo_store_is_sqlite_file(const char *db)
{
    return db && *db && engine_for(db) == &todo_sqlite_engine && strcmp(db, ":memory:") != 0;
}
