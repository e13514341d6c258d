/* chat_engine: turn orchestration.
 *
 * Size: nothing here holds all of a user's todos. Questions and bulk changes
 * read them page by page (scan), each page in scratch memory dropped after
 * it, keeping copies only of what the answer needs (at most
 * ENGINE_LIST_KEEP todos returned, a few titles to name); single todos are
 * fetched by id. So a turn's memory is bounded whatever the list's size,
 * and every todo is seen. */
#include "chat_engine.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "chat_lex.h"
#include "chat_nlu.h"
#include "chat_pb.h"
#include "chat_ref.h"
#include "chat_reply.h"
#include "chat_state.h"
#include "timeutil.h"
#include "utf8.h"
#include "xalloc.h"

#define ENGINE_MAX_CHOICES 5
#define ENGINE_LIST_WORDED 10   /* todos a list answer words */
#define ENGINE_LIST_KEEP   1000 /* todos one answer returns (counts cover every todo) */
#define ENGINE_NAMED       5    /* titles a bulk answer names */
#define ENGINE_MAX_PARTS   10   /* "milk, eggs and bread": names in one reference */
#define ENGINE_TITLE_MAX   500  /* todo-svc's title limit, in bytes */
#define ENGINE_PREFIX_MIN  0.8  /* a prefix names a todo only with every word in it */
#define ENGINE_SURE_MIN    0.8  /* a delete or completion below this asks first */
#define ENGINE_LOOSE_NAME  0.25 /* a name this close to a title points at it (names_another) */
#define ENGINE_ANCHOR_MAX  5000 /* todos a second reading looks through */

struct chat_engine {
    chat_backend_t backend;
    unsigned char *key;
    size_t key_len;
};

typedef struct turn {
    const chat_engine_t *e;
    const chat_turn_t *in;
    ProtobufCAllocator *mem;
    chat_call_t call;
    chat_date_ctx_t ctx;
    chat_state_t old;
    chat_state_t ns;
    chat_nlu_t nlu;
    chat_reply_t reply;
    Todo__V1__Todo **touched;
    size_t n_touched, cap_touched;
    char **sugg;
    size_t n_sugg;
    chat_intent_t intent;
    tc_status_t *st;
    bool anchored; /* the message was read again against the todos (anchor_reread) */
} turn_t;

chat_engine_t *chat_engine_create(const chat_engine_config_t *cfg)
{
    chat_engine_t *e = xcalloc(1, sizeof *e);
    e->backend = cfg->backend;
    e->key_len = cfg->key_len;
    e->key = xmalloc(cfg->key_len ? cfg->key_len : 1);
    if (cfg->key_len)
        memcpy(e->key, cfg->key, cfg->key_len);
    return e;
}

void chat_engine_destroy(chat_engine_t *e)
{
    if (!e)
        return;
    free(e->key);
    free(e);
}

/* ---- small helpers ---- */

static void *talloc(turn_t *T, size_t n)
{
    void *p = T->mem->alloc(T->mem->allocator_data, n ? n : 1);
    memset(p, 0, n ? n : 1);
    return p;
}

/* A copy of t in the turn's memory (t may live in a scan's page). */
static Todo__V1__Todo *keep(turn_t *T, const Todo__V1__Todo *t)
{
    return (Todo__V1__Todo *)chat_pb_copy(&t->base, T->mem);
}

/* Adds t (in turn memory) to the todos the answer returns, replacing an
 * earlier state of the same todo; at most ENGINE_LIST_KEEP. */
static void touch(turn_t *T, Todo__V1__Todo *t)
{
    for (size_t i = 0; i < T->n_touched; i++)
        if (T->touched[i] == t ||
            (t->id && T->touched[i]->id && !strcmp(T->touched[i]->id, t->id))) {
            T->touched[i] = t;
            return;
        }
    if (T->n_touched == ENGINE_LIST_KEEP)
        return;
    if (T->n_touched == T->cap_touched) {
        size_t cap = T->cap_touched ? T->cap_touched * 2 : 8;
        Todo__V1__Todo **v = talloc(T, cap * sizeof *v);
        if (T->n_touched)
            memcpy(v, T->touched, T->n_touched * sizeof *v);
        T->touched = v;
        T->cap_touched = cap;
    }
    T->touched[T->n_touched++] = t;
}

static void suggest(turn_t *T, const char *s)
{
    if (T->n_sugg >= 6)
        return;
    for (size_t i = 0; i < T->n_sugg; i++)
        if (strcmp(T->sugg[i], s) == 0)
            return;
    if (!T->sugg)
        T->sugg = talloc(T, 6 * sizeof(char *));
    T->sugg[T->n_sugg++] = chat_pb_strdup(T->mem, s);
}

static int backend_err(turn_t *T, int rc)
{
    if (rc == TC_EUNAVAIL || rc == TC_EDEADLINE || rc == TC_EINTERNAL || rc == TC_EIO ||
        rc == TC_ECANCELLED || rc == TC_ERESOURCE) {
        char msg[160];
        snprintf(msg, sizeof msg, "%.150s", T->st->message);
        if (rc == TC_EUNAVAIL)
            tc_status_set(T->st, rc, "todo-svc unavailable: %s", msg[0] ? msg : "no connection");
        else if (rc == TC_EDEADLINE)
            tc_status_set(T->st, rc, "deadline exceeded while calling todo-svc");
        else
            tc_status_set(T->st, rc, "todo-svc: %s", msg[0] ? msg : tc_strerror(rc));
    }
    return rc;
}

/* A todo that is gone (or a request todo-svc refused for this todo) is no
 * failure of the turn: 0, with the status cleared. */
static int soft_err(turn_t *T, int rc)
{
    if (rc == TC_ENOTFOUND || rc == TC_EINVAL) {
        tc_status_clear(T->st);
        return 0;
    }
    return rc ? backend_err(T, rc) : 0;
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

static bool tag_match(const Todo__V1__Todo *t, const char *tag)
{
    for (size_t i = 0; i < t->n_tags; i++)
        if (strcasecmp(t->tags[i], tag) == 0)
            return true;
    return false;
}

static Google__Protobuf__Timestamp *ts_new(ProtobufCAllocator *mem, int64_t secs)
{
    Google__Protobuf__Timestamp *ts = mem->alloc(mem->allocator_data, sizeof *ts);
    google__protobuf__timestamp__init(ts);
    ts->seconds = secs;
    return ts;
}

/* Unix ms of ts; 0 when unset. */
static int64_t ts_ms(const Google__Protobuf__Timestamp *ts)
{
    return ts ? tc_ts_to_ms(ts) : 0;
}

static void shown_from(turn_t *T, Todo__V1__Todo **v, size_t n)
{
    size_t k = n < CHAT_STATE_MAX_IDS ? n : CHAT_STATE_MAX_IDS;
    T->ns.shown = talloc(T, (k + 1) * sizeof(char *));
    for (size_t i = 0; i < k; i++)
        T->ns.shown[i] = v[i]->id;
    T->ns.n_shown = k;
}

/* ---- reading todos ---- */

/* The user's todo id into *out (turn memory), or NULL when it is gone. */
static int get_todo(turn_t *T, const char *id, Todo__V1__Todo **out)
{
    *out = NULL;
    if (!id)
        return 0;
    int rc = T->e->backend.get(T->e->backend.self, &T->call, id, out, T->st);
    if (rc)
        *out = NULL;
    return soft_err(T, rc);
}

/* Called with each page of a scan. The page's todos, and anything made
 * through call, are gone after the call: keep() what must last. Returns 0
 * to go on, 1 to stop, or a negative error. */
typedef int (*scan_fn)(turn_t *T, const chat_call_t *call, Todo__V1__Todo **v, size_t n, void *ctx);

/* Every todo of the user that base selects (its status, query, order and
 * due range; page fields ignored), one page at a time in scratch memory.
 * scan: with status and todo-svc's query filter (NULL = none), in store
 * order. Returns 0 or an error. */
static int scan_q(turn_t *T, const chat_list_query_t *base, scan_fn fn, void *ctx)
{
    const char *token = "";
    int rc = 0;
    while (rc == 0) {
        tc_arena_t *scratch = tc_arena_create();
        ProtobufCAllocator pm = tc_arena_pb_allocator(scratch);
        chat_call_t call = T->call;
        call.mem = &pm;
        chat_list_query_t q = *base;
        q.page_token = token;
        q.page_size = CHAT_BACKEND_PAGE_MAX;
        Todo__V1__Todo **v = NULL;
        size_t n = 0;
        char *next = NULL;
        rc = T->e->backend.list(T->e->backend.self, &call, &q, &v, &n, &next, T->st);
        rc = rc ? backend_err(T, rc) : fn(T, &call, v, n, ctx);
        if (rc == 0 && (!next || !*next || strcmp(next, token) == 0))
            rc = 1; /* the last page (or a backend that would repeat one) */
        else if (rc == 0)
            token = chat_pb_strdup(T->mem, next);
        tc_arena_destroy(scratch);
    }
    return rc < 0 ? rc : 0;
}

static int scan(turn_t *T, Todo__V1__StatusFilter status, const char *query, scan_fn fn, void *ctx)
{
    chat_list_query_t q = {.status = status, .query = query};
    return scan_q(T, &q, fn, ctx);
}

/* Whether the user has any todo at all. */
static int has_todos(turn_t *T, bool *any)
{
    chat_list_query_t q = {.status = TODO__V1__STATUS_FILTER__STATUS_ANY, .page_size = 1};
    Todo__V1__Todo **v = NULL;
    size_t n = 0;
    char *next = NULL;
    int rc = T->e->backend.list(T->e->backend.self, &T->call, &q, &v, &n, &next, T->st);
    *any = n > 0;
    return rc ? backend_err(T, rc) : 0;
}

/* ---- what an action writes ---- */

static bool action_changes(const chat_action_t *a)
{
    return a->title || a->has_due || a->clear_due || a->postpone || a->shift_min || a->priority ||
           a->n_tags;
}

/* Changes read from this turn's message only (recurrence, reminders). */
static bool nlu_extra(const turn_t *T)
{
    return T->nlu.recurrence || T->nlu.clear_recurrence || T->nlu.remind_before || T->nlu.untag ||
           T->nlu.remind_at;
}

static void action_from_nlu(turn_t *T, chat_action_t *a)
{
    const chat_nlu_t *n = &T->nlu;
    memset(a, 0, sizeof *a);
    a->intent = n->intent;
    a->title = n->intent == CHAT_UPDATE ? n->title : NULL;
    a->has_due = n->has_due;
    a->due = n->due.t;
    a->clear_due = n->clear_due;
    a->postpone = n->postpone;
    a->shift_min = n->shift_min;
    a->time_only = n->has_due && n->due.time_only;
    a->bare_hour = a->time_only && n->due.bare_hour;
    a->day_only = n->has_due && n->due.date_only && n->due.span_days <= 1;
    a->priority = n->priority;
    a->tags = n->tags;
    a->n_tags = n->n_tags;
}

/* Whether the action applies to t at all (open ones to complete). */
static bool wants(const chat_action_t *a, const Todo__V1__Todo *t)
{
    if (a->intent == CHAT_COMPLETE)
        return !t->done;
    if (a->intent == CHAT_REOPEN)
        return t->done;
    return true;
}

/* The status filter that holds every todo the action applies to. */
static Todo__V1__StatusFilter status_for(const chat_action_t *a)
{
    if (a->intent == CHAT_COMPLETE)
        return TODO__V1__STATUS_FILTER__STATUS_OPEN;
    if (a->intent == CHAT_REOPEN)
        return TODO__V1__STATUS_FILTER__STATUS_DONE;
    return TODO__V1__STATUS_FILTER__STATUS_ANY;
}

/* The new due date of t under a (a sets, moves or postpones it). */
static int64_t new_due(turn_t *T, const Todo__V1__Todo *t, const chat_action_t *a)
{
    if (a->has_due && a->time_only && t->due) {
        /* "move it to 3pm": that time on the day it is already due */
        int64_t tl = chat_tz_to_local(T->ctx.tz, a->due);
        int64_t tday = chat_date_local_day(&T->ctx, a->due);
        int64_t day = chat_date_local_day(&T->ctx, t->due->seconds);
        int sec = (int)(tl - tday * 86400);
        if (a->bare_hour && sec / 3600 != 12) { /* "make it 8 instead": nearer the time it had */
            int64_t cur = chat_tz_to_local(T->ctx.tz, t->due->seconds) - day * 86400;
            int am = sec % 43200, pm = am + 43200;
            int64_t da = cur > am ? cur - am : am - cur, dp = cur > pm ? cur - pm : pm - cur;
            sec = da < dp ? am : dp < da ? pm : sec;
        }
        return chat_date_at(&T->ctx, day, sec);
    }
    if (a->has_due && a->day_only && t->due) {
        /* "the party is on the 12th": that day at the time it already had */
        int64_t day = chat_date_local_day(&T->ctx, a->due);
        int64_t cur = chat_date_local_day(&T->ctx, t->due->seconds);
        int64_t sec = chat_tz_to_local(T->ctx.tz, t->due->seconds) - cur * 86400;
        return chat_date_at(&T->ctx, day, (int)sec);
    }
    if (a->has_due)
        return a->due;
    int shift = a->shift_min ? a->shift_min : 1440;
    int64_t base = t->due ? t->due->seconds : 0;
    if (!base) {
        int64_t today = chat_date_local_day(&T->ctx, T->ctx.now);
        base = chat_date_at(&T->ctx, today, CHAT_DATE_DEFAULT_HOUR * 3600);
    }
    if (shift % 1440 == 0) { /* whole days keep the wall-clock time across DST */
        int64_t l = chat_tz_to_local(T->ctx.tz, base);
        int64_t day = chat_date_local_day(&T->ctx, base);
        return chat_date_at(&T->ctx, day + shift / 1440, (int)(l - day * 86400));
    }
    return base + (int64_t)shift * 60;
}

/* t's tags plus the action's new ones, from mem. */
static char **merged_tags(ProtobufCAllocator *mem, const Todo__V1__Todo *t, const chat_action_t *a,
                          size_t *n)
{
    char **tags = mem->alloc(mem->allocator_data, (t->n_tags + a->n_tags + 1) * sizeof(char *));
    size_t k = 0;
    for (size_t i = 0; i < t->n_tags; i++)
        tags[k++] = t->tags[i];
    for (size_t i = 0; i < a->n_tags; i++) {
        bool dup = false;
        for (size_t j = 0; j < k; j++)
            dup = dup || strcmp(tags[j], a->tags[i]) == 0;
        if (!dup)
            tags[k++] = a->tags[i];
    }
    *n = k;
    return tags;
}

/* When a reminder said relative to the due time rings: minutes before
 * it, or 20:00 the day before for CHAT_NLU_REMIND_EVE. */
static int64_t remind_time(const turn_t *T, int64_t due, int remind_before)
{
    if (remind_before == CHAT_NLU_REMIND_EVE)
        return chat_date_at(&T->ctx, chat_date_local_day(&T->ctx, due) - 1, 20 * 3600);
    return due - (int64_t)remind_before * 60;
}

/* Recurrence and reminder changes of this turn's message (not kept in a
 * pending action): "make it repeat weekly", "stop repeating X", "remind me
 * 30 minutes before X" (remind_at = due - 30 min; nothing without a due). */
static unsigned recur_patch(turn_t *T, ProtobufCAllocator *mem, const Todo__V1__Todo *t,
                            Todo__V1__Todo *upd, const char **paths, size_t *np)
{
    const chat_nlu_t *n = &T->nlu;
    unsigned mask = 0;
    if (n->intent != CHAT_UPDATE)
        return 0;
    if (n->recurrence || n->clear_recurrence) {
        upd->recurrence = n->recurrence ? n->recurrence : "";
        upd->time_zone = n->recurrence ? (char *)chat_tz_name(T->ctx.tz) : "";
        paths[(*np)++] = "recurrence";
        paths[(*np)++] = "time_zone";
        mask |= CHAT_FIELD_RECUR;
        if (n->recurrence && !t->due && !upd->due) {
            upd->due = ts_new(mem, n->due.t); /* a repeat needs a due */
            paths[(*np)++] = "due";
            mask |= CHAT_FIELD_DUE;
        }
    }
    if (n->remind_at) { /* "remind me about X at 4" */
        upd->remind_at = ts_new(mem, n->remind_at);
        paths[(*np)++] = "remind_at";
        mask |= CHAT_FIELD_REMIND;
    }
    const Google__Protobuf__Timestamp *due = upd->due ? upd->due : t->due;
    if (n->remind_before && due) {
        upd->remind_at = ts_new(mem, remind_time(T, due->seconds, n->remind_before));
        paths[(*np)++] = "remind_at";
        mask |= CHAT_FIELD_REMIND;
    }
    return mask;
}

/* True when tag comes off by an untag of T: the tag named, or for
 * CHAT_NLU_ANY_TAG ("take that tag off") the only one, or one the message
 * names as a word ("it isn't a work thing, take that tag off"). */
static bool untag_hits(const turn_t *T, const char *tag, size_t n_tags)
{
    const char *u = T->nlu.untag;
    if (strcmp(u, CHAT_NLU_ANY_TAG) != 0)
        return strcasecmp(tag, u) == 0;
    if (n_tags == 1)
        return true;
    size_t l = strlen(tag);
    const char *m = T->in->message, *end = m + T->in->message_len;
    for (const char *s = m; l && s + l <= end; s++)
        if (strncasecmp(s, tag, l) == 0 && (s == m || !isalnum((unsigned char)s[-1])) &&
            (s + l == end || !isalnum((unsigned char)s[l])))
            return true;
    return false;
}

/* "take the work tag off X": t's tags (or upd's, when set) without it. */
static unsigned untag_patch(turn_t *T, ProtobufCAllocator *mem, const Todo__V1__Todo *t,
                            Todo__V1__Todo *upd, const char **paths, size_t *np)
{
    if (!T->nlu.untag || T->nlu.intent != CHAT_UPDATE)
        return 0;
    char **from = upd->n_tags ? upd->tags : t->tags;
    size_t n = upd->n_tags ? upd->n_tags : t->n_tags, k = 0;
    char **tags = mem->alloc(mem->allocator_data, (n + 1) * sizeof(char *));
    for (size_t i = 0; i < n; i++)
        if (!untag_hits(T, from[i], n))
            tags[k++] = from[i];
    if (k == n)
        return 0; /* not there: nothing to write */
    if (!upd->n_tags)
        paths[(*np)++] = "tags";
    upd->tags = tags;
    upd->n_tags = k;
    return CHAT_FIELD_TAGS;
}

/* Fills upd (and paths[0..*np)) with what a changes in t; memory from mem.
 * Returns the CHAT_FIELD_* mask of the fields written. */
static unsigned update_patch(turn_t *T, ProtobufCAllocator *mem, const Todo__V1__Todo *t,
                             const chat_action_t *a, Todo__V1__Todo *upd, const char **paths,
                             size_t *np)
{
    unsigned mask = 0;
    upd->id = t->id;
    *np = 0;
    if (a->title) {
        upd->title = a->title;
        paths[(*np)++] = "title";
        mask |= CHAT_FIELD_TITLE;
    }
    if (a->has_due || a->postpone || a->shift_min || a->clear_due) {
        bool set = a->has_due || a->postpone || a->shift_min;
        upd->due = set ? ts_new(mem, new_due(T, t, a)) : NULL;
        paths[(*np)++] = "due";
        mask |= CHAT_FIELD_DUE;
    }
    if (a->priority) {
        upd->priority = (Todo__V1__Priority)a->priority;
        paths[(*np)++] = "priority";
        mask |= CHAT_FIELD_PRIORITY;
    }
    if (a->n_tags) {
        upd->tags = merged_tags(mem, t, a, &upd->n_tags);
        paths[(*np)++] = "tags";
        mask |= CHAT_FIELD_TAGS;
    }
    mask |= recur_patch(T, mem, t, upd, paths, np);
    mask |= untag_patch(T, mem, t, upd, paths, np);
    if (T->nlu.note && T->nlu.intent == CHAT_UPDATE) { /* "add a note to X: ..." appends */
        const char *old = t->notes ? t->notes : "";
        size_t l = strlen(old) + strlen(T->nlu.note) + 2;
        char *notes = mem->alloc(mem->allocator_data, l);
        snprintf(notes, l, "%s%s%s", old, *old ? "\n" : "", T->nlu.note);
        upd->notes = notes;
        paths[(*np)++] = "notes";
        mask |= CHAT_FIELD_NOTES;
    }
    return mask;
}

/* ---- changing many todos: one at a time, worded once ---- */

/* A change applied to todos one by one, from ids or page by page, then
 * worded and made undoable once. Everything kept is in turn memory. */
typedef struct bulk {
    const chat_action_t *a;
    size_t seen;                         /* todos offered */
    size_t k;                            /* changed */
    size_t already;                      /* already as asked (complete, reopen) */
    size_t refused;                      /* update refused by todo-svc */
    size_t idle;                         /* update with nothing to write */
    unsigned mask;                       /* update: fields written */
    Todo__V1__Todo *named[ENGINE_NAMED]; /* the first results */
    Todo__V1__Todo *first_before;        /* the first changed todo, before */
    Todo__V1__Todo *first_other;         /* the first one offered but not changed */
    char *last_id;                       /* the last result kept */
    ProtobufCBinaryData undo[CHAT_STATE_MAX_IDS];
    int64_t stamps[CHAT_STATE_MAX_IDS];
    /* complete/reopen/update: the updated_at of the first write; todos
     * created after it (while the change runs) are left alone */
    int64_t horizon_ms;
} bulk_t;

static void bulk_init(bulk_t *B, const chat_action_t *a)
{
    memset(B, 0, sizeof *B);
    B->a = a;
    B->horizon_ms = INT64_MAX;
}

static bool is_delete(int intent)
{
    return intent == CHAT_DELETE || intent == CHAT_CLEAR;
}

/* Notes that before became after (both may be in page memory). */
static void bulk_record(turn_t *T, bulk_t *B, const Todo__V1__Todo *before,
                        const Todo__V1__Todo *after)
{
    if (B->k < CHAT_STATE_MAX_IDS) {
        B->undo[B->k] = chat_pb_pack(&before->base, T->mem);
        B->stamps[B->k] = ts_ms(after->updated_at);
    }
    if (B->k == 0) {
        B->first_before = keep(T, before);
        if (!is_delete(B->a->intent) && after->updated_at)
            B->horizon_ms = ts_ms(after->updated_at);
    }
    if (B->k < ENGINE_NAMED || T->n_touched < ENGINE_LIST_KEEP) {
        Todo__V1__Todo *c = keep(T, after);
        touch(T, c);
        B->last_id = c->id;
        if (B->k < ENGINE_NAMED)
            B->named[B->k] = c;
    }
    B->k++;
}

/* Notes t, offered but left as it was. */
static void bulk_other(turn_t *T, bulk_t *B, const Todo__V1__Todo *t)
{
    if (B->first_other && T->n_touched >= ENGINE_LIST_KEEP)
        return;
    Todo__V1__Todo *c = keep(T, t);
    if (!B->first_other)
        B->first_other = c;
    touch(T, c);
}

/* rc, except that a todo gone meanwhile is no failure. */
static int gone_ok(turn_t *T, int rc)
{
    return rc == TC_ENOTFOUND ? soft_err(T, rc) : rc ? backend_err(T, rc) : 0;
}

static int bulk_delete_one(turn_t *T, bulk_t *B, const chat_call_t *call, Todo__V1__Todo *t)
{
    int rc = T->e->backend.remove(T->e->backend.self, call, t->id, T->st);
    if (rc == 0)
        bulk_record(T, B, t, t);
    return gone_ok(T, rc);
}

static int bulk_done_one(turn_t *T, bulk_t *B, const chat_call_t *call, Todo__V1__Todo *t,
                         bool done)
{
    static const char *const paths[] = {"done"};
    if (t->done == done) {
        B->already++;
        bulk_other(T, B, t);
        return 0;
    }
    Todo__V1__Todo upd = TODO__V1__TODO__INIT;
    upd.id = t->id;
    upd.done = done;
    Todo__V1__Todo *res = NULL;
    int rc = T->e->backend.update(T->e->backend.self, call, &upd, paths, 1, &res, T->st);
    if (rc == 0)
        bulk_record(T, B, t, res);
    return gone_ok(T, rc);
}

static int bulk_update_one(turn_t *T, bulk_t *B, const chat_call_t *call, Todo__V1__Todo *t)
{
    Todo__V1__Todo upd = TODO__V1__TODO__INIT;
    const char *paths[10];
    size_t np = 0;
    unsigned mask = update_patch(T, call->mem, t, B->a, &upd, paths, &np);
    if (np == 0) {
        B->idle++;
        bulk_other(T, B, t);
        return 0;
    }
    Todo__V1__Todo *res = NULL;
    int rc = T->e->backend.update(T->e->backend.self, call, &upd, paths, np, &res, T->st);
    if (rc == 0) {
        B->mask |= mask;
        bulk_record(T, B, t, res);
    } else if (rc == TC_EINVAL) {
        B->refused++;
        bulk_other(T, B, t);
    }
    return soft_err(T, rc);
}

/* Applies the action to t (memory of call). Returns 0 or an error. */
static int bulk_one(turn_t *T, bulk_t *B, const chat_call_t *call, Todo__V1__Todo *t)
{
    B->seen++;
    switch (B->a->intent) {
    case CHAT_DELETE:
    case CHAT_CLEAR:
        return bulk_delete_one(T, B, call, t);
    case CHAT_COMPLETE:
        return bulk_done_one(T, B, call, t, true);
    case CHAT_REOPEN:
        return bulk_done_one(T, B, call, t, false);
    case CHAT_UPDATE:
        return bulk_update_one(T, B, call, t);
    default:
        return 0;
    }
}

/* Makes the change undoable: n snapshots of the todos before it (packed, in
 * turn memory) and, for CHAT_UNDO_RESTORE, their updated_at right after. */
static void set_undo(turn_t *T, chat_undo_t kind, int intent, unsigned mask,
                     const ProtobufCBinaryData *snaps, const int64_t *stamps, size_t n)
{
    T->ns.undo = kind;
    T->ns.undo_intent = intent;
    T->ns.undo_mask = mask;
    T->ns.undo_ids = NULL;
    T->ns.n_undo_ids = 0;
    T->ns.undo_todos = talloc(T, (n + 1) * sizeof *snaps);
    if (n)
        memcpy(T->ns.undo_todos, snaps, n * sizeof *snaps);
    T->ns.n_undo_todos = n;
    T->ns.undo_stamps = NULL;
    T->ns.n_undo_stamps = 0;
    if (kind == CHAT_UNDO_RESTORE && stamps && n) {
        T->ns.undo_stamps = talloc(T, n * sizeof *stamps);
        memcpy(T->ns.undo_stamps, stamps, n * sizeof *stamps);
        T->ns.n_undo_stamps = n;
    }
}

static void bulk_set_undo(turn_t *T, const bulk_t *B)
{
    int intent = B->a->intent;
    if (B->k == 0 && !is_delete(intent))
        return; /* nothing changed: the earlier undo stays */
    if (B->k > CHAT_STATE_MAX_IDS) {
        /* the context cannot carry them all, and half an undo is worse
           than none (the answer says so) */
        set_undo(T, CHAT_UNDO_NONE, 0, 0, NULL, NULL, 0);
    } else if (is_delete(intent)) {
        set_undo(T, CHAT_UNDO_RECREATE, intent, 0, B->undo, NULL, B->k);
    } else {
        unsigned mask = intent == CHAT_UPDATE ? B->mask : CHAT_FIELD_DONE;
        set_undo(T, CHAT_UNDO_RESTORE, intent, mask, B->undo, B->stamps, B->k);
    }
}

static void reply_deleted(turn_t *T, const bulk_t *B)
{
    if (B->k == 0) {
        chat_reply_add(&T->reply, "That todo was already gone, so nothing changed.");
    } else if (B->k == 1) {
        chat_reply_add(&T->reply, "Deleted \u201c%s\u201d.", B->named[0]->title);
    } else {
        chat_reply_add(&T->reply, "Deleted %zu todos: ", B->k);
        chat_reply_titles(&T->reply, B->named, B->k, ENGINE_NAMED);
        chat_reply_add(&T->reply, ".");
    }
}

static void reply_set_done(turn_t *T, const bulk_t *B, bool done)
{
    if (B->k == 0 && B->already == 1) {
        chat_reply_add(&T->reply, "\u201c%s\u201d is already %s.", B->first_other->title,
                       done ? "done" : "open");
    } else if (B->k == 0) {
        chat_reply_add(&T->reply, "Those are already %s.", done ? "done" : "open");
    } else if (B->k == 1 && done) {
        chat_reply_add(&T->reply, "Nice! Marked \u201c%s\u201d as done.", B->named[0]->title);
    } else if (B->k == 1) {
        chat_reply_add(&T->reply, "Reopened \u201c%s\u201d.", B->named[0]->title);
    } else {
        chat_reply_add(&T->reply, "%s %zu todos: ", done ? "Marked as done" : "Reopened", B->k);
        chat_reply_titles(&T->reply, B->named, B->k, ENGINE_NAMED);
        chat_reply_add(&T->reply, ".");
    }
}

static void reply_updated_one(turn_t *T, const Todo__V1__Todo *t, const Todo__V1__Todo *res,
                              unsigned mask)
{
    if (mask == CHAT_FIELD_TITLE) {
        chat_reply_add(&T->reply, "Renamed \u201c%s\u201d to \u201c%s\u201d.", t->title,
                       res->title);
    } else if (mask == CHAT_FIELD_DUE && res->due) {
        chat_reply_add(&T->reply, "Moved \u201c%s\u201d to ", res->title);
        chat_reply_when(&T->reply, res->due->seconds, &T->ctx);
        chat_reply_add(&T->reply, ".");
    } else if (mask == CHAT_FIELD_DUE) {
        chat_reply_add(&T->reply, "Removed the due date from \u201c%s\u201d.", res->title);
    } else {
        chat_reply_add(&T->reply, "Updated ");
        chat_reply_todo(&T->reply, res, &T->ctx);
        chat_reply_add(&T->reply, ".");
    }
}

static void reply_updated(turn_t *T, const bulk_t *B)
{
    const char *title = B->first_other ? B->first_other->title : "";
    if (B->k == 1) {
        reply_updated_one(T, B->first_before, B->named[0], B->mask);
    } else if (B->k > 1) {
        chat_reply_add(&T->reply, "Updated %zu todos: ", B->k);
        chat_reply_titles(&T->reply, B->named, B->k, ENGINE_NAMED);
        chat_reply_add(&T->reply, ".");
    } else if (B->idle) {
        chat_reply_add(&T->reply, "What should I change about \u201c%s\u201d?", title);
    } else if (B->refused) {
        chat_reply_add(&T->reply, "I couldn't make that change to \u201c%s\u201d.", title);
    } else {
        chat_reply_add(&T->reply, "I couldn't find that todo any more, so nothing changed.");
    }
}

/* Words the outcome and makes it undoable. */
static void bulk_finish(turn_t *T, const bulk_t *B)
{
    int intent = B->a->intent;
    bulk_set_undo(T, B);
    if (is_delete(intent)) {
        reply_deleted(T, B);
        T->ns.focus = NULL;
    } else if (intent == CHAT_UPDATE) {
        reply_updated(T, B);
    } else {
        reply_set_done(T, B, intent == CHAT_COMPLETE);
    }
    if (!is_delete(intent) && B->last_id)
        T->ns.focus = B->last_id;
    if (B->k > CHAT_STATE_MAX_IDS)
        chat_reply_add(&T->reply, " That was too many to undo.");
    else if (B->k)
        suggest(T, "undo");
}

/* Applies a to the todos v[0..n) (turn memory). */
static int apply(turn_t *T, const chat_action_t *a, Todo__V1__Todo **v, size_t n)
{
    bulk_t B;
    bulk_init(&B, a);
    for (size_t i = 0; i < n; i++) {
        int rc = bulk_one(T, &B, &T->call, v[i]);
        if (rc)
            return rc;
    }
    bulk_finish(T, &B);
    return 0;
}

/* ---- selections: every todo "all ..." or "clear completed" means ---- */

/* The todos a selection holds, and what to do with each. */
typedef struct sel {
    const chat_action_t *a;
    chat_sel_t kind;   /* CHAT_SEL_ALL or CHAT_SEL_DONE */
    const char *text;  /* CHAT_SEL_ALL: title words that narrow it, or NULL */
    int64_t before_ms; /* only todos stamped at or before this (INT64_MAX: any) */
    int64_t now_ms;    /* the turn's now, for CHAT_NLU_OVERDUE */
    bulk_t *bulk;      /* apply the action to each; NULL: only count */
    size_t n;          /* counted */
    int64_t newest;    /* the newest stamp counted */
    Todo__V1__Todo *named[ENGINE_NAMED];
} sel_t;

/* The stamp that bounds a selection: when the todo was created, or, for
 * "clear completed", when it was completed. */
static int64_t sel_stamp(const sel_t *s, const Todo__V1__Todo *t)
{
    return ts_ms(s->kind == CHAT_SEL_DONE ? t->completed_at : t->created_at);
}

static bool sel_holds(const sel_t *s, const Todo__V1__Todo *t)
{
    if (s->kind == CHAT_SEL_DONE ? !t->done : !wants(s->a, t))
        return false;
    if (s->text && !strcmp(s->text, CHAT_NLU_OVERDUE)) /* "delete all the overdue ones" */
        return !t->done && t->due && ts_ms(t->due) < s->now_ms && sel_stamp(s, t) <= s->before_ms;
    size_t pl = strlen(CHAT_NLU_PRIORITY); /* "delete all the low priority ones" */
    if (s->text && !strncmp(s->text, CHAT_NLU_PRIORITY, pl))
        return (int)t->priority == s->text[pl] - '0' && sel_stamp(s, t) <= s->before_ms;
    if (s->text && s->text[0] == '#'
            ? !tag_match(t, s->text + 1) /* "all #work" */
            : s->text && chat_ref_score(s->text, nz(t->title)) < CHAT_REF_MIN &&
                  !tag_match(t, s->text)) /* "all my shopping stuff" */
        return false;
    int64_t before = s->before_ms;
    if (s->bulk && s->bulk->horizon_ms < before)
        before = s->bulk->horizon_ms;
    return sel_stamp(s, t) <= before;
}

static void sel_count(turn_t *T, sel_t *s, const Todo__V1__Todo *t)
{
    int64_t stamp = sel_stamp(s, t);
    if (stamp > s->newest)
        s->newest = stamp;
    if (s->n < ENGINE_NAMED || T->n_touched < ENGINE_LIST_KEEP) {
        Todo__V1__Todo *c = keep(T, t);
        touch(T, c);
        if (s->n < ENGINE_NAMED)
            s->named[s->n] = c;
    }
    s->n++;
}

static int sel_page(turn_t *T, const chat_call_t *call, Todo__V1__Todo **v, size_t n, void *ctx)
{
    sel_t *s = ctx;
    for (size_t i = 0; i < n; i++) {
        if (!sel_holds(s, v[i]))
            continue;
        if (!s->bulk) {
            sel_count(T, s, v[i]);
            continue;
        }
        int rc = bulk_one(T, s->bulk, call, v[i]);
        if (rc)
            return rc;
    }
    return 0;
}

static int sel_scan(turn_t *T, sel_t *s)
{
    Todo__V1__StatusFilter status =
        s->kind == CHAT_SEL_DONE ? TODO__V1__STATUS_FILTER__STATUS_DONE : status_for(s->a);
    return scan(T, status, NULL, sel_page, s);
}

static const char *verb_of(int intent)
{
    switch (intent) {
    case CHAT_DELETE:
    case CHAT_CLEAR: /* clearing done todos deletes them */
        return "delete";
    case CHAT_COMPLETE:
        return "complete";
    case CHAT_REOPEN:
        return "reopen";
    case CHAT_UPDATE:
        return "change";
    default:
        return "use";
    }
}

/* Asks before deleting (or, for "all done", completing) the n todos of
 * which named are the first. */
static void ask_delete(turn_t *T, const chat_action_t *a, size_t n, Todo__V1__Todo *const *named,
                       const char *what)
{
    T->ns.pending = CHAT_PENDING_CONFIRM;
    T->ns.action = *a;
    chat_reply_add(&T->reply, "That would %s %zu %stodos: ", verb_of(a->intent), n, what);
    chat_reply_titles(&T->reply, named, n, ENGINE_NAMED);
    chat_reply_add(&T->reply, ".%s Are you sure?",
                   n > CHAT_STATE_MAX_IDS ? " That can't be undone." : "");
    suggest(T, "yes");
    suggest(T, "no");
}

/* Counts what s selects and asks before deleting it; a single one goes at
 * once. s->n == 0 afterwards: nothing selected (the caller words it). */
static int ask_selection(turn_t *T, sel_t *s, const char *what)
{
    int rc = sel_scan(T, s);
    if (rc || s->n == 0)
        return rc;
    if (s->n == 1)
        return apply(T, s->a, s->named, 1);
    /* The context carries the selection, not thousands of ids. "yes" makes
     * it again, so every todo that matches then goes; but only among those
     * stamped no later than the newest one counted now: a todo added after
     * the question (or, clearing, completed after it) is not what the user
     * agreed to, and stays. */
    T->ns.sel = s->kind;
    T->ns.sel_text = (char *)s->text;
    T->ns.sel_before_ms = s->newest;
    ask_delete(T, s->a, s->n, s->named, what);
    return 0;
}

/* "all", "everything", "all the work ones": every such todo of the user. A
 * delete asks first; other changes go page by page. */
static int act_on_all(turn_t *T, const chat_action_t *a, const char *text)
{
    sel_t s = {.a = a,
               .kind = CHAT_SEL_ALL,
               .text = text,
               .before_ms = INT64_MAX,
               .now_ms = T->ctx.now * 1000};
    bulk_t B;
    int rc;
    if (a->intent == CHAT_UPDATE && !action_changes(a) && !T->nlu.note && !nlu_extra(T)) {
        chat_reply_add(&T->reply, "What should I change about them?");
        return 0;
    }
    /* "all done" with no list shown would complete every open todo: asked
       first, as a delete of several is ("mark everything done" is not) */
    if (a->intent == CHAT_DELETE || (a->intent == CHAT_COMPLETE && T->nlu.bare_all)) {
        rc = ask_selection(T, &s, "");
    } else {
        bulk_init(&B, a);
        s.bulk = &B;
        rc = sel_scan(T, &s);
        s.n = B.seen;
        if (rc == 0 && s.n)
            bulk_finish(T, &B);
    }
    if (rc == 0 && s.n == 0) {
        chat_reply_add(&T->reply, "There's nothing to %s.", verb_of(a->intent));
        suggest(T, "what's on my list?");
    }
    return rc;
}

/* ---- finding todos by name, over every page ---- */

/* The best matches of one name (kept, best first): among the todos the
 * action applies to ([0]) and, when none of those match, among the others
 * ([1]). */
typedef struct finder {
    const char *text;
    Todo__V1__Todo *pool[2][ENGINE_MAX_CHOICES];
    size_t n[2];
} finder_t;

typedef struct find_ctx {
    const chat_action_t *a;
    finder_t *f;
    size_t nf;
    int kind; /* the pool this scan fills */
} find_ctx_t;

/* Merges a page into one pool: chat_ref_find over the pool (earlier todos,
 * first, so ties keep store order) and the page's todos of that kind. A
 * todo not among the best of the union is never among the best of all. */
static void pool_merge(turn_t *T, const chat_call_t *call, finder_t *f, int kind,
                       const chat_action_t *a, Todo__V1__Todo **v, size_t n)
{
    ProtobufCAllocator *m = call->mem;
    size_t np = f->n[kind], c = 0;
    Todo__V1__Todo **cand = m->alloc(m->allocator_data, (np + n + 1) * sizeof *cand);
    const char **titles = m->alloc(m->allocator_data, (np + n + 1) * sizeof *titles);
    for (size_t i = 0; i < np; i++)
        cand[c++] = f->pool[kind][i];
    for (size_t i = 0; i < n; i++)
        if (wants(a, v[i]) == (kind == 0))
            cand[c++] = v[i];
    for (size_t i = 0; i < c; i++)
        titles[i] = cand[i]->title ? cand[i]->title : "";
    size_t idx[ENGINE_MAX_CHOICES];
    size_t k = chat_ref_find(f->text, titles, c, idx, ENGINE_MAX_CHOICES);
    for (size_t i = 0; i < k; i++)
        f->pool[kind][i] = idx[i] < np ? cand[idx[i]] : keep(T, cand[idx[i]]);
    f->n[kind] = k;
}

static int find_page(turn_t *T, const chat_call_t *call, Todo__V1__Todo **v, size_t n, void *ctx)
{
    find_ctx_t *c = ctx;
    for (size_t i = 0; i < c->nf; i++)
        if (c->kind == 0 || c->f[i].n[0] == 0)
            pool_merge(T, call, &c->f[i], c->kind, c->a, v, n);
    return 0;
}

/* Fills the finders: from the todos the action applies to, and only for
 * names none of those matched, from the others (the open ones, to reopen;
 * the done ones, to complete). */
static int find_names(turn_t *T, const chat_action_t *a, finder_t *f, size_t nf)
{
    find_ctx_t c = {a, f, nf, 0};
    int rc = scan(T, status_for(a), NULL, find_page, &c);
    bool more = false;
    for (size_t i = 0; i < nf; i++)
        more = more || f[i].n[0] == 0;
    if (rc || !more || status_for(a) == TODO__V1__STATUS_FILTER__STATUS_ANY)
        return rc;
    c.kind = 1;
    return scan(T,
                a->intent == CHAT_COMPLETE ? TODO__V1__STATUS_FILTER__STATUS_DONE
                                           : TODO__V1__STATUS_FILTER__STATUS_OPEN,
                NULL, find_page, &c);
}

/* The finder's answer into v: the best match and its near ties, several
 * todos with the very same title counting as one (the first). Returns how
 * many; *ambiguous when they differ. */
static size_t finder_result(const finder_t *f, Todo__V1__Todo **v, bool *ambiguous)
{
    int kind = f->n[0] ? 0 : 1;
    size_t n = f->n[kind];
    bool same = true;
    for (size_t i = 0; i < n; i++) {
        v[i] = f->pool[kind][i];
        same = same && strcasecmp(v[i]->title, v[0]->title) == 0;
    }
    *ambiguous = n > 1 && !same;
    return n > 1 && same ? 1 : n;
}

/* The first " and " of s, in any case ("X AND Y"), or NULL. */
static char *find_and(char *s)
{
    for (; (s = strchr(s, ' ')); s++)
        if (strncasecmp(s, " and ", 5) == 0)
            return s;
    return NULL;
}

/* "milk and eggs", "milk, eggs & bread", "fence painted + hinge fixed":
 * the names in text (a copy). */
static size_t split_parts(turn_t *T, const char *text, char **parts)
{
    char *buf = chat_pb_strdup(T->mem, text);
    size_t np = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",&+", &save); tok && np < ENGINE_MAX_PARTS;
         tok = strtok_r(NULL, ",&+", &save)) {
        char *and;
        while ((and = find_and(tok)) && np < ENGINE_MAX_PARTS - 1) {
            *and = '\0';
            parts[np++] = tok;
            tok = and+5;
        }
        parts[np++] = tok;
    }
    return np;
}

/* Adds the one todo each part names to v, or leaves *n 0 when a part names
 * none or several. */
static void resolve_parts(finder_t *f, size_t np, Todo__V1__Todo **v, size_t *n)
{
    for (size_t i = 0; i < np; i++) {
        Todo__V1__Todo *one[ENGINE_MAX_CHOICES];
        bool amb;
        if (finder_result(&f[i], one, &amb) != 1) {
            *n = 0;
            return;
        }
        bool dup = false;
        for (size_t j = 0; j < *n; j++)
            dup = dup || strcmp(v[j]->id, one[0]->id) == 0;
        if (!dup)
            v[(*n)++] = one[0];
    }
}

/* True when every one of np parts (two or more) names exactly one todo
 * surely (ENGINE_SURE_MIN), a different one each: only then may several
 * named todos change together. */
static bool parts_sure(const finder_t *f, size_t np)
{
    if (np < 2 || np > ENGINE_MAX_PARTS)
        return false;
    const char *ids[ENGINE_MAX_PARTS];
    for (size_t i = 0; i < np; i++) {
        Todo__V1__Todo *one[ENGINE_MAX_CHOICES];
        bool amb;
        if (finder_result(&f[i], one, &amb) != 1 ||
            chat_ref_score(f[i].text, one[0]->title) < ENGINE_SURE_MIN)
            return false;
        ids[i] = one[0]->id;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(ids[j], ids[i]))
                return false;
    }
    return true;
}

/* True when text names both v[0] and v[1] clearly ("both parcels"). */
static bool both_sure(const char *text, Todo__V1__Todo *const *v)
{
    return chat_ref_score(text, v[0]->title) >= ENGINE_SURE_MIN &&
           chat_ref_score(text, v[1]->title) >= ENGINE_SURE_MIN;
}

/* The todo(s) text names, over all of the user's todos: text as one name,
 * or else every part of it ("milk and eggs") naming one. */
static int resolve_text(turn_t *T, const chat_action_t *a, const char *text, Todo__V1__Todo **v,
                        size_t *n, bool *ambiguous)
{
    if (!text || !*text)
        return 0;
    char *parts[ENGINE_MAX_PARTS];
    size_t np = split_parts(T, text, parts);
    np = np < 2 ? 0 : np;
    finder_t *f = talloc(T, (np + 1) * sizeof *f);
    f[0].text = text;
    for (size_t i = 0; i < np; i++)
        f[i + 1].text = parts[i];
    int rc = find_names(T, a, f, np + 1);
    if (rc)
        return rc;
    *n = finder_result(&f[0], v, ambiguous);
    /* "delete the old car insurance" naming "car insurance" by two words
       of three: a guess; deleting or completing on a guess asks first */
    if (*n == 1 && (a->intent == CHAT_DELETE || a->intent == CHAT_COMPLETE || T->nlu.again) &&
        (chat_ref_score(text, v[0]->title) < ENGINE_SURE_MIN ||
         chat_ref_name_slipped(text, v[0]->title)))
        *ambiguous = true;
    if (*n == 2 && *ambiguous && T->nlu.ref_count == 2 && both_sure(text, v))
        *ambiguous = false; /* "both parcels posted": the two it names alike */
    if (*n == 0 && !*ambiguous)
        resolve_parts(f + 1, np, v, n);
    else if (*ambiguous && parts_sure(f + 1, np)) {
        /* "mark buy eggs and buy bread as done", "finished the slides and
         * the email to prof. Kim": the whole matched loosely, but each part
         * surely names a todo of its own */
        *n = 0;
        *ambiguous = false;
        resolve_parts(f + 1, np, v, n);
    }
    return 0;
}

/* The length of an emoji or symbol at text ("🚗", "✨", "✅": UTF-8 lead
 * bytes F0 and E2 and their continuation bytes), or 0. A clause ends there
 * ("got the car washed 🚗✨ looks brand new"). */
static size_t symbol_len(const char *text)
{
    unsigned char c = (unsigned char)*text;
    if (c != 0xF0 && c != 0xE2)
        return 0;
    size_t n = 1;
    while (((unsigned char)text[n] & 0xC0) == 0x80)
        n++;
    return n + (strncmp(text + n, "\xEF\xB8\x8F", 3) ? 0 : 3); /* a variation selector */
}

/* Ends (byte offsets) of the word prefixes of text that stop at a clause
 * boundary: punctuation or an emoji right after the prefix ("send invoice,
 * client wants changes", "car washed 🚗 looks brand new"; not before "and":
 * "gym ✔️ and groceries" goes on), or a next word that opens commentary
 * (chat_lex_ref_commentary: "learn ukulele lol never happening") or, with
 * places, a place (chat_lex_ref_places: "the parcel at the post office";
 * never for a delete: "the christmas lights from storage" names no "Put up
 * christmas lights"). Shortest first; the whole text is never one. */
static size_t prefix_cuts(const char *text, bool places, size_t *cut, size_t max)
{
    size_t nc = 0, words = 0;
    for (size_t i = 0; text[i] && nc < max;) {
        while (text[i] == ' ')
            i++;
        size_t b = i;
        while (text[i] && text[i] != ' ' && !strchr(",;.?!:", text[i]))
            i++;
        size_t e = i;
        bool punct = false;
        for (size_t k; (k = text[i] && strchr(" ,;.?!:-", text[i]) ? 1 : symbol_len(text + i));
             i += k)
            punct = punct || text[i] != ' ';
        if (e == b || !text[i])
            break;
        words++;
        char w[32];
        chat_tok_next_word(text + i, w, sizeof w);
        bool place = chat_lex_has(chat_lex_ref_places, w); /* "from storage" names a place */
        if ((punct && strcmp(w, "and")) || (chat_lex_has(chat_lex_ref_commentary, w) && !place) ||
            (places && place))
            cut[nc++] = e;
    }
    return words ? nc : 0;
}

/* When the whole text names no todo: the longest prefix that clearly names
 * one (every word of it in the title) is the target and the rest is
 * commentary (prefix_cuts). Several todos for that prefix: ambiguous (the
 * user is asked). Only to complete, reopen or delete one named todo. */
static int resolve_prefix(turn_t *T, const chat_action_t *a, const char *text, Todo__V1__Todo **v,
                          size_t *n, bool *ambiguous)
{
    if (!text ||
        (a->intent != CHAT_COMPLETE && a->intent != CHAT_REOPEN && a->intent != CHAT_DELETE))
        return 0;
    size_t cut[ENGINE_MAX_PARTS];
    /* "scrap the old car at the wreckers" names no "sell the old car" to delete */
    size_t nc = prefix_cuts(text, a->intent != CHAT_DELETE, cut, ENGINE_MAX_PARTS);
    if (nc == 0)
        return 0;
    finder_t *f = talloc(T, nc * sizeof *f);
    for (size_t i = 0; i < nc; i++) {
        char *s = talloc(T, cut[i] + 1);
        memcpy(s, text, cut[i]);
        s[cut[i]] = '\0';
        f[i].text = s;
    }
    int rc = find_names(T, a, f, nc);
    for (size_t i = nc; rc == 0 && i-- > 0;) {
        *n = finder_result(&f[i], v, ambiguous);
        if (*n && chat_ref_score(f[i].text, v[0]->title) >= ENGINE_PREFIX_MIN &&
            !chat_ref_place_clash(text + cut[i], v[0]->title))
            return 0; /* "the switchboard at the Manly job" names none at Bondi */
        *n = 0;
        *ambiguous = false;
    }
    return rc;
}

/* ---- positions and "it" ---- */

typedef struct pos_ctx {
    int first;            /* from the start: index of the first wanted */
    int from_end;         /* > 0: the last from_end instead */
    int cnt;              /* how many */
    int seen;             /* todos passed so far */
    Todo__V1__Todo **got; /* kept: [first, first + cnt), or the last from_end */
    int n_got;
} pos_ctx_t;

static int pos_page(turn_t *T, const chat_call_t *call, Todo__V1__Todo **v, size_t n, void *ctx)
{
    (void)call;
    pos_ctx_t *p = ctx;
    if (p->from_end) {
        size_t from = n > (size_t)p->from_end ? n - (size_t)p->from_end : 0;
        for (size_t i = from; i < n; i++) {
            if (p->n_got == p->from_end)
                memmove(p->got, p->got + 1, (size_t)--p->n_got * sizeof *p->got);
            p->got[p->n_got++] = keep(T, v[i]);
        }
        p->seen += (int)n;
        return 0;
    }
    for (size_t i = 0; i < n; i++, p->seen++)
        if (p->seen >= p->first && p->seen < p->first + p->cnt)
            p->got[p->n_got++] = keep(T, v[i]);
    return p->seen >= p->first + p->cnt ? 1 : 0;
}

/* Positions in the last list shown; a todo gone since is skipped. */
static int position_in_shown(turn_t *T, int pos, int cnt, Todo__V1__Todo **v, size_t *n)
{
    int nl = (int)T->old.n_shown;
    int first = pos < 0 ? nl + pos : pos - 1; /* -1 is the last, -3 the last three */
    if (first < 0 || first + cnt > nl)
        return 0;
    for (int i = first; i < first + cnt; i++) {
        Todo__V1__Todo *t;
        int rc = get_todo(T, T->old.shown[i], &t);
        if (rc)
            return rc;
        if (t)
            v[(*n)++] = t;
    }
    return 0;
}

/* "the second one", "the last three": in the last list shown, or else in
 * the order of the open list (of every todo, to reopen). */
static int resolve_position(turn_t *T, const chat_action_t *a, int pos, int count,
                            Todo__V1__Todo **v, size_t *n)
{
    int cnt = count > 1 ? count : 1;
    if (pos == 0 || cnt > CHAT_STATE_MAX_IDS || pos < -CHAT_STATE_MAX_IDS)
        return 0;
    if (T->old.n_shown > 0)
        return position_in_shown(T, pos, cnt, v, n);
    pos_ctx_t p = {.first = pos - 1, .from_end = pos < 0 ? -pos : 0, .cnt = cnt, .got = v};
    int rc = scan(T,
                  a->intent == CHAT_REOPEN ? TODO__V1__STATUS_FILTER__STATUS_ANY
                                           : TODO__V1__STATUS_FILTER__STATUS_OPEN,
                  NULL, pos_page, &p);
    if (rc)
        return rc;
    bool whole = p.from_end ? p.n_got == p.from_end && cnt <= p.from_end : p.n_got == cnt;
    *n = whole ? (size_t)cnt : 0;
    return 0;
}

/* "it", "that": the todo the conversation is about, or the only one shown. */
static int resolve_recent(turn_t *T, Todo__V1__Todo **v, size_t *n)
{
    Todo__V1__Todo *t;
    int rc = get_todo(T, T->old.focus, &t);
    if (rc == 0 && !t && T->old.n_shown == 1)
        rc = get_todo(T, T->old.shown[0], &t);
    if (rc == 0 && t)
        v[(*n)++] = t;
    return rc;
}

/* Does title's first word open with verb's ("swap" and "Swap shower head",
 * "insulat" and "Insulate the pipes")? */
static bool title_opens_with(const char *title, const char *verb)
{
    char vw[32], tw[32];
    chat_tok_next_word(verb, vw, sizeof vw);
    chat_tok_next_word(title, tw, sizeof tw);
    size_t l = strlen(vw);
    return l >= 3 && !strncmp(tw, vw, l);
}

/* Of several todos the deed names alike, the one title that opens with the
 * deed's verb ("just paid my share of the internet": "Pay my share of
 * internet", not "Remind Tom to pay internet share"): kept as the only one
 * in v; false when not exactly one does, or the several are meant ("did
 * the banking and posted the parcel"). */
static bool keep_one_opening_with(const char *verb, Todo__V1__Todo **v, size_t *n, bool *ambiguous)
{
    size_t hits = 0, hit = 0;
    if (*n < 2 || !*ambiguous)
        return false;
    for (size_t i = 0; i < *n; i++)
        if (title_opens_with(nz(v[i]->title), verb)) {
            hits++;
            hit = i;
        }
    if (hits != 1)
        return false;
    v[0] = v[hit];
    *n = 1;
    *ambiguous = false;
    return true;
}

/* The todos the message's reference names (not "all") into *v (turn
 * memory), *n of them; *ambiguous when several match a name that should be
 * one. */
static int resolve(turn_t *T, const chat_action_t *a, Todo__V1__Todo ***v, size_t *n,
                   bool *ambiguous)
{
    const chat_nlu_t *nl = &T->nlu;
    *v = talloc(T, (CHAT_STATE_MAX_IDS + 1) * sizeof **v);
    *n = 0;
    *ambiguous = false;
    if (nl->ref == CHAT_REF_POSITION)
        return resolve_position(T, a, nl->ref_pos, nl->ref_count, *v, n);
    Todo__V1__Todo *guess = NULL;
    const char *verb = nl->ref_verb ? nl->ref_verb : nl->done_verb;
    if (nl->ref == CHAT_REF_TEXT && verb && nl->ref_text) {
        /* "called mom": "call mom" first, kept only when it names one todo */
        size_t l = strlen(verb) + strlen(nl->ref_text) + 2;
        char *full = talloc(T, l);
        snprintf(full, l, "%s %s", verb, nl->ref_text);
        int rc = resolve_text(T, a, full, *v, n, ambiguous);
        if (rc || (*n == 1 && !*ambiguous) || keep_one_opening_with(verb, *v, n, ambiguous))
            return rc;
        guess = *n == 1 ? (*v)[0] : NULL; /* "dropped off the food bank stuff" */
        *n = 0;
        *ambiguous = false;
    }
    if (nl->ref != CHAT_REF_TEXT)
        return resolve_recent(T, *v, n);
    int rc = resolve_text(T, a, nl->ref_text, *v, n, ambiguous);
    if (rc == 0 && *n == 0 && !*ambiguous)
        rc = resolve_prefix(T, a, nl->ref_text, *v, n, ambiguous);
    if (rc == 0 && verb)
        keep_one_opening_with(verb, *v, n, ambiguous);
    /* "washed the car" naming "Car insurance renewal" by a word that only
       qualifies it, "returned the shoes" naming "Buy school shoes": news of
       a deed names its todo by what the todo is about, and not by undoing it */
    if (rc == 0 && *n == 1 && nl->ref_verb &&
        (!chat_ref_names_head(nl->ref_text, (*v)[0]->title) ||
         chat_ref_verb_undoes(nl->ref_verb, (*v)[0]->title) ||
         (nl->deed_loose && !title_opens_with(nz((*v)[0]->title), nl->ref_verb))))
        *ambiguous = true; /* "started the tax return" asks of "Finish the tax return" */
    if (rc == 0 && *n == 0 && !*ambiguous && guess) {
        (*v)[0] = guess; /* only the verb and the object together name it: ask */
        *n = 1;
        *ambiguous = true;
    }
    if (rc == 0 && nl->ref_talk && *n > 1 && *ambiguous)
        for (size_t i = 0; i < *n; i++)
            if (T->old.focus && !strcmp(nz((*v)[i]->id), T->old.focus)) {
                (*v)[0] = (*v)[i]; /* "picked it up" of two "pick up" todos: the recent one */
                *n = 1;
                *ambiguous = false;
                return 0;
            }
    if (rc == 0 && *n == 0 && !*ambiguous && nl->ref_talk)
        return resolve_recent(T, *v, n);
    return rc;
}

static void say_not_found(turn_t *T)
{
    const chat_nlu_t *nl = &T->nlu;
    if (nl->ref == CHAT_REF_TEXT)
        chat_reply_add(&T->reply,
                       "I couldn't find a todo matching \u201c%.80s\u201d, so nothing changed.",
                       nl->ref_text ? nl->ref_text : "");
    else if (nl->ref == CHAT_REF_POSITION)
        chat_reply_add(&T->reply, "There's no todo number %d in the last list, so nothing changed.",
                       nl->ref_pos < 0 ? 0 : nl->ref_pos);
    else
        chat_reply_add(&T->reply, "Which todo do you mean? Tell me its name.");
    suggest(T, "what's on my list?");
}

static void ask_choose(turn_t *T, const chat_action_t *a, Todo__V1__Todo **v, size_t n)
{
    T->ns.pending = CHAT_PENDING_CHOOSE;
    T->ns.action = *a;
    T->ns.cand = talloc(T, n * sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        T->ns.cand[i] = v[i]->id;
        suggest(T, v[i]->title);
        touch(T, v[i]);
    }
    T->ns.n_cand = n;
    shown_from(T, v, n);
    if (n == 1) { /* a weak match: the one guess, to confirm */
        chat_reply_add(&T->reply, "Do you mean \u201c%s\u201d? Say yes to %s it.", v[0]->title,
                       verb_of(a->intent));
        return;
    }
    chat_reply_add(&T->reply, "Which one do you want to %s: ", verb_of(a->intent));
    for (size_t i = 0; i < n; i++)
        chat_reply_add(&T->reply, "%s%zu. \u201c%s\u201d", i ? ", " : "", i + 1, v[i]->title);
    chat_reply_add(&T->reply, "?");
}

/* A few named todos to delete (n <= CHAT_STATE_MAX_IDS): their ids wait
 * in the context for the answer. */
static void ask_delete_ids(turn_t *T, const chat_action_t *a, Todo__V1__Todo **v, size_t n)
{
    T->ns.cand = talloc(T, n * sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        T->ns.cand[i] = v[i]->id;
        touch(T, v[i]);
    }
    T->ns.n_cand = n;
    T->ns.sel = CHAT_SEL_IDS;
    ask_delete(T, a, n, v, "");
}

typedef struct anchor_acc {
    chat_nlu_todo_t *v;
    size_t n, cap;
} anchor_acc_t;

/* Keeps the page's titles (turn memory), growing the array as pages come:
 * a user with 20 todos does not pay for ENGINE_ANCHOR_MAX. */
static int anchor_page(turn_t *T, const chat_call_t *call, Todo__V1__Todo **v, size_t n, void *ctx)
{
    anchor_acc_t *A = ctx;
    (void)call;
    if (A->n + n > A->cap && A->cap < ENGINE_ANCHOR_MAX) {
        size_t cap = A->n + n < ENGINE_ANCHOR_MAX ? A->n + n : ENGINE_ANCHOR_MAX;
        chat_nlu_todo_t *grown = talloc(T, cap * sizeof *grown);
        if (A->n)
            memcpy(grown, A->v, A->n * sizeof *grown);
        A->v = grown;
        A->cap = cap;
    }
    for (size_t i = 0; i < n && A->n < A->cap; i++) {
        size_t l = strlen(nz(v[i]->title)) + 1;
        char *s = talloc(T, l);
        memcpy(s, nz(v[i]->title), l);
        A->v[A->n++] = (chat_nlu_todo_t){.title = s, .done = v[i]->done};
    }
    return 0;
}

/* Does the second reading act where the rules' reading of a name does not
 * point: on several todos for one name ("unit 4 move out inspection is
 * done" of "... 4B" and "... 4D"), or on a todo that name points at no
 * more than at another ("Would you put the milkman back as not done? ...
 * the paper bill I settled" names "Pay the milkman", not "Pay the paper
 * bill"; "reopen the 3C dishwasher one" names "Fix dryer in 3C" no more
 * than "Fix dishwasher in 3D")? Then the second reading is not taken. */
static bool names_another(const chat_nlu_t *said, const chat_nlu_t *again, const anchor_acc_t *A)
{
    if (said->weak || said->ref_talk || said->ref != CHAT_REF_TEXT || !said->ref_text)
        return false;
    if (again->ref_count > 1)
        return said->ref_count < 2 && !strstr(said->ref_text, " and ");
    double mine = chat_ref_score(said->ref_text, again->ref_text);
    for (size_t i = 0; i < A->n; i++) {
        if ((again->intent == CHAT_REOPEN && !A->v[i].done) ||
            (again->intent == CHAT_COMPLETE && A->v[i].done))
            continue; /* a todo the action cannot apply to is no rival */
        double other = chat_ref_score(said->ref_text, A->v[i].title);
        if (strcmp(A->v[i].title, again->ref_text) && other >= ENGINE_LOOSE_NAME && other >= mine)
            return true;
    }
    return false;
}

/* Reads the message once more against the user's todos (chat_nlu_anchor),
 * once a turn; a reading replaces T->nlu and sets *read. first_add: the
 * rules read an add. Returns 0: without todo-svc there is no second reading. */
static int anchor_reread(turn_t *T, bool first_add, bool *read)
{
    *read = false;
    if (T->anchored)
        return 0;
    T->anchored = true;
    anchor_acc_t A = {NULL, 0, 0};
    int rc = scan(T, TODO__V1__STATUS_FILTER__STATUS_ANY, NULL, anchor_page, &A);
    if (rc) { /* a second reading is a bonus: "hello" answers with todo-svc down */
        tc_status_clear(T->st);
        return 0;
    }
    chat_nlu_t nl;
    if (!chat_nlu_anchor(T->in->message, T->in->message_len, &T->ctx, T->mem, A.v, A.n, first_add,
                         &nl) ||
        names_another(&T->nlu, &nl, &A))
        return 0;
    T->nlu = nl;
    T->intent = nl.intent;
    *read = true;
    return 0;
}

static int create_todo(turn_t *T);

/* "remind me about X at 4" when no todo is X: X is added, due then, as
 * "remind me about X" always did. */
static int remind_new(turn_t *T)
{
    chat_nlu_t *n = &T->nlu;
    n->intent = CHAT_ADD;
    n->title = n->remind_title ? n->remind_title : n->ref_text;
    n->has_due = true;
    n->remind_at = 0;
    T->intent = CHAT_ADD;
    return create_todo(T);
}

/* Does the message say, with a past form of the very delete verb that
 * opens title ("Remove old wallpaper", "Cancel gym membership"), that the
 * task was done ("wallpaper's all removed", "cancelled the gym membership
 * finally"), and ask no delete itself? Then it is done, not to be deleted. */
static bool deed_done(const turn_t *T, const char *title)
{
    char verb[32], stem[CHAT_TOK_NORM_MAX], w[64];
    if (!chat_lex_deed_title(title, verb, sizeof verb))
        return false;
    chat_tok_stem(verb, stem, sizeof stem);
    size_t l = strlen(stem);
    bool said = false;
    for (const char *s = T->in->message; s && *s;) {
        s = chat_tok_next_word(s, w, sizeof w);
        size_t wl = strlen(w);
        if (chat_lex_has(chat_lex_delete_deeds, w))
            return false; /* "delete the netflix one, already cancelled it": asked */
        said = said || (wl > l + 1 && !strncmp(w, stem, l) && !strcmp(w + wl - 2, "ed"));
    }
    return said;
}

/* What a delete of title says when its first delete verb is the very verb
 * that opens title ("remove wallpaper" for "Remove wallpaper"). */
typedef enum {
    OWN_VERB_NONE, /* another verb, or a word that marks a todo ("the ... one",
                      "that", a quote): "delete cancel digiturk" is a request */
    OWN_VERB_SAID, /* the verb may be the title's and no request: ask first */
    OWN_VERB_DONE, /* then news that it is done ("delete old emails — done
                      it"): the task is done, not to be deleted */
} own_verb_t;

static own_verb_t own_delete_verb(const turn_t *T, const char *title)
{
    char verb[CHAT_TOK_NORM_MAX], w[64];
    if (!chat_lex_deed_title(title, verb, sizeof verb) || chat_tok_has_quote(T->in->message))
        return OWN_VERB_NONE;
    bool first = true, own = false;
    for (const char *s = T->in->message; s && *s;) {
        s = chat_tok_next_word(s, w, sizeof w);
        if (own && chat_lex_has(chat_lex_done_news, w))
            return OWN_VERB_DONE;
        if (chat_lex_has(chat_lex_ref_marks, w))
            return OWN_VERB_NONE;
        bool del = chat_lex_has(chat_lex_delete_deeds, w) || !strcmp(w, "rid"); /* "get rid of" */
        own = own || (first && del && !strcmp(w, verb));
        first = first && !del;
    }
    return own ? OWN_VERB_SAID : OWN_VERB_NONE;
}

static int act_on_ref(turn_t *T, const chat_action_t *a);

/* The named todo is not on the list: a new todo where the message also
 * reads as one, the anchor's second reading, or "couldn't find". */
static int act_on_none(turn_t *T)
{
    if (T->nlu.remind_at && (T->nlu.remind_title || T->nlu.ref_text))
        return remind_new(T); /* "remind me about X at 4" with no X: a new todo */
    if (T->nlu.alt_add) {     /* "mark the essays by thursday": a task */
        T->nlu = *T->nlu.alt_add;
        T->intent = CHAT_ADD;
        return create_todo(T);
    }
    bool read;
    chat_nlu_t said = T->nlu;
    int rc = anchor_reread(T, false, &read); /* "the airbnb task can be deleted" */
    if (!rc && read && said.ref_verb &&
        (T->nlu.intent == CHAT_UPDATE || T->nlu.intent == CHAT_DELETE)) {
        T->nlu = said; /* "paid the gas bill today": news of a deed moves or deletes nothing */
        T->intent = said.intent;
        read = false;
    }
    if (rc || read) {
        chat_action_t b;
        action_from_nlu(T, &b);
        return rc ? rc : act_on_ref(T, &b);
    }
    say_not_found(T);
    return 0;
}

static int act_on_ref(turn_t *T, const chat_action_t *a)
{
    bool all_shown = T->nlu.ref == CHAT_REF_ALL && T->nlu.ref_shown;
    if (all_shown && T->nlu.ref_count == 2 && T->old.n_shown != 2) {
        T->nlu.bare_all = true; /* "..., tick both off" with no two shown: asked first */
    } else if (all_shown && T->old.n_shown > 0) {
        T->nlu.ref = CHAT_REF_POSITION; /* "all of these are done": the list just shown */
        T->nlu.ref_pos = 1;
        T->nlu.ref_count = (int)T->old.n_shown;
    }
    if (T->nlu.ref == CHAT_REF_ALL)
        return act_on_all(T, a, T->nlu.ref_text);
    Todo__V1__Todo **v;
    size_t n;
    bool amb;
    int rc = resolve(T, a, &v, &n, &amb);
    if (rc)
        return rc;
    if (n == 0)
        return act_on_none(T);
    own_verb_t own =
        a->intent == CHAT_DELETE && n == 1 ? own_delete_verb(T, v[0]->title) : OWN_VERB_NONE;
    bool done_news =
        own == OWN_VERB_DONE || (a->intent == CHAT_DELETE && n == 1 && deed_done(T, v[0]->title));
    if (amb || (own == OWN_VERB_SAID && !done_news)) {
        ask_choose(T, a, v, n);
    } else if (n > 1 && a->intent == CHAT_DELETE) {
        ask_delete_ids(T, a, v, n);
    } else if (a->intent == CHAT_UPDATE && !action_changes(a) && !T->nlu.note && !nlu_extra(T)) {
        chat_reply_add(&T->reply, "What should I change about \u201c%s\u201d?", v[0]->title);
        touch(T, v[0]);
        T->ns.focus = v[0]->id;
    } else {
        chat_action_t done = *a;
        if (done_news) {
            done.intent = CHAT_COMPLETE; /* "wallpaper's all removed": the task is done */
            T->intent = CHAT_COMPLETE;
            a = &done;
        }
        rc = apply(T, a, v, n);
        if (rc == 0 && T->ns.pending == CHAT_PENDING_NONE) {
            T->ns.action = *a; /* "and the gas one" repeats it (do_again) */
            T->ns.action.title = NULL;
        }
        return rc;
    }
    return 0;
}

/* "and the gas one", "same for the crackers": the previous turn's change
 * of a named todo (the context's action with nothing pending) on the todo
 * named now, which must be named clearly (resolve_text asks otherwise);
 * with none, the add the message also reads as. Returns 1 when there is
 * neither (the message is not understood), else 0 or an error. */
static int do_again(turn_t *T)
{
    chat_action_t a = T->old.action;
    if (T->old.pending == CHAT_PENDING_NONE &&
        (a.intent == CHAT_COMPLETE || a.intent == CHAT_REOPEN || a.intent == CHAT_DELETE ||
         a.intent == CHAT_UPDATE)) {
        T->intent = T->nlu.intent = (chat_intent_t)a.intent;
        return act_on_ref(T, &a);
    }
    if (!T->nlu.alt_add)
        return 1;
    T->nlu = *T->nlu.alt_add;
    T->intent = CHAT_ADD;
    return create_todo(T);
}

/* "skip the gym" (chat_nlu_t.declined): the add the message also reads as,
 * only when its target names no todo; a message about an existing todo with
 * a verb the rules would not act on is not understood, not a new todo.
 * Returns 1 when nothing was made (the message is not understood). */
static int do_declined(turn_t *T, const chat_action_t *a)
{
    Todo__V1__Todo **v;
    size_t n;
    bool amb;
    int rc = resolve(T, a, &v, &n, &amb);
    if (rc || n > 0 || amb)
        return rc ? rc : 1;
    T->nlu = *T->nlu.alt_add;
    T->intent = CHAT_ADD;
    return create_todo(T);
}

/* ---- intents ---- */

typedef struct twin_ctx {
    const char *title;
    Todo__V1__Todo *done, *open; /* the first done and open todo so titled */
} twin_ctx_t;

static int twin_page(turn_t *T, const chat_call_t *call, Todo__V1__Todo **v, size_t n, void *ctx)
{
    (void)call;
    twin_ctx_t *c = ctx;
    for (size_t i = 0; i < n && !c->done; i++) {
        Todo__V1__Todo **slot = v[i]->done ? &c->done : &c->open;
        if (!*slot && v[i]->title && strcasecmp(v[i]->title, c->title) == 0)
            *slot = keep(T, v[i]);
    }
    return c->done != NULL; /* a done twin decides; an open one may not */
}

/* The todos of the status titled exactly c->title (case aside), into c:
 * todo-svc's query filter narrows the todos to those containing it. */
static int find_twins(turn_t *T, int status, twin_ctx_t *c)
{
    size_t len = strlen(c->title);
    /* no stored title is longer or not UTF-8 (and the filter refuses it) */
    if (len > ENGINE_TITLE_MAX || !tc_utf8_valid(c->title, len))
        return 0;
    return scan(T, status, c->title, twin_page, c);
}

/* Gives t, just reopened, its new due date; one undo puts back both the done
 * flag and the old due date. */
static int move_reopened(turn_t *T, Todo__V1__Todo *t, int64_t due)
{
    chat_action_t a = {.intent = CHAT_UPDATE, .has_due = true, .due = due};
    chat_state_t before = T->ns;
    chat_reply_t said = T->reply;
    chat_reply_init(&T->reply, T->mem);
    int rc = apply(T, &a, &t, 1);
    if (rc)
        return rc;
    T->ns.undo = before.undo;
    T->ns.undo_intent = before.undo_intent;
    T->ns.undo_mask = before.undo_mask | CHAT_FIELD_DUE;
    T->ns.undo_todos = before.undo_todos; /* the stamps stay the last write's */
    T->ns.n_undo_todos = before.n_undo_todos;
    T->reply = said;
    chat_reply_add(&T->reply, " It's due ");
    chat_reply_when(&T->reply, due, &T->ctx);
    chat_reply_add(&T->reply, ".");
    return 0;
}

/* "I still need to do the laundry" when "do the laundry" is done: reopens
 * the twin (with the new due date) rather than add another. */
static int reopen_twin(turn_t *T, Todo__V1__Todo *twin)
{
    static const chat_action_t reopen = {.intent = CHAT_REOPEN};
    const chat_nlu_t *n = &T->nlu;
    T->intent = CHAT_REOPEN;
    bulk_t B;
    bulk_init(&B, &reopen);
    int rc = bulk_one(T, &B, &T->call, twin);
    if (rc)
        return rc;
    bulk_finish(T, &B);
    if (n->has_due && B.k == 1)
        rc = move_reopened(T, B.named[0], n->due.t);
    return rc;
}

/* "buy milk, high priority" when an open "buy milk" exists: an item said
 * with no add verb (a weak reading) and only a priority or tags changes the
 * twin rather than add another; "add buy milk #errands" adds as told. */
static bool only_property(const chat_nlu_t *n)
{
    return n->weak && (n->priority || n->n_tags) && !n->has_due && !n->recurrence && !n->note;
}

static int update_twin(turn_t *T, Todo__V1__Todo *twin)
{
    const chat_nlu_t *n = &T->nlu;
    chat_action_t a = {.intent = CHAT_UPDATE, .priority = n->priority};
    a.tags = n->tags;
    a.n_tags = n->n_tags;
    T->intent = CHAT_UPDATE;
    return apply(T, &a, &twin, 1);
}

/* Makes one todo titled title with the add's due date, priority, tags,
 * note, reminder and repetition into *res. */
static int create_one(turn_t *T, const char *title, Todo__V1__Todo **res)
{
    const chat_nlu_t *n = &T->nlu;
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    char buf[ENGINE_TITLE_MAX + 1];
    snprintf(buf, sizeof buf, "%s", title);
    size_t tl = strlen(buf);
    while (tl > 0 && ((unsigned char)buf[tl - 1] & 0xC0) == 0x80 && tl == ENGINE_TITLE_MAX)
        buf[--tl] = '\0'; /* never cut a UTF-8 sequence in half */
    t.title = buf;
    if (n->has_due)
        t.due = ts_new(T->mem, n->due.t);
    t.priority = (Todo__V1__Priority)n->priority;
    t.tags = n->tags;
    t.n_tags = n->n_tags;
    t.notes = n->note;
    if (n->remind_before && n->has_due)
        t.remind_at = ts_new(T->mem, remind_time(T, n->due.t, n->remind_before));
    if (n->recurrence && n->has_due) {
        t.recurrence = n->recurrence;
        t.time_zone = (char *)chat_tz_name(T->ctx.tz);
    }
    *res = NULL;
    return T->e->backend.create(T->e->backend.self, &T->call, &t, NULL, res, T->st);
}

/* "Added “eggs” and “flour” (each due tomorrow at 9 AM)." for the k todos
 * made. */
static void reply_added(turn_t *T, Todo__V1__Todo **made, size_t k)
{
    chat_reply_add(&T->reply, "Added ");
    if (k == 1) {
        chat_reply_todo(&T->reply, made[0], &T->ctx);
    } else {
        chat_reply_titles(&T->reply, made, k, k);
        chat_reply_props(&T->reply, made[0], &T->ctx, " (each ");
    }
    chat_reply_add(&T->reply, ".");
    if (T->nlu.has_due && T->nlu.due.t < T->ctx.now)
        chat_reply_add(&T->reply, " Heads up: that time has already passed.");
}

/* Adds the todo, or each item of a list said together ("eggs and flour"):
 * one undo takes back all of them. A failure part way keeps what was made
 * undoable and reports the error. */
static int create_todo(turn_t *T)
{
    const chat_nlu_t *n = &T->nlu;
    size_t want = n->n_items ? n->n_items : 1, k = 0;
    Todo__V1__Todo **made = talloc(T, want * sizeof *made);
    ProtobufCBinaryData *snaps = talloc(T, want * sizeof *snaps);
    int rc = 0;
    while (k < want && !rc) {
        rc = create_one(T, n->n_items ? n->items[k] : n->title, &made[k]);
        if (!rc) {
            touch(T, made[k]);
            T->ns.focus = made[k]->id;
            snaps[k] = chat_pb_pack(&made[k]->base, T->mem);
            k++;
        }
    }
    if (k)
        set_undo(T, CHAT_UNDO_DELETE_IDS, CHAT_ADD, 0, snaps, NULL, k);
    if (rc == TC_EINVAL && k == 0) {
        tc_status_clear(T->st);
        chat_reply_add(&T->reply, "I couldn't add that as a todo; try a shorter title.");
        return 0;
    }
    if (rc)
        return backend_err(T, rc);
    reply_added(T, made, k);
    suggest(T, "undo");
    suggest(T, "what's on my list?");
    return 0;
}

static int do_add(turn_t *T)
{
    if (!T->nlu.title) {
        chat_reply_add(&T->reply,
                       "What should I add? For example: \u201cadd buy milk tomorrow\u201d.");
        suggest(T, "add buy milk tomorrow");
        return 0;
    }
    /* one look for twins: the done ones, and the open ones only when the add
       could change one (a todo-svc query per add, not two) */
    bool prop = only_property(&T->nlu);
    twin_ctx_t c = {T->nlu.title, NULL, NULL};
    int rc = find_twins(
        T, prop ? TODO__V1__STATUS_FILTER__STATUS_ANY : TODO__V1__STATUS_FILTER__STATUS_DONE, &c);
    if (rc)
        return rc < 0 ? rc : 0;
    if (c.done)
        return reopen_twin(T, c.done);
    if (prop && c.open)
        return update_twin(T, c.open);
    return create_todo(T);
}

/* A list question, answered over every todo. */
typedef struct list_acc {
    const chat_nlu_t *n;
    int status; /* todo.v1 StatusFilter */
    int64_t now;
    Todo__V1__Todo **v; /* the first ENGINE_LIST_KEEP matches, kept */
    size_t kept;
    size_t k;    /* every match */
    size_t seen; /* todos of the status */
    int best;    /* the query score of the todos kept and counted (list_score) */
} list_acc_t;

static bool list_wants(const list_acc_t *L, const Todo__V1__Todo *t)
{
    const chat_nlu_t *n = L->n;
    if ((L->status == 1 && t->done) || (L->status == 2 && !t->done))
        return false;
    if (n->when == CHAT_WHEN_OVERDUE && (!t->due || t->due->seconds >= L->now))
        return false;
    if (n->when == CHAT_WHEN_NODATE && t->due)
        return false;
    if (n->when == CHAT_WHEN_RANGE &&
        (!t->due || t->due->seconds < n->from || t->due->seconds >= n->to))
        return false;
    if (n->priority && (int)t->priority != n->priority)
        return false;
    return !n->n_tags || tag_match(t, n->tags[0]);
}

/* True when text (a query or one of its words) is a tag of t or part of
 * its title or notes, word for word. */
static bool list_holds(const Todo__V1__Todo *t, const char *text)
{
    return tag_match(t, text) || strcasestr(t->title ? t->title : "", text) ||
           (t->notes && strcasestr(t->notes, text));
}

/* True when text names t: list_holds, or its title by chat_ref's fuzzy
 * match. */
static bool list_names(const Todo__V1__Todo *t, const char *text)
{
    return list_holds(t, text) || chat_ref_score(text, t->title ? t->title : "") >= CHAT_REF_MIN;
}

/* How well the question's search names t: the whole query held word for
 * word (list_holds: "is clean oven still on the list?" is "Clean oven",
 * not "Buy oven cleaner"), more than the whole query named loosely, more than any
 * count of its words; else how many of its words name t (0: none, or no
 * query). A "what is X?" naming nothing of the list (weak_list) counts
 * only the whole of X: "the pin code for andheri" is not about a todo
 * that mentions Andheri. */
static int list_score(const chat_nlu_t *n, const Todo__V1__Todo *t)
{
    if (!n->query)
        return 0;
    if (list_holds(t, n->query))
        return (int)n->n_query_words + 2;
    if (list_names(t, n->query))
        return (int)n->n_query_words + 1;
    int c = 0;
    for (size_t i = 0; i < n->n_query_words && !n->weak_list; i++)
        c += list_names(t, n->query_words[i]);
    return c;
}

/* Keeps and counts the todos the filters select that score best: a todo
 * scoring higher than those so far replaces them all. Words no todo has
 * thus never narrow the answer; when none names any todo, best stays 0 and
 * every todo the filters select is kept (list_reply decides). */
static int list_page(turn_t *T, const chat_call_t *call, Todo__V1__Todo **v, size_t n, void *ctx)
{
    (void)call;
    list_acc_t *L = ctx;
    L->seen += n;
    for (size_t i = 0; i < n; i++) {
        if (!list_wants(L, v[i]))
            continue;
        int sc = list_score(L->n, v[i]);
        if (sc < L->best)
            continue;
        if (sc > L->best)
            L->best = sc, L->kept = 0, L->k = 0;
        if (L->kept < ENGINE_LIST_KEEP)
            L->v[L->kept++] = keep(T, v[i]);
        L->k++;
    }
    return 0;
}

static int list_reply_none(turn_t *T, const list_acc_t *L, const char *what)
{
    bool any = L->seen > 0;
    if (L->n->when == CHAT_WHEN_OVERDUE) {
        chat_reply_add(&T->reply, "Nothing is overdue. Nice work!");
        return 0;
    }
    int rc = any || L->status == 0 ? 0 : has_todos(T, &any);
    if (rc)
        return rc;
    if (!any)
        chat_reply_add(&T->reply, "Your list is empty. Try \u201cadd buy milk tomorrow\u201d.");
    else
        chat_reply_add(&T->reply, "You have no %s todos%s.", what,
                       L->n->when == CHAT_WHEN_RANGE ? " in that time" : "");
    return 0;
}

/* "You have 1230 open todos: 1. …; 10. …; and 1220 more." */
static void list_reply_some(turn_t *T, const list_acc_t *L, const char *what)
{
    const char *label = L->n->when == CHAT_WHEN_OVERDUE ? "overdue" : what;
    size_t k = L->k, shown = k < ENGINE_LIST_WORDED ? k : ENGINE_LIST_WORDED;
    chat_reply_add(&T->reply, "You have %zu %s%stodo%s: ", k, label, *label ? " " : "",
                   k == 1 ? "" : "s");
    for (size_t i = 0; i < shown; i++) {
        chat_reply_add(&T->reply, "%s%zu. ", i ? "; " : "", i + 1);
        chat_reply_todo(&T->reply, L->v[i], &T->ctx);
        if (L->v[i]->done && L->status != 2)
            chat_reply_add(&T->reply, " \u2713");
    }
    if (k > shown)
        chat_reply_add(&T->reply, "; and %zu more", k - shown);
    chat_reply_add(&T->reply, ".");
    if (!L->v[0]->done)
        suggest(T, "mark the first one done");
}

/* "is X on my list?": yes. "did I do X?", "is X still open or did I do it?"
 * (open and done asked): whether the one todo named is done. */
static void list_reply_named(turn_t *T, const list_acc_t *L)
{
    if (L->status == 0 && L->n->status == 2) { /* asked done, found only open ones (do_list) */
        chat_reply_titles(&T->reply, L->v, L->k, ENGINE_NAMED);
        chat_reply_add(&T->reply, L->k == 1 ? " is still open." : " are still open.");
        return;
    }
    if (L->status == 0 && L->k == 1) {
        chat_reply_titles(&T->reply, L->v, 1, ENGINE_NAMED);
        chat_reply_add(&T->reply, " is %s.", L->v[0]->done ? "done \u2713" : "still open");
        return;
    }
    chat_reply_add(&T->reply, "Yes: ");
    chat_reply_titles(&T->reply, L->v, L->k, ENGINE_NAMED);
    chat_reply_add(&T->reply, L->k == 1 ? " is on your list." : " are on your list.");
}

static int list_reply(turn_t *T, const list_acc_t *L)
{
    const chat_nlu_t *n = L->n;
    const char *what = L->status == 2 ? "completed" : L->status == 1 ? "open" : "";
    if (n->weak_list && L->k == 0) {
        T->intent = CHAT_UNKNOWN;
        chat_reply_add(&T->reply, "Sorry, I can only help with your todo list. Try "
                                  "\u201cwhat's on my list?\u201d.");
        suggest(T, "help");
    } else if (n->query && n->question && L->best > 0) {
        list_reply_named(T, L);
    } else if (n->query && L->k == 0 && !n->query_soft) {
        chat_reply_add(&T->reply, "Nothing on your list matches \u201c%.80s\u201d.", n->query);
    } else if (L->k == 0) {
        return list_reply_none(T, L, what);
    } else {
        list_reply_some(T, L, what);
    }
    return 0;
}

/* An empty answer to the question n for todos of status, kept in v. */
static list_acc_t list_acc(const turn_t *T, int status, Todo__V1__Todo **v)
{
    return (list_acc_t){.n = &T->nlu, .status = status, .now = T->ctx.now, .v = v};
}

static int do_list(turn_t *T)
{
    const chat_nlu_t *n = &T->nlu;
    list_acc_t L = list_acc(T, n->when == CHAT_WHEN_OVERDUE ? 1 : n->status,
                            talloc(T, ENGINE_LIST_KEEP * sizeof(Todo__V1__Todo *)));
    /* todo-svc orders and narrows by due; list_wants still decides */
    chat_list_query_t q = {.status = (Todo__V1__StatusFilter)L.status, .order_by = n->order_by};
    if (n->when == CHAT_WHEN_OVERDUE)
        q.due_before = T->ctx.now;
    if (n->when == CHAT_WHEN_RANGE && n->from > 0 && n->to > n->from) {
        q.due_after = n->from;
        q.due_before = n->to;
    }
    int rc = scan_q(T, &q, list_page, &L);
    /* "is the car service done?" of an open todo: whether it is done; when
       the words name no todo at all ("which jobs have I done?"), the done ones */
    if (!rc && L.best == 0 && n->query && n->question && L.status == 2 &&
        n->when == CHAT_WHEN_ANY) {
        list_acc_t A = list_acc(T, 0, talloc(T, ENGINE_LIST_KEEP * sizeof(Todo__V1__Todo *)));
        q.status = 0;
        rc = scan_q(T, &q, list_page, &A);
        L = !rc && A.best > 0 ? A : L;
    }
    if (rc)
        return rc;
    /* a search naming no todo answers nothing, unless filters were read */
    if (n->query && L.best == 0 && (!n->query_soft || n->weak_list))
        L.kept = L.k = 0;
    shown_from(T, L.v, L.kept);
    if (T->n_touched == 0) { /* all new: no need to look for each */
        T->touched = L.v;
        T->n_touched = T->cap_touched = L.kept;
    } else {
        for (size_t i = 0; i < L.kept; i++)
            touch(T, L.v[i]);
    }
    if (L.k == 1)
        T->ns.focus = L.v[0]->id;
    return list_reply(T, &L);
}

static int do_clear(turn_t *T)
{
    static const chat_action_t clear = {.intent = CHAT_CLEAR};
    sel_t s = {.a = &clear, .kind = CHAT_SEL_DONE, .before_ms = INT64_MAX};
    int rc = ask_selection(T, &s, "completed ");
    if (rc == 0 && s.n == 0)
        chat_reply_add(&T->reply, "There are no completed todos to clear.");
    return rc;
}

/* ---- undo: once, however often the same context comes back ---- */

static size_t undo_paths(unsigned mask, const char **paths)
{
    static const struct {
        unsigned bit;
        const char *path;
    } fields[] = {{CHAT_FIELD_TITLE, "title"},       {CHAT_FIELD_DONE, "done"},
                  {CHAT_FIELD_PRIORITY, "priority"}, {CHAT_FIELD_DUE, "due"},
                  {CHAT_FIELD_TAGS, "tags"},         {CHAT_FIELD_NOTES, "notes"},
                  {CHAT_FIELD_RECUR, "recurrence"},  {CHAT_FIELD_RECUR, "time_zone"},
                  {CHAT_FIELD_REMIND, "remind_at"}};
    size_t np = 0;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (mask & fields[i].bit)
            paths[np++] = fields[i].path;
    return np;
}

static bool same_due(const Todo__V1__Todo *a, const Todo__V1__Todo *b)
{
    if (!a->due || !b->due)
        return !a->due && !b->due;
    return a->due->seconds == b->due->seconds && a->due->nanos == b->due->nanos;
}

static bool same_tags(const Todo__V1__Todo *a, const Todo__V1__Todo *b)
{
    if (a->n_tags != b->n_tags)
        return false;
    for (size_t i = 0; i < a->n_tags; i++)
        if (strcmp(nz(a->tags[i]), nz(b->tags[i])) != 0)
            return false;
    return true;
}

/* Whether cur already holds snap's values in the fields of mask. */
static bool same_fields(const Todo__V1__Todo *cur, const Todo__V1__Todo *snap, unsigned mask)
{
    return (!(mask & CHAT_FIELD_TITLE) || !strcmp(nz(cur->title), nz(snap->title))) &&
           (!(mask & CHAT_FIELD_NOTES) || !strcmp(nz(cur->notes), nz(snap->notes))) &&
           (!(mask & CHAT_FIELD_DONE) || cur->done == snap->done) &&
           (!(mask & CHAT_FIELD_PRIORITY) || cur->priority == snap->priority) &&
           (!(mask & CHAT_FIELD_DUE) || same_due(cur, snap)) &&
           (!(mask & CHAT_FIELD_TAGS) || same_tags(cur, snap)) &&
           (!(mask & CHAT_FIELD_RECUR) || !strcmp(nz(cur->recurrence), nz(snap->recurrence))) &&
           (!(mask & CHAT_FIELD_REMIND) || (cur->remind_at ? cur->remind_at->seconds : 0) ==
                                               (snap->remind_at ? snap->remind_at->seconds : 0));
}

/* Undo of an add: delete it again. Already gone (a replayed undo, or a
 * delete elsewhere) is as good: it is not on the list. */
static int undo_add(turn_t *T, Todo__V1__Todo *t, Todo__V1__Todo **res)
{
    int rc = T->e->backend.remove(T->e->backend.self, &T->call, t->id, T->st);
    if (rc == 0 || rc == TC_ENOTFOUND)
        *res = t;
    return soft_err(T, rc);
}

/* Undo of a delete: create the snapshot again. The request_id names the
 * deletion (a todo id is deleted once: it never comes back), so a replayed
 * undo gets the todo the first one made back from todo-svc rather than a
 * second copy; if that todo was deleted since, nothing comes back. */
static int undo_delete(turn_t *T, Todo__V1__Todo *t, Todo__V1__Todo **res)
{
    char rid[128];
    snprintf(rid, sizeof rid, "chat-undo-delete:%.100s", nz(t->id));
    Todo__V1__Todo c = *t;
    c.id = (char *)"";
    c.created_at = c.updated_at = c.completed_at = NULL; /* done is kept: created done */
    int rc = T->e->backend.create(T->e->backend.self, &T->call, &c, rid, res, T->st);
    if (rc)
        *res = NULL;
    return soft_err(T, rc);
}

/* Undo of a change: write back the snapshot's fields. With a stamp (the
 * todo's updated_at right after the change), only while the todo is still
 * as the change left it: a todo changed since, also by this very undo when
 * its request is replayed, is left alone; one already as the snapshot says
 * counts as undone. */
static int undo_change(turn_t *T, const chat_state_t *o, size_t i, Todo__V1__Todo *t,
                       Todo__V1__Todo **res)
{
    const char *paths[10];
    size_t np = undo_paths(o->undo_mask, paths);
    if (np == 0)
        return 0;
    if (i < o->n_undo_stamps) {
        Todo__V1__Todo *cur;
        int rc = get_todo(T, t->id, &cur);
        if (rc || !cur)
            return rc;
        if (same_fields(cur, t, o->undo_mask)) {
            *res = cur;
            return 0;
        }
        if (ts_ms(cur->updated_at) != o->undo_stamps[i])
            return 0;
    }
    int rc = T->e->backend.update(T->e->backend.self, &T->call, t, paths, np, res, T->st);
    if (rc)
        *res = NULL;
    return soft_err(T, rc);
}

/* What undoing completions did with the next occurrences they had made. */
typedef struct undo_next {
    size_t removed; /* still open and unchanged: deleted */
    size_t kept;    /* edited or completed since: left alone */
} undo_next_t;

/* res was just reopened by undoing its completion, whose updated_at was
 * stamp (0 = unknown). The next occurrence that very completion made (its
 * created_at is the completion's updated_at) goes too, unless it has been
 * edited or completed since it was made. Gone already is as good. */
static int undo_next(turn_t *T, const Todo__V1__Todo *res, int64_t stamp, undo_next_t *u)
{
    if (res->done || !res->next_occurrence_id || !res->next_occurrence_id[0])
        return 0;
    Todo__V1__Todo *n;
    int rc = get_todo(T, res->next_occurrence_id, &n);
    if (rc || !n || (stamp && ts_ms(n->created_at) != stamp))
        return rc;
    if (n->done || ts_ms(n->updated_at) != ts_ms(n->created_at)) {
        u->kept++;
        return 0;
    }
    rc = T->e->backend.remove(T->e->backend.self, &T->call, n->id, T->st);
    u->removed += rc == 0;
    return soft_err(T, rc);
}

/* Undoes the change to snapshot i of o into *res (NULL: nothing undone). */
static int undo_one(turn_t *T, const chat_state_t *o, size_t i, Todo__V1__Todo **res,
                    undo_next_t *u)
{
    const ProtobufCBinaryData *b = &o->undo_todos[i];
    Todo__V1__Todo *t = todo__v1__todo__unpack(T->mem, b->len, b->data);
    *res = NULL;
    if (!t)
        return 0;
    if (o->undo == CHAT_UNDO_DELETE_IDS)
        return undo_add(T, t, res);
    if (o->undo == CHAT_UNDO_RECREATE)
        return undo_delete(T, t, res);
    int rc = undo_change(T, o, i, t, res);
    if (rc || !*res || !(o->undo_mask & CHAT_FIELD_DONE) || t->done)
        return rc;
    return undo_next(T, *res, i < o->n_undo_stamps ? o->undo_stamps[i] : 0, u);
}

static void undo_reply_next(turn_t *T, const undo_next_t *u)
{
    if (u->removed)
        chat_reply_add(&T->reply, u->removed == 1
                                      ? " I also removed the next occurrence it had made."
                                      : " I also removed the next occurrences they had made.");
    if (u->kept == 1)
        chat_reply_add(&T->reply, " The next occurrence was changed since, so I left it on your "
                                  "list.");
    else if (u->kept)
        chat_reply_add(&T->reply,
                       " %zu next occurrences were changed since, so I left them on "
                       "your list.",
                       u->kept);
}

static void undo_reply(turn_t *T, chat_undo_t kind, Todo__V1__Todo **done, size_t k)
{
    if (k == 0) {
        chat_reply_add(&T->reply, "Those todos have changed since, so there was nothing to undo.");
    } else if (kind == CHAT_UNDO_DELETE_IDS) {
        T->ns.focus = NULL;
        chat_reply_add(&T->reply, "Undone: removed ");
        chat_reply_titles(&T->reply, done, k, ENGINE_NAMED);
        chat_reply_add(&T->reply, " again.");
    } else {
        chat_reply_add(&T->reply, "Undone: ");
        chat_reply_titles(&T->reply, done, k, ENGINE_NAMED);
        if (kind == CHAT_UNDO_RECREATE)
            chat_reply_add(&T->reply,
                           k == 1 ? " is back on your list." : " are back on your list.");
        else
            chat_reply_add(&T->reply, k == 1 ? " is back as it was." : " are back as they were.");
    }
}

static int do_undo(turn_t *T)
{
    const chat_state_t *o = &T->old;
    set_undo(T, CHAT_UNDO_NONE, 0, 0, NULL, NULL, 0);
    if (o->undo == CHAT_UNDO_NONE || o->n_undo_todos == 0) {
        chat_reply_add(&T->reply, "There's nothing to undo.");
        return 0;
    }
    Todo__V1__Todo **done = talloc(T, o->n_undo_todos * sizeof *done);
    size_t k = 0;
    undo_next_t u = {0};
    for (size_t i = 0; i < o->n_undo_todos; i++) {
        Todo__V1__Todo *res = NULL;
        int rc = undo_one(T, o, i, &res, &u);
        if (rc)
            return rc;
        if (!res)
            continue;
        if (o->undo != CHAT_UNDO_DELETE_IDS) {
            touch(T, res);
            T->ns.focus = res->id;
        }
        done[k++] = res;
    }
    undo_reply(T, o->undo, done, k);
    undo_reply_next(T, &u);
    return 0;
}

/* ---- answers to the previous turn's question ---- */

/* The todos of ids that still exist (turn memory). */
static int get_ids(turn_t *T, char *const *ids, size_t n, Todo__V1__Todo ***out, size_t *k)
{
    *out = talloc(T, (n + 1) * sizeof **out);
    *k = 0;
    for (size_t i = 0; i < n; i++) {
        Todo__V1__Todo *t;
        int rc = get_todo(T, ids[i], &t);
        if (rc)
            return rc;
        if (t)
            (*out)[(*k)++] = t;
    }
    return 0;
}

/* Picks one of the pending candidates from the user's answer ("2", "the
 * first one", "the oat milk one"): index or -1. */
static int pick_candidate(turn_t *T, Todo__V1__Todo **cand, size_t n)
{
    const chat_turn_t *in = T->in;
    size_t len = in->message_len < 400 ? in->message_len : 400;
    char *probe = talloc(T, len + 8);
    memcpy(probe, "delete ", 7);
    memcpy(probe + 7, in->message, len);
    chat_nlu_t p;
    chat_nlu_parse(probe, len + 7, &T->ctx, T->mem, &p);
    if (p.intent != CHAT_DELETE)
        return -1;
    if (p.ref == CHAT_REF_POSITION) {
        int i = p.ref_pos < 0 ? (int)n - 1 : p.ref_pos - 1;
        return i >= 0 && (size_t)i < n ? i : -1;
    }
    if (p.ref == CHAT_REF_TEXT && p.ref_text) {
        const char **titles = talloc(T, (n + 1) * sizeof *titles);
        for (size_t i = 0; i < n; i++)
            titles[i] = cand[i]->title;
        size_t idx[ENGINE_MAX_CHOICES];
        if (chat_ref_find(p.ref_text, titles, n, idx, ENGINE_MAX_CHOICES) == 1)
            return (int)idx[0];
    }
    return -1;
}

/* "yes" to a bulk delete: the ids asked about, or the selection made again
 * (see ask_selection). */
static int confirm_pending(turn_t *T)
{
    const chat_state_t *o = &T->old;
    bulk_t B;
    bulk_init(&B, &o->action);
    T->intent = CHAT_CONFIRM;
    int rc;
    if (o->sel == CHAT_SEL_IDS) {
        Todo__V1__Todo **v;
        size_t n;
        rc = get_ids(T, o->cand, o->n_cand, &v, &n);
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = bulk_one(T, &B, &T->call, v[i]);
    } else {
        sel_t s = {.a = &o->action,
                   .kind = o->sel,
                   .text = o->sel_text,
                   .before_ms = o->sel_before_ms,
                   .now_ms = o->issued * 1000, /* overdue when asked, not more */
                   .bulk = &B};
        rc = sel_scan(T, &s);
    }
    if (rc)
        return rc;
    if (B.seen == 0)
        chat_reply_add(&T->reply, "Those todos are already gone, so nothing changed.");
    else
        bulk_finish(T, &B);
    return 1;
}

static int choose_pending(turn_t *T)
{
    const chat_state_t *o = &T->old;
    Todo__V1__Todo **cand;
    size_t n;
    int rc = get_ids(T, o->cand, o->n_cand, &cand, &n);
    if (rc)
        return rc;
    int i = pick_candidate(T, cand, n);
    if (i < 0 && T->nlu.intent == CHAT_CONFIRM && n == 1 && o->n_cand == 1)
        i = 0; /* "Do you mean X?" "yes" */
    if (i < 0 && T->nlu.intent == CHAT_CONFIRM && n > 0) {
        chat_reply_add(&T->reply, "Which one? Say its number or name.");
        T->ns = T->old;
        for (size_t k = 0; k < n; k++)
            suggest(T, cand[k]->title);
        return 1;
    }
    if (i < 0)
        return 0;
    T->intent = (chat_intent_t)o->action.intent;
    rc = apply(T, &o->action, &cand[i], 1);
    return rc ? rc : 1;
}

/* Handles an answer to the previous turn's question. Returns 1 when the
 * turn is done, 0 to go on with normal understanding, or an error. */
static int answer_pending(turn_t *T)
{
    const chat_state_t *o = &T->old;
    if (o->pending == CHAT_PENDING_NONE)
        return 0;
    /* "wait no actually dont, jess might drag me back to netball": heard as
       the answer it is when it reads as no command of its own */
    bool no_command = T->nlu.intent == CHAT_UNKNOWN || T->nlu.weak; /* "..., jake still has
                                                                     stuff due" reads no list */
    if (o->pending == CHAT_PENDING_CONFIRM && no_command &&
        chat_nlu_refuses(T->in->message, T->in->message_len, &T->ctx, T->call.mem)) {
        T->nlu.intent = CHAT_CANCEL;
        T->intent = CHAT_CANCEL;
    }
    if (T->nlu.intent == CHAT_CANCEL) {
        chat_reply_add(&T->reply, "OK, I won't change anything.");
        return 1;
    }
    if (o->pending == CHAT_PENDING_CONFIRM)
        return T->nlu.intent == CHAT_CONFIRM ? confirm_pending(T) : 0;
    return choose_pending(T);
}

static void help_reply(turn_t *T)
{
    chat_reply_add(
        &T->reply,
        "I keep your todo list. Try \u201cremind me to call mom tomorrow at 5pm\u201d, "
        "\u201cwhat's on my list?\u201d, \u201cmark the milk one done\u201d, "
        "\u201cmove the dentist to friday\u201d, \u201cdelete it\u201d or \u201cundo\u201d.");
    suggest(T, "what's on my list?");
    suggest(T, "add buy milk tomorrow");
    suggest(T, "anything overdue?");
}

/* The turn for the message's own intent (no question pending, or the
 * answer was not one). */
static int run_intent(turn_t *T)
{
    chat_intent_t in = T->nlu.intent;
    chat_action_t a;
    if (in == CHAT_UNDO || in == CHAT_CONFIRM || in == CHAT_CANCEL || in == CHAT_HELP ||
        in == CHAT_GREETING || in == CHAT_UNKNOWN)
        T->ns.n_shown = T->old.n_shown; /* keep the list for "the first one" */
    if (T->nlu.again) {
        int rc = do_again(T);
        if (rc != 1)
            return rc;
    }
    if (T->nlu.weak && in != CHAT_HELP) {
        bool read; /* "brisket's out, thanks", "mechanic's now thursday at 8" */
        int rc = anchor_reread(T, in == CHAT_ADD, &read);
        if (rc)
            return rc;
        in = T->nlu.intent;
    }
    action_from_nlu(T, &a);
    if (T->nlu.declined && T->nlu.alt_add) {
        int rc = do_declined(T, &a);
        if (rc != 1)
            return rc;
    }
    switch (in) {
    case CHAT_ADD:
        return do_add(T);
    case CHAT_LIST:
        return do_list(T);
    case CHAT_COMPLETE:
    case CHAT_REOPEN:
    case CHAT_DELETE:
    case CHAT_UPDATE:
        return act_on_ref(T, &a);
    case CHAT_CLEAR:
        return do_clear(T);
    case CHAT_UNDO:
        return do_undo(T);
    case CHAT_CONFIRM:
        chat_reply_add(&T->reply, "There's nothing waiting for a yes right now.");
        return 0;
    case CHAT_CANCEL:
        chat_reply_add(&T->reply, "OK, nothing to cancel.");
        return 0;
    case CHAT_HELP:
        help_reply(T);
        return 0;
    case CHAT_GREETING:
        chat_reply_add(&T->reply, "Hi! What do you need to get done?");
        suggest(T, "what's on my list?");
        suggest(T, "help");
        return 0;
    default:
        if (T->nlu.told) { /* a plan or news: nothing was asked */
            chat_reply_add(&T->reply, "Noted — I haven't changed your list. Tell me when "
                                      "you want something added, moved or deleted.");
            return 0;
        }
        chat_reply_add(&T->reply, "Sorry, I didn't understand that. You can add, list, "
                                  "complete, move or delete todos; say \u201chelp\u201d for "
                                  "examples.");
        suggest(T, "help");
        suggest(T, "what's on my list?");
        return 0;
    }
}

/* Sets up T for the turn: zone, now, the state carried in, the next state. */
static int turn_begin(turn_t *T, const chat_engine_t *e, const chat_turn_t *in,
                      ProtobufCAllocator *mem, tc_status_t *st)
{
    memset(T, 0, sizeof *T);
    T->e = e;
    T->in = in;
    T->mem = mem;
    T->st = st;
    tc_status_clear(st);
    const chat_tz_t *tz;
    if (chat_tz_load(in->timezone, &tz))
        return tc_status_set(st, TC_EINVAL, "timezone: unknown time zone \u201c%.64s\u201d",
                             in->timezone);
    int64_t now = (in->has_now ? in->now_ms : tc_now_ms()) / 1000;
    T->ctx.now = now;
    T->ctx.tz = tz;
    T->call.user_id = in->user_id;
    T->call.mem = mem;
    T->call.deadline_ms = in->deadline_ms;
    chat_state_decode(in->context, in->user_id, e->key, e->key_len, mem, &T->old);
    /* a question left unanswered for long lapses, and so does undo */
    int64_t age = now - T->old.issued;
    if (age > CHAT_STATE_PENDING_TTL || age < -CHAT_STATE_PENDING_TTL) {
        T->old.pending = CHAT_PENDING_NONE;
        memset(&T->old.action, 0, sizeof T->old.action); /* nor is the last change repeated */
    }
    if (age > CHAT_STATE_UNDO_TTL || age < -CHAT_STATE_PENDING_TTL)
        T->old.undo = CHAT_UNDO_NONE;
    /* the next state keeps what lasts (last list, focus, undo) */
    T->ns = T->old;
    T->ns.pending = CHAT_PENDING_NONE;
    T->ns.n_cand = 0;
    T->ns.cand = NULL;
    T->ns.sel = CHAT_SEL_IDS;
    T->ns.sel_text = NULL;
    T->ns.sel_before_ms = 0;
    memset(&T->ns.action, 0, sizeof T->ns.action);
    chat_reply_init(&T->reply, mem);
    return 0;
}

int chat_engine_turn(const chat_engine_t *e, const chat_turn_t *in, ProtobufCAllocator *mem,
                     chat_result_t *out, tc_status_t *st)
{
    memset(out, 0, sizeof *out);
    turn_t T;
    int rc = turn_begin(&T, e, in, mem, st);
    if (rc)
        return rc;
    chat_nlu_parse(in->message, in->message_len, &T.ctx, mem, &T.nlu);
    T.intent = T.nlu.intent;
    rc = answer_pending(&T);
    if (rc == 0)
        rc = run_intent(&T);
    if (rc < 0)
        return rc;
    if (T.reply.n == 0)
        chat_reply_add(&T.reply, "Done.");
    chat_reply_fix_utf8(T.reply.s); /* user text echoed back may be cut or invalid */
    out->reply = T.reply.s;
    out->intent = chat_intent_name(T.intent);
    out->todos = T.touched;
    out->n_todos = T.n_touched;
    out->suggestions = T.sugg;
    out->n_suggestions = T.n_sugg;
    T.ns.issued = T.ctx.now;
    out->context = chat_state_encode(&T.ns, in->user_id, e->key, e->key_len, mem);
    return 0;
}
