/* store_rec: the engine-independent rules of the store (see store_rec.h). */
#include "store_rec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "google/protobuf/timestamp.pb-c.h"
#include "recur.h"
#include "xalloc.h"

char *todo_rec_strndup(const todo_alloc_t *a, const char *s, size_t n)
{
    char *p = a->alloc(a->ctx, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *todo_rec_strdup(const todo_alloc_t *a, const char *s)
{
    return todo_rec_strndup(a, s ? s : "", s ? strlen(s) : 0);
}

Google__Protobuf__Timestamp *todo_rec_ts(const todo_alloc_t *a, int64_t s, int32_t ns)
{
    Google__Protobuf__Timestamp *ts = a->alloc(a->ctx, sizeof *ts);
    google__protobuf__timestamp__init(ts);
    ts->seconds = s;
    ts->nanos = ns;
    return ts;
}

Google__Protobuf__Timestamp *todo_rec_ts_ms(const todo_alloc_t *a, int64_t ms)
{
    int64_t s = ms / 1000, r = ms % 1000;
    if (r < 0) {
        s--;
        r += 1000;
    }
    return todo_rec_ts(a, s, (int32_t)(r * 1000000));
}

int64_t todo_rec_ms(const Google__Protobuf__Timestamp *ts)
{
    return ts->seconds * 1000 + ts->nanos / 1000000;
}

bool todo_rec_ts_equal(const Google__Protobuf__Timestamp *x, const Google__Protobuf__Timestamp *y)
{
    if (!x || !y)
        return x == y;
    return x->seconds == y->seconds && x->nanos == y->nanos;
}

int todo_rec_schema_check(int v, int known, tc_status_t *st)
{
    if (v <= known)
        return 0;
    return tc_status_set(st, TC_EINVAL,
                         "db: schema version %d is newer than this program knows (%d)", v, known);
}

void todo_rec_new_id(char out[27])
{
    static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
    unsigned char b[17] = {0};
    size_t got = 0;
    while (got < 16) {
        ssize_t r = getrandom(b + got, 16 - got, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            abort(); /* no entropy source: nothing sensible to do */
        }
        got += (size_t)r;
    }
    /* 130 bits of output from 128 bits of input: read 5 bits at a time. */
    for (int i = 0; i < 26; i++) {
        int bit = i * 5, byte = bit / 8, off = bit % 8;
        unsigned v = ((unsigned)b[byte] << 8 | b[byte + 1]) >> (11 - off);
        out[i] = alphabet[v & 31];
    }
    out[26] = '\0';
}

Todo__V1__Todo *todo_rec_copy(const Todo__V1__Todo *in, const todo_alloc_t *a)
{
    Todo__V1__Todo *t = a->alloc(a->ctx, sizeof *t);
    todo__v1__todo__init(t);
    t->title = todo_rec_strdup(a, in->title);
    t->notes = todo_rec_strdup(a, in->notes);
    t->done = in->done;
    t->priority = in->priority;
    if (in->due)
        t->due = todo_rec_ts(a, in->due->seconds, in->due->nanos);
    if (in->n_tags) {
        t->tags = a->alloc(a->ctx, in->n_tags * sizeof *t->tags);
        for (size_t i = 0; i < in->n_tags; i++)
            t->tags[i] = todo_rec_strdup(a, in->tags[i]);
        t->n_tags = in->n_tags;
    }
    t->recurrence = todo_rec_strdup(a, in->recurrence);
    t->time_zone = todo_rec_strdup(a, in->time_zone);
    if (in->remind_at)
        t->remind_at = todo_rec_ts(a, in->remind_at->seconds, in->remind_at->nanos);
    return t;
}

Todo__V1__Todo *todo_rec_new(const Todo__V1__Todo *in, int64_t now_ms, const todo_alloc_t *a,
                             todo_rec_meta_t *m)
{
    char id[27];
    todo_rec_new_id(id);
    Todo__V1__Todo *t = todo_rec_copy(in, a);
    t->id = todo_rec_strdup(a, id);
    t->created_at = todo_rec_ts_ms(a, now_ms);
    t->updated_at = todo_rec_ts_ms(a, now_ms);
    if (t->done)
        t->completed_at = todo_rec_ts_ms(a, now_ms);
    *m = (todo_rec_meta_t){.has_series = t->recurrence[0] && t->due,
                           .series_start_s = t->due ? t->due->seconds : 0};
    return t;
}

/* The recurrence fields of patch named in fields, onto t. A new rule, zone or
 * due date starts a new series there; a new remind_at re-arms the reminder. */
static void apply_recurrence(Todo__V1__Todo *t, todo_rec_meta_t *m, const Todo__V1__Todo *patch,
                             unsigned fields, const Google__Protobuf__Timestamp *old_due,
                             const todo_alloc_t *a)
{
    bool restart = !todo_rec_ts_equal(old_due, t->due);
    if ((fields & TODO_FIELD_RECURRENCE) && strcmp(t->recurrence, patch->recurrence) != 0) {
        t->recurrence = todo_rec_strdup(a, patch->recurrence);
        restart = true;
    }
    if ((fields & TODO_FIELD_TIME_ZONE) && strcmp(t->time_zone, patch->time_zone) != 0) {
        t->time_zone = todo_rec_strdup(a, patch->time_zone);
        restart = true;
    }
    if (restart || !m->has_series) {
        m->has_series = t->recurrence[0] && t->due;
        m->series_start_s = t->due ? t->due->seconds : 0;
    }
    if ((fields & TODO_FIELD_REMIND_AT) && !todo_rec_ts_equal(t->remind_at, patch->remind_at)) {
        t->remind_at = patch->remind_at
                           ? todo_rec_ts(a, patch->remind_at->seconds, patch->remind_at->nanos)
                           : NULL;
        t->reminded_at = NULL;
    }
}

int todo_rec_patch(Todo__V1__Todo *t, todo_rec_meta_t *m, const Todo__V1__Todo *patch,
                   unsigned fields, int64_t now_ms, const todo_alloc_t *a, bool *completing,
                   tc_status_t *st)
{
    const Google__Protobuf__Timestamp *old_due = t->due;
    *completing = (fields & TODO_FIELD_DONE) && patch->done && !t->done;
    if (fields & TODO_FIELD_TITLE)
        t->title = todo_rec_strdup(a, patch->title);
    if (fields & TODO_FIELD_NOTES)
        t->notes = todo_rec_strdup(a, patch->notes);
    if (fields & TODO_FIELD_PRIORITY)
        t->priority = patch->priority;
    if (fields & TODO_FIELD_DUE)
        t->due = patch->due ? todo_rec_ts(a, patch->due->seconds, patch->due->nanos) : NULL;
    if (fields & TODO_FIELD_TAGS) {
        Todo__V1__Todo *copy = todo_rec_copy(patch, a);
        t->tags = copy->tags;
        t->n_tags = copy->n_tags;
    }
    if (fields & TODO_FIELD_DONE) {
        bool was = t->done;
        t->done = patch->done;
        if (t->done && !was)
            t->completed_at = todo_rec_ts_ms(a, now_ms);
        else if (!t->done)
            t->completed_at = NULL;
    }
    apply_recurrence(t, m, patch, fields, old_due, a);
    if (t->recurrence[0] && !t->due)
        return tc_status_set(st, TC_EINVAL, "recurrence: a recurring todo needs a due date");
    /* Never backwards, even if the wall clock is. */
    int64_t prev = todo_rec_ms(t->updated_at);
    t->updated_at = todo_rec_ts_ms(a, now_ms < prev ? prev : now_ms);
    return 0;
}

bool todo_rec_wants_next(const Todo__V1__Todo *t, const todo_rec_meta_t *m)
{
    /* One next occurrence per occurrence, however often it is reopened and
     * completed again: `spawned` remembers it made one (or that the series
     * had ended). */
    return t->recurrence[0] && t->due && !m->spawned;
}

Todo__V1__Todo *todo_rec_next(const Todo__V1__Todo *t, const todo_rec_meta_t *m,
                              const todo_alloc_t *a, todo_rec_meta_t *nm)
{
    int64_t start = m->has_series ? m->series_start_s : t->due->seconds, due_s;
    if (todo_recur_next(t->recurrence, t->time_zone, start, t->due->seconds, &due_s, NULL) != 0)
        return NULL;
    char id[27];
    todo_rec_new_id(id);
    Todo__V1__Todo *n = todo_rec_copy(t, a);
    n->id = todo_rec_strdup(a, id);
    n->done = false;
    n->created_at = n->updated_at = t->updated_at;
    n->due = todo_rec_ts(a, due_s, t->due->nanos);
    if (t->remind_at)
        n->remind_at =
            todo_rec_ts(a, t->remind_at->seconds + (due_s - t->due->seconds), t->remind_at->nanos);
    *nm = (todo_rec_meta_t){.has_series = true, .series_start_s = start};
    return n;
}

/* ---- copying rows between stores ---- */

void todo_rec_record(todo_store_record_t *r, const char *user_id, Todo__V1__Todo *t,
                     const todo_rec_meta_t *m)
{
    *r = (todo_store_record_t){.user_id = user_id,
                               .todo = t,
                               .has_series = m->has_series,
                               .series_start_s = m->has_series ? m->series_start_s : 0,
                               .spawned = m->spawned,
                               .pos = m->seq};
}

todo_rec_meta_t todo_rec_record_meta(const todo_store_record_t *r)
{
    return (todo_rec_meta_t){.has_series = r->has_series,
                             .series_start_s = r->has_series ? r->series_start_s : 0,
                             .spawned = r->spawned};
}

/* t in its wire form (allocated with a), *n bytes: two todos are the same
 * exactly when these are (protobuf-c writes fields in number order and
 * leaves out unset ones, so "" and NULL compare equal). */
static uint8_t *packed(const Todo__V1__Todo *t, const todo_alloc_t *a, size_t *n)
{
    *n = protobuf_c_message_get_packed_size(&t->base);
    uint8_t *p = a->alloc(a->ctx, *n + 1);
    protobuf_c_message_pack(&t->base, p);
    return p;
}

static bool same_record(const todo_store_record_t *x, const todo_store_record_t *y,
                        const todo_alloc_t *a)
{
    size_t nx, ny;
    uint8_t *px = packed(x->todo, a, &nx), *py = packed(y->todo, a, &ny);
    todo_rec_meta_t mx = todo_rec_record_meta(x), my = todo_rec_record_meta(y);
    return strcmp(x->user_id, y->user_id) == 0 && nx == ny && memcmp(px, py, nx) == 0 &&
           mx.has_series == my.has_series && mx.series_start_s == my.series_start_s &&
           mx.spawned == my.spawned;
}

int todo_rec_put_check(const todo_store_record_t *old, const todo_store_record_t *r,
                       const todo_alloc_t *a, bool *skipped, tc_status_t *st)
{
    *skipped = false;
    if (!old)
        return 0;
    if (!same_record(old, r, a))
        return tc_status_set(st, TC_EEXISTS,
                             "id: %s is already stored as a different todo; left as it is",
                             r->todo->id);
    *skipped = true;
    return 0;
}

int todo_rec_put_request_check(const char *stored_todo_id, const todo_store_request_t *r,
                               bool *skipped, tc_status_t *st)
{
    *skipped = false;
    if (!stored_todo_id)
        return 0;
    if (strcmp(stored_todo_id, r->todo_id) != 0)
        return tc_status_set(st, TC_EEXISTS,
                             "request_id: %s of user %s already made todo %s, not %s",
                             r->request_id, r->user_id, stored_todo_id, r->todo_id);
    *skipped = true;
    return 0;
}

/* ---- page tokens ---- */

/* The canonical order_by ("due desc,title"), bound into page tokens. */
static void order_name(const todo_query_t *q, char *out, size_t cap)
{
    static const char *const names[] = {"due", "priority", "title", "created_at", "updated_at"};
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < q->n_sort && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s%s", i ? "," : "", names[q->sort[i].key],
                                q->sort[i].desc ? " desc" : "");
}

static void ts_text(const Google__Protobuf__Timestamp *ts, char *out, size_t cap)
{
    if (ts)
        snprintf(out, cap, "%lld.%09d", (long long)ts->seconds, (int)ts->nanos);
    else
        out[0] = '\0';
}

void todo_rec_token_bind(todo_rec_token_bind_t *b, const char *user_id, const todo_query_t *q)
{
    snprintf(b->status, sizeof b->status, "%d", (int)q->status);
    order_name(q, b->order, sizeof b->order);
    ts_text(q->due_before, b->before, sizeof b->before);
    ts_text(q->due_after, b->after, sizeof b->after);
    snprintf(b->prio, sizeof b->prio, "%u", q->priorities);
    const char *strs[TODO_REC_TOKEN_PARTS] = {
        user_id,  b->status, q->query ? q->query : "", q->tag ? q->tag : "", b->order, b->before,
        b->after, b->prio};
    for (size_t i = 0; i < TODO_REC_TOKEN_PARTS; i++)
        b->part[i] = (tc_bytes_t){strs[i], strlen(strs[i])};
}

bool todo_rec_sort_is_text(todo_sort_t k)
{
    return k.key == TODO_SORT_TITLE;
}

int todo_rec_token_check(const todo_query_t *q, const page_token_pos_t *pos, tc_status_t *st)
{
    bool ok = pos->n == q->n_sort + 1 && pos->key[q->n_sort].type == PAGE_TOKEN_INT &&
              pos->key[q->n_sort].i >= 0;
    for (size_t i = 0; ok && i < q->n_sort; i++)
        ok = pos->key[i].type ==
             (todo_rec_sort_is_text(q->sort[i]) ? PAGE_TOKEN_TEXT : PAGE_TOKEN_INT);
    if (!ok)
        return tc_status_set(st, TC_EINVAL, "page_token: not a token for this order");
    return 0;
}

/* Sort key k of t as an integer that sorts ascending. */
static int64_t int_key(const Todo__V1__Todo *t, todo_sort_t k)
{
    int64_t sign = k.desc ? -1 : 1;
    switch (k.key) {
    case TODO_SORT_DUE:
        return t->due ? sign * todo_rec_ms(t->due) : INT64_MAX;
    case TODO_SORT_PRIORITY:
        return sign * t->priority;
    case TODO_SORT_CREATED:
        return sign * todo_rec_ms(t->created_at);
    default:
        return sign * todo_rec_ms(t->updated_at);
    }
}

void todo_rec_token_pos(const Todo__V1__Todo *t, int64_t seq, const todo_query_t *q,
                        page_token_pos_t *pos)
{
    pos->n = q->n_sort + 1;
    for (size_t i = 0; i < q->n_sort; i++) {
        if (todo_rec_sort_is_text(q->sort[i]))
            pos->key[i] =
                (page_token_key_t){.type = PAGE_TOKEN_TEXT, .s = t->title, .len = strlen(t->title)};
        else
            pos->key[i] = (page_token_key_t){.type = PAGE_TOKEN_INT, .i = int_key(t, q->sort[i])};
    }
    pos->key[q->n_sort] = (page_token_key_t){.type = PAGE_TOKEN_INT, .i = seq};
}

int todo_rec_list_start(todo_rec_list_t *l, const page_token_codec_t *tokens, const char *user_id,
                        const todo_query_t *q, const todo_alloc_t *a, todo_page_t *page,
                        tc_status_t *st)
{
    page->todos = NULL;
    page->n = 0;
    page->next_page_token = todo_rec_strdup(a, "");
    if (q->page_size <= 0 || q->page_size > TODO_STORE_MAX_PAGE)
        return tc_status_set(st, TC_EINVAL, "page_size: must be 1-%d", TODO_STORE_MAX_PAGE);
    todo_rec_token_bind(&l->bind, user_id, q);
    l->pos = a->alloc(a->ctx, sizeof *l->pos);
    l->last = a->alloc(a->ctx, sizeof *l->last);
    l->has_pos = q->page_token && *q->page_token;
    if (!l->has_pos)
        return 0;
    if (!tokens)
        return tc_status_set(st, TC_EINTERNAL, "db: schema too old for page tokens");
    int ret =
        page_token_open(tokens, l->bind.part, TODO_REC_TOKEN_PARTS, q->page_token, l->pos, st);
    return ret ? ret : todo_rec_token_check(q, l->pos, st);
}

int todo_rec_list_finish(const todo_rec_list_t *l, const page_token_codec_t *tokens, bool more,
                         const todo_alloc_t *a, todo_page_t *page, tc_status_t *st)
{
    if (!more)
        return 0;
    if (!tokens)
        return tc_status_set(st, TC_EINTERNAL, "db: schema too old for page tokens");
    char tok[PAGE_TOKEN_MAX_LEN + 1];
    int ret = page_token_seal(tokens, l->bind.part, TODO_REC_TOKEN_PARTS, l->last, tok, st);
    if (ret == 0)
        page->next_page_token = todo_rec_strdup(a, tok);
    return ret;
}

size_t todo_rec_row_bytes(size_t title, size_t notes, size_t tags)
{
    return title + notes + 2 * tags + 128;
}

/* ---- heap arena ---- */

static void *heap_alloc(void *ctx, size_t n)
{
    todo_rec_heap_t *h = ctx;
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 32;
        h->p = xrealloc(h->p, h->cap * sizeof *h->p);
    }
    return h->p[h->n++] = xcalloc(1, n ? n : 1);
}

todo_alloc_t todo_rec_heap_alloc(todo_rec_heap_t *h)
{
    return (todo_alloc_t){.alloc = heap_alloc, .ctx = h};
}

void todo_rec_heap_free(todo_rec_heap_t *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->p[i]);
    free(h->p);
    *h = (todo_rec_heap_t){0};
}

int todo_rec_claim_due(const todo_rec_remind_ops_t *ops, void *engine, int64_t now_ms,
                       todo_store_wanted_fn wanted, void *ctx, size_t *claimed, tc_status_t *st)
{
    *claimed = 0;
    todo_rec_heap_t h = {0};
    todo_alloc_t a = todo_rec_heap_alloc(&h);
    todo_rec_reminder_t *due = NULL;
    size_t n = 0;
    int ret = ops->due(engine, now_ms, &a, &due, &n, st);
    for (size_t i = 0; ret == 0 && i < n; i++) {
        bool won = false;
        if (wanted && !wanted(ctx, due[i].user_id))
            continue; /* nobody listening: stays pending */
        ret = ops->claim(engine, &due[i], now_ms, &a, &won, st);
        *claimed += won;
    }
    todo_rec_heap_free(&h);
    return ret;
}
