/* store_rec: the engine-independent rules of the store, shared by every
 * engine behind store.h (store_sqlite.c, store_pg.c) so that they cannot
 * drift apart: todo ids, what a create and an update write (timestamps,
 * done/completed_at, the recurrence series), the next occurrence a
 * completion makes, and what a page token is bound to.
 *
 * Everything allocated here comes from the caller's todo_alloc_t and is
 * never freed by this module. No function touches a database. Thread-safe:
 * no state (todo_rec_new_id reads getrandom). */
#ifndef TODO_STORE_REC_H
#define TODO_STORE_REC_H

#include <stdbool.h>
#include <stdint.h>

#include "page_token.h"
#include "store.h"

/* What a row holds beyond its Todo: its engine key and the series
 * bookkeeping. */
typedef struct todo_rec_meta {
    int64_t seq;            /* the engine's row key (creation order) */
    bool has_series;        /* series_start_s is set */
    int64_t series_start_s; /* the series' first due (the rule's DTSTART, for COUNT) */
    bool spawned;           /* this occurrence already made its next one */
} todo_rec_meta_t;

/* Allocation helpers over a: copies of s (NULL = ""), of n bytes of s, and
 * timestamps. Never NULL (a aborts instead). */
char *todo_rec_strndup(const todo_alloc_t *a, const char *s, size_t n);
char *todo_rec_strdup(const todo_alloc_t *a, const char *s);
Google__Protobuf__Timestamp *todo_rec_ts(const todo_alloc_t *a, int64_t s, int32_t ns);
Google__Protobuf__Timestamp *todo_rec_ts_ms(const todo_alloc_t *a, int64_t ms);
/* ts in ms since the epoch. ts must not be NULL. */
int64_t todo_rec_ms(const Google__Protobuf__Timestamp *ts);
/* Both unset, or both set and equal. */
bool todo_rec_ts_equal(const Google__Protobuf__Timestamp *x, const Google__Protobuf__Timestamp *y);

/* Checks that a database at schema version v is one this program, which
 * knows `known` migrations, can open. Returns 0, or TC_EINVAL with st
 * saying the database is newer. */
int todo_rec_schema_check(int v, int known, tc_status_t *st);

/* A new todo id: 16 random bytes as 26 characters of Crockford base32
 * (lower case), NUL-terminated. Aborts when the system has no entropy. */
void todo_rec_new_id(char out[27]);

/* Copies the writable fields of in (title, notes, done, priority, due,
 * tags, recurrence, time_zone, remind_at) into a new Todo from a. */
Todo__V1__Todo *todo_rec_copy(const Todo__V1__Todo *in, const todo_alloc_t *a);

/* The todo a create of in at now_ms writes: in's fields, a new id,
 * created/updated now, completed now when created done; *m gets its series
 * (seq is left 0 for the engine). */
Todo__V1__Todo *todo_rec_new(const Todo__V1__Todo *in, int64_t now_ms, const todo_alloc_t *a,
                             todo_rec_meta_t *m);

/* Applies the fields of patch named in fields (enum todo_field) to t (as
 * loaded, with its meta m) at now_ms: updated_at never goes backwards,
 * completed_at follows done, a new rule, zone or due starts a new series, a
 * new remind_at re-arms the reminder. *completing says done turned true.
 * Returns 0, or TC_EINVAL (st names "recurrence") when the result would
 * recur without a due date. */
int todo_rec_patch(Todo__V1__Todo *t, todo_rec_meta_t *m, const Todo__V1__Todo *patch,
                   unsigned fields, int64_t now_ms, const todo_alloc_t *a, bool *completing,
                   tc_status_t *st);

/* Whether completing t (with meta m) makes a next occurrence now: it
 * recurs, has a due date, and has not made one yet. */
bool todo_rec_wants_next(const Todo__V1__Todo *t, const todo_rec_meta_t *m);

/* The next occurrence of t, an occurrence just completed: a new id, due at
 * the rule's first occurrence after t's due, remind_at moved by as much,
 * created and updated at t's updated_at; *nm gets its series. NULL when the
 * series has ended (or the stored rule no longer parses: completing must
 * still work). */
Todo__V1__Todo *todo_rec_next(const Todo__V1__Todo *t, const todo_rec_meta_t *m,
                              const todo_alloc_t *a, todo_rec_meta_t *nm);

/* ---- copying rows between stores (store.h, todo_store_put_todo) ---- */

/* r as the record of user_id's todo t with meta m (r points into both; pos
 * is m->seq). */
void todo_rec_record(todo_store_record_t *r, const char *user_id, Todo__V1__Todo *t,
                     const todo_rec_meta_t *m);

/* The meta a put writes for r (seq 0: the engine assigns it). */
todo_rec_meta_t todo_rec_record_meta(const todo_store_record_t *r);

/* What a put of r does when old (NULL: none) is already stored under r's
 * id: nothing to decide without one; the same todo (same user, every field
 * and the series bookkeeping equal) sets *skipped; anything else is
 * TC_EEXISTS with st naming the id. a is scratch. Returns 0 or TC_EEXISTS. */
int todo_rec_put_check(const todo_store_record_t *old, const todo_store_record_t *r,
                       const todo_alloc_t *a, bool *skipped, tc_status_t *st);

/* The same for an idempotency record r whose key already maps to
 * stored_todo_id (NULL: not stored). */
int todo_rec_put_request_check(const char *stored_todo_id, const todo_store_request_t *r,
                               bool *skipped, tc_status_t *st);

/* ---- page tokens ---- */

/* A token is good for its user, filters and order only (page_token.h):
 * these are what it is bound to, in this order. Append a new one at the
 * end. */
#define TODO_REC_TOKEN_PARTS 8
typedef struct todo_rec_token_bind {
    char status[16], order[128], before[32], after[32], prio[16];
    tc_bytes_t part[TODO_REC_TOKEN_PARTS];
} todo_rec_token_bind_t;

/* Fills b for user_id and q (b->order is the canonical order_by, e.g.
 * "due desc,title", which also names the order for statement caches). */
void todo_rec_token_bind(todo_rec_token_bind_t *b, const char *user_id, const todo_query_t *q);

/* Whether sort key k compares text (title) rather than integers. */
bool todo_rec_sort_is_text(todo_sort_t k);

/* Checks that pos, a position opened from a token, fits q's order: n_sort
 * keys (TEXT for titles, INT otherwise), then a row key >= 0. Returns 0 or
 * TC_EINVAL naming page_token. */
int todo_rec_token_check(const todo_query_t *q, const page_token_pos_t *pos, tc_status_t *st);

/* The position of todo t (row key seq) in q's order, as a page token keeps
 * it: each sort key as the engines' SQL computes it (integers negated for
 * " desc", a missing due date INT64_MAX either way, the title as text), then
 * seq. TEXT keys point into t. */
void todo_rec_token_pos(const Todo__V1__Todo *t, int64_t seq, const todo_query_t *q,
                        page_token_pos_t *pos);

/* What a ListTodos call keeps from reading q's page token to writing the
 * next one: the same steps in every engine. */
typedef struct todo_rec_list {
    todo_rec_token_bind_t bind; /* bind.order names the order */
    page_token_pos_t *pos;      /* where the page starts, when has_pos */
    page_token_pos_t *last;     /* the last row listed: where the next page starts */
    bool has_pos;               /* q carries a page token */
} todo_rec_list_t;

/* Starts listing q for user_id: page empty with next_page_token "", q's
 * page_size checked, l bound to user_id and q (pos and last from a), and
 * q's page token, if any, opened with tokens into l->pos and checked
 * (todo_rec_token_check). tokens is read only; NULL means a store too old
 * for tokens. Returns 0; TC_EINVAL (st set) for a bad page_size or token;
 * TC_EINTERNAL for a token without tokens, or when OpenSSL fails. */
int todo_rec_list_start(todo_rec_list_t *l, const page_token_codec_t *tokens, const char *user_id,
                        const todo_query_t *q, const todo_alloc_t *a, todo_page_t *page,
                        tc_status_t *st);

/* Ends a listing: when more rows follow, page->next_page_token (from a)
 * becomes l->last sealed with tokens. Returns 0, or TC_EINTERNAL (st set)
 * without tokens or when OpenSSL fails. */
int todo_rec_list_finish(const todo_rec_list_t *l, const page_token_codec_t *tokens, bool more,
                         const todo_alloc_t *a, todo_page_t *page, tc_status_t *st);

/* Rough encoded size of a listed todo of these lengths, so a page stays far
 * below the 4 MiB message limit (TODO_STORE_PAGE_BYTES). */
size_t todo_rec_row_bytes(size_t title, size_t notes, size_t tags);

/* ---- delivering reminders ---- */

/* A reminder due for delivery, as an engine finds it (strings from the
 * todo_alloc_t the engine was given). */
typedef struct todo_rec_reminder {
    int64_t seq;        /* the row key */
    char *user_id, *id; /* its owner and todo (id: NULL if the engine needs none) */
    int64_t remind_s;   /* remind_at, which a claim must still find unchanged */
    int32_t remind_ns;
} todo_rec_reminder_t;

/* What todo_rec_claim_due asks of an engine; engine is its store. */
typedef struct todo_rec_remind_ops {
    /* The reminders due at now_ms (a batch, earliest first) into *due
     * (allocated with a), *n of them. Returns 0 or an error with st set. */
    int (*due)(void *engine, int64_t now_ms, const todo_alloc_t *a, todo_rec_reminder_t **due,
               size_t *n, tc_status_t *st);
    /* Claims r for this process (only while it is undelivered and
     * remind_at unchanged) and announces EVENT_REMINDER when *won. */
    int (*claim)(void *engine, const todo_rec_reminder_t *r, int64_t now_ms, const todo_alloc_t *a,
                 bool *won, tc_status_t *st);
} todo_rec_remind_ops_t;

/* todo_store_claim_reminders for every engine: finds the reminders due at
 * now_ms with ops->due and claims, one by one, those whose owner wanted
 * (NULL: everyone) accepts; the others stay pending. *claimed counts the
 * claims this process won. Memory is its own and freed before it returns.
 * Returns 0, or the first error (st set), after which it claims no more. */
int todo_rec_claim_due(const todo_rec_remind_ops_t *ops, void *engine, int64_t now_ms,
                       todo_store_wanted_fn wanted, void *ctx, size_t *claimed, tc_status_t *st);

/* ---- a heap arena for work outside a request (reminder delivery) ---- */

typedef struct todo_rec_heap {
    void **p;
    size_t n, cap;
} todo_rec_heap_t;

/* An allocator over h (zeroed; start h at {0}); todo_rec_heap_free frees
 * everything it gave out. */
todo_alloc_t todo_rec_heap_alloc(todo_rec_heap_t *h);
void todo_rec_heap_free(todo_rec_heap_t *h);

#endif
