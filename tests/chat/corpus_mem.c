/* corpus_mem: runs the utterance corpus (tests/chat/corpus.jsonl) through the
 * chat engine against the in-memory backend and prints per-intent accuracy.
 * A line with "xfail": "reason" is a known failure: it is run, reported as
 * XFAIL while it fails and as XPASS (unmark it) once it passes, and neither
 * counts against the gate. Exits non-zero when the other cases score below
 * MIN_PERCENT (default 100: every case not marked xfail must pass). The same
 * corpus runs end to end against real todo-svc + chat-svc processes in
 * corpus.test.js.
 *
 * usage: corpus_mem CORPUS.jsonl [MIN_PERCENT] [-v] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "chat_backend_mem.h"
#include "chat_engine.h"
#include "chat_nlu.h"
#include "chat_pb.h"
#include "chat_tz.h"
#include "timeutil.h"

#define CORPUS_NOW "2026-11-27T15:00:00Z"
#define CORPUS_TZ  "Europe/Berlin"

static void *a_alloc(void *d, size_t n)
{
    return tc_arena_alloc(d, n);
}

static void a_free(void *d, void *p)
{
    (void)d;
    (void)p;
}

static int prio_of(const char *s)
{
    if (!s)
        return 0;
    if (!strcmp(s, "high"))
        return 3;
    if (!strcmp(s, "medium"))
        return 2;
    if (!strcmp(s, "low"))
        return 1;
    return 0;
}

/* "2026-11-28T17:00" local in tz -> unix seconds */
static int64_t local_to_unix(const char *s, const chat_tz_t *tz)
{
    int y, mo, d, h, mi;
    if (sscanf(s, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) != 5)
        return -1;
    return chat_tz_to_utc(tz, chat_tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60);
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

typedef struct runner {
    chat_backend_mem_t *mem;
    chat_engine_t *eng;
    int64_t now_ms;
    char why[512];
} runner_t;

static void seed(runner_t *r, const char *user, const cJSON *item, const chat_tz_t *tz)
{
    tc_arena_t *a = tc_arena_create();
    ProtobufCAllocator pa = {a_alloc, a_free, a};
    chat_backend_t b = chat_backend_mem_backend(r->mem);
    chat_call_t call = {user, &pa, INT64_MAX};
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    Google__Protobuf__Timestamp due = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    char *tags[8];
    if (cJSON_IsString(item)) {
        t.title = item->valuestring;
    } else {
        t.title = (char *)str(item, "title");
        t.done = cJSON_IsTrue(cJSON_GetObjectItem(item, "done"));
        t.priority = prio_of(str(item, "priority"));
        if (str(item, "recurrence")) {
            t.recurrence = (char *)str(item, "recurrence");
            t.time_zone = (char *)chat_tz_name(tz);
        }
        if (str(item, "due")) {
            due.seconds = local_to_unix(str(item, "due"), tz);
            t.due = &due;
        }
        const cJSON *tg = cJSON_GetObjectItem(item, "tags");
        const cJSON *x;
        cJSON_ArrayForEach(x, tg)
        {
            if (t.n_tags < 8)
                tags[t.n_tags++] = x->valuestring;
        }
        t.tags = tags;
    }
    Todo__V1__Todo *out;
    tc_status_t st;
    if (b.create(b.self, &call, &t, NULL, &out, &st) == 0 && t.done) {
        static const char *const p[] = {"done"};
        Todo__V1__Todo u = TODO__V1__TODO__INIT;
        u.id = out->id;
        u.done = true;
        b.update(b.self, &call, &u, p, 1, &out, &st);
    }
    tc_arena_destroy(a);
}

static Todo__V1__Todo *find_title(runner_t *r, const char *user, const char *title)
{
    size_t n = chat_backend_mem_count(r->mem, user);
    for (size_t i = 0; i < n; i++) {
        Todo__V1__Todo *t = chat_backend_mem_get(r->mem, user, i);
        if (t && strcasecmp(t->title, title) == 0)
            return t;
        todo__v1__todo__free_unpacked(t, NULL);
    }
    return NULL;
}

/* Each check_* below tests one kind of expected effect of case c; it returns
 * true when that holds, else false with the reason in r->why. */

/* "intent": the intent the turn was understood as. */
static bool check_intent(runner_t *r, const cJSON *c, const chat_result_t *res)
{
    const char *want_intent = str(c, "intent");
    if (want_intent && strcmp(want_intent, res->intent) != 0) {
        snprintf(r->why, sizeof r->why, "intent %s, want %s (reply: %s)", res->intent, want_intent,
                 res->reply);
        return false;
    }
    return true;
}

/* "due": the todo's due time in local tz; null: it has none. */
static bool check_due(runner_t *r, const cJSON *c, const Todo__V1__Todo *t, const char *title,
                      const chat_tz_t *tz)
{
    const char *due = str(c, "due");
    if (due) {
        int64_t want = local_to_unix(due, tz);
        if (!t->due || t->due->seconds != want) {
            char got[40] = "none";
            if (t->due)
                tc_rfc3339_format(chat_tz_to_local(tz, t->due->seconds) * 1000, got, 40);
            snprintf(r->why, sizeof r->why, "\"%s\" due %s, want %s", title, got, due);
            return false;
        }
    } else if (cJSON_IsNull(cJSON_GetObjectItem(c, "due")) && t->due) {
        snprintf(r->why, sizeof r->why, "\"%s\" has a due date, want none", title);
        return false;
    }
    return true;
}

/* "recurrence", "remind" and "priority" of the todo. */
static bool check_fields(runner_t *r, const cJSON *c, const Todo__V1__Todo *t, const char *title,
                         const chat_tz_t *tz)
{
    const char *rec = str(c, "recurrence"), *rem = str(c, "remind");
    if (rec && strcmp(rec, t->recurrence ? t->recurrence : "") != 0) {
        snprintf(r->why, sizeof r->why, "\"%s\" recurrence \"%s\", want \"%s\"", title,
                 t->recurrence ? t->recurrence : "", rec);
        return false;
    }
    if (rem && (!t->remind_at || t->remind_at->seconds != local_to_unix(rem, tz))) {
        snprintf(r->why, sizeof r->why, "\"%s\" remind_at %lld, want %s", title,
                 t->remind_at ? (long long)t->remind_at->seconds : 0LL, rem);
        return false;
    }
    const char *prio = str(c, "priority");
    if (prio && (int)t->priority != prio_of(prio)) {
        snprintf(r->why, sizeof r->why, "\"%s\" priority %d, want %s", title, t->priority, prio);
        return false;
    }
    return true;
}

/* "tags": each one is among the todo's tags. */
static bool check_tags(runner_t *r, const cJSON *c, const Todo__V1__Todo *t, const char *title)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(c, "tags"))
    {
        bool hit = false;
        for (size_t i = 0; i < t->n_tags; i++)
            hit = hit || strcmp(t->tags[i], x->valuestring) == 0;
        if (!hit) {
            snprintf(r->why, sizeof r->why, "\"%s\" lacks tag %s", title, x->valuestring);
            return false;
        }
    }
    return true;
}

/* "title": a todo of that title exists, with the fields the case names. */
static bool check_titled(runner_t *r, const char *user, const cJSON *c, const chat_result_t *res,
                         const chat_tz_t *tz)
{
    const char *title = str(c, "title");
    if (!title)
        return true;
    Todo__V1__Todo *t = find_title(r, user, title);
    if (!t) {
        snprintf(r->why, sizeof r->why, "no todo titled \"%s\" (reply: %s)", title, res->reply);
        return false;
    }
    bool ok = check_due(r, c, t, title, tz) && check_fields(r, c, t, title, tz) &&
              check_tags(r, c, t, title);
    todo__v1__todo__free_unpacked(t, NULL);
    size_t l = strlen(r->why); /* what the user was told says why */
    if (!ok)
        snprintf(r->why + l, sizeof r->why - l, " (reply: %s)", res->reply);
    return ok;
}

/* The state a listed title must be in afterwards. */
typedef enum { WANT_DONE, WANT_OPEN, WANT_GONE } want_state_t;

static const struct {
    const char *key; /* the case's list of titles */
    want_state_t want;
    const char *fail; /* what the reason says when it does not hold */
} state_checks[] = {
    {"done", WANT_DONE, "not done"},
    {"open", WANT_OPEN, "not open"},
    {"gone", WANT_GONE, "still there"},
};

static bool state_holds(const Todo__V1__Todo *t, want_state_t want)
{
    switch (want) {
    case WANT_DONE:
        return t && t->done;
    case WANT_OPEN:
        return t && !t->done;
    case WANT_GONE:
        return !t;
    }
    return false;
}

/* "done", "open", "gone": the titles' todos are in that state. */
static bool check_states(runner_t *r, const char *user, const cJSON *c, const chat_result_t *res)
{
    for (size_t k = 0; k < sizeof state_checks / sizeof state_checks[0]; k++) {
        const cJSON *x;
        cJSON_ArrayForEach(x, cJSON_GetObjectItem(c, state_checks[k].key))
        {
            Todo__V1__Todo *t = find_title(r, user, x->valuestring);
            bool ok = state_holds(t, state_checks[k].want);
            todo__v1__todo__free_unpacked(t, NULL);
            if (!ok) {
                snprintf(r->why, sizeof r->why, "\"%s\" %s (reply: %s)", x->valuestring,
                         state_checks[k].fail, res->reply);
                return false;
            }
        }
    }
    return true;
}

/* "count": how many todos the user has. */
static bool check_count(runner_t *r, const char *user, const cJSON *c, const chat_result_t *res)
{
    const cJSON *cnt = cJSON_GetObjectItem(c, "count");
    if (cJSON_IsNumber(cnt) && (int)chat_backend_mem_count(r->mem, user) != cnt->valueint) {
        snprintf(r->why, sizeof r->why, "%zu todos, want %d (reply: %s)",
                 chat_backend_mem_count(r->mem, user), cnt->valueint, res->reply);
        return false;
    }
    return true;
}

/* "listed_order": the titles listed, exactly these in this order. */
static bool check_order(runner_t *r, const cJSON *c, const chat_result_t *res)
{
    const cJSON *order = cJSON_GetObjectItem(c, "listed_order");
    if (!cJSON_IsArray(order))
        return true;
    size_t i = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, order)
    {
        if (i >= res->n_todos || strcasecmp(res->todos[i]->title, x->valuestring) != 0) {
            snprintf(r->why, sizeof r->why, "listed #%zu is \"%s\", want \"%s\" (reply: %s)", i + 1,
                     i < res->n_todos ? res->todos[i]->title : "(none)", x->valuestring,
                     res->reply);
            return false;
        }
        i++;
    }
    if (i != res->n_todos) {
        snprintf(r->why, sizeof r->why, "listed %zu todos, want %zu in order (reply: %s)",
                 res->n_todos, i, res->reply);
        return false;
    }
    return true;
}

/* "listed": the titles listed, exactly these in any order. */
static bool check_listed(runner_t *r, const cJSON *c, const chat_result_t *res)
{
    const cJSON *listed = cJSON_GetObjectItem(c, "listed");
    if (!cJSON_IsArray(listed))
        return true;
    if ((size_t)cJSON_GetArraySize(listed) != res->n_todos) {
        snprintf(r->why, sizeof r->why, "listed %zu todos, want %d (reply: %s)", res->n_todos,
                 cJSON_GetArraySize(listed), res->reply);
        return false;
    }
    const cJSON *x;
    cJSON_ArrayForEach(x, listed)
    {
        bool hit = false;
        for (size_t i = 0; i < res->n_todos; i++)
            hit = hit || strcasecmp(res->todos[i]->title, x->valuestring) == 0;
        if (!hit) {
            snprintf(r->why, sizeof r->why, "\"%s\" not listed (reply: %s)", x->valuestring,
                     res->reply);
            return false;
        }
    }
    return true;
}

/* Checks the expected effects, in this order; returns true when all hold. */
static bool check(runner_t *r, const char *user, const cJSON *c, const chat_result_t *res,
                  const chat_tz_t *tz)
{
    return check_intent(r, c, res) && check_titled(r, user, c, res, tz) &&
           check_states(r, user, c, res) && check_count(r, user, c, res) &&
           check_order(r, c, res) && check_listed(r, c, res);
}

/* Passes and failures so far, per intent and over all cases. */
typedef struct tally {
    int total[CHAT_INTENT_COUNT], pass[CHAT_INTENT_COUNT];
    int all, ok_all, xfail, xpass;
} tally_t;

/* The index of the intent named want, 0 when none is. */
static int intent_index(const char *want)
{
    int wi = 0;
    for (int i = 0; i < CHAT_INTENT_COUNT; i++)
        if (want && strcmp(want, chat_intent_name(i)) == 0)
            wi = i;
    return wi;
}

/* Says each "before" message then "say", each turn with the context the one
 * before returned; *res is the last turn's. false, with r->why, when a turn
 * fails. */
static bool run_turns(runner_t *r, const cJSON *c, const char *user, const char *tzname,
                      ProtobufCAllocator *pa, chat_result_t *res)
{
    const char *ctx = "";
    tc_status_t st;
    bool turn_ok = true;
    const cJSON *before = cJSON_GetObjectItem(c, "before");
    int nb = cJSON_GetArraySize(before);
    for (int i = 0; i <= nb && turn_ok; i++) {
        const char *msg = i < nb ? cJSON_GetArrayItem(before, i)->valuestring : str(c, "say");
        chat_turn_t in = {user, msg, strlen(msg), ctx, tzname, true, r->now_ms, INT64_MAX};
        if (chat_engine_turn(r->eng, &in, pa, res, &st) != 0) {
            snprintf(r->why, sizeof r->why, "turn failed: %s", st.message);
            turn_ok = false;
        }
        ctx = res->context;
    }
    return turn_ok;
}

/* Counts case c (at lineno) as passed or not and prints its line. */
static void record(tally_t *tl, const runner_t *r, const cJSON *c, int lineno, bool ok,
                   const chat_result_t *res, bool verbose)
{
    const char *known = str(c, "xfail");
    if (known) {
        if (ok) {
            tl->xpass++;
            printf("XPASS line %d: %s -> passes now; remove its xfail (%s)\n", lineno,
                   str(c, "say"), known);
        } else {
            tl->xfail++;
            printf("XFAIL line %d: %s -> %s [%s]\n", lineno, str(c, "say"), r->why, known);
        }
        return;
    }
    int wi = intent_index(str(c, "intent"));
    tl->total[wi]++;
    tl->all++;
    if (ok) {
        tl->pass[wi]++;
        tl->ok_all++;
    } else {
        printf("FAIL line %d: %s -> %s\n", lineno, str(c, "say"), r->why);
    }
    if (verbose && ok)
        printf("ok   line %d: %s -> %s | %s\n", lineno, str(c, "say"), res->intent, res->reply);
}

/* Runs case c, read at lineno, for a user of its own: seeds its "setup",
 * says its turns, checks and records the outcome. */
static void run_case(runner_t *r, const cJSON *c, int lineno, bool verbose, tally_t *tl)
{
    char user[32];
    snprintf(user, sizeof user, "corpus-%d", lineno);
    const char *tzname = str(c, "tz") ? str(c, "tz") : CORPUS_TZ;
    const chat_tz_t *tz;
    chat_tz_load(tzname, &tz);
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(c, "setup")) seed(r, user, x, tz);
    tc_arena_t *a = tc_arena_create();
    ProtobufCAllocator pa = {a_alloc, a_free, a};
    chat_result_t res;
    bool turn_ok = run_turns(r, c, user, tzname, &pa, &res);
    bool ok = turn_ok && check(r, user, c, &res, tz);
    record(tl, r, c, lineno, ok, &res, verbose);
    tc_arena_destroy(a);
}

/* Runs every case line of the corpus at path (open as f); 0, or 2 after
 * printing the line that is not JSON. */
static int run_corpus(runner_t *r, FILE *f, const char *path, bool verbose, tally_t *tl)
{
    int lineno = 0;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] != '{')
            continue;
        cJSON *c = cJSON_ParseWithOpts(line, NULL, true); /* nothing after the object */
        if (!c) {
            fprintf(stderr, "%s:%d: bad JSON\n", path, lineno);
            return 2;
        }
        run_case(r, c, lineno, verbose, tl);
        cJSON_Delete(c);
    }
    return 0;
}

/* Prints per-intent and overall accuracy; returns the overall percentage. */
static double report(const tally_t *tl, double min_pct)
{
    printf("\nper-intent accuracy:\n");
    for (int i = 0; i < CHAT_INTENT_COUNT; i++)
        if (tl->total[i])
            printf("  %-16s %3d/%3d  %5.1f%%\n", chat_intent_name(i), tl->pass[i], tl->total[i],
                   100.0 * tl->pass[i] / tl->total[i]);
    double pct = tl->all ? 100.0 * tl->ok_all / tl->all : 0;
    printf("overall          %3d/%3d  %5.1f%% (threshold %.0f%%)\n", tl->ok_all, tl->all, pct,
           min_pct);
    if (tl->xfail || tl->xpass)
        printf("expected failures %d still failing, %d passing now (not counted)\n", tl->xfail,
               tl->xpass);
    return pct;
}

/* The in-memory backend at the corpus's fixed clock, and an engine on it. */
static void runner_open(runner_t *r)
{
    static const unsigned char key[] = "corpus-key";
    r->mem = chat_backend_mem_create();
    tc_rfc3339_parse(CORPUS_NOW, &r->now_ms);
    chat_backend_mem_set_clock(r->mem, r->now_ms);
    chat_engine_config_t cfg = {chat_backend_mem_backend(r->mem), key, sizeof key - 1};
    r->eng = chat_engine_create(&cfg);
}

static void runner_close(runner_t *r)
{
    chat_engine_destroy(r->eng);
    chat_backend_mem_destroy(r->mem);
    chat_tz_cache_clear();
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS.jsonl [MIN_PERCENT] [-v]\n", argv[0]);
        return 2;
    }
    double min_pct = argc > 2 && argv[2][0] != '-' ? atof(argv[2]) : 100.0;
    bool verbose = argc > 2 && strcmp(argv[argc - 1], "-v") == 0;
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    runner_t r = {0};
    runner_open(&r);
    tally_t tl = {0};
    if (run_corpus(&r, f, argv[1], verbose, &tl) != 0)
        return 2;
    fclose(f);
    double pct = report(&tl, min_pct);
    runner_close(&r);
    return tl.all >= 250 && pct >= min_pct ? 0 : 1;
}
