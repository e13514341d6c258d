/* chat_backend_mem: in-memory store. Todos are kept packed, in creation
 * order; reads unpack into the caller's turn allocator. Pages are keyed by
 * creation sequence, as todo-svc's are. */
#include "chat_backend_mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chat_pb.h"
#include "timeutil.h"
#include "xalloc.h"

typedef struct mem_entry {
    char *user;
    char *id;
    uint64_t seq;
    uint8_t *data;
    size_t len;
} mem_entry_t;

/* A create with a request_id: which todo it made. */
typedef struct mem_request {
    char *user;
    char *request_id;
    char *id;
} mem_request_t;

struct chat_backend_mem {
    mem_entry_t *e;
    size_t n, cap;
    mem_request_t *req;
    size_t n_req, cap_req;
    uint64_t next_id;
    bool down;
    int64_t clock_ms;
};

chat_backend_mem_t *chat_backend_mem_create(void)
{
    chat_backend_mem_t *m = xcalloc(1, sizeof *m);
    m->next_id = 1;
    return m;
}

void chat_backend_mem_destroy(chat_backend_mem_t *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->e[i].user);
        free(m->e[i].id);
        free(m->e[i].data);
    }
    for (size_t i = 0; i < m->n_req; i++) {
        free(m->req[i].user);
        free(m->req[i].request_id);
        free(m->req[i].id);
    }
    free(m->e);
    free(m->req);
    free(m);
}

void chat_backend_mem_set_down(chat_backend_mem_t *m, bool down)
{
    m->down = down;
}

void chat_backend_mem_set_clock(chat_backend_mem_t *m, int64_t now_ms)
{
    m->clock_ms = now_ms;
}

static int64_t mem_now_ms(const chat_backend_mem_t *m)
{
    return m->clock_ms ? m->clock_ms : tc_now_ms();
}

static void set_ts(Google__Protobuf__Timestamp *ts, int64_t ms)
{
    google__protobuf__timestamp__init(ts);
    tc_ts_from_ms(ts, ms);
}

static void store(mem_entry_t *e, const Todo__V1__Todo *t)
{
    free(e->data);
    e->len = protobuf_c_message_get_packed_size(&t->base);
    e->data = xmalloc(e->len ? e->len : 1);
    protobuf_c_message_pack(&t->base, e->data);
}

static Todo__V1__Todo *load(const mem_entry_t *e, ProtobufCAllocator *mem)
{
    return todo__v1__todo__unpack(mem, e->len, e->data);
}

static mem_entry_t *find(chat_backend_mem_t *m, const char *user, const char *id)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->e[i].user, user) == 0 && strcmp(m->e[i].id, id) == 0)
            return &m->e[i];
    return NULL;
}

static const mem_request_t *find_request(const chat_backend_mem_t *m, const char *user,
                                         const char *request_id)
{
    for (size_t i = 0; i < m->n_req; i++)
        if (!strcmp(m->req[i].user, user) && !strcmp(m->req[i].request_id, request_id))
            return &m->req[i];
    return NULL;
}

static void remember_request(chat_backend_mem_t *m, const char *user, const char *request_id,
                             const char *id)
{
    if (m->n_req == m->cap_req) {
        m->cap_req = m->cap_req ? m->cap_req * 2 : 8;
        m->req = xrealloc(m->req, m->cap_req * sizeof *m->req);
    }
    mem_request_t *r = &m->req[m->n_req++];
    r->user = xstrdup(user);
    r->request_id = xstrdup(request_id);
    r->id = xstrdup(id);
}

/* The stored copy of todo, with a new id and the create timestamps. */
static Todo__V1__Todo *new_todo(chat_backend_mem_t *m, const chat_call_t *call,
                                const Todo__V1__Todo *todo, uint64_t seq)
{
    Todo__V1__Todo *t = (Todo__V1__Todo *)chat_pb_copy(&todo->base, call->mem);
    char id[32];
    snprintf(id, sizeof id, "t%06llu", (unsigned long long)seq);
    t->id = chat_pb_strdup(call->mem, id);
    int64_t now = mem_now_ms(m);
    Google__Protobuf__Timestamp *c = call->mem->alloc(call->mem->allocator_data, 3 * sizeof *c);
    set_ts(&c[0], now);
    set_ts(&c[1], now);
    t->created_at = &c[0];
    t->updated_at = &c[1];
    t->completed_at = NULL;
    if (t->done) {
        set_ts(&c[2], now);
        t->completed_at = &c[2];
    }
    return t;
}

/* Stores a new todo made from todo; returns the stored copy (call->mem). */
static Todo__V1__Todo *mem_insert(chat_backend_mem_t *m, const chat_call_t *call,
                                  const Todo__V1__Todo *todo)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 16;
        m->e = xrealloc(m->e, m->cap * sizeof *m->e);
    }
    uint64_t seq = m->next_id++;
    Todo__V1__Todo *t = new_todo(m, call, todo, seq);
    mem_entry_t *e = &m->e[m->n++];
    memset(e, 0, sizeof *e);
    e->user = xstrdup(call->user_id);
    e->id = xstrdup(t->id);
    e->seq = seq;
    store(e, t);
    return t;
}

static int mem_create(void *self, const chat_call_t *call, const Todo__V1__Todo *todo,
                      const char *request_id, Todo__V1__Todo **out, tc_status_t *st)
{
    chat_backend_mem_t *m = self;
    if (m->down)
        return tc_status_set(st, TC_EUNAVAIL, "todo-svc: connection refused");
    if (!todo->title || !*todo->title)
        return tc_status_set(st, TC_EINVAL, "todo.title: must not be empty");
    const mem_request_t *r =
        request_id && *request_id ? find_request(m, call->user_id, request_id) : NULL;
    if (r) {
        mem_entry_t *first = find(m, call->user_id, r->id);
        if (!first)
            return tc_status_set(st, TC_ENOTFOUND,
                                 "request_id: the todo it created has been deleted");
        *out = load(first, call->mem);
        return 0;
    }
    Todo__V1__Todo *t = mem_insert(m, call, todo);
    if (request_id && *request_id)
        remember_request(m, call->user_id, request_id, t->id);
    *out = t;
    return 0;
}

static int mem_get(void *self, const chat_call_t *call, const char *id, Todo__V1__Todo **out,
                   tc_status_t *st)
{
    chat_backend_mem_t *m = self;
    if (m->down)
        return tc_status_set(st, TC_EUNAVAIL, "todo-svc: connection refused");
    mem_entry_t *e = find(m, call->user_id, id ? id : "");
    if (!e)
        return tc_status_set(st, TC_ENOTFOUND, "todo %s not found", id ? id : "");
    *out = load(e, call->mem);
    return 0;
}

/* todo-svc's query: a case-insensitive substring of title or notes. */
static bool mem_matches(const Todo__V1__Todo *t, const chat_list_query_t *q)
{
    if ((q->status == TODO__V1__STATUS_FILTER__STATUS_OPEN && t->done) ||
        (q->status == TODO__V1__STATUS_FILTER__STATUS_DONE && !t->done))
        return false;
    int64_t due = t->due ? t->due->seconds : 0;
    if ((q->due_before && (!t->due || due >= q->due_before)) ||
        (q->due_after && (!t->due || due < q->due_after)))
        return false;
    if (!q->query || !*q->query)
        return true;
    return (t->title && strcasestr(t->title, q->query)) ||
           (t->notes && strcasestr(t->notes, q->query));
}

/* Page token: "m" and the sequence number of the last todo returned. */
static int parse_token(const char *tok, uint64_t *after, tc_status_t *st)
{
    *after = 0;
    if (!tok || !*tok)
        return 0;
    char *end = NULL;
    if (tok[0] != 'm' || !tok[1] || (*after = strtoull(tok + 1, &end, 10), *end))
        return tc_status_set(st, TC_EINVAL, "page_token: not a token from ListTodos");
    return 0;
}

/* todo-svc's orders: "priority desc" (high first), "due" (none last),
 * "title" (case-insensitive); ties in creation order (the sort is stable
 * over creation-ordered input only through this tie-break on position). */
typedef struct mem_sorted {
    Todo__V1__Todo *t;
    size_t pos;
} mem_sorted_t;
static const char *mem_order; /* the order of the running qsort (single-threaded backend) */

static int mem_cmp(const void *a, const void *b)
{
    const mem_sorted_t *x = a, *y = b;
    int c = 0;
    if (!strcmp(mem_order, "priority desc")) {
        c = (int)y->t->priority - (int)x->t->priority;
    } else if (!strcmp(mem_order, "due")) {
        int64_t dx = x->t->due ? x->t->due->seconds : INT64_MAX;
        int64_t dy = y->t->due ? y->t->due->seconds : INT64_MAX;
        c = dx < dy ? -1 : dx > dy;
    } else if (!strcmp(mem_order, "title")) {
        c = strcasecmp(x->t->title ? x->t->title : "", y->t->title ? y->t->title : "");
    }
    return c ? c : (x->pos < y->pos ? -1 : x->pos > y->pos);
}

/* mem_list with an order_by: every match sorted, pages by offset ("s<N>"). */
static int mem_list_sorted(chat_backend_mem_t *m, const chat_call_t *call,
                           const chat_list_query_t *q, Todo__V1__Todo ***out, size_t *n,
                           char **next, tc_status_t *st)
{
    size_t from = 0;
    const char *tok = q->page_token;
    if (tok && *tok && (tok[0] != 's' || sscanf(tok + 1, "%zu", &from) != 1))
        return tc_status_set(st, TC_EINVAL, "page_token: not a token from ListTodos");
    mem_sorted_t *all = xmalloc((m->n + 1) * sizeof *all);
    size_t k = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (strcmp(m->e[i].user, call->user_id) != 0)
            continue;
        Todo__V1__Todo *t = load(&m->e[i], call->mem);
        if (mem_matches(t, q))
            all[k++] = (mem_sorted_t){t, i};
    }
    mem_order = q->order_by;
    qsort(all, k, sizeof *all, mem_cmp);
    size_t end = from + q->page_size < k ? from + q->page_size : k;
    Todo__V1__Todo **v =
        call->mem->alloc(call->mem->allocator_data, (q->page_size + 1) * sizeof *v);
    *n = 0;
    for (size_t i = from; i < end; i++)
        v[(*n)++] = all[i].t;
    free(all);
    char buf[32] = "";
    if (end < k)
        snprintf(buf, sizeof buf, "s%zu", end);
    *out = v;
    *next = chat_pb_strdup(call->mem, buf);
    return 0;
}

static int mem_list(void *self, const chat_call_t *call, const chat_list_query_t *q,
                    Todo__V1__Todo ***out, size_t *n, char **next, tc_status_t *st)
{
    chat_backend_mem_t *m = self;
    uint64_t after;
    if (m->down)
        return tc_status_set(st, TC_EUNAVAIL, "todo-svc: connection refused");
    if (q->page_size < 1 || q->page_size > CHAT_BACKEND_PAGE_MAX)
        return tc_status_set(st, TC_EINVAL, "page_size: must be 1-%d", CHAT_BACKEND_PAGE_MAX);
    if (q->order_by && *q->order_by)
        return mem_list_sorted(m, call, q, out, n, next, st);
    if (parse_token(q->page_token, &after, st))
        return TC_EINVAL;
    Todo__V1__Todo **v = call->mem->alloc(call->mem->allocator_data, q->page_size * sizeof *v);
    size_t k = 0;
    uint64_t last = 0;
    char tok[32] = "";
    for (size_t i = 0; i < m->n; i++) {
        if (m->e[i].seq <= after || strcmp(m->e[i].user, call->user_id) != 0)
            continue;
        Todo__V1__Todo *t = load(&m->e[i], call->mem);
        if (!mem_matches(t, q))
            continue;
        if (k == q->page_size) {
            snprintf(tok, sizeof tok, "m%llu", (unsigned long long)last);
            break;
        }
        v[k++] = t;
        last = m->e[i].seq;
    }
    *out = v;
    *n = k;
    *next = chat_pb_strdup(call->mem, tok);
    return 0;
}

/* The step of a FREQ=DAILY or FREQ=WEEKLY rule (INTERVAL honoured) in
 * seconds; 0 for any other rule. todo-svc expands every rule with libical;
 * this stand-in makes no next occurrence for the others. */
static int64_t mem_recur_step(const char *rule)
{
    int64_t unit = strstr(rule, "FREQ=DAILY") ? 86400 : strstr(rule, "FREQ=WEEKLY") ? 7 * 86400 : 0;
    const char *iv = strstr(rule, "INTERVAL=");
    long n = iv ? strtol(iv + 9, NULL, 10) : 1;
    return unit * (n > 0 ? n : 1);
}

static bool has_next(const Todo__V1__Todo *t)
{
    return t->next_occurrence_id && t->next_occurrence_id[0];
}

/* Google__Protobuf__Timestamp ts moved by secs, in call->mem; NULL stays. */
static Google__Protobuf__Timestamp *moved(const chat_call_t *call,
                                          const Google__Protobuf__Timestamp *ts, int64_t secs)
{
    if (!ts)
        return NULL;
    Google__Protobuf__Timestamp *c = call->mem->alloc(call->mem->allocator_data, sizeof *c);
    *c = *ts;
    c->seconds += secs;
    return c;
}

/* t was just completed: as todo-svc does, its next occurrence is made once
 * (same fields, open, due and remind_at one step later, created when t was
 * completed) and named by t->next_occurrence_id. */
static void mem_spawn_next(chat_backend_mem_t *m, const chat_call_t *call, Todo__V1__Todo *t)
{
    int64_t step = t->recurrence && t->due ? mem_recur_step(t->recurrence) : 0;
    if (!step || has_next(t))
        return;
    Todo__V1__Todo n = *t;
    n.done = false;
    n.completed_at = n.reminded_at = NULL;
    n.next_occurrence_id = (char *)"";
    n.due = moved(call, t->due, step);
    n.remind_at = moved(call, t->remind_at, step);
    t->next_occurrence_id = mem_insert(m, call, &n)->id;
}

/* gone, about to be deleted: when it is a next occurrence still open and
 * unchanged, the open todo that made it may make one again (todo-svc's
 * rule). */
static void mem_rearm(chat_backend_mem_t *m, const chat_call_t *call, const Todo__V1__Todo *gone)
{
    if (gone->done || !gone->recurrence || !gone->recurrence[0] || !gone->created_at ||
        !gone->updated_at || gone->created_at->seconds != gone->updated_at->seconds ||
        gone->created_at->nanos != gone->updated_at->nanos)
        return;
    for (size_t i = 0; i < m->n; i++) {
        if (strcmp(m->e[i].user, call->user_id) != 0)
            continue;
        Todo__V1__Todo *t = load(&m->e[i], call->mem);
        if (!t->done && has_next(t) && !strcmp(t->next_occurrence_id, gone->id)) {
            t->next_occurrence_id = (char *)"";
            store(&m->e[i], t);
        }
    }
}

static int mem_update(void *self, const chat_call_t *call, const Todo__V1__Todo *todo,
                      const char *const *paths, size_t n_paths, Todo__V1__Todo **out,
                      tc_status_t *st)
{
    chat_backend_mem_t *m = self;
    if (m->down)
        return tc_status_set(st, TC_EUNAVAIL, "todo-svc: connection refused");
    if (n_paths == 0)
        return tc_status_set(st, TC_EINVAL, "update_mask: must not be empty");
    mem_entry_t *e = find(m, call->user_id, todo->id ? todo->id : "");
    if (!e)
        return tc_status_set(st, TC_ENOTFOUND, "todo %s not found", todo->id);
    Todo__V1__Todo *t = load(e, call->mem);
    int64_t now = mem_now_ms(m);
    bool was_done = t->done;
    for (size_t i = 0; i < n_paths; i++) {
        const char *p = paths[i];
        if (!strcmp(p, "title")) {
            if (!todo->title || !*todo->title)
                return tc_status_set(st, TC_EINVAL, "todo.title: must not be empty");
            t->title = todo->title;
        } else if (!strcmp(p, "notes")) {
            t->notes = todo->notes;
        } else if (!strcmp(p, "done")) {
            if (todo->done && !t->done) {
                Google__Protobuf__Timestamp *c =
                    call->mem->alloc(call->mem->allocator_data, sizeof *c);
                set_ts(c, now);
                t->completed_at = c;
            } else if (!todo->done) {
                t->completed_at = NULL;
            }
            t->done = todo->done;
        } else if (!strcmp(p, "priority")) {
            t->priority = todo->priority;
        } else if (!strcmp(p, "due")) {
            t->due = todo->due;
        } else if (!strcmp(p, "recurrence")) {
            t->recurrence = todo->recurrence;
        } else if (!strcmp(p, "time_zone")) {
            t->time_zone = todo->time_zone;
        } else if (!strcmp(p, "remind_at")) {
            t->remind_at = todo->remind_at;
        } else if (!strcmp(p, "tags")) {
            t->tags = todo->tags;
            t->n_tags = todo->n_tags;
        } else {
            return tc_status_set(st, TC_EINVAL, "update_mask: unknown path %s", p);
        }
    }
    Google__Protobuf__Timestamp *u = call->mem->alloc(call->mem->allocator_data, sizeof *u);
    set_ts(u, now);
    t->updated_at = u;
    size_t at = (size_t)(e - m->e);
    if (t->done && !was_done)
        mem_spawn_next(m, call, t); /* may move m->e */
    store(&m->e[at], t);
    *out = t;
    return 0;
}

static int mem_remove(void *self, const chat_call_t *call, const char *id, tc_status_t *st)
{
    chat_backend_mem_t *m = self;
    if (m->down)
        return tc_status_set(st, TC_EUNAVAIL, "todo-svc: connection refused");
    mem_entry_t *e = find(m, call->user_id, id);
    if (!e)
        return tc_status_set(st, TC_ENOTFOUND, "todo %s not found", id);
    mem_rearm(m, call, load(e, call->mem));
    free(e->user);
    free(e->id);
    free(e->data);
    size_t i = (size_t)(e - m->e);
    memmove(&m->e[i], &m->e[i + 1], (m->n - i - 1) * sizeof *m->e);
    m->n--;
    return 0;
}

chat_backend_t chat_backend_mem_backend(chat_backend_mem_t *m)
{
    chat_backend_t b = {.self = m,
                        .create = mem_create,
                        .get = mem_get,
                        .list = mem_list,
                        .update = mem_update,
                        .remove = mem_remove};
    return b;
}

size_t chat_backend_mem_count(const chat_backend_mem_t *m, const char *user_id)
{
    size_t k = 0;
    for (size_t i = 0; i < m->n; i++)
        k += strcmp(m->e[i].user, user_id) == 0;
    return k;
}

Todo__V1__Todo *chat_backend_mem_get(const chat_backend_mem_t *m, const char *user_id, size_t i)
{
    for (size_t k = 0; k < m->n; k++)
        if (strcmp(m->e[k].user, user_id) == 0 && i-- == 0)
            return todo__v1__todo__unpack(NULL, m->e[k].len, m->e[k].data);
    return NULL;
}
