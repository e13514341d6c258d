/* chat_engine: turn orchestration. */
#include "chat_engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "chat_nlu.h"
#include "chat_pb.h"
#include "chat_ref.h"
#include "chat_reply.h"
#include "chat_state.h"
#include "xalloc.h"

#define ENGINE_MAX_TODOS   1000
#define ENGINE_MAX_CHOICES 5
#define ENGINE_LIST_WORDED 10

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
    Todo__V1__Todo **all;
    size_t n_all;
    bool have_all;
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

static void touch(turn_t *T, Todo__V1__Todo *t)
{
    for (size_t i = 0; i < T->n_touched; i++)
        if (T->touched[i] == t ||
            (t->id && T->touched[i]->id && !strcmp(T->touched[i]->id, t->id))) {
            T->touched[i] = t;
            return;
        }
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

static int fetch_all(turn_t *T)
{
    if (T->have_all)
        return 0;
    int rc = T->e->backend.list(T->e->backend.self, &T->call, TODO__V1__STATUS_FILTER__STATUS_ANY,
                                ENGINE_MAX_TODOS, &T->all, &T->n_all, T->st);
    if (rc)
        return backend_err(T, rc);
    T->have_all = true;
    return 0;
}

static Todo__V1__Todo *by_id(turn_t *T, const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < T->n_all; i++)
        if (T->all[i]->id && strcmp(T->all[i]->id, id) == 0)
            return T->all[i];
    return NULL;
}

static Google__Protobuf__Timestamp *ts_new(turn_t *T, int64_t secs)
{
    Google__Protobuf__Timestamp *ts = talloc(T, sizeof *ts);
    google__protobuf__timestamp__init(ts);
    ts->seconds = secs;
    return ts;
}

static void shown_from(turn_t *T, Todo__V1__Todo **v, size_t n)
{
    size_t k = n < CHAT_STATE_MAX_IDS ? n : CHAT_STATE_MAX_IDS;
    T->ns.shown = talloc(T, (k + 1) * sizeof(char *));
    for (size_t i = 0; i < k; i++)
        T->ns.shown[i] = v[i]->id;
    T->ns.n_shown = k;
}

static void set_undo(turn_t *T, chat_undo_t kind, int intent, unsigned mask,
                     Todo__V1__Todo **before, size_t n)
{
    T->ns.undo = kind;
    T->ns.undo_intent = intent;
    T->ns.undo_mask = mask;
    T->ns.undo_ids = NULL;
    T->ns.n_undo_ids = 0;
    T->ns.undo_todos = talloc(T, (n + 1) * sizeof *T->ns.undo_todos);
    for (size_t i = 0; i < n; i++)
        T->ns.undo_todos[i] = chat_pb_pack(&before[i]->base, T->mem);
    T->ns.n_undo_todos = n;
}

/* ---- actions on resolved todos ---- */

static bool action_changes(const chat_action_t *a)
{
    return a->title || a->has_due || a->clear_due || a->postpone || a->shift_min || a->priority ||
           a->n_tags;
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
    a->priority = n->priority;
    a->tags = n->tags;
    a->n_tags = n->n_tags;
}

static int do_delete(turn_t *T, Todo__V1__Todo **v, size_t n, int intent)
{
    Todo__V1__Todo **done = talloc(T, (n + 1) * sizeof *done);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = T->e->backend.remove(T->e->backend.self, &T->call, v[i]->id, T->st);
        if (rc == TC_ENOTFOUND)
            continue;
        if (rc)
            return backend_err(T, rc);
        done[k++] = v[i];
        touch(T, v[i]);
    }
    tc_status_clear(T->st);
    set_undo(T, CHAT_UNDO_RECREATE, intent, 0, done, k);
    T->ns.focus = NULL;
    if (k == 0) {
        chat_reply_add(&T->reply, "That todo was already gone, so nothing changed.");
    } else if (k == 1) {
        chat_reply_add(&T->reply, "Deleted \u201c%s\u201d.", done[0]->title);
    } else {
        chat_reply_add(&T->reply, "Deleted %zu todos: ", k);
        chat_reply_titles(&T->reply, done, k, 5);
        chat_reply_add(&T->reply, ".");
    }
    if (k)
        suggest(T, "undo");
    return 0;
}

static int do_set_done(turn_t *T, Todo__V1__Todo **v, size_t n, bool done)
{
    Todo__V1__Todo **before = talloc(T, (n + 1) * sizeof *before);
    Todo__V1__Todo **after = talloc(T, (n + 1) * sizeof *after);
    size_t k = 0, already = 0;
    static const char *const paths[] = {"done"};
    for (size_t i = 0; i < n; i++) {
        if (v[i]->done == done) {
            already++;
            touch(T, v[i]);
            continue;
        }
        Todo__V1__Todo upd = TODO__V1__TODO__INIT;
        upd.id = v[i]->id;
        upd.done = done;
        Todo__V1__Todo *res = NULL;
        int rc = T->e->backend.update(T->e->backend.self, &T->call, &upd, paths, 1, &res, T->st);
        if (rc == TC_ENOTFOUND)
            continue;
        if (rc)
            return backend_err(T, rc);
        before[k] = v[i];
        after[k++] = res;
        touch(T, res);
        T->ns.focus = res->id;
    }
    tc_status_clear(T->st);
    if (k)
        set_undo(T, CHAT_UNDO_RESTORE, done ? CHAT_COMPLETE : CHAT_REOPEN, CHAT_FIELD_DONE, before,
                 k);
    if (k == 0 && already == 1) {
        chat_reply_add(&T->reply, "\u201c%s\u201d is already %s.", v[0]->title,
                       done ? "done" : "open");
    } else if (k == 0) {
        chat_reply_add(&T->reply, "Those are already %s.", done ? "done" : "open");
    } else if (k == 1) {
        if (done)
            chat_reply_add(&T->reply, "Nice! Marked \u201c%s\u201d as done.", after[0]->title);
        else
            chat_reply_add(&T->reply, "Reopened \u201c%s\u201d.", after[0]->title);
    } else {
        chat_reply_add(&T->reply, "%s %zu todos: ", done ? "Marked as done" : "Reopened", k);
        chat_reply_titles(&T->reply, after, k, 5);
        chat_reply_add(&T->reply, ".");
    }
    if (k)
        suggest(T, "undo");
    return 0;
}

static int do_update(turn_t *T, Todo__V1__Todo *t, const chat_action_t *a)
{
    Todo__V1__Todo upd = TODO__V1__TODO__INIT;
    upd.id = t->id;
    const char *paths[6];
    size_t np = 0;
    unsigned mask = 0;
    if (a->title) {
        upd.title = a->title;
        paths[np++] = "title";
        mask |= CHAT_FIELD_TITLE;
    }
    if (a->has_due || a->postpone || a->shift_min) {
        int64_t due;
        if (a->has_due && a->time_only && t->due) {
            /* "move it to 3pm": that time on the day it is already due */
            int64_t tl = chat_tz_to_local(T->ctx.tz, a->due);
            int64_t tday = chat_date_local_day(&T->ctx, a->due);
            int64_t day = chat_date_local_day(&T->ctx, t->due->seconds);
            due = chat_date_at(&T->ctx, day, (int)(tl - tday * 86400));
        } else if (a->has_due) {
            due = a->due;
        } else {
            int shift = a->shift_min ? a->shift_min : 1440;
            int64_t base = t->due ? t->due->seconds : 0;
            if (!base) {
                int64_t today = chat_date_local_day(&T->ctx, T->ctx.now);
                base = chat_date_at(&T->ctx, today, CHAT_DATE_DEFAULT_HOUR * 3600);
            }
            if (shift % 1440 == 0) { /* whole days keep the wall-clock time across DST */
                int64_t l = chat_tz_to_local(T->ctx.tz, base);
                int64_t day = chat_date_local_day(&T->ctx, base);
                due = chat_date_at(&T->ctx, day + shift / 1440, (int)(l - day * 86400));
            } else {
                due = base + (int64_t)shift * 60;
            }
        }
        upd.due = ts_new(T, due);
        paths[np++] = "due";
        mask |= CHAT_FIELD_DUE;
    } else if (a->clear_due) {
        upd.due = NULL;
        paths[np++] = "due";
        mask |= CHAT_FIELD_DUE;
    }
    if (a->priority) {
        upd.priority = (Todo__V1__Priority)a->priority;
        paths[np++] = "priority";
        mask |= CHAT_FIELD_PRIORITY;
    }
    if (a->n_tags) {
        char **tags = talloc(T, (t->n_tags + a->n_tags) * sizeof(char *));
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
        upd.tags = tags;
        upd.n_tags = k;
        paths[np++] = "tags";
        mask |= CHAT_FIELD_TAGS;
    }
    if (T->nlu.note && T->nlu.intent == CHAT_UPDATE) { /* "add a note to X: ..." appends */
        const char *old = t->notes ? t->notes : "";
        size_t l = strlen(old) + strlen(T->nlu.note) + 2;
        char *notes = talloc(T, l);
        snprintf(notes, l, "%s%s%s", old, *old ? "\n" : "", T->nlu.note);
        upd.notes = notes;
        paths[np++] = "notes";
        mask |= CHAT_FIELD_NOTES;
    }
    if (np == 0) {
        chat_reply_add(&T->reply, "What should I change about \u201c%s\u201d?", t->title);
        return 0;
    }
    Todo__V1__Todo *res = NULL;
    int rc = T->e->backend.update(T->e->backend.self, &T->call, &upd, paths, np, &res, T->st);
    if (rc == TC_ENOTFOUND) {
        tc_status_clear(T->st);
        chat_reply_add(&T->reply, "I couldn't find that todo any more, so nothing changed.");
        return 0;
    }
    if (rc == TC_EINVAL) {
        tc_status_clear(T->st);
        chat_reply_add(&T->reply, "I couldn't make that change to \u201c%s\u201d.", t->title);
        return 0;
    }
    if (rc)
        return backend_err(T, rc);
    Todo__V1__Todo *before[1] = {t};
    set_undo(T, CHAT_UNDO_RESTORE, CHAT_UPDATE, mask, before, 1);
    touch(T, res);
    T->ns.focus = res->id;
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
    suggest(T, "undo");
    return 0;
}

static int apply(turn_t *T, const chat_action_t *a, Todo__V1__Todo **v, size_t n)
{
    switch (a->intent) {
    case CHAT_DELETE:
    case CHAT_CLEAR:
        return do_delete(T, v, n, a->intent);
    case CHAT_COMPLETE:
        return do_set_done(T, v, n, true);
    case CHAT_REOPEN:
        return do_set_done(T, v, n, false);
    case CHAT_UPDATE:
        if (n > 1) {
            for (size_t i = 0; i < n; i++) {
                int rc = do_update(T, v[i], a);
                if (rc)
                    return rc;
            }
            return 0;
        }
        return n ? do_update(T, v[0], a) : 0;
    default:
        return 0;
    }
}

/* ---- reference resolution ---- */

static bool tag_match(const Todo__V1__Todo *t, const char *tag);

static bool wants(const chat_action_t *a, const Todo__V1__Todo *t)
{
    if (a->intent == CHAT_COMPLETE)
        return !t->done;
    if (a->intent == CHAT_REOPEN)
        return t->done;
    return true;
}

/* Todos whose title text names, into v (room for n_all): the best match and
 * its near ties, preferring todos the action applies to (open ones to
 * complete). *ambiguous is set when they differ. */
static size_t by_name(turn_t *T, const char *text, const chat_action_t *a, Todo__V1__Todo **v,
                      bool *ambiguous)
{
    const char **titles = talloc(T, (T->n_all + 1) * sizeof *titles);
    Todo__V1__Todo **pool = talloc(T, (T->n_all + 1) * sizeof *pool);
    size_t n = 0;
    *ambiguous = false;
    for (int pass = 0; pass < 2 && n == 0; pass++) {
        size_t np = 0;
        for (size_t i = 0; i < T->n_all; i++)
            if (pass == 1 || wants(a, T->all[i])) {
                titles[np] = T->all[i]->title ? T->all[i]->title : "";
                pool[np++] = T->all[i];
            }
        size_t idx[ENGINE_MAX_CHOICES];
        size_t k = chat_ref_find(text, titles, np, idx, ENGINE_MAX_CHOICES);
        for (size_t i = 0; i < k; i++)
            v[n++] = pool[idx[i]];
    }
    if (n > 1) {
        /* two todos with the very same title: take the first, no question */
        bool same = true;
        for (size_t i = 1; i < n; i++)
            same = same && strcasecmp(v[i]->title, v[0]->title) == 0;
        if (!same)
            *ambiguous = true;
        else
            n = 1;
    }
    return n;
}

/* Fills *v with the todos ref names. Returns the count; *ambiguous is set
 * when several match a name that should be one. */
static size_t resolve(turn_t *T, chat_ref_kind_t ref, const char *text, int pos, int count,
                      const chat_action_t *a, Todo__V1__Todo ***v, bool *ambiguous)
{
    *ambiguous = false;
    *v = talloc(T, (T->n_all + 1) * sizeof **v);
    size_t n = 0;
    if (ref == CHAT_REF_RECENT || ref == CHAT_REF_NONE) {
        Todo__V1__Todo *t = by_id(T, T->old.focus);
        if (!t && T->old.n_shown == 1)
            t = by_id(T, T->old.shown[0]);
        if (t)
            (*v)[n++] = t;
        return n;
    }
    if (ref == CHAT_REF_POSITION) {
        /* in the last list shown, or else in the order of the open list */
        Todo__V1__Todo **list = talloc(T, (T->n_all + T->old.n_shown + 1) * sizeof *list);
        size_t nl = 0;
        if (T->old.n_shown > 0) {
            for (size_t i = 0; i < T->old.n_shown; i++)
                list[nl++] = by_id(T, T->old.shown[i]); /* NULL when gone since */
        } else {
            for (size_t i = 0; i < T->n_all; i++)
                if (!T->all[i]->done || a->intent == CHAT_REOPEN)
                    list[nl++] = T->all[i];
        }
        int cnt = count > 1 ? count : 1;
        int first = pos < 0 ? (int)nl + pos : pos - 1; /* -1 is the last, -3 the last three */
        if (first < 0 || (size_t)(first + cnt) > nl)
            return 0;
        for (int i = first; i < first + cnt; i++)
            if (list[i])
                (*v)[n++] = list[i];
        return n;
    }
    if (ref == CHAT_REF_ALL) {
        for (size_t i = 0; i < T->n_all; i++) {
            if (!wants(a, T->all[i]))
                continue;
            if (text && text[0] == '#'
                    ? !tag_match(T->all[i], text + 1) /* "all #work" */
                    : text && chat_ref_score(text, T->all[i]->title) < CHAT_REF_MIN)
                continue;
            (*v)[n++] = T->all[i];
        }
        return n;
    }
    n = by_name(T, text, a, *v, ambiguous);
    if (n == 0 && !*ambiguous && text) {
        /* "milk and eggs", "milk, eggs": every part must name one todo */
        char *buf = talloc(T, strlen(text) + 1);
        strcpy(buf, text);
        char *parts[10];
        size_t np = 0;
        char *save = NULL;
        for (char *tok = strtok_r(buf, ",&", &save); tok && np < 10;
             tok = strtok_r(NULL, ",&", &save)) {
            char *and;
            while ((and = strstr(tok, " and ")) && np < 9) {
                *and = '\0';
                parts[np++] = tok;
                tok = and+5;
            }
            parts[np++] = tok;
        }
        if (np < 2)
            return 0;
        Todo__V1__Todo **one = talloc(T, (T->n_all + 1) * sizeof *one);
        for (size_t i = 0; i < np; i++) {
            bool amb = false;
            size_t k = by_name(T, parts[i], a, one, &amb);
            if (k != 1)
                return 0;
            bool dup = false;
            for (size_t j = 0; j < n; j++)
                dup = dup || (*v)[j] == one[0];
            if (!dup)
                (*v)[n++] = one[0];
        }
    }
    return n;
}

static const char *verb_of(int intent)
{
    switch (intent) {
    case CHAT_DELETE:
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

static int act_on_ref(turn_t *T, const chat_action_t *a)
{
    const chat_nlu_t *nl = &T->nlu;
    int rc = fetch_all(T);
    if (rc)
        return rc;
    Todo__V1__Todo **v;
    bool amb;
    size_t n = resolve(T, nl->ref, nl->ref_text, nl->ref_pos, nl->ref_count, a, &v, &amb);
    if (n == 0) {
        if (nl->ref == CHAT_REF_TEXT)
            chat_reply_add(&T->reply,
                           "I couldn't find a todo matching \u201c%.80s\u201d, so nothing changed.",
                           nl->ref_text);
        else if (nl->ref == CHAT_REF_POSITION)
            chat_reply_add(&T->reply,
                           "There's no todo number %d in the last list, so nothing changed.",
                           nl->ref_pos < 0 ? 0 : nl->ref_pos);
        else if (nl->ref == CHAT_REF_ALL)
            chat_reply_add(&T->reply, "There's nothing to %s.", verb_of(a->intent));
        else
            chat_reply_add(&T->reply, "Which todo do you mean? Tell me its name.");
        suggest(T, "what's on my list?");
        return 0;
    }
    if (amb) {
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
        chat_reply_add(&T->reply, "Which one do you want to %s: ", verb_of(a->intent));
        for (size_t i = 0; i < n; i++)
            chat_reply_add(&T->reply, "%s%zu. \u201c%s\u201d", i ? ", " : "", i + 1, v[i]->title);
        chat_reply_add(&T->reply, "?");
        return 0;
    }
    if (n > 1 && a->intent == CHAT_DELETE) {
        T->ns.pending = CHAT_PENDING_CONFIRM;
        T->ns.action = *a;
        size_t k = n < CHAT_STATE_MAX_IDS ? n : CHAT_STATE_MAX_IDS;
        T->ns.cand = talloc(T, k * sizeof(char *));
        for (size_t i = 0; i < k; i++) {
            T->ns.cand[i] = v[i]->id;
            touch(T, v[i]);
        }
        T->ns.n_cand = k;
        chat_reply_add(&T->reply, "That would delete %zu todos: ", k);
        chat_reply_titles(&T->reply, v, k, 5);
        chat_reply_add(&T->reply, ". Are you sure?");
        suggest(T, "yes");
        suggest(T, "no");
        return 0;
    }
    if (a->intent == CHAT_UPDATE && !action_changes(a) && !nl->note) {
        chat_reply_add(&T->reply, "What should I change about \u201c%s\u201d?", v[0]->title);
        touch(T, v[0]);
        T->ns.focus = v[0]->id;
        return 0;
    }
    return apply(T, a, v, n);
}

/* ---- intents ---- */

static int do_add(turn_t *T)
{
    const chat_nlu_t *n = &T->nlu;
    if (!n->title) {
        chat_reply_add(&T->reply,
                       "What should I add? For example: \u201cadd buy milk tomorrow\u201d.");
        suggest(T, "add buy milk tomorrow");
        return 0;
    }
    /* "I still need to do the laundry" when "do the laundry" is done: reopen
       it (with the new due date) rather than add a twin */
    {
        Todo__V1__Todo **done = NULL;
        size_t nd = 0;
        int rc =
            T->e->backend.list(T->e->backend.self, &T->call, TODO__V1__STATUS_FILTER__STATUS_DONE,
                               ENGINE_MAX_TODOS, &done, &nd, T->st);
        if (rc)
            return backend_err(T, rc);
        for (size_t i = 0; i < nd; i++) {
            if (!done[i]->title || strcasecmp(done[i]->title, n->title) != 0)
                continue;
            chat_action_t a = {.intent = CHAT_REOPEN};
            T->intent = CHAT_REOPEN;
            rc = do_set_done(T, &done[i], 1, false);
            if (rc || !n->has_due)
                return rc;
            chat_reply_t keep = T->reply;
            a.intent = CHAT_UPDATE;
            a.has_due = true;
            a.due = n->due.t;
            chat_state_t before = T->ns;
            chat_reply_init(&T->reply, T->mem);
            rc = do_update(T, T->touched[T->n_touched - 1], &a);
            /* one undo puts back both the done flag and the old due date */
            T->ns.undo = before.undo;
            T->ns.undo_mask = before.undo_mask | CHAT_FIELD_DUE;
            T->ns.undo_todos = before.undo_todos;
            T->ns.n_undo_todos = before.n_undo_todos;
            T->reply = keep;
            chat_reply_add(&T->reply, " It's due ");
            chat_reply_when(&T->reply, n->due.t, &T->ctx);
            chat_reply_add(&T->reply, ".");
            return rc;
        }
    }
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    char title[501];
    snprintf(title, sizeof title, "%s", n->title);
    size_t tl = strlen(title);
    while (tl > 0 && ((unsigned char)title[tl - 1] & 0xC0) == 0x80 && tl == 500)
        title[--tl] = '\0'; /* never cut a UTF-8 sequence in half */
    t.title = title;
    if (n->has_due)
        t.due = ts_new(T, n->due.t);
    t.priority = (Todo__V1__Priority)n->priority;
    t.tags = n->tags;
    t.n_tags = n->n_tags;
    Todo__V1__Todo *res = NULL;
    int rc = T->e->backend.create(T->e->backend.self, &T->call, &t, &res, T->st);
    if (rc == TC_EINVAL) {
        tc_status_clear(T->st);
        chat_reply_add(&T->reply, "I couldn't add that as a todo; try a shorter title.");
        return 0;
    }
    if (rc)
        return backend_err(T, rc);
    touch(T, res);
    T->ns.focus = res->id;
    Todo__V1__Todo *created[1] = {res};
    set_undo(T, CHAT_UNDO_DELETE_IDS, CHAT_ADD, 0, created, 1);
    chat_reply_add(&T->reply, "Added ");
    chat_reply_todo(&T->reply, res, &T->ctx);
    chat_reply_add(&T->reply, ".");
    if (n->has_due && n->due.t < T->ctx.now)
        chat_reply_add(&T->reply, " Heads up: that time has already passed.");
    suggest(T, "undo");
    suggest(T, "what's on my list?");
    return 0;
}

static bool tag_match(const Todo__V1__Todo *t, const char *tag)
{
    for (size_t i = 0; i < t->n_tags; i++)
        if (strcasecmp(t->tags[i], tag) == 0)
            return true;
    return false;
}

static int do_list(turn_t *T)
{
    const chat_nlu_t *n = &T->nlu;
    int rc = fetch_all(T);
    if (rc)
        return rc;
    Todo__V1__Todo **v = talloc(T, (T->n_all + 1) * sizeof *v);
    size_t k = 0;
    int status = n->status;
    if (n->when == CHAT_WHEN_OVERDUE)
        status = 1;
    for (size_t i = 0; i < T->n_all; i++) {
        Todo__V1__Todo *t = T->all[i];
        if ((status == 1 && t->done) || (status == 2 && !t->done))
            continue;
        if (n->when == CHAT_WHEN_OVERDUE && (!t->due || t->due->seconds >= T->ctx.now))
            continue;
        if (n->when == CHAT_WHEN_NODATE && t->due)
            continue;
        if (n->when == CHAT_WHEN_RANGE &&
            (!t->due || t->due->seconds < n->from || t->due->seconds >= n->to))
            continue;
        if (n->priority && (int)t->priority != n->priority)
            continue;
        if (n->n_tags && !tag_match(t, n->tags[0]))
            continue;
        if (n->query && !tag_match(t, n->query) &&
            !strcasestr(t->title ? t->title : "", n->query) &&
            !(t->notes && strcasestr(t->notes, n->query)) &&
            chat_ref_score(n->query, t->title ? t->title : "") < CHAT_REF_MIN)
            continue;
        v[k++] = t;
    }
    shown_from(T, v, k);
    for (size_t i = 0; i < k; i++)
        touch(T, v[i]);
    if (k == 1)
        T->ns.focus = v[0]->id;
    const char *what = status == 2 ? "completed" : status == 1 ? "open" : "";
    if (n->weak_list && k == 0) {
        T->intent = CHAT_UNKNOWN;
        chat_reply_add(&T->reply, "Sorry, I can only help with your todo list. Try "
                                  "\u201cwhat's on my list?\u201d.");
        suggest(T, "help");
        return 0;
    }
    if (n->query && n->question && k > 0) {
        chat_reply_add(&T->reply, "Yes: ");
        chat_reply_titles(&T->reply, v, k, 5);
        chat_reply_add(&T->reply, k == 1 ? " is on your list." : " are on your list.");
    } else if (n->query && k == 0) {
        chat_reply_add(&T->reply, "Nothing on your list matches \u201c%.80s\u201d.", n->query);
    } else if (k == 0) {
        if (n->when == CHAT_WHEN_OVERDUE)
            chat_reply_add(&T->reply, "Nothing is overdue. Nice work!");
        else if (T->n_all == 0)
            chat_reply_add(&T->reply, "Your list is empty. Try \u201cadd buy milk tomorrow\u201d.");
        else
            chat_reply_add(&T->reply, "You have no %s todos%s.", what,
                           n->when == CHAT_WHEN_RANGE ? " in that time" : "");
    } else {
        const char *label = n->when == CHAT_WHEN_OVERDUE ? "overdue" : what;
        chat_reply_add(&T->reply, "You have %zu %s%stodo%s: ", k, label, *label ? " " : "",
                       k == 1 ? "" : "s");
        size_t shown = k < ENGINE_LIST_WORDED ? k : ENGINE_LIST_WORDED;
        for (size_t i = 0; i < shown; i++) {
            chat_reply_add(&T->reply, "%s%zu. ", i ? "; " : "", i + 1);
            chat_reply_todo(&T->reply, v[i], &T->ctx);
            if (v[i]->done && status != 2)
                chat_reply_add(&T->reply, " \u2713");
        }
        if (k > shown)
            chat_reply_add(&T->reply, "; and %zu more", k - shown);
        chat_reply_add(&T->reply, ".");
        if (!v[0]->done)
            suggest(T, "mark the first one done");
    }
    return 0;
}

static int do_clear(turn_t *T)
{
    int rc = fetch_all(T);
    if (rc)
        return rc;
    Todo__V1__Todo **v = talloc(T, (T->n_all + 1) * sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < T->n_all; i++)
        if (T->all[i]->done)
            v[k++] = T->all[i];
    if (k == 0) {
        chat_reply_add(&T->reply, "There are no completed todos to clear.");
        return 0;
    }
    chat_action_t a = {.intent = CHAT_CLEAR};
    if (k == 1)
        return do_delete(T, v, 1, CHAT_CLEAR);
    size_t m = k < CHAT_STATE_MAX_IDS ? k : CHAT_STATE_MAX_IDS;
    T->ns.pending = CHAT_PENDING_CONFIRM;
    T->ns.action = a;
    T->ns.cand = talloc(T, m * sizeof(char *));
    for (size_t i = 0; i < m; i++) {
        T->ns.cand[i] = v[i]->id;
        touch(T, v[i]);
    }
    T->ns.n_cand = m;
    chat_reply_add(&T->reply, "That would delete %zu completed todos: ", m);
    chat_reply_titles(&T->reply, v, m, 5);
    chat_reply_add(&T->reply, ". Are you sure?");
    suggest(T, "yes");
    suggest(T, "no");
    return 0;
}

static int do_undo(turn_t *T)
{
    const chat_state_t *o = &T->old;
    T->ns.undo = CHAT_UNDO_NONE;
    T->ns.n_undo_todos = 0;
    if (o->undo == CHAT_UNDO_NONE || o->n_undo_todos == 0) {
        chat_reply_add(&T->reply, "There's nothing to undo.");
        return 0;
    }
    Todo__V1__Todo **snap = talloc(T, o->n_undo_todos * sizeof *snap);
    size_t ns = 0;
    for (size_t i = 0; i < o->n_undo_todos; i++) {
        Todo__V1__Todo *t =
            todo__v1__todo__unpack(T->mem, o->undo_todos[i].len, o->undo_todos[i].data);
        if (t)
            snap[ns++] = t;
    }
    size_t k = 0;
    for (size_t i = 0; i < ns; i++) {
        Todo__V1__Todo *t = snap[i];
        Todo__V1__Todo *res = NULL;
        int rc = 0;
        if (o->undo == CHAT_UNDO_DELETE_IDS) {
            rc = T->e->backend.remove(T->e->backend.self, &T->call, t->id, T->st);
            res = t;
        } else if (o->undo == CHAT_UNDO_RECREATE) {
            Todo__V1__Todo c = *t;
            c.id = (char *)"";
            c.created_at = c.updated_at = c.completed_at = NULL;
            rc = T->e->backend.create(T->e->backend.self, &T->call, &c, &res, T->st);
            if (!rc && t->done && !res->done) {
                static const char *const p[] = {"done"};
                Todo__V1__Todo u = TODO__V1__TODO__INIT;
                u.id = res->id;
                u.done = true;
                rc = T->e->backend.update(T->e->backend.self, &T->call, &u, p, 1, &res, T->st);
            }
        } else {
            const char *paths[6];
            size_t np = 0;
            if (o->undo_mask & CHAT_FIELD_TITLE)
                paths[np++] = "title";
            if (o->undo_mask & CHAT_FIELD_DONE)
                paths[np++] = "done";
            if (o->undo_mask & CHAT_FIELD_PRIORITY)
                paths[np++] = "priority";
            if (o->undo_mask & CHAT_FIELD_DUE)
                paths[np++] = "due";
            if (o->undo_mask & CHAT_FIELD_TAGS)
                paths[np++] = "tags";
            if (o->undo_mask & CHAT_FIELD_NOTES)
                paths[np++] = "notes";
            if (np)
                rc = T->e->backend.update(T->e->backend.self, &T->call, t, paths, np, &res, T->st);
        }
        if (rc == TC_ENOTFOUND || rc == TC_EINVAL)
            continue;
        if (rc)
            return backend_err(T, rc);
        if (res && o->undo != CHAT_UNDO_DELETE_IDS) {
            touch(T, res);
            T->ns.focus = res->id;
        }
        snap[k++] = res ? res : t;
    }
    tc_status_clear(T->st);
    if (k == 0) {
        chat_reply_add(&T->reply, "Those todos have changed since, so there was nothing to undo.");
        return 0;
    }
    if (o->undo == CHAT_UNDO_DELETE_IDS) {
        T->ns.focus = NULL;
        chat_reply_add(&T->reply, "Undone: removed ");
        chat_reply_titles(&T->reply, snap, k, 5);
        chat_reply_add(&T->reply, " again.");
    } else if (o->undo == CHAT_UNDO_RECREATE) {
        chat_reply_add(&T->reply, "Undone: ");
        chat_reply_titles(&T->reply, snap, k, 5);
        chat_reply_add(&T->reply, k == 1 ? " is back on your list." : " are back on your list.");
    } else {
        chat_reply_add(&T->reply, "Undone: ");
        chat_reply_titles(&T->reply, snap, k, 5);
        chat_reply_add(&T->reply, k == 1 ? " is back as it was." : " are back as they were.");
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
        const char **titles = talloc(T, n * sizeof *titles);
        for (size_t i = 0; i < n; i++)
            titles[i] = cand[i]->title;
        size_t idx[ENGINE_MAX_CHOICES];
        if (chat_ref_find(p.ref_text, titles, n, idx, ENGINE_MAX_CHOICES) == 1)
            return (int)idx[0];
    }
    return -1;
}

/* Handles an answer to the previous turn's question. Returns 1 when the
 * turn is done, 0 to go on with normal understanding, or an error. */
static int answer_pending(turn_t *T)
{
    const chat_state_t *o = &T->old;
    if (o->pending == CHAT_PENDING_NONE)
        return 0;
    if (T->nlu.intent == CHAT_CANCEL) {
        chat_reply_add(&T->reply, "OK, I won't change anything.");
        return 1;
    }
    int rc = fetch_all(T);
    if (rc)
        return rc;
    Todo__V1__Todo **cand = talloc(T, (o->n_cand + 1) * sizeof *cand);
    size_t n = 0;
    for (size_t i = 0; i < o->n_cand; i++) {
        Todo__V1__Todo *t = by_id(T, o->cand[i]);
        if (t)
            cand[n++] = t;
    }
    if (o->pending == CHAT_PENDING_CONFIRM) {
        if (T->nlu.intent != CHAT_CONFIRM)
            return 0;
        T->intent = CHAT_CONFIRM;
        if (n == 0) {
            chat_reply_add(&T->reply, "Those todos are already gone, so nothing changed.");
            return 1;
        }
        rc = apply(T, &o->action, cand, n);
        return rc ? rc : 1;
    }
    /* choose */
    int i = pick_candidate(T, cand, n);
    if (i < 0) {
        if (T->nlu.intent == CHAT_CONFIRM && n > 0) {
            chat_reply_add(&T->reply, "Which one? Say its number or name.");
            T->ns = T->old;
            for (size_t k = 0; k < n; k++)
                suggest(T, cand[k]->title);
            return 1;
        }
        return 0;
    }
    T->intent = (chat_intent_t)o->action.intent;
    rc = apply(T, &o->action, &cand[i], 1);
    return rc ? rc : 1;
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

int chat_engine_turn(const chat_engine_t *e, const chat_turn_t *in, ProtobufCAllocator *mem,
                     chat_result_t *out, tc_status_t *st)
{
    memset(out, 0, sizeof *out);
    turn_t T;
    memset(&T, 0, sizeof T);
    T.e = e;
    T.in = in;
    T.mem = mem;
    T.st = st;
    tc_status_clear(st);
    const chat_tz_t *tz;
    int rc = chat_tz_load(in->timezone, &tz);
    if (rc)
        return tc_status_set(st, TC_EINVAL, "timezone: unknown time zone \u201c%.64s\u201d",
                             in->timezone);
    int64_t now;
    if (in->has_now) {
        now = in->now_ms / 1000;
    } else {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        now = ts.tv_sec;
    }
    T.ctx.now = now;
    T.ctx.tz = tz;
    T.call.user_id = in->user_id;
    T.call.mem = mem;
    T.call.deadline_ms = in->deadline_ms;
    chat_state_decode(in->context, in->user_id, e->key, e->key_len, mem, &T.old);
    /* a question left unanswered for long lapses, and so does undo */
    int64_t age = now - T.old.issued;
    if (age > CHAT_STATE_PENDING_TTL || age < -CHAT_STATE_PENDING_TTL)
        T.old.pending = CHAT_PENDING_NONE;
    if (age > CHAT_STATE_UNDO_TTL || age < -CHAT_STATE_PENDING_TTL)
        T.old.undo = CHAT_UNDO_NONE;
    /* the next state keeps what lasts (last list, focus, undo) */
    T.ns = T.old;
    T.ns.pending = CHAT_PENDING_NONE;
    T.ns.n_cand = 0;
    T.ns.cand = NULL;
    memset(&T.ns.action, 0, sizeof T.ns.action);
    chat_reply_init(&T.reply, mem);
    chat_nlu_parse(in->message, in->message_len, &T.ctx, mem, &T.nlu);
    T.intent = T.nlu.intent;

    rc = answer_pending(&T);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        if (T.nlu.intent == CHAT_UNDO || T.nlu.intent == CHAT_CONFIRM ||
            T.nlu.intent == CHAT_CANCEL || T.nlu.intent == CHAT_HELP ||
            T.nlu.intent == CHAT_GREETING || T.nlu.intent == CHAT_UNKNOWN)
            T.ns.n_shown = T.old.n_shown; /* keep the list for "the first one" */
        chat_action_t a;
        action_from_nlu(&T, &a);
        switch (T.nlu.intent) {
        case CHAT_ADD:
            rc = do_add(&T);
            break;
        case CHAT_LIST:
            rc = do_list(&T);
            break;
        case CHAT_COMPLETE:
        case CHAT_REOPEN:
        case CHAT_DELETE:
        case CHAT_UPDATE:
            rc = act_on_ref(&T, &a);
            break;
        case CHAT_CLEAR:
            rc = do_clear(&T);
            break;
        case CHAT_UNDO:
            rc = do_undo(&T);
            break;
        case CHAT_CONFIRM:
            chat_reply_add(&T.reply, "There's nothing waiting for a yes right now.");
            break;
        case CHAT_CANCEL:
            chat_reply_add(&T.reply, "OK, nothing to cancel.");
            break;
        case CHAT_HELP:
            help_reply(&T);
            break;
        case CHAT_GREETING:
            chat_reply_add(&T.reply, "Hi! What do you need to get done?");
            suggest(&T, "what's on my list?");
            suggest(&T, "help");
            break;
        default:
            chat_reply_add(&T.reply, "Sorry, I didn't understand that. You can add, list, "
                                     "complete, move or delete todos; say \u201chelp\u201d for "
                                     "examples.");
            suggest(&T, "help");
            suggest(&T, "what's on my list?");
            break;
        }
        if (rc < 0)
            return rc;
    }
    if (T.reply.n == 0)
        chat_reply_add(&T.reply, "Done.");
    chat_reply_fix_utf8(T.reply.s); /* user text echoed back may be cut or invalid */
    out->reply = T.reply.s;
    out->intent = chat_intent_name(T.intent);
    out->todos = T.touched;
    out->n_todos = T.n_touched;
    out->suggestions = T.sugg;
    out->n_suggestions = T.n_sugg;
    T.ns.issued = now;
    out->context = chat_state_encode(&T.ns, in->user_id, e->key, e->key_len, mem);
    return 0;
}
