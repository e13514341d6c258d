/* chat_nlu: intent and entity rules. The rules work on normalised tokens
 * (chat_tok) and mark every token they consume; what is left of the message
 * becomes the title, the reference or the search text, in the user's words. */
#include "chat_nlu.h"

#include "chat_lex.h"
#include "chat_pat.h"
#include "chat_tz.h"

#include <stdio.h>
#include <string.h>

#define NLU_MAX_TOKENS 400

typedef struct nlu {
    const char *msg;
    const chat_tok_t *t;
    size_t n;
    bool *used;
    size_t *v; /* view: indices of non-punctuation tokens */
    size_t nv;
    size_t s, e; /* active view range */
    ProtobufCAllocator *mem;
    const chat_date_ctx_t *ctx;
    chat_nlu_t *out;
    bool asked_bot;   /* "can you ...": a bare verb is a request to the bot */
    bool correction;  /* "actually", "instead", "make that": a follow-up fix */
    bool said_done;   /* a dropped reason clause said it was done ("did it") */
    int last_weekday; /* "every last friday": 1 Monday .. 7 Sunday, else 0 */
} nlu_t;

static const char *const intent_names[CHAT_INTENT_COUNT] = {
    "unknown",     "add_todo",    "list_todos",      "complete_todo", "reopen_todo",
    "delete_todo", "update_todo", "clear_completed", "undo",          "confirm",
    "cancel",      "help",        "greeting"};

const char *chat_intent_name(chat_intent_t intent)
{
    return intent >= 0 && intent < CHAT_INTENT_COUNT ? intent_names[intent] : "unknown";
}

/* ---- token helpers ---- */

static const chat_tok_t *vt(const nlu_t *p, size_t vi)
{
    return vi < p->e ? &p->t[p->v[vi]] : NULL;
}

/* The view as chat_pat sees it: tokens from the active range's end on do
 * not match. */
static chat_pat_seq_t seq(const nlu_t *p)
{
    return (chat_pat_seq_t){p->t, p->v, p->e, p->used};
}

/* Length of pattern pat (chat_pat.h) matched at view index vi, or 0. */
static size_t pm(const nlu_t *p, size_t vi, const char *pat)
{
    chat_pat_seq_t s = seq(p);
    return chat_pat_match(&s, vi, pat);
}

static void use(nlu_t *p, size_t vi, size_t count)
{
    for (size_t k = vi; k < vi + count && k < p->nv; k++)
        p->used[p->v[k]] = true;
}

/* Tries patterns (NULL-terminated) at vi; consumes the first that matches. */
static size_t pm_any(const nlu_t *p, size_t vi, const char *const *pats);
static size_t take(nlu_t *p, size_t vi, const char *const *pats)
{
    size_t k = pm_any(p, vi, pats);
    use(p, vi, k);
    return k;
}

/* Length of the first of patterns (NULL-terminated) matching at vi, or 0. */
static size_t pm_any(const nlu_t *p, size_t vi, const char *const *pats)
{
    chat_pat_seq_t s = seq(p);
    return chat_pat_match_any(&s, vi, pats, NULL);
}

static size_t first_free(const nlu_t *p)
{
    size_t vi = p->s;
    while (vi < p->e && p->used[p->v[vi]])
        vi++;
    return vi;
}

static size_t last_free(const nlu_t *p)
{
    size_t vi = p->e;
    while (vi > p->s && p->used[p->v[vi - 1]])
        vi--;
    return vi; /* one past */
}

static size_t count_free(const nlu_t *p)
{
    size_t c = 0;
    for (size_t vi = p->s; vi < p->e; vi++)
        c += !p->used[p->v[vi]];
    return c;
}

/* ---- tentative matches ----
 * A rule that may give up works on a snapshot: nlu_snap() saves the marks
 * (and the result so far), nlu_restore_marks() / nlu_restore() put them
 * back. nlu_probe() makes a copy of p with marks and result of its own, for
 * questions like "would the rest read as a date?"; nlu_commit() adopts the
 * probe's marks. One place for what was hand-written nine times. */
typedef struct nlu_snap {
    bool *used;
    chat_nlu_t out;
} nlu_snap_t;

static nlu_snap_t nlu_snap(const nlu_t *p)
{
    nlu_snap_t s;
    s.used = p->mem->alloc(p->mem->allocator_data, p->n + 1);
    memcpy(s.used, p->used, p->n + 1);
    s.out = *p->out;
    return s;
}

static void nlu_restore_marks(nlu_t *p, const nlu_snap_t *s)
{
    memcpy(p->used, s->used, p->n + 1);
}

static void nlu_restore(nlu_t *p, const nlu_snap_t *s)
{
    nlu_restore_marks(p, s);
    *p->out = s->out;
}

static void nlu_probe(const nlu_t *p, nlu_t *probe, chat_nlu_t *out)
{
    *probe = *p;
    probe->used = p->mem->alloc(p->mem->allocator_data, p->n + 1);
    memcpy(probe->used, p->used, p->n + 1);
    *out = *p->out;
    probe->out = out;
}

static void nlu_commit(nlu_t *p, const nlu_t *probe)
{
    memcpy(p->used, probe->used, p->n + 1);
}

static char *mstrndup(ProtobufCAllocator *mem, const char *s, size_t n)
{
    char *d = mem->alloc(mem->allocator_data, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* The user's own text of the unused tokens between view indices a and b
 * (punctuation inside kept, at the edges dropped). NULL when nothing. */
static char *text_between(const nlu_t *p, size_t a, size_t b)
{
    if (a >= b)
        return NULL;
    size_t from = p->v[a], to = p->v[b - 1];
    while (to + 1 < p->n && !p->used[to + 1] && p->t[to + 1].kind == CHAT_TOK_PUNCT &&
           (p->t[to + 1].norm[0] == ')' || p->t[to + 1].norm[0] == ']'))
        to++; /* a closing bracket right after the last word */
    size_t cap = 0;
    for (size_t k = from; k <= to; k++)
        cap += p->t[k].len + 1;
    char *out = p->mem->alloc(p->mem->allocator_data, cap + 1);
    size_t o = 0;
    bool skipped = false;
    size_t prev_end = 0;
    for (size_t k = from; k <= to; k++) {
        const chat_tok_t *t = &p->t[k];
        if (p->used[k]) {
            skipped = true;
            continue;
        }
        if (t->kind == CHAT_TOK_PUNCT) {
            /* keep punctuation only between two kept tokens */
            size_t q = k + 1;
            while (q <= to && p->t[q].kind == CHAT_TOK_PUNCT && !p->used[q])
                q++;
            bool closer = (t->norm[0] == ')' && memchr(out, '(', o)) ||
                          (t->norm[0] == ']' && memchr(out, '[', o));
            if (o == 0 || ((q > to || p->used[q]) && !closer) || skipped)
                continue;
        }
        size_t off = t->off, len = t->len;
        if (t->kind == CHAT_TOK_TAG) {
            off--;
            len++;
        }
        if (o > 0 && (skipped || off != prev_end))
            out[o++] = ' ';
        memcpy(out + o, p->msg + off, len);
        o += len;
        prev_end = t->kind == CHAT_TOK_QUOTED ? off + len + 1 : off + len;
        skipped = false;
    }
    while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == ',' || out[o - 1] == ':' ||
                     out[o - 1] == '-' || out[o - 1] == '.'))
        o--;
    out[o] = '\0';
    return o ? out : NULL;
}

static char *rest_text(const nlu_t *p)
{
    return text_between(p, first_free(p), last_free(p));
}

/* Joined norms of the free view tokens, for whole-message tables. */
static void phrase(const nlu_t *p, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t vi = p->s; vi < p->e; vi++) {
        const chat_tok_t *t = vt(p, vi);
        if (p->used[p->v[vi]])
            continue;
        size_t l = strlen(t->norm);
        if (o + l + 2 >= n)
            break;
        if (o)
            buf[o++] = ' ';
        memcpy(buf + o, t->norm, l);
        o += l;
        buf[o] = '\0';
    }
}

static bool in_list(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (w[0] == list[i][0] && strcmp(w, list[i]) == 0)
            return true;
    return false;
}

/* Every free word is in set and at least one is in strong. */
static bool all_in(const nlu_t *p, const char *const *set, const char *const *strong)
{
    bool has_strong = false;
    size_t words = 0;
    for (size_t vi = p->s; vi < p->e; vi++) {
        if (p->used[p->v[vi]])
            continue;
        const chat_tok_t *t = vt(p, vi);
        if (t->kind != CHAT_TOK_WORD)
            return false;
        bool hit = in_list(t->norm, set) || in_list(t->norm, strong);
        for (size_t i = 0; !hit && strong[i]; i++)
            hit = chat_tok_is(t, strong[i]);
        if (!hit)
            return false;
        for (size_t i = 0; strong[i] && !has_strong; i++)
            has_strong = t->norm[0] == strong[i][0] &&
                         (strcmp(t->norm, strong[i]) == 0 || chat_tok_is(t, strong[i]));
        words++;
    }
    return words > 0 && words <= 9 && has_strong;
}

/* ---- fillers ---- */

/* Drops one polite or indirect wrapper at the start (chat_lex_lead_fillers),
 * remembering what it said about the request. */
static bool strip_lead_filler(nlu_t *p)
{
    size_t vi = first_free(p), before = count_free(p);
    for (const chat_lex_lead_t *l = chat_lex_lead_fillers; l->pat; l++) {
        size_t k = pm(p, vi, l->pat);
        if (k && k < before) {
            p->asked_bot = p->asked_bot || (l->flags & CHAT_LEX_ASKS_BOT);
            p->correction = p->correction || (l->flags & CHAT_LEX_CORRECTION);
            use(p, vi, k);
            return true;
        }
    }
    return false;
}

/* Drops one trailing filler ("please", "thanks", "woo"). */
static bool strip_trail_filler(nlu_t *p)
{
    size_t end = last_free(p), before = count_free(p);
    for (size_t i = 0; chat_lex_trail_fillers[i]; i++) {
        size_t words = 1;
        for (const char *c = chat_lex_trail_fillers[i]; *c; c++)
            words += *c == ' ';
        if (end < p->s + words || before <= words)
            continue;
        if (pm(p, end - words, chat_lex_trail_fillers[i]) == words) {
            use(p, end - words, words);
            return true;
        }
    }
    return false;
}

/* A word of a lead-in: a plain word that is no subject, negation or
 * question word (chat_lex_lead_in_blockers). */
static bool lead_in_word(const chat_tok_t *t)
{
    return t && t->kind == CHAT_TOK_WORD && !chat_lex_has(chat_lex_lead_in_blockers, t->norm);
}

/* "abeg add X", "help me add X", "oya delete X": an unknown lead-in of one
 * or two words before a command verb (chat_lex_lead_in_verbs) is dropped.
 * A task verb opening it is a title ("learn to add fractions") unless it
 * asks for help ("help me add"). */
static void strip_lead_in(nlu_t *p)
{
    size_t a = first_free(p);
    for (size_t i = 1; i <= 2 && a + i < last_free(p); i++) {
        if (!lead_in_word(vt(p, a + i - 1)))
            return;
        if (!pm_any(p, a + i, chat_lex_lead_in_verbs))
            continue;
        bool task = chat_lex_has(chat_lex_task_verbs, vt(p, a)->norm);
        if (task && !(i == 2 && pm(p, a + 1, "me|us")))
            return;
        use(p, a, i);
        return;
    }
}

static void strip_fillers(nlu_t *p)
{
    for (int round = 0; round < 6 && strip_lead_filler(p); round++)
        ;
    strip_lead_in(p);
    for (int round = 0; round < 6 && strip_lead_filler(p); round++)
        ;
    for (int round = 0; round < 3 && strip_trail_filler(p); round++)
        ;
}

static bool strip_done_suffix(nlu_t *p, bool keep_one);
static void drop_tail_clause(nlu_t *p);
static void ref_in_range(nlu_t *p, size_t a, size_t b);
static bool strip_suffix_list(nlu_t *p, const char *const *pats);

/* ---- clauses ---- */

/* "paid the DEWA bill", "got the groceries": the past verb at vi is taken
 * out of the reference and kept, in its base form, as ref_verb; the engine
 * tries the verb with the object first ("call mom" over "email mom") and
 * the object alone when that names no single todo ("buy groceries"). */
static void drop_past_verb(nlu_t *p, size_t vi)
{
    const chat_tok_t *t = vt(p, vi);
    const char *base = t->norm;
    for (size_t i = 0; chat_lex_past_bases[i][0]; i++)
        if (!strcmp(t->norm, chat_lex_past_bases[i][0]))
            base = chat_lex_past_bases[i][1];
    p->out->ref_verb = mstrndup(p->mem, base, strlen(base));
    use(p, vi, 1);
    if (vi + 2 < p->e && pm(p, vi + 1, "out|off|through")) /* "knocked out X" */
        use(p, vi + 1, 1);
}

/* A past-tense verb: "cancelled", "found", "did". */
static bool past_word(const chat_tok_t *t)
{
    static const char *const irregular[] = {
        "did",    "found", "got", "sent", "bought", "paid", "made",  "went", "took",    "done",
        "forgot", "lost",  "saw", "told", "met",    "ran",  "wrote", "had",  "already", NULL};
    if (!t || t->kind != CHAT_TOK_WORD)
        return false;
    size_t l = strlen(t->norm);
    if ((l > 3 && !strcmp(t->norm + l - 2, "ed")) || in_list(t->norm, irregular))
        return true;
    for (size_t i = 0; chat_lex_past_bases[i][0]; i++)
        if (!strcmp(t->norm, chat_lex_past_bases[i][0]))
            return true;
    return false;
}

/* ", not renewing", ", we're not going anymore": a negated -ing verb ending
 * the message is a reason, never part of a name. */
static bool not_doing(const nlu_t *p, size_t vi)
{
    size_t k = 0;
    bool neg = false;
    for (; k < 4 && pm(p, vi + k, "i|we|im|were|am|are|be|not|no|never|longer|stopped|quit|wont");
         k++)
        neg = neg || pm(p, vi + k, "not|no|never|stopped|quit|wont");
    const chat_tok_t *t = vt(p, vi + k);
    if (!neg || !t || t->kind != CHAT_TOK_WORD || strlen(t->norm) < 5 ||
        strcmp(t->norm + strlen(t->norm) - 3, "ing") != 0)
        return false;
    size_t end = vi + k + 1;
    end += pm(p, end, "it|that|this|anymore|any|more|anyway|after|all");
    end += pm(p, end, "anymore|more|anyway|all");
    return end >= p->nv;
}

/* "get rid of the yoga one, I cancelled it", "scratch the car wash, did it
 * this morning": a clause after a comma that gives a reason ("I" + a past
 * verb, "found ...", "because ...") names nothing; it is dropped. When it
 * says the thing was done, said_done remembers that. */
static void drop_reason_clause(nlu_t *p)
{
    size_t vi = 0;
    for (size_t k = 0; k + 1 < p->n; k++) {
        if (p->t[k].kind != CHAT_TOK_PUNCT) {
            vi++;
            continue;
        }
        if (!strchr(",;", p->t[k].norm[0]) || vi < 2 || vi >= p->nv)
            continue;
        size_t q = vi + pm(p, vi, "?i|we|ive|weve ?have|had ?already|just|never|actually|finally");
        bool because = pm(p, vi, "because|since|cause|cos|bc") > 0 || not_doing(p, vi) ||
                       pm_any(p, vi, chat_lex_reason_clauses) == p->nv - vi;
        if (!because && !past_word(vt(p, q)))
            continue;
        bool negated = false;
        for (size_t w = vi; w < p->nv; w++) {
            negated = negated || pm(p, w, "didnt|havent|hadnt|not|never|isnt|wasnt");
            if (!negated && pm(p, w, "did|done|finished|completed|sorted"))
                p->said_done = true;
        }
        use(p, vi, p->nv - vi);
        return;
    }
}

/* ---- entities ---- */

static void take_tags(nlu_t *p)
{
    size_t n = 0;
    for (size_t vi = p->s; vi < p->e; vi++)
        if (vt(p, vi)->kind == CHAT_TOK_TAG && !p->used[p->v[vi]])
            n++;
    if (!n)
        return;
    p->out->tags = p->mem->alloc(p->mem->allocator_data, n * sizeof(char *));
    for (size_t vi = p->s; vi < p->e; vi++) {
        const chat_tok_t *t = vt(p, vi);
        if (t->kind != CHAT_TOK_TAG || p->used[p->v[vi]])
            continue;
        bool digits = true;
        for (const char *c = t->norm; *c; c++)
            digits = digits && *c >= '0' && *c <= '9';
        if (digits)
            continue; /* "#2" is a position */
        char *tag = mstrndup(p->mem, t->norm, strlen(t->norm));
        bool dup = false;
        for (size_t i = 0; i < p->out->n_tags; i++)
            dup = dup || strcmp(p->out->tags[i], tag) == 0;
        if (!dup)
            p->out->tags[p->out->n_tags++] = tag;
        p->used[p->v[vi]] = true;
        /* "with tag #work", "tagged #home" */
        if (vi > p->s && pm(p, vi - 1, "tagged|tag|tags|with|label|labelled|labeled"))
            use(p, vi - 1, 1);
        if (vi > p->s + 1 && pm(p, vi - 2, "with tag|label"))
            use(p, vi - 2, 2);
    }
}

/* "anything tagged home", "with the tag work": a plain word as the tag */
static void take_tag_words(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    for (size_t vi = p->s; vi + 1 < p->e; vi++) {
        size_t k = pm(p, vi, "tagged|labelled|labeled|tag|label ?as|with");
        if (!k || p->used[p->v[vi]])
            continue;
        const chat_tok_t *t = vt(p, vi + k);
        if (t && (t->kind == CHAT_TOK_WORD || t->kind == CHAT_TOK_TAG) && !o->n_tags &&
            !p->used[p->v[vi + k]]) {
            o->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
            o->tags[0] = mstrndup(p->mem, t->norm, strlen(t->norm));
            o->n_tags = 1;
            use(p, vi, k + 1);
        }
    }
    /* "show me the errands tag", "my work label ones": the word before "tag" */
    for (size_t vi = p->s; vi + 1 < p->e && !o->n_tags; vi++) {
        const chat_tok_t *t = vt(p, vi);
        if (p->used[p->v[vi]] || t->kind != CHAT_TOK_WORD || !pm(p, vi + 1, "tag|label") ||
            (vi + 2 < p->e && !pm(p, vi + 2, "ones|items|todos|tasks|stuff|things|list")))
            continue;
        o->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
        o->tags[0] = mstrndup(p->mem, t->norm, strlen(t->norm));
        o->n_tags = 1;
        size_t from = vi > p->s && pm(p, vi - 1, "the|my") ? vi - 1 : vi;
        if (from > p->s && !p->used[p->v[from - 1]] && pm(p, from - 1, "under|in|with|on|for"))
            from--; /* "what's under my garden tag" */
        use(p, from, vi + 2 - from + (vi + 2 < p->e));
    }
}

static void take_priority(nlu_t *p)
{
    static const struct {
        const char *pat;
        int prio;
    } pr[] = {{"?a|as|with high|higher|top|highest|max ?priority|prio", 3},
              {"?as|with priority|prio high|1|one|top", 3},
              {"?a|as|with medium|normal|med|mid ?priority|prio", 2},
              {"?as|with priority|prio medium|normal|2|two", 2},
              {"?a|as|with low|lower|lowest|min ?priority|prio", 1},
              {"?as|with priority|prio low|3|three", 1},
              {"not urgent|important", 1},
              {"no rush|hurry", 1},
              {"?as urgent|urgently|asap|critical|importnt|crucial", 3},
              {"?as important", 3},
              {"?as p1", 3},
              {"?as p2", 2},
              {"?as p3|p4", 1},
              {"whenever|someday|eventually", 1},
              {NULL, 0}};
    for (size_t vi = p->s; vi < p->e; vi++) {
        if (p->used[p->v[vi]])
            continue;
        for (size_t i = 0; pr[i].pat; i++) {
            size_t k = pm(p, vi, pr[i].pat);
            if (!k)
                continue;
            /* "high"/"low" alone need "priority" unless the pattern ends there */
            const chat_tok_t *last = vt(p, vi + k - 1);
            if (pr[i].prio != 0 && k == 1 && last &&
                (chat_pat_word(last, "high") || chat_pat_word(last, "low") ||
                 chat_pat_word(last, "medium") || chat_pat_word(last, "normal") ||
                 chat_pat_word(last, "top") || chat_pat_word(last, "min") ||
                 chat_pat_word(last, "max") || chat_pat_word(last, "mid") ||
                 chat_pat_word(last, "med")))
                continue;
            if (k == 1 && (chat_pat_word(last, "a") || chat_pat_word(last, "as") ||
                           chat_pat_word(last, "with")))
                continue;
            p->out->priority = pr[i].prio;
            use(p, vi, k);
            break;
        }
    }
    /* "!!!" */
    for (size_t k = 0; k + 1 < p->n; k++)
        if (p->t[k].kind == CHAT_TOK_PUNCT && p->t[k].norm[0] == '!' &&
            p->t[k + 1].kind == CHAT_TOK_PUNCT && p->t[k + 1].norm[0] == '!' && k + 2 < p->n &&
            p->t[k + 2].norm[0] == '!') {
            p->out->priority = 3;
            break;
        }
}

/* "sometime next week", "at some point on friday": a vague word right
 * before a date that was read is part of it, not of the title. */
/* ---- recurrence ---- */

static char *recur_dup(nlu_t *p, const char *a, const char *b)
{
    size_t la = strlen(a), lb = b ? strlen(b) : 0;
    char *r = p->mem->alloc(p->mem->allocator_data, la + lb + 1);
    memcpy(r, a, la);
    memcpy(r + la, b ? b : "", lb + 1);
    return r;
}

/* "every ?other monday" (the weekday stays for take_due) and "every last
 * friday ?of the month" (all taken). */
static bool take_recur_weekday(nlu_t *p, size_t vi)
{
    size_t k = pm(p, vi, "every|each ?other|last");
    if (!k)
        return false;
    for (int d = 0; d < 7; d++) {
        if (!pm(p, vi + k, chat_lex_weekdays[d][0]))
            continue;
        char rule[48];
        if (pm(p, vi + 1, "last")) {
            snprintf(rule, sizeof rule, "FREQ=MONTHLY;BYDAY=-1%s", chat_lex_weekdays[d][1]);
            size_t m = pm(p, vi + k + 1, "of|in ?the|every|each month");
            use(p, vi, k + 1 + (m >= 2 ? m : 0));
            p->last_weekday = d + 1;
        } else {
            snprintf(rule, sizeof rule, "FREQ=WEEKLY;%sBYDAY=%s",
                     pm(p, vi + 1, "other") ? "INTERVAL=2;" : "", chat_lex_weekdays[d][1]);
            use(p, vi, k);
        }
        p->out->recurrence = recur_dup(p, rule, NULL);
        return true;
    }
    return false;
}

/* Takes a repeat phrase (chat_lex_recurrences) anywhere in the free words. */
static void take_recurrence(nlu_t *p)
{
    for (size_t vi = p->s; vi < p->e && !p->out->recurrence; vi++) {
        if (p->used[p->v[vi]] || take_recur_weekday(p, vi))
            continue;
        for (const chat_lex_recur_t *r = chat_lex_recurrences; r->pat; r++) {
            size_t k = pm(p, vi, r->pat);
            if (k == 1 && vi + 1 < last_free(p) && !pm(p, vi + 1, "at|on|from|starting|in|for|by"))
                k = 0; /* "the weekly update": an adjective, not a repeat */
            if (k) {
                use(p, vi, k);
                p->out->recurrence = recur_dup(p, r->rrule, NULL);
                break;
            }
        }
    }
}

/* The first local day from today whose weekday (0 Sunday) is in mask and
 * whose hour h is still ahead. */
static int64_t next_day_in(const nlu_t *p, unsigned mask, int h)
{
    int64_t today = chat_date_local_day(p->ctx, p->ctx->now);
    for (int64_t d = today;; d++)
        if ((mask >> chat_tz_weekday(d) & 1) && chat_date_at(p->ctx, d, h * 3600) > p->ctx->now)
            return d;
}

/* After take_due: a BYMONTHDAY gets the due's day; a repeat with no date
 * starts at its next day at the default hour (a recurrence needs a due). */
static void finish_recurrence(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    if (!o->recurrence)
        return;
    int h = CHAT_DATE_DEFAULT_HOUR;
    size_t l = strlen(o->recurrence);
    if (l && o->recurrence[l - 1] == '=') {
        if (!o->has_due) {
            o->recurrence = NULL;
            return;
        }
        int64_t y;
        int m, d;
        chat_tz_civil_from_days(chat_date_local_day(p->ctx, o->due.t), &y, &m, &d);
        char day[8];
        snprintf(day, sizeof day, "%d", d);
        o->recurrence = recur_dup(p, o->recurrence, day);
    }
    if (o->has_due && !o->due.time_only)
        return;
    if (o->has_due) /* "every day at 7": the time on the next day it is ahead */
        h = (int)((chat_tz_to_local(p->ctx->tz, o->due.t) % 86400 + 86400) % 86400) / 3600;
    unsigned mask = strstr(o->recurrence, "BYDAY=MO,TU,WE,TH,FR") ? 0x3e
                    : strstr(o->recurrence, "BYDAY=SA,SU")        ? 0x41
                                                                  : 0x7f;
    int64_t day = next_day_in(p, mask, h);
    if (p->last_weekday) { /* the last such weekday of this month or the next */
        int64_t y;
        int m, d;
        chat_tz_civil_from_days(chat_date_local_day(p->ctx, p->ctx->now), &y, &m, &d);
        for (int k = 0; k < 2; k++, m = m % 12 + 1, y += m == 1) {
            int64_t last = chat_tz_days_from_civil(y, m, chat_tz_days_in_month(y, m));
            day = last - ((chat_tz_weekday(last) - p->last_weekday % 7) + 7) % 7;
            if (chat_date_at(p->ctx, day, h * 3600) > p->ctx->now)
                break;
        }
    }
    int sec = o->has_due ? (int)((chat_tz_to_local(p->ctx->tz, o->due.t) % 86400 + 86400) % 86400)
                         : h * 3600;
    memset(&o->due, 0, sizeof o->due);
    o->has_due = true;
    o->due.day = day;
    o->due.t = chat_date_at(p->ctx, day, sec);
}

static void drop_date_fillers(nlu_t *p, const bool *date)
{
    /* "next week sometime I need to ...": right after the date */
    for (size_t vi = p->s; vi + 1 < p->e; vi++) {
        if (!date[p->v[vi]] || p->used[p->v[vi + 1]])
            continue;
        size_t k = pm_any(p, vi + 1, chat_lex_date_fillers);
        if (k)
            use(p, vi + 1, k);
    }
    for (size_t vi = p->s + 1; vi < p->e; vi++) {
        if (!date[p->v[vi]] || p->used[p->v[vi - 1]])
            continue;
        for (size_t w = 1; w <= 4 && w <= vi - p->s; w++) {
            size_t k = pm_any(p, vi - w, chat_lex_date_fillers);
            if (k == w) {
                use(p, vi - w, w);
                break;
            }
        }
    }
}

static void take_due(nlu_t *p)
{
    bool *skip = p->mem->alloc(p->mem->allocator_data, p->n + 1);
    for (size_t k = 0; k < p->n; k++)
        skip[k] = p->used[k] || (p->v && (p->t[k].kind == CHAT_TOK_QUOTED));
    /* only inside the active range */
    for (size_t k = 0; k < p->n; k++)
        if ((p->s < p->nv && k < p->v[p->s]) || (p->e > 0 && p->e <= p->nv && k > p->v[p->e - 1]))
            skip[k] = true;
    bool *mark = p->mem->alloc(p->mem->allocator_data, p->n + 1);
    memcpy(mark, skip, p->n);
    chat_date_t d;
    if (chat_date_scan(p->t, p->n, mark, p->ctx, &d)) {
        for (size_t k = 0; k < p->n; k++)
            if (mark[k] && !skip[k])
                p->used[k] = true;
        p->out->has_due = true;
        p->out->due = d;
        for (size_t k = 0; k < p->n; k++)
            mark[k] = mark[k] && !skip[k];
        drop_date_fillers(p, mark);
    }
}

/* Removes "to my list", "on the shopping list" (the word before "list"
 * becomes a tag), "to my todos" at the end of the free range. */
static void take_list_suffix(nlu_t *p)
{
    size_t end = last_free(p);
    for (size_t back = 5; back >= 2; back--) {
        if (end < p->s + back + 1)
            continue;
        size_t vi = end - back;
        size_t k = pm(p, vi, "to|on|onto|in|into|for|in ?my|the|our ?todo|to-do|task list|todo");
        if (k == back) {
            const chat_tok_t *w = vt(p, vi + back - 2);
            if (back >= 4 && w && w->kind == CHAT_TOK_WORD && !chat_pat_word(w, "my") &&
                !chat_pat_word(w, "the") && !chat_pat_word(w, "todo") &&
                !chat_pat_word(w, "task") && p->out->n_tags == 0) {
                p->out->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
                p->out->tags[0] = mstrndup(p->mem, w->norm, strlen(w->norm));
                p->out->n_tags = 1;
            }
            use(p, vi, k);
            return;
        }
        /* "on there": the list the conversation is about */
        if (back == 2 && pm(p, vi, "on|in there|here") == 2) {
            use(p, vi, 2);
            return;
        }
        /* "to my shopping list" */
        k = pm(p, vi, "to|on|onto|in|into my|the|our");
        if (k == 2 && back == 4 && pm(p, vi + 3, "list") == 1) {
            const chat_tok_t *w = vt(p, vi + 2);
            if (w->kind == CHAT_TOK_WORD && p->out->n_tags == 0) {
                p->out->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
                p->out->tags[0] = mstrndup(p->mem, w->norm, strlen(w->norm));
                p->out->n_tags = 1;
            }
            use(p, vi, 4);
            return;
        }
    }
}

/* ---- references ---- */

static const char *const ordinals[] = {"first",   "second", "third", "fourth", "fifth", "sixth",
                                       "seventh", "eighth", "ninth", "tenth",  NULL};

static int position_word(const chat_tok_t *t)
{
    if (!t)
        return 0;
    if (t->kind == CHAT_TOK_NUM && t->num >= 1 && t->num <= 500)
        return (int)t->num;
    if (t->kind == CHAT_TOK_TAG) {
        long v = 0;
        for (const char *c = t->norm; *c; c++) {
            if (*c < '0' || *c > '9' || v > 100000)
                return 0;
            v = v * 10 + (*c - '0');
        }
        return v >= 1 && v <= 500 ? (int)v : 0;
    }
    for (int i = 0; ordinals[i]; i++)
        if (chat_pat_word(t, ordinals[i]))
            return i + 1;
    if (chat_pat_word(t, "last") || chat_pat_word(t, "bottom"))
        return -1;
    if (chat_pat_word(t, "top"))
        return 1;
    const char *q = t->norm;
    int v = 0;
    while (*q >= '0' && *q <= '9' && v < 100000)
        v = v * 10 + (*q++ - '0');
    if (v > 0 && v <= 500 &&
        (!strcmp(q, "st") || !strcmp(q, "nd") || !strcmp(q, "rd") || !strcmp(q, "th")))
        return v;
    return 0;
}

/* Quoted text is the reference, literally. */
static bool ref_quoted(nlu_t *p, size_t a, size_t b)
{
    for (size_t vi = a; vi < b; vi++)
        if (vt(p, vi)->kind == CHAT_TOK_QUOTED && !p->used[p->v[vi]]) {
            p->out->ref = CHAT_REF_TEXT;
            p->out->ref_text = text_between(p, vi, vi + 1);
            use(p, vi, 1);
            return true;
        }
    return false;
}

/* "it", "that one", "them", or only filler words: the todo just touched;
 * "everything", "the whole list": all of them. */
static bool ref_phrase(nlu_t *p, size_t a, size_t b)
{
    char ph[256];
    phrase(p, ph, sizeof ph);
    bool only_filler = true;
    for (size_t vi = a; vi < b && only_filler; vi++)
        only_filler = p->used[p->v[vi]] || (vt(p, vi)->kind == CHAT_TOK_WORD &&
                                            in_list(vt(p, vi)->norm, chat_lex_ref_filler_only));
    if (in_list(ph, chat_lex_ref_recent) || only_filler)
        p->out->ref = CHAT_REF_RECENT;
    else if (in_list(ph, chat_lex_ref_all))
        p->out->ref = CHAT_REF_ALL;
    else
        return false;
    use(p, a, b - a);
    return true;
}

/* "the first two", "the last 3" */
static bool ref_first_n(nlu_t *p, size_t a, size_t b)
{
    static const char *const nums[] = {"two", "three", "four", "five", "six", NULL};
    size_t vi = a + (pm(p, a, "the") ? 1 : 0);
    size_t k = pm(p, vi, "first|last|top|bottom");
    const chat_tok_t *c = k ? vt(p, vi + 1) : NULL;
    int cnt = 0;
    if (c && c->kind == CHAT_TOK_NUM && c->num >= 2 && c->num <= 50)
        cnt = (int)c->num;
    for (int i = 0; c && nums[i] && !cnt; i++)
        if (chat_pat_word(c, nums[i]))
            cnt = i + 2;
    if (!cnt)
        return false;
    size_t after = vi + 2;
    if (after < b)
        after += pm(p, after, "one|todo|task|item|of them");
    if (after != b)
        return false;
    p->out->ref = CHAT_REF_POSITION;
    p->out->ref_pos = pm(p, vi, "last|bottom") ? -cnt : 1;
    p->out->ref_count = cnt;
    use(p, a, b - a);
    return true;
}

/* positions: "the first one", "number 2", "#3", "item 2", "2" */
static bool ref_position(nlu_t *p, size_t a, size_t b)
{
    static const char *const cardinals[] = {"one",   "two",   "three", "four", "five", "six",
                                            "seven", "eight", "nine",  "ten",  NULL};
    size_t vi = a + (pm(p, a, "the") ? 1 : 0);
    bool numbered = pm(p, vi, "number|no|item|todo|task|nr|num") > 0;
    if (numbered)
        vi++;
    int pos = position_word(vt(p, vi));
    for (int i = 0; numbered && !pos && cardinals[i]; i++)
        if (chat_pat_word(vt(p, vi), cardinals[i]))
            pos = i + 1; /* "number three" */
    if (!pos || vi + 1 > b)
        return false;
    size_t after = vi + 1;
    if (after < b && pm(p, after, "one|todo|task|item"))
        after++;
    if (after < b)
        after += pm(p, after, "on|in the|my list");
    if (after != b)
        return false;
    p->out->ref = CHAT_REF_POSITION;
    p->out->ref_pos = pos;
    use(p, a, b - a);
    return true;
}

/* "all the work ones", "everything tagged old": all, narrowed by a tag
 * when one is named (as "#old" would), else by the words left. */
static bool ref_all_of(nlu_t *p, size_t a)
{
    chat_nlu_t *o = p->out;
    if (!pm(p, a, "all|every|everything"))
        return false;
    chat_nlu_t keep = *o;
    o->n_tags = 0;
    take_tag_words(p);
    if (o->n_tags) {
        size_t l = strlen(o->tags[0]);
        char *t = p->mem->alloc(p->mem->allocator_data, l + 2);
        t[0] = '#';
        memcpy(t + 1, o->tags[0], l + 1);
        *o = keep;
        use(p, a, pm(p, a, "all|every|everything ?of ?the|my ?todo|task|item|one"));
        if (count_free(p) == 0) {
            o->ref = CHAT_REF_ALL;
            o->ref_text = t;
            return true;
        }
    }
    *o = keep;
    use(p, a, pm(p, a, "all|every|everything ?of ?the|my"));
    if (count_free(p) > 1) /* "all my shopping stuff": the shopping ones */
        strip_suffix_list(p, (const char *const[]){"stuff|things|items|bits|ones|jobs", NULL});
    o->ref = CHAT_REF_ALL;
    return false; /* the words left narrow it */
}

/* Drops "the", "todo", "about" at the front and "one", "from my list" at
 * the end of a named reference. */
static void strip_ref_noise(nlu_t *p)
{
    static const char *const edge_lead[] = {"the|my|a|an|that|this", "todo|task|item|one|reminder",
                                            "about|for|called|named|re|regarding", NULL};
    static const char *const noise_trail[] = {"from|off|on|in|of my|the ?todo|task list",
                                              "from|off|on|in|of my|the todo",
                                              "from|off|on|in list",
                                              "one",
                                              "todo|task|item|reminder",
                                              "off|from",
                                              NULL};
    for (int round = 0; round < 3; round++) {
        size_t a = first_free(p), b = last_free(p);
        if (b - a > 1)
            take(p, a, edge_lead);
        a = first_free(p);
        for (size_t i = 0; noise_trail[i]; i++) {
            size_t words = 1;
            for (const char *c = noise_trail[i]; *c; c++)
                words += *c == ' ';
            for (size_t w = words; w >= 1; w--) {
                b = last_free(p);
                if (b >= a + w + 1 && pm(p, b - w, noise_trail[i]) == w) {
                    use(p, b - w, w);
                    break;
                }
                if (w == 1)
                    break;
            }
        }
    }
}

/* "bin the surf lesson, the waves are flat": a clause after a comma with a
 * verb of its own (chat_lex_clause_verbs) says why; it names nothing. */
static void drop_tail_clause(nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p);
    for (size_t vi = a + 1; vi + 1 < b; vi++) {
        size_t k = p->v[vi];
        if (p->used[k] || p->t[k - 1].kind != CHAT_TOK_PUNCT || p->t[k - 1].norm[0] != ',')
            continue;
        for (size_t w = vi; w < b; w++)
            if (vt(p, w)->kind == CHAT_TOK_WORD &&
                (chat_lex_has(chat_lex_clause_verbs, vt(p, w)->norm) ||
                 (w == vi && chat_lex_has(chat_lex_clause_subjects, vt(p, w)->norm)))) {
                use(p, vi, b - vi);
                return;
            }
    }
}

/* Reads the reference in the free tokens of [p->s, p->e): the first of
 * quoted text, a pronoun or "all" phrase, "the first two", a position, "all
 * the X ones"; else the words left, without noise, name it. */
static void take_ref(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p), b = last_free(p);
    if (a >= b) {
        o->ref = CHAT_REF_NONE;
        return;
    }
    if (ref_quoted(p, a, b) || ref_phrase(p, a, b) || ref_first_n(p, a, b) ||
        ref_position(p, a, b) || ref_all_of(p, a))
        return;
    if (o->ref != CHAT_REF_ALL)
        o->ref = CHAT_REF_TEXT;
    drop_tail_clause(p);
    strip_ref_noise(p);
    o->ref_text = rest_text(p);
    if (!o->ref_text && o->ref == CHAT_REF_TEXT)
        o->ref = CHAT_REF_NONE;
}

/* take_ref after dropping a date that qualifies the name ("ditch the gym
 * today"), unless the date is all there is. */
static void take_ref_dated(nlu_t *p)
{
    nlu_snap_t snap = nlu_snap(p);
    chat_nlu_t keep = *p->out;
    take_due(p);
    p->out->has_due = keep.has_due;
    p->out->due = keep.due;
    /* "the 3rd one" is a position, not the 3rd of the month */
    bool only_noise = true;
    for (size_t vi = p->s; vi < p->e && only_noise; vi++)
        only_noise = p->used[p->v[vi]] || pm(p, vi, "one|todo|task|item|the|a");
    if (only_noise)
        nlu_restore_marks(p, &snap);
    take_ref(p);
}

/* ---- intents ---- */

/* Whole-message intents: a message made only of the words of a set, with
 * one of its strong words ("yes please", "no thanks"), or equal to one of
 * its phrases, in this order. */
static const struct {
    chat_intent_t intent;
    const char *const *phrases; /* whole messages, or NULL */
    const char *const *words, *const *strong;
} whole_sets[] = {
    {CHAT_UNDO, chat_lex_undo_phrases, chat_lex_undo_words, chat_lex_undo_strong},
    {CHAT_CONFIRM, chat_lex_confirm_phrases, chat_lex_confirm_words, chat_lex_confirm_strong},
    {CHAT_CANCEL, NULL, chat_lex_cancel_words, chat_lex_cancel_strong},
    {CHAT_HELP, chat_lex_help_questions, chat_lex_help_words, chat_lex_help_strong},
    {CHAT_GREETING, chat_lex_greet_phrases, chat_lex_greet_words, chat_lex_greet_strong}};

/* "how do I ...", "how does this work": a short how-question asks for help. */
static bool how_question(const nlu_t *p)
{
    return pm(p, first_free(p), "how do|does|can|should|would") && count_free(p) <= 8 &&
           !pm(p, first_free(p), "how many|much");
}

static bool whole_message(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    char ph[256];
    phrase(p, ph, sizeof ph);
    if (!ph[0]) {
        /* only punctuation: "?" asks for help, the rest is unknown */
        for (size_t k = 0; k < p->n; k++)
            if (p->t[k].kind == CHAT_TOK_PUNCT && p->t[k].norm[0] == '?') {
                o->intent = CHAT_HELP;
                return true;
            }
        return false;
    }
    size_t a = first_free(p), nf = count_free(p);
    if (pm_any(p, a, chat_lex_small_talk) == nf) {
        o->intent = CHAT_UNKNOWN; /* small talk: nothing to do with the list */
        return true;
    }
    if (pm_any(p, a, chat_lex_help_phrases) == nf) {
        o->intent = CHAT_HELP;
        return true;
    }
    for (size_t i = 0; i < sizeof whole_sets / sizeof *whole_sets; i++)
        if ((whole_sets[i].phrases && in_list(ph, whole_sets[i].phrases)) ||
            all_in(p, whole_sets[i].words, whole_sets[i].strong) ||
            (whole_sets[i].intent == CHAT_HELP && how_question(p))) {
            o->intent = whole_sets[i].intent;
            return true;
        }
    return false;
}

static bool rule_clear(nlu_t *p)
{
    static const char *const verbs[] = {
        "clear", "remove", "delete", "purge", "archive", "erase", "wipe", "hide", "drop", "trash",
        "nuke",  "clean",  "tidy",   "get",   "bin",     "ditch", "toss", "dump", NULL};
    static const char *const rest[] = {
        "all",        "the",        "my",        "completed", "done",  "finished", "checked",
        "ticked",     "one",        "todo",      "task",      "item",  "off",      "out",
        "list",       "from",       "stuff",     "crossed",   "that",  "thats",    "is",
        "are",        "already",    "which",     "i",         "have",  "up",       "rid",
        "of",         "those",      "completes", "complete",  "old",   "away",     "every",
        "everything", "dones",      "away",      "them",      "these", "ive",      "did",
        "marked",     "as",         "and",       "any",       "ones",  "were",     "been",
        "things",     "compeleted", "finshed",   "closed",    NULL};
    static const char *const done_words[] = {"completed", "done",    "finished", "checked",
                                             "ticked",    "crossed", "complete", "completes",
                                             "dones",     "closed",  "marked",   NULL};
    size_t a = first_free(p);
    const chat_tok_t *t = vt(p, a);
    if (!t)
        return false;
    bool verb = false;
    for (size_t i = 0; verbs[i] && !verb; i++)
        verb = chat_pat_word(t, verbs[i]);
    if (!verb || (chat_pat_word(t, "get") && pm(p, a + 1, "rid of") != 2))
        return false; /* "get everything done" is not a clear-out */
    bool done = false, cleanup = chat_pat_word(t, "clean") || chat_pat_word(t, "tidy");
    for (size_t vi = a + 1; vi < p->e; vi++) {
        const chat_tok_t *w = vt(p, vi);
        if (p->used[p->v[vi]])
            continue;
        bool ok = false;
        for (size_t i = 0; rest[i] && !ok; i++)
            ok = chat_pat_word(w, rest[i]);
        if (!ok)
            return false;
        for (size_t i = 0; done_words[i] && !done; i++)
            done = chat_pat_word(w, done_words[i]);
    }
    if (!done && !(cleanup && pm(p, a + 1, "up|out")))
        return false;
    use(p, a, p->e - a);
    p->out->intent = CHAT_CLEAR;
    return true;
}

static void finish_title(nlu_t *p);

static void finish_add(nlu_t *p)
{
    take_tags(p);
    take_priority(p);
    take_recurrence(p);
    take_due(p);
    finish_recurrence(p);
    take_list_suffix(p);
    const chat_tok_t *t = vt(p, first_free(p));
    if (!t || t->kind != CHAT_TOK_NUM) /* "add 2 bags of compost": a quantity, not "to" */
        take(p, first_free(p), chat_lex_add_leads);
    finish_title(p);
}

/* The title from what is left: quoted text literally, else the free words. */
static void finish_title(nlu_t *p)
{
    /* quoted text is the title, literally */
    for (size_t vi = p->s; vi < p->e; vi++)
        if (vt(p, vi)->kind == CHAT_TOK_QUOTED && !p->used[p->v[vi]]) {
            p->out->title = text_between(p, vi, vi + 1);
            p->out->intent = CHAT_ADD;
            return;
        }
    p->out->title = rest_text(p);
    p->out->intent = CHAT_ADD;
}

/* "put X in", "pop X in for dec 18th", "stick X down for friday": the
 * particle at vi ends the message or comes right before its date. */
static bool placed_in(const nlu_t *p, size_t vi)
{
    if (!pm(p, vi, "in|down"))
        return false;
    if (vi + 1 == last_free(p))
        return true;
    size_t at = vi + 1 + pm(p, vi + 1, "for");
    chat_date_t d;
    return at < p->e && chat_date_match(p->t, p->n, p->v[at], p->used, p->ctx, &d) > 0;
}

static bool rule_add(nlu_t *p)
{
    size_t a = first_free(p);
    if (take(p, a, chat_lex_add_commands)) {
        finish_add(p);
        return true;
    }
    /* "put|pop|stick|throw X on the list": placing verbs add only with a
       list to place on ("throw out the old paint" is a task of its own) */
    size_t k = pm(p, a, "put|stick|pop|throw|chuck|slap|bung");
    for (size_t vi = a + 1; k && vi < last_free(p); vi++) {
        if (pm(p, vi, "list|todo|todos|reminders|agenda") ||
            (pm(p, vi, "on|in") && pm(p, vi + 1, "there|here"))) {
            use(p, a, k);
            finish_add(p);
            return true;
        }
        if (vi > a + 1 && placed_in(p, vi)) {
            use(p, vi, 1); /* "pop X in for friday": "in" goes with the verb */
            use(p, a, k);
            finish_add(p);
            return true;
        }
    }
    return false;
}

static bool rule_bare_add(nlu_t *p)
{
    size_t a = first_free(p);
    while (vt(p, a) && vt(p, a)->kind == CHAT_TOK_TAG && a + 1 < last_free(p))
        a++; /* "#uni read chapter 7": the tag is taken with the title */
    const chat_tok_t *t = vt(p, a);
    if (!t)
        return false;
    /* a question is not a todo: "who won the game last night" */
    if (pm(p, a,
           "who|what|whats|when|where|why|how|is|are|do|does|did|can|could|would|will|was|were|"
           "which|whose"))
        return false;
    bool verb = false;
    for (size_t i = 0; chat_lex_task_verbs[i] && !verb; i++)
        verb = t->kind == CHAT_TOK_WORD && strcmp(t->norm, chat_lex_task_verbs[i]) == 0;
    bool quoted = t->kind == CHAT_TOK_QUOTED && count_free(p) == 1;
    if (verb && pm(p, a, "tell|show|ask|give|get|do|make|see|go|take|let me|us"))
        verb = false;
    if (verb && vt(p, a + 1) && pm(p, a + 1, "me|us") && !pm(p, a, "remind"))
        verb = false; /* "order me a pizza", "call me": asks the bot to act */
    if (verb && p->asked_bot)
        verb = false; /* "can you call my mom": the bot cannot; not a todo either */
    if (!verb && !quoted) {
        /* a phrase with a date or priority is a todo: "dentist friday 3pm" */
        nlu_t probe;
        chat_nlu_t tmp;
        nlu_probe(p, &probe, &tmp);
        take_recurrence(&probe);
        take_due(&probe);
        take_priority(&probe);
        size_t left = count_free(&probe);
        if (!(tmp.has_due || tmp.priority || tmp.recurrence) || left == 0 || left > 12 ||
            tmp.due.past)
            return false;
        if (pm(p, a, "i|im|ive|we|you|he|she|they|it|its|this|that|thats|there|theres"))
            return false;
        /* a question about dates is not a todo */
        for (size_t k = 0; k < p->n; k++)
            if (p->t[k].kind == CHAT_TOK_PUNCT && p->t[k].norm[0] == '?')
                return false;
    }
    finish_add(p);
    return true;
}

/* Removes trailing completion words ("as done", "off", "complete") and the
 * fillers around them. Returns true when a completion word was removed.
 * keep_one: leave at least one token (the todo's name). */
static bool strip_done_suffix(nlu_t *p, bool keep_one)
{
    static const char *const done_suf[] = {
        "as|is|are ?now ?already done|complete|completed|finished|dun|ready|sorted|handled",
        "?has|have ?as|is|are|was|were|been paid|bought|called|sent|booked|fixed|cleaned|"
        "submitted|returned|renewed|emailed|"
        "ordered|posted|signed|collected|handled|sorted|washed|watered|mailed|texted",
        "done|complete|completed|finished|dun|sorted",
        "done|complete|completed|finished|sorted it|that|this",
        "off ?my|the ?todo list",
        "off",
        "has|have been done|completed|finished|sorted",
        "is taken care of",
        "taken care of",
        NULL};
    static const char *const filler_suf[] = {"now",     "already", "today",  "too",
                                             "finally", "at last", "yay",    "woohoo",
                                             "lol",     "thanks",  "please", NULL};
    bool any = false;
    for (int round = 0; round < 5; round++) {
        bool hit = false;
        for (int list = 0; list < 2 && !hit; list++) {
            const char *const *suf = list == 0 ? done_suf : filler_suf;
            for (size_t i = 0; suf[i] && !hit; i++) {
                for (size_t w = 5; w >= 1; w--) {
                    size_t b = last_free(p), a = first_free(p);
                    if (b >= a + w + (keep_one ? 1 : 0) && pm(p, b - w, suf[i]) == w) {
                        use(p, b - w, w);
                        hit = true;
                        if (list == 0)
                            any = true;
                        break;
                    }
                }
            }
        }
        if (!hit)
            break;
    }
    return any;
}

static bool strip_suffix_list(nlu_t *p, const char *const *pats)
{
    size_t b = last_free(p), a = first_free(p);
    for (size_t i = 0; pats[i]; i++)
        for (size_t w = 7; w >= 1; w--)
            if (b >= a + w + 1 && pm(p, b - w, pats[i]) == w) {
                use(p, b - w, w);
                return true;
            }
    return false;
}

/* suffixes that alone make a reopen ("X isn't done") */
static const char *const reopen_strong[] = {
    "is|isnt|was|wasnt|arent ?actually|really not done|finished|complete|completed ?yet",
    "isnt|wasnt|arent ?actually|really done|finished|complete|completed ?yet",
    "isnt|wasnt|arent ?actually|really done|finished|complete|completed after all",
    "is|isnt|was|wasnt ?actually not done|finished|complete|completed after all",
    "still needs doing|work",
    "still needs to be done",
    "needs redoing",
    "not done after all",
    NULL};

static size_t clause_cmd_at(const nlu_t *p, size_t vi, size_t b, chat_intent_t *intent);

/* True when a closing command about "it" ends the message (rule_clause_cmd
 * reads those: the first clause names the todo). */
static bool has_clause_cmd(const nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p);
    chat_intent_t intent;
    for (size_t vi = a + 2; vi + 1 < b; vi++)
        if (clause_cmd_at(p, vi, b, &intent))
            return true;
    return false;
}

static bool rule_reopen(nlu_t *p)
{
    if (has_clause_cmd(p))
        return false;
    drop_tail_clause(p);
    static const char *const verbs[] = {
        "reopen|re-open|unmark|uncheck|untick|uncomplete|unfinish|unarchive|unclose",
        "bring|put back", NULL};
    static const char *const neg[] = {
        "i|we didnt|havent|hadnt ?actually|even|really|yet "
        "?finish|finished|do|done|complete|completed",
        "i|we did|have not ?actually|even|really|yet finish|finished|do|done|complete|completed",
        NULL};
    static const char *const mark[] = {"mark|set|flag|put|make|move|change", NULL};
    static const char *const notyet[] = {"not|isnt|still ?not|isnt done|finished|complete ?yet",
                                         NULL};
    const char *const *strong = reopen_strong;
    /* suffixes that need "mark"/"put" first */
    static const char *const weak[] = {
        "as|to not done|complete|completed|finished ?yet",
        "as|to incomplete|undone|unfinished|open|pending|active|todo|outstanding|uncompleted",
        "as|to undone|incomplete|open again",
        "undone|incomplete|unfinished|uncompleted|uncomplete|unticked|unchecked",
        "not done|finished|complete|completed ?yet",
        "back to open|todo|pending|active",
        "back on ?my|the|to ?todo list",
        "back",
        "again",
        "open again",
        NULL};
    static const char *const tail[] = {"again",          "yet",
                                       "after all",      "actually",
                                       "please",         "put|bring it|that back ?on ?the|my ?list",
                                       "reopen it|that", NULL};
    size_t a = first_free(p);
    if (take(p, a, verbs)) {
        strip_suffix_list(p, weak);
        strip_suffix_list(p, tail);
        p->out->intent = CHAT_REOPEN;
        take_ref(p);
        return true;
    }
    if (take(p, a, neg) || (count_free(p) > 2 && take(p, a, notyet))) {
        strip_suffix_list(p, tail);
        p->out->intent = CHAT_REOPEN;
        take_ref(p);
        return true;
    }
    if (pm(p, a, mark[0])) {
        nlu_snap_t snap = nlu_snap(p);
        use(p, a, 1);
        if (strip_suffix_list(p, weak) || strip_suffix_list(p, strong)) {
            strip_suffix_list(p, tail);
            p->out->intent = CHAT_REOPEN;
            take_ref(p);
            return true;
        }
        nlu_restore_marks(p, &snap);
    }
    strip_suffix_list(p, tail);
    if (strip_suffix_list(p, strong)) {
        strip_suffix_list(p, tail);
        p->out->intent = CHAT_REOPEN;
        take_ref(p);
        return true;
    }
    return false;
}

static bool rule_complete(nlu_t *p)
{
    drop_tail_clause(p);
    size_t a = first_free(p);
    bool question = false;
    for (size_t t = 0; t < p->n; t++)
        question = question || (p->t[t].kind == CHAT_TOK_PUNCT && p->t[t].norm[0] == '?');
    if (question && pm(p, a, "is|are|did|has|have|was|were"))
        return false;
    /* "got the milk done", "i got X done" */
    {
        size_t g = pm(p, a, "?i|we ?just|finally|already got|get");
        if (g) {
            nlu_snap_t snap = nlu_snap(p);
            use(p, a, g);
            if (strip_done_suffix(p, true) && count_free(p) > 0) {
                p->out->intent = CHAT_COMPLETE;
                take_ref(p);
                return true;
            }
            nlu_restore_marks(p, &snap);
        }
    }
    /* "finish the report by friday" is a new todo, not a completion */
    if (pm(p, a, "finish|complete")) {
        nlu_t probe;
        chat_nlu_t tmp;
        nlu_probe(p, &probe, &tmp);
        take_due(&probe);
        if (tmp.has_due && !tmp.due.past)
            return false;
    }
    size_t k = pm_any(p, a, chat_lex_complete_openers);
    if (!k)
        k = pm_any(p, a, chat_lex_complete_commands);
    if (k) {
        use(p, a, k);
        strip_done_suffix(p, false);
        take_ref_dated(p);
        p->out->intent = CHAT_COMPLETE;
        return true;
    }
    /* "X is done", "X done", "milk: done" */
    if (pm(p, a, "add|remind|put|new|create|todo|task|remember|schedule|need"))
        return false; /* "add get passport photos done" is a new todo */
    size_t b = last_free(p);
    if (b >= a + 3 && pm(p, b - 2, "is|s|are|was|were off") == 2)
        return false; /* "the dinner is off": cancelled, not done; ask nothing of it */
    if (strip_done_suffix(p, true)) {
        if (count_free(p) == 0)
            return false;
        /* "paid the DEWA bill ✅": the past verb names the doing, not the todo */
        const chat_tok_t *v = vt(p, first_free(p));
        if (count_free(p) > 1 && v->kind == CHAT_TOK_WORD &&
            chat_lex_has(chat_lex_past_verbs, v->norm))
            drop_past_verb(p, first_free(p));
        p->out->intent = CHAT_COMPLETE;
        take_ref_dated(p);
        return true;
    }
    return false;
}

/* "I cancelled the dentist so remove it", "tax return isn't done, reopen
 * it": a closing command about "it" acts on what the first clause named. */
static const struct {
    const char *pat;
    chat_intent_t intent;
} clause_cmds[] = {
    {"delete|remove|drop|scrap|erase|bin|trash|ditch it|that|this ?please|pls|too", CHAT_DELETE},
    {"get rid of it|that|this ?please|pls|too", CHAT_DELETE},
    {"reopen|unmark|uncheck|untick it|that|this ?again|please|pls", CHAT_REOPEN},
    {"mark|set|put it|that|this ?as|back ?to not|un done|complete|completed|finished", CHAT_REOPEN},
    {"mark|set|put it|that|this ?as|back ?to undone|incomplete|open|unfinished|todo", CHAT_REOPEN},
    {"mark|tick|check|cross it|that|this ?one ?off|as ?done|complete|completed ?please|pls",
     CHAT_COMPLETE},
    {"close|complete it|that|this ?please|pls", CHAT_COMPLETE},
    {NULL, CHAT_UNKNOWN}};

/* Where a closing clause starts: after a comma, or after "so"/"and"/... */
static size_t clause_cmd_at(const nlu_t *p, size_t vi, size_t b, chat_intent_t *intent)
{
    size_t lead = pm_any(p, vi, chat_lex_clause_leads);
    bool comma = p->v[vi] > 0 && p->t[p->v[vi] - 1].kind == CHAT_TOK_PUNCT &&
                 p->t[p->v[vi] - 1].norm[0] == ',';
    if (!lead && !comma)
        return 0;
    for (size_t i = 0; clause_cmds[i].pat; i++) {
        size_t k = pm(p, vi + lead, clause_cmds[i].pat);
        if (k && vi + lead + k == b) {
            *intent = clause_cmds[i].intent;
            return lead + k;
        }
    }
    return 0;
}

/* Where a closing "make it ..." clause starts at vi (after a comma or
 * "so"/"and"): the length of its lead words, or 0. */
static size_t clause_change_at(const nlu_t *p, size_t vi)
{
    bool comma = p->v[vi] > 0 && p->t[p->v[vi] - 1].kind == CHAT_TOK_PUNCT &&
                 p->t[p->v[vi] - 1].norm[0] == ',';
    size_t lead = pm(p, vi, "so|and|then|pls|please ?please|just");
    if (!comma && !lead)
        return 0;
    size_t k = pm(p, vi + lead,
                  "make|set|change|move|put|bump|mark it|that|this ?to|as|at|for|on|up|down");
    return k >= 2 ? lead + k : 0;
}

/* "the gas bill isn't urgent, make it low priority", "dentist got moved,
 * set it to friday at 3": a closing clause that changes "it" (a priority,
 * a date or a tag and nothing else) changes what the first clause named;
 * a description of its state ("isn't urgent", "is moved") is dropped. */
/* "the dentist is now on the 9th at 11:15, can you update it": a first
 * clause that says the new date (or priority, or tag) and a closing request
 * to apply it (chat_lex_clause_apply). */
static bool rule_clause_restate(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p), b = last_free(p);
    for (size_t vi = a + 2; vi < b; vi++) {
        bool comma = p->t[p->v[vi] - 1].kind == CHAT_TOK_PUNCT && p->t[p->v[vi] - 1].norm[0] == ',';
        size_t lead = pm_any(p, vi, chat_lex_clause_leads);
        size_t k = comma || lead ? pm_any(p, vi + lead, chat_lex_clause_apply) : 0;
        if (!k || vi + lead + k != b)
            continue;
        use(p, vi, b - vi);
        size_t e = p->e;
        p->e = vi;
        take_priority(p);
        take_due(p);
        take_tags(p);
        p->e = e;
        if (!o->has_due && !o->priority && !o->n_tags)
            return false;
        size_t w = a + 1;
        while (w < vi && (p->used[p->v[w]] || !pm_any(p, w, chat_lex_restate_verbs)))
            w++;
        use(p, w, vi - w);
        o->intent = CHAT_UPDATE;
        ref_in_range(p, a, w);
        return o->ref != CHAT_REF_NONE;
    }
    return false;
}

static bool rule_clause_update(nlu_t *p)
{
    if (rule_clause_restate(p))
        return true;
    chat_nlu_t *o = p->out;
    size_t a = first_free(p), b = last_free(p);
    for (size_t vi = a + 1; vi + 1 < b; vi++) {
        size_t k = clause_change_at(p, vi);
        if (!k)
            continue;
        size_t s = p->s;
        p->s = vi + k;
        take_priority(p);
        take_due(p);
        take_tags(p);
        bool only = o->priority || o->has_due || o->n_tags;
        for (size_t w = p->s; w < p->e && only; w++)
            only = p->used[p->v[w]] || pm(p, w, "priority|prio|a|the|please|instead|too|also");
        p->s = s;
        if (!only)
            return false;
        use(p, vi, p->e - vi);
        for (size_t w = a + 1; w < vi; w++)
            if (pm(p, w, "is|isnt|are|arent|was|wasnt|got|has|had|needs|should|shouldnt|cant")) {
                use(p, w, vi - w);
                break;
            }
        o->intent = CHAT_UPDATE;
        ref_in_range(p, a, vi);
        return o->ref != CHAT_REF_NONE;
    }
    return false;
}

static bool rule_clause_cmd(nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p);
    chat_intent_t intent = CHAT_UNKNOWN;
    for (size_t vi = a + 2; vi + 1 < b; vi++) {
        size_t k = clause_cmd_at(p, vi, b, &intent);
        if (!k)
            continue;
        use(p, vi, k);
        take(p, a, chat_lex_clause_openers);
        if (intent == CHAT_DELETE) /* "the first one's off, delete it" */
            strip_suffix_list(p, chat_lex_gone_states);
        a = first_free(p);
        if (intent == CHAT_REOPEN) {
            strip_suffix_list(p, reopen_strong);
        } else if (intent == CHAT_COMPLETE) {
            strip_done_suffix(p, true);
        }
        if (past_word(vt(p, first_free(p))) && count_free(p) > 1)
            drop_past_verb(p, first_free(p)); /* the past-tense verb of the first clause */
        strip_suffix_list(p, (const char *const[]){"yet", "after all", "either", NULL});
        p->out->intent = intent;
        take_ref(p);
        return p->out->ref != CHAT_REF_NONE;
    }
    return false;
}

/* The words from view index a on name a todo explicitly enough for a
 * delete verb that is also a noun or a task ("bin", "clear"): quotes, a
 * pronoun or "all", a position, a todo word at the end ("the gym one", "the
 * dentist reminder", "my whole list"), a title that opens with its own task
 * verb ("drop call the bank"), or, unless strict, a determiner ("scrap the
 * gym", "cancel my haircut"). "bin bags", "lose weight", "take out the
 * trash" and "clear the gutters" name nothing: they are tasks. */
static bool names_todo(const nlu_t *p, size_t a, bool strict)
{
    size_t b = last_free(p);
    const chat_tok_t *t = vt(p, a);
    if (!t || a >= b)
        return false;
    if (t->kind == CHAT_TOK_QUOTED || t->kind == CHAT_TOK_TAG)
        return true;
    if (pm(p, a, "it|that|this|them|these|those|all|every|everything|both"))
        return true;
    size_t d = a + (pm(p, a, "the") ? 1 : 0);
    if (position_word(vt(p, d)) && (d > a || vt(p, d)->kind == CHAT_TOK_NUM))
        return true;
    for (size_t vi = a + 1; vi < b; vi++)
        if (pm(p, vi, chat_lex_ref_marker) &&
            (vi + 1 == b || pm(p, vi + 1, "on|from|off|in ?my|the list")))
            return true;
    if (t->kind == CHAT_TOK_WORD && chat_lex_has(chat_lex_task_verbs, t->norm) &&
        !pm(p, a, "take|get|go|do|make|clear|drop|throw|top|back|list|run"))
        return true;
    return !strict && pm(p, a, chat_lex_ref_determiner) > 0;
}

/* A delete verb at a: strong ones always, noun-like and task-like ones only
 * before words that name a todo (names_todo). */
static size_t take_delete_verb(nlu_t *p, size_t a)
{
    size_t k = pm_any(p, a, chat_lex_delete_strong);
    if (!k && (k = pm_any(p, a, chat_lex_delete_nounlike)) && !names_todo(p, a + k, false))
        k = 0;
    if (!k && (k = pm_any(p, a, chat_lex_delete_tasklike)) && !names_todo(p, a + k, true))
        k = 0;
    use(p, a, k);
    return k;
}

/* "take milk off my list", "get the dentist off the list" */
static size_t take_off_list(nlu_t *p, size_t a)
{
    static const char *const off[] = {"off|from ?of my|the ?todo list", "out of ?my|the ?todo list",
                                      NULL};
    if (!pm(p, a, "take|get|knock|remove"))
        return 0;
    for (size_t i = 0; off[i]; i++)
        for (size_t w = 5; w >= 2; w--) {
            size_t b = last_free(p);
            if (b >= a + w + 2 && pm(p, b - w, off[i]) == w) {
                use(p, b - w, w);
                use(p, a, 1);
                return 1;
            }
        }
    return 0;
}

/* "X can go", "X is no longer needed": a statement that a named todo goes. */
static size_t take_gone_suffix(nlu_t *p, size_t a)
{
    size_t b = last_free(p);
    for (size_t i = 0; chat_lex_delete_gone[i]; i++)
        for (size_t w = 5; w >= 2; w--)
            if (b >= a + w + 1 && pm(p, b - w, chat_lex_delete_gone[i]) == w) {
                use(p, b - w, w);
                return w;
            }
    return 0;
}

/* Drops trailing words of a delete ("from my list", "for good"). */
static void strip_delete_suffix(nlu_t *p)
{
    for (int r = 0; r < 3; r++)
        for (size_t i = 0; chat_lex_delete_suffix[i]; i++)
            for (size_t w = 4; w >= 1; w--) {
                size_t b = last_free(p);
                if (b >= first_free(p) + w + 1 && pm(p, b - w, chat_lex_delete_suffix[i]) == w) {
                    use(p, b - w, w);
                    break;
                }
            }
}

/* Deleting needs a delete verb used as a verb (take_delete_verb), a list
 * the todo comes off, or a statement that it can go; the rest names it. */
static bool rule_delete(nlu_t *p)
{
    size_t a = first_free(p);
    size_t k = take_delete_verb(p, a);
    if (!k && !p->said_done && count_free(p) == 2 && pm(p, a, "scratch|strike that|this|it") == 2)
        k = take(p, a, (const char *const[]){"scratch|strike", NULL}); /* retracts the last */
    if (!k)
        k = take_off_list(p, a);
    if (!k && pm(p, a, "take|knock") && last_free(p) >= a + 3 && pm(p, last_free(p) - 1, "off") &&
        names_todo(p, a + 1, false)) {
        use(p, a, 1);
        use(p, last_free(p) - 1, 1);
        k = 1;
    }
    if (!k)
        k = take_gone_suffix(p, a);
    if (!k)
        return false;
    strip_delete_suffix(p);
    p->out->intent = CHAT_DELETE;
    take_ref_dated(p);
    if (p->out->ref == CHAT_REF_NONE)
        p->out->ref = CHAT_REF_RECENT;
    return true;
}

/* "called mom", "paid the electricity bill", "I've booked the flights":
 * a past-tense task verb first; the rest names the todo. */
static bool rule_past(nlu_t *p)
{
    size_t a = first_free(p);
    /* passive: "the eggs are bought", "the plumber has been called" */
    {
        size_t b = last_free(p);
        const chat_tok_t *lt = b > a ? vt(p, b - 1) : NULL;
        if (lt && lt->kind == CHAT_TOK_WORD && in_list(lt->norm, chat_lex_past_verbs) &&
            b >= a + 3 && pm(p, b - 2, "is|are|was|were|been|got")) {
            size_t w = b >= a + 4 && pm(p, b - 3, "has|have been") == 2 ? 3 : 2;
            use(p, b - w, w);
            p->out->intent = CHAT_COMPLETE;
            take_ref(p);
            return p->out->ref != CHAT_REF_NONE;
        }
    }
    size_t lead = pm(p, a, "?i|we|ive ?have|just|finally|already|also ?just|finally|already");
    size_t vi = a + lead;
    const chat_tok_t *t = vt(p, vi);
    if (!t || t->kind != CHAT_TOK_WORD || !in_list(t->norm, chat_lex_past_verbs) ||
        vi + 1 >= last_free(p))
        return false;
    if (pm(p, vi, "got|had") && pm(p, vi + 1, "to"))
        return false; /* "I've got to collect ..." is a new todo */
    if (p->out->has_due)
        return false;
    for (size_t k = 0; k < p->n; k++)
        if (p->t[k].kind == CHAT_TOK_PUNCT && p->t[k].norm[0] == '?')
            return false;
    use(p, a, lead);
    drop_past_verb(p, vi);
    strip_done_suffix(p, true);
    p->out->intent = CHAT_COMPLETE;
    take_ref(p);
    return p->out->ref != CHAT_REF_NONE;
}

/* "X to Y": splits the free tokens at the first "to"/"as"/"into"/"with". */
static size_t split_at(nlu_t *p, const char *seps)
{
    for (size_t vi = first_free(p) + 1; vi < last_free(p); vi++)
        if (!p->used[p->v[vi]] && pm(p, vi, seps))
            return vi;
    return 0;
}

static void ref_in_range(nlu_t *p, size_t a, size_t b)
{
    size_t s = p->s, e = p->e;
    p->s = a;
    p->e = b;
    take_ref(p);
    p->s = s;
    p->e = e;
}

/* "add a note to the dentist one: bring the referral", "note on X: ..." */
static bool rule_note(nlu_t *p)
{
    size_t a = first_free(p);
    size_t k = pm(p, a, "add|put|attach|write|leave ?a note|notes|comment to|on|for");
    if (!k)
        k = pm(p, a, "note|notes|comment on|for");
    if (!k || !pm(p, a + k - 1, "to|on|for"))
        return false;
    /* the note starts after a colon, or after "saying"/"that says" */
    size_t cut = 0;
    for (size_t vi = a + k + 1; vi < last_free(p) && !cut; vi++) {
        size_t raw = p->v[vi];
        if ((raw > 0 && p->t[raw - 1].kind == CHAT_TOK_PUNCT && p->t[raw - 1].norm[0] == ':') ||
            pm(p, vi, "saying|that says"))
            cut = vi;
    }
    if (!cut)
        return false;
    size_t say = pm(p, cut, "saying|that says");
    p->out->note = text_between(p, cut + say, last_free(p));
    use(p, a, k);
    use(p, cut, p->e - cut);
    ref_in_range(p, p->s, cut);
    p->out->intent = CHAT_UPDATE;
    return p->out->note && p->out->ref != CHAT_REF_NONE;
}

/* "call it 'buy red wine'", "name that X", "tag it xmas": a follow-up about
 * the todo just touched. */
static bool rule_update_it(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    size_t k = pm(p, a, "call|name|title it|that|this ?to|as");
    if (k >= 2 && last_free(p) > a + k && !pm(p, a + k, "a day|quits|done|off")) {
        use(p, a, k);
        o->title = rest_text(p);
        o->intent = CHAT_UPDATE;
        o->ref = CHAT_REF_RECENT;
        return o->title != NULL;
    }
    k = pm(p, a, "tag|label it|that|this|them ?as|with");
    const chat_tok_t *t = k >= 2 ? vt(p, a + k) : NULL;
    if (t && a + k + 1 == last_free(p) && (t->kind == CHAT_TOK_WORD || t->kind == CHAT_TOK_TAG)) {
        o->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
        o->tags[0] = mstrndup(p->mem, t->norm, strlen(t->norm));
        o->n_tags = 1;
        use(p, a, k + 1);
        o->intent = CHAT_UPDATE;
        o->ref = CHAT_REF_RECENT;
        return true;
    }
    return false;
}

/* rule_update's readers, tried in order: each returns UPD_NEXT when the
 * message is not its kind, else whether the update reads (UPD_YES) or the
 * message is no update at all (UPD_NO). */
enum { UPD_NO = 0, UPD_YES = 1, UPD_NEXT = -1 };

/* "add the tag #home to fix shelf", "add #work to the report" */
static int upd_add_tag(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    /* "add the tag #home to fix shelf", "add #work to the report" */
    {
        size_t k = pm(p, a, "add|put|attach|apply ?the|a ?tag|tags|label");
        const chat_tok_t *t = k ? vt(p, a + k) : NULL;
        size_t kt = t ? pm(p, a + k + 1, "tag|label") : 0; /* "add the errands tag to X" */
        if (t && (t->kind == CHAT_TOK_TAG || (k + kt >= 2 && t->kind == CHAT_TOK_WORD)) &&
            pm(p, a + k + 1 + kt, "to|on|onto")) {
            o->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
            o->tags[0] = mstrndup(p->mem, t->norm, strlen(t->norm));
            o->n_tags = 1;
            use(p, a, k + kt + 2);
            o->intent = CHAT_UPDATE;
            take_ref(p);
            return (o->ref != CHAT_REF_NONE) ? UPD_YES : UPD_NO;
        }
    }
    return UPD_NEXT;
}

/* "take the work tag off the gym one", "remove #urgent from X": one tag
 * comes off a todo; never a delete of the todo. */
static int upd_untag(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    size_t k = pm(p, a, "take|remove|drop|delete|strip|clear|untag ?the|a|its|that");
    const chat_tok_t *t = k ? vt(p, a + k) : NULL;
    if (!t || (t->kind != CHAT_TOK_TAG && t->kind != CHAT_TOK_WORD))
        return UPD_NEXT;
    size_t kt = pm(p, a + k + 1, "tag|label");
    if ((!kt && t->kind != CHAT_TOK_TAG) || !pm(p, a + k + 1 + kt, "off|from"))
        return UPD_NEXT;
    o->untag = mstrndup(p->mem, t->norm, strlen(t->norm));
    use(p, a, k + kt + 2);
    o->intent = CHAT_UPDATE;
    take_ref(p);
    return o->ref != CHAT_REF_NONE ? UPD_YES : UPD_NO;
}

/* "rename X to Y", "change the title of X to Y" */
static int upd_rename(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    /* rename */
    size_t k = pm(p, a, "rename|retitle|reword|rephrase");
    if (!k)
        k = pm(p, a,
               "change|edit|update|modify|correct|fix|set the ?title|name|text|wording ?of|for|on");
    if (k && (pm(p, a, "rename|retitle|reword|rephrase") ||
              pm(p, a + 1, "the title|name|text|wording"))) {
        use(p, a, k);
        size_t cut = split_at(p, "to|as|into|:");
        if (!cut) { /* "rename it": ask for the new name */
            o->intent = CHAT_UPDATE;
            take_ref(p);
            if (o->ref == CHAT_REF_NONE)
                o->ref = CHAT_REF_RECENT;
            return UPD_YES;
        }
        size_t e = p->e;
        o->title = text_between(p, cut + 1, last_free(p));
        use(p, cut, e - cut);
        ref_in_range(p, p->s, cut);
        o->intent = CHAT_UPDATE;
        return (o->title != NULL) ? UPD_YES : UPD_NO;
    }
    return UPD_NEXT;
}

/* "the team drinks should be called 'xmas drinks'", "X is now named Y": a
 * name said of a todo; the words before the verb (chat_lex_rename_links)
 * name it. */
static int upd_called(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p), cut = split_at(p, "called|named|renamed|retitled|titled");
    if (!cut || cut + 1 >= last_free(p) || pm(p, a, "add|remind|new|create|todo|task|i|we|call"))
        return UPD_NEXT;
    size_t l = 0;
    for (size_t i = 0; chat_lex_rename_links[i] && !l; i++)
        for (size_t w = 3; w >= 1 && !l; w--)
            if (cut >= a + w + 1 && pm(p, cut - w, chat_lex_rename_links[i]) == w)
                l = w;
    if (!l)
        return UPD_NEXT;
    size_t e = p->e;
    o->title = text_between(p, cut + 1, last_free(p));
    use(p, cut - l, e - (cut - l));
    ref_in_range(p, p->s, cut - l);
    o->intent = CHAT_UPDATE;
    return (o->title && o->ref != CHAT_REF_NONE) ? UPD_YES : UPD_NO;
}

static void strip_move_words(nlu_t *p);

/* "stop repeating X", "X shouldn't repeat anymore" (chat_lex_stop_repeat). */
static int upd_stop_repeat(nlu_t *p)
{
    size_t a = first_free(p);
    if (!take(p, a, chat_lex_stop_repeat) && !strip_suffix_list(p, chat_lex_stop_repeat_suffix))
        return UPD_NEXT;
    strip_suffix_list(p, chat_lex_stop_repeat_suffix);
    p->out->clear_recurrence = true;
    p->out->intent = CHAT_UPDATE;
    take_ref(p);
    if (p->out->ref == CHAT_REF_NONE)
        p->out->ref = CHAT_REF_RECENT;
    return UPD_YES;
}

/* "make X repeat every monday", "repeat X weekly", "X should recur daily":
 * a repeat phrase with a repeat verb; the rest names the todo. The due a
 * todo without one would get is kept in due with has_due false. */
static int upd_repeat(nlu_t *p)
{
    static const char *const verb = "repeat|recur|repeats|recurs|repeating|recurring";
    size_t a = first_free(p);
    bool has_verb = false;
    for (size_t vi = a; vi < last_free(p) && !has_verb; vi++)
        has_verb = pm(p, vi, verb) > 0;
    if (!has_verb || pm(p, a, "add|new|create|remind|todo|task"))
        return UPD_NEXT;
    nlu_snap_t snap = nlu_snap(p);
    take_recurrence(p);
    if (!p->out->recurrence) {
        nlu_restore(p, &snap);
        return UPD_NEXT;
    }
    take_due(p);
    bool said = p->out->has_due;
    finish_recurrence(p);
    p->out->has_due = said && p->out->recurrence;
    take(p, a, (const char *const[]){"make|set|have|let|change|turn", NULL});
    for (size_t vi = first_free(p); vi < last_free(p); vi++)
        if (pm(p, vi, verb)) {
            use(p, vi, 1);
            if (vi > first_free(p) && pm(p, vi - 1, "to|should|will|must|it"))
                use(p, vi - 1, 1);
        }
    strip_move_words(p);
    p->out->intent = CHAT_UPDATE;
    take_ref(p);
    if (p->out->ref == CHAT_REF_NONE)
        p->out->ref = CHAT_REF_RECENT;
    return UPD_YES;
}

/* "remind me 30 minutes before X", "remind me an hour before the dentist" */
static int upd_remind_before(nlu_t *p)
{
    size_t a = first_free(p), k = pm(p, a, "remind|ping|alert|notify|warn ?me|us");
    if (!k)
        return UPD_NEXT;
    const chat_tok_t *n = vt(p, a + k);
    int num = n && n->kind == CHAT_TOK_NUM ? (int)n->num : pm(p, a + k, "a|an|one") ? 1 : 0;
    size_t u = pm(p, a + k + 1, "minutes|minute|mins|min|hours|hour|hrs|hr|days|day");
    size_t b = u ? pm(p, a + k + 2, "before|ahead|prior") : 0;
    if (!num || !u || !b)
        return UPD_NEXT;
    const chat_tok_t *ut = vt(p, a + k + 1);
    int mult = ut->norm[0] == 'h' ? 60 : ut->norm[0] == 'd' ? 1440 : 1;
    use(p, a, k + 2 + b);
    take(p, first_free(p), (const char *const[]){"of|to|for", NULL});
    p->out->remind_before = num * mult;
    p->out->intent = CHAT_UPDATE;
    take_ref(p);
    if (p->out->ref == CHAT_REF_NONE)
        p->out->ref = CHAT_REF_RECENT;
    return UPD_YES;
}

/* "remind me about the dentist at 4", "ping me about X tomorrow at 9": a
 * reminder on a todo that exists (the engine adds X when none is named). */
static int upd_remind_about(nlu_t *p)
{
    size_t a = first_free(p), k = pm(p, a, "remind|ping|nudge|alert me|us about|of|re");
    if (!k)
        return UPD_NEXT;
    nlu_snap_t s = nlu_snap(p);
    use(p, a, k);
    take_due(p);
    chat_nlu_t *o = p->out;
    if (!o->has_due || o->due.past || count_free(p) == 0) {
        nlu_restore(p, &s);
        return UPD_NEXT;
    }
    o->remind_at = o->due.t;
    o->remind_title = rest_text(p);
    o->has_due = false;
    o->intent = CHAT_UPDATE;
    take_ref(p);
    if (o->ref != CHAT_REF_TEXT) {
        nlu_restore(p, &s);
        return UPD_NEXT;
    }
    return UPD_YES;
}

/* "prioritize X", "unflag X" */
static int upd_prioritize(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    /* priority changes */
    size_t pk = pm(p, a, "prioritize|prioritise|deprioritize|deprioritise|flag|star|unflag");
    if (pk) {
        const chat_tok_t *t = vt(p, a);
        o->priority = (chat_pat_word(t, "deprioritize") || chat_pat_word(t, "deprioritise") ||
                       chat_pat_word(t, "unflag"))
                          ? 1
                          : 3;
        use(p, a, pk);
        strip_done_suffix(p, true);
        o->intent = CHAT_UPDATE;
        take_ref(p);
        return UPD_YES;
    }
    return UPD_NEXT;
}

/* "lower the priority of the gym", "raise the priority on taxes" */
/* A priority level (chat_lex_priority_levels) at vi. */
static bool pm_level(const nlu_t *p, size_t vi)
{
    for (const chat_lex_level_t *l = chat_lex_priority_levels; l->pat; l++)
        if (pm(p, vi, l->pat))
            return true;
    return false;
}

static int upd_lower_priority(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    /* "lower the priority of the gym", "raise the priority on taxes" */
    {
        size_t kk = pm(p, a, "lower|reduce|decrease|drop|raise|increase|up ?the priority|prio");
        size_t b = last_free(p);
        bool level = b >= 2 && pm(p, b - 2, "to|as") && pm_level(p, b - 1);
        if (kk >= 2 && pm(p, a + kk - 1, "priority|prio") && !level) {
            o->priority = pm(p, a, "raise|increase|up") ? 3 : 1;
            use(p, a, kk);
            take(p, first_free(p), (const char *const[]){"of|on|for", NULL});
            o->intent = CHAT_UPDATE;
            take_ref(p);
            return (o->ref != CHAT_REF_NONE) ? UPD_YES : UPD_NO;
        }
    }
    return UPD_NEXT;
}

/* "set the priority of wrap presents to medium": a priority named after
 * the todo (chat_lex_priority_levels). */
static int upd_priority_of(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p), b = last_free(p);
    size_t kk = pm(p, a,
                   "set|change|make|put|update|switch|adjust|bump|raise|lower|drop|move ?the "
                   "priority|prio|urgency");
    if (kk < 2 || !pm(p, a + kk - 1, "priority|prio|urgency") || b < a + kk + 3)
        return UPD_NEXT;
    for (const chat_lex_level_t *l = chat_lex_priority_levels; l->pat; l++) {
        size_t w = pm(p, b - 1, l->pat) ? 1 : 0;
        if (!w || !pm(p, b - 2, "to|as|at"))
            continue;
        use(p, a, kk);
        take(p, first_free(p), (const char *const[]){"of|on|for", NULL});
        use(p, b - 2, 2);
        o->priority = l->priority;
        o->intent = CHAT_UPDATE;
        take_ref(p);
        return o->ref != CHAT_REF_NONE ? UPD_YES : UPD_NO;
    }
    return UPD_NEXT;
}

/* "remove the due date from X" */
static int upd_clear_due(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    /* clearing the due date */
    {
        size_t kk = pm(p, a, "remove|clear|delete|drop|unset|erase|scrap");
        if (!kk)
            kk = pm(p, a, "get rid of");
        if (!kk)
            kk = pm(p, a, "take ?off|away|out");
        size_t kd = kk ? pm(p, a + kk, "?the|its|a due|date|deadline ?date") : 0;
        if (kd && a + kk + kd < last_free(p)) {
            use(p, a, kk + kd);
            take(p, first_free(p), (const char *const[]){"from|of|on|for|off", NULL});
            o->clear_due = true;
            o->intent = CHAT_UPDATE;
            take_ref(p);
            return UPD_YES;
        }
    }
    return UPD_NEXT;
}

/* "move X to friday", "push it back a day", "postpone X" */
/* Units of a shift ("by 2 days"), in minutes. */
static const struct {
    const char *w;
    int min;
} shift_units[] = {{"days", 1440}, {"weeks", 7 * 1440}, {"hours", 60}, {"minutes", 1}};

/* The count of a shift at vi: a number, "a"/"one"/"another" 1, "two"/
 * "couple" 2; 0 when none. */
static int shift_count(const nlu_t *p, size_t vi)
{
    const chat_tok_t *t = vt(p, vi);
    if (t && t->kind == CHAT_TOK_NUM && t->num < 400)
        return (int)t->num;
    if (pm(p, vi, "a|an|one|another"))
        return 1;
    return pm(p, vi, "two|couple") ? 2 : 0;
}

/* "push it back a day", "delay X by 2 days", "by a week", "half an hour
 * later", "2 hours earlier": sets shift_min and uses the words. */
static void take_shift(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    for (size_t b0 = first_free(p); b0 < p->e; b0++) {
        if (p->used[p->v[b0]])
            continue;
        size_t vi = b0 + (pm(p, b0, "by|for|back") ? 1 : 0);
        if (pm(p, vi, "half an hours") == 3) {
            o->shift_min = 30;
            use(p, b0, vi + 3 - b0);
            return;
        }
        int n = shift_count(p, vi);
        if (!n || vi + 1 >= p->e)
            continue;
        size_t u = vi + 1;
        int dir = pm(p, u + 1, "earlier|sooner|before") ? -1 : 1;
        u += pm(p, u, "of") ? 1 : 0;
        for (size_t k = 0; k < sizeof shift_units / sizeof *shift_units && !o->shift_min; k++)
            if (pm(p, u, shift_units[k].w))
                o->shift_min = shift_units[k].min * n * dir;
        if (o->shift_min) {
            use(p, b0, u + 1 - b0);
            if (pm(p, u + 1, "later|earlier|sooner|after|before"))
                use(p, u + 1, 1);
            return;
        }
    }
}

/* Drops the connectors a move leaves around its target ("to", "back",
 * "until", "it"). */
static void strip_move_words(nlu_t *p)
{
    static const char *const tail =
        "to|until|till|for|by|on|back|forward|out|off|over|up|instead|due|till|til|it|is|be|"
        "should|date|the|deadline|time|day";
    for (int r = 0; r < 6; r++) {
        size_t b = last_free(p);
        if (b > first_free(p) + 1 && pm(p, b - 1, tail) == 1)
            use(p, b - 1, 1);
    }
    for (int r = 0; r < 2; r++) {
        size_t f = first_free(p);
        if (last_free(p) > f + 1 && pm(p, f, "back|forward|out|off"))
            use(p, f, 1);
    }
}

/* "move X to friday", "push it back a day", "postpone X", "change the due
 * date of X to friday". */
static int upd_move(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    size_t mk = pm(p, a,
                   "move|push|postpone|reschedule|delay|defer|bump|shift|punt|snooze|change|set|"
                   "make|update");
    if (!mk)
        return UPD_NEXT;
    nlu_snap_t before_move = nlu_snap(p);
    bool postpone = pm(p, a, "postpone|delay|defer|snooze|punt|push") > 0;
    bool change = pm(p, a, "change|set|make|update|put") > 0;
    use(p, a, mk);
    size_t q = first_free(p);
    size_t dd = pm(p, q, "the|its ?due date|deadline|day|time ?of|for|on");
    if (dd && pm(p, q, "the") && pm(p, q + 1, "due|date|deadline|day|time"))
        use(p, q, dd);
    take_tags(p);
    take_priority(p);
    take_due(p);
    take_shift(p);
    if (!o->has_due && !o->shift_min && !o->priority && !o->n_tags) {
        if (!postpone || change) {
            nlu_restore(p, &before_move);
            return UPD_NEXT;
        }
        o->postpone = true;
    }
    strip_move_words(p);
    o->intent = CHAT_UPDATE;
    take_ref(p);
    if (o->ref == CHAT_REF_NONE)
        o->ref = CHAT_REF_RECENT;
    return UPD_YES;
}

/* "change X to Y", "replace X with Y": a date, a priority or a new title */
static int upd_change_to(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    /* "change X to Y" / "replace X with Y" */
    size_t k = pm(p, a, "change|edit|update|modify|replace|correct|fix");
    if (k) {
        size_t cut = split_at(p, "to|with|into|as");
        if (!cut)
            return UPD_NO;
        use(p, a, k);
        size_t e = p->e;
        /* what follows: a date, a priority, or a new title */
        size_t s0 = p->s;
        p->s = cut + 1;
        take_priority(p);
        take_due(p);
        char *rest = rest_text(p);
        p->s = s0;
        if (!o->has_due && !o->priority)
            o->title = rest;
        use(p, cut, e - cut);
        ref_in_range(p, p->s, cut);
        o->intent = CHAT_UPDATE;
        return (o->title || o->has_due || o->priority) ? UPD_YES : UPD_NO;
    }
    return UPD_NEXT;
}

/* "X is due friday", "X should be urgent", "do X on monday instead" */
static int upd_is_due(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    /* "X is due friday", "X should be urgent", "do X on monday instead" */
    {
        size_t cut = split_at(p, "is|should|needs|must|due|can|could|may");
        if (pm(p, a, "add|remind|put|new|create|todo|task|remember|schedule|need|i"))
            cut = 0;
        bool instead = false;
        size_t b = last_free(p);
        if (b > a + 1 && pm(p, b - 1, "instead"))
            instead = true;
        if (cut || instead) {
            nlu_t probe;
            chat_nlu_t tmp;
            nlu_probe(p, &probe, &tmp);
            if (cut)
                probe.s = cut;
            take_due(&probe);
            take_priority(&probe);
            if (!tmp.has_due && !tmp.priority)
                return UPD_NO;
            size_t left = 0;
            for (size_t vi = probe.s; vi < p->e; vi++)
                if (!probe.used[p->v[vi]] &&
                    !pm(&probe, vi,
                        "is|should|be|needs|to|due|now|instead|by|on|at|for|must|really|actually|a|"
                        "now|kind|of|pretty|very|super|more|less|marked|set|as|the|date|not|but|"
                        "isnt|can|could|may"))
                    left++;
            if (cut && left > 0)
                return UPD_NO;
            nlu_commit(p, &probe);
            o->has_due = tmp.has_due;
            o->due = tmp.due;
            o->priority = tmp.priority;
            if (cut)
                use(p, cut, p->e - cut);
            else
                use(p, b - 1, 1);
            if (!cut) {
                take(p, first_free(p), (const char *const[]){"do|move|make|put|have", NULL});
            }
            o->intent = CHAT_UPDATE;
            take_ref(p);
            return (o->ref != CHAT_REF_NONE) ? UPD_YES : UPD_NO;
        }
    }
    return UPD_NEXT;
}

/* "drop the report to medium": a bare level after to/as ending the message
 * (chat_lex_priority_levels), taken; 0 when there is none. */
static int bare_level(nlu_t *p)
{
    size_t b = last_free(p);
    if (b < first_free(p) + 3 || !pm(p, b - 2, "to|as|down|up"))
        return 0;
    for (const chat_lex_level_t *l = chat_lex_priority_levels; l->pat; l++)
        if (pm(p, b - 1, l->pat) && vt(p, b - 1)->kind == CHAT_TOK_WORD) {
            use(p, b - 2, 2);
            if (b - 3 > first_free(p) && pm(p, b - 3, "down|up"))
                use(p, b - 3, 1);
            return l->priority;
        }
    return 0;
}

/* "make|set|mark X urgent / high priority" */
static int upd_mark_priority(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    /* "make|set|mark X urgent / high priority" */
    size_t pk = pm(p, a, chat_lex_priority_verbs);
    if (pk) {
        nlu_t probe;
        chat_nlu_t tmp;
        nlu_probe(p, &probe, &tmp);
        use(&probe, a, pk);
        take_priority(&probe);
        take_tags(&probe);
        if (!tmp.priority)
            tmp.priority = bare_level(&probe);
        if (!tmp.priority && (!tmp.n_tags || pm(p, a, "put")))
            return UPD_NO; /* "put X on the list @home" adds */
        nlu_commit(p, &probe);
        o->priority = tmp.priority;
        o->tags = tmp.tags;
        o->n_tags = tmp.n_tags;
        for (int r = 0; r < 3; r++) {
            size_t b = last_free(p);
            if (b > first_free(p) + 1 && pm(p, b - 1, "as|to|a|an|be|with|is|it"))
                use(p, b - 1, 1);
        }
        o->intent = CHAT_UPDATE;
        take_ref(p);
        return UPD_YES;
    }
    return UPD_NEXT;
}

/* "tag X with #work", "tag X as work" */
static int upd_tag(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    /* "tag X with #work", "tag X as work" */
    if (pm(p, a, "tag|label")) {
        use(p, a, 1);
        size_t cut = split_at(p, "with|as");
        if (cut && cut + 1 < last_free(p)) {
            const chat_tok_t *t = vt(p, cut + 1);
            o->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
            o->tags[0] = mstrndup(p->mem, t->norm, strlen(t->norm));
            o->n_tags = 1;
            use(p, cut, p->e - cut);
        } else {
            take_tags(p);
        }
        o->intent = CHAT_UPDATE;
        take_ref(p);
        return (o->n_tags > 0) ? UPD_YES : UPD_NO;
    }
    return UPD_NEXT;
}

static bool rule_update(nlu_t *p)
{
    static int (*const readers[])(nlu_t *) = {
        upd_stop_repeat, upd_repeat,     upd_add_tag,        upd_untag,         upd_rename,
        upd_called,      upd_prioritize, upd_lower_priority, upd_priority_of,   upd_clear_due,
        upd_move,        upd_change_to,  upd_is_due,         upd_mark_priority, upd_tag};
    if (rule_note(p) || rule_update_it(p))
        return true;
    if (pm(p, first_free(p), "set|make|create|add|put ?up a|an|new reminder|todo|task|note|entry"))
        return false; /* "set a reminder for ..." is a new todo */
    if (upd_remind_before(p) == UPD_YES || upd_remind_about(p) == UPD_YES)
        return true;
    for (size_t i = 0; i < sizeof readers / sizeof *readers; i++) {
        int r = readers[i](p);
        if (r != UPD_NEXT)
            return r == UPD_YES;
    }
    return false;
}

/* "overdue", "no due date", "done", "all", "open": status and period words
 * of a list question (chat_lex_list_words), each applied where it stands. */
static void list_status_words(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    for (size_t vi = p->s; vi < p->e; vi++) {
        if (p->used[p->v[vi]])
            continue;
        const chat_lex_list_word_t *w = chat_lex_list_words;
        size_t k = 0;
        for (; w->pat; w++)
            if ((k = pm(p, vi, w->pat)) && (!w->prev || (vi > p->s && pm(p, vi - 1, w->prev))))
                break;
        if (!w->pat)
            continue;
        use(p, vi, k);
        if (w->what == CHAT_LEX_LW_OVERDUE)
            o->when = CHAT_WHEN_OVERDUE;
        else if (w->what == CHAT_LEX_LW_NODATE)
            o->when = CHAT_WHEN_NODATE;
        else if (w->what == CHAT_LEX_LW_DONE)
            o->status = 2;
        else if (w->what == CHAT_LEX_LW_DONE_UNLESS_NOT && vi > p->s &&
                 pm(p, vi - 1, "not|isnt|arent|havent|didnt|un")) {
            o->status = 1; /* "not done" */
            use(p, vi - 1, 1);
        } else if (w->what == CHAT_LEX_LW_DONE_UNLESS_NOT) {
            o->status = 2;
        } else if (w->what == CHAT_LEX_LW_ALL) {
            o->status = o->status == 1 ? 0 : o->status;
            if (pm(p, vi + 1, "done|completed"))
                use(p, vi + 1, 1), vi++;
        }
    }
}

/* "my week", "the weekend": this week / this weekend from today. */
static void list_week_words(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    for (size_t vi = p->s; vi + 1 < p->e && o->when == CHAT_WHEN_ANY; vi++) {
        if (p->used[p->v[vi]] || !pm(p, vi, "my|the|this") || !pm(p, vi + 1, "weeks|weekend"))
            continue;
        int64_t today = chat_date_local_day(p->ctx, p->ctx->now);
        int64_t monday = today - (chat_tz_weekday(today) + 6) % 7;
        int64_t from = pm(p, vi + 1, "weekend") ? monday + 5 : today;
        if (from < today)
            from = today;
        o->when = CHAT_WHEN_RANGE;
        o->from = chat_date_at(p->ctx, from, 0);
        o->to = chat_date_at(p->ctx, monday + 7, 0);
        use(p, vi, 2);
        /* "over the weekend", "during my week": the preposition is the period's */
        if (vi > p->s && !p->used[p->v[vi - 1]] && pm(p, vi - 1, "over|during|across|on|at|for"))
            use(p, vi - 1, 1);
    }
}

/* Dates as ranges: "today", "this week", "before friday" (everything due
 * until that day starts), "tomorrow at 5" (from now to then). */
static void list_dates(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    chat_nlu_t tmp;
    memset(&tmp, 0, sizeof tmp);
    p->out = &tmp;
    take_due(p);
    p->out = o;
    if (!tmp.has_due || o->when != CHAT_WHEN_ANY)
        return;
    o->when = CHAT_WHEN_RANGE;
    if (tmp.due.before) {
        o->from = INT64_MIN / 2;
        o->to = chat_date_at(p->ctx, tmp.due.day, 0);
    } else if (tmp.due.span_days > 0) {
        o->from = chat_date_at(p->ctx, tmp.due.day, 0);
        o->to = chat_date_at(p->ctx, tmp.due.day + tmp.due.span_days, 0);
    } else {
        o->from = p->ctx->now;
        o->to = tmp.due.t;
    }
}

/* "what's due in december?": the whole month named after in/during/for,
 * this year's or, once it is over, next year's. */
static void list_month(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    for (size_t vi = p->s; vi + 1 < p->e && o->when == CHAT_WHEN_ANY; vi++) {
        if (p->used[p->v[vi]] || !pm(p, vi, "in|during|for|through|throughout"))
            continue;
        const chat_tok_t *n = vt(p, vi + 2);
        if (n && !p->used[p->v[vi + 2]] && n->kind == CHAT_TOK_NUM)
            continue; /* "in december 5": a date */
        for (int m = 0; m < 12; m++) {
            if (!pm(p, vi + 1, chat_lex_months[m]))
                continue;
            int64_t today = chat_date_local_day(p->ctx, p->ctx->now), y;
            int cm, cd;
            chat_tz_civil_from_days(today, &y, &cm, &cd);
            if (m + 1 < cm)
                y++;
            int64_t first = chat_tz_days_from_civil(y, m + 1, 1);
            o->when = CHAT_WHEN_RANGE;
            o->from = chat_date_at(p->ctx, first, 0);
            o->to = chat_date_at(p->ctx, first + chat_tz_days_in_month(y, m + 1), 0);
            use(p, vi, 2);
            break;
        }
    }
}

/* "anything due soon?": the next 7 days. */
static void list_soon(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    for (size_t vi = p->s; vi < p->e && o->when == CHAT_WHEN_ANY; vi++) {
        size_t k = pm(p, vi, "soon|shortly|upcoming|coming");
        if (!k || p->used[p->v[vi]])
            continue;
        use(p, vi, k);
        if (pm(p, vi + 1, "up"))
            use(p, vi + 1, 1);
        o->when = CHAT_WHEN_RANGE;
        o->from = p->ctx->now;
        o->to = p->ctx->now + 7 * 86400;
    }
}

/* What remains, minus question words (chat_lex_list_stop), is a text
 * search. */
static void list_query(nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p);
    size_t qa = b, qb = a;
    for (size_t vi = a; vi < b; vi++) {
        const chat_tok_t *t = vt(p, vi);
        if (p->used[p->v[vi]] || (t->kind == CHAT_TOK_WORD && in_list(t->norm, chat_lex_list_stop)))
            continue;
        if (vi < qa)
            qa = vi;
        qb = vi + 1;
    }
    if (qa < qb)
        p->out->query = text_between(p, qa, qb);
}

/* "by priority", "sorted by due date", "alphabetically": the list's order
 * (chat_lex_list_orders), anywhere in the question. */
static void list_order(nlu_t *p)
{
    for (size_t vi = p->s; vi < p->e; vi++)
        for (const chat_lex_order_t *o = chat_lex_list_orders; o->pat; o++) {
            size_t k = pm(p, vi, o->pat);
            if (k) {
                use(p, vi, k);
                p->out->order_by = o->order_by;
                return;
            }
        }
}

static void list_filters(nlu_t *p)
{
    p->out->status = 1; /* open by default */
    list_order(p);
    list_status_words(p);
    list_week_words(p);
    take_tag_words(p);
    take_tags(p);
    take_priority(p);
    list_month(p);
    list_dates(p);
    list_soon(p);
    list_query(p);
}

static bool rule_list(nlu_t *p)
{
    static const char *const alone[] = {"todo|task|list|agenda|overdue|today|tomorrow|open|pending|"
                                        "outstanding|remaining|upcoming|everything|all|completed",
                                        NULL};
    size_t a = first_free(p);
    size_t k = 0;
    for (size_t i = 0; chat_lex_list_openers[i] && !k; i++)
        k = pm(p, a, chat_lex_list_openers[i]);
    bool short_list = !k && ((count_free(p) == 1 && pm(p, a, alone[0])) ||
                             pm_any(p, a, chat_lex_list_alone) == count_free(p));
    if (!k && pm(p, a, "is|are|was|were|do|did")) {
        size_t b = last_free(p);
        for (size_t w = 4; w >= 2 && !k; w--)
            if (b >= a + w + 1 && (pm(p, b - w, "on|in my|the ?todo list|todo") == w ||
                                   (w == 2 && pm(p, b - 2, "on|in there") == 2)))
                k = 1;
    }
    bool question = false;
    for (size_t t = 0; t < p->n; t++)
        if (p->t[t].kind == CHAT_TOK_PUNCT && p->t[t].norm[0] == '?')
            question = true;
    if (!k && !short_list && !(question && p->out->question))
        return false;
    bool did = pm(p, a,
                  "did|have i|we ?already|ever|just finish|finished|complete|completed|do|done|"
                  "tick|cross") > 0;
    bool what = pm(p, a, "what|whats|which|wat|whatre") > 0;
    if (k)
        use(p, a, k);
    /* "is X on my list?", "do I have X?": X is a search */
    if (question && !k) {
        /* a question with no list word: still a search of the list */
    }
    p->out->question = question;
    p->out->intent = CHAT_LIST;
    list_filters(p);
    if (did)
        p->out->status = 2; /* "did I finish the report?" */
    /* "what is 2+2": a question that names nothing about the list */
    bool names_list = false;
    for (size_t k = 0; k < p->n && !names_list; k++)
        names_list = p->t[k].kind == CHAT_TOK_WORD && in_list(p->t[k].norm, chat_lex_list_topic);
    chat_nlu_t *o = p->out;
    if (what && !names_list && o->when == CHAT_WHEN_ANY && !o->priority && !o->n_tags)
        o->weak_list = true;
    return true;
}

/* A question that no other rule took is a search of the list. */
static bool rule_list_any(nlu_t *p)
{
    p->out->question = true;
    return rule_list(p);
}

/* Requests outside the todo domain (weather, music, translation, timers,
 * jokes, news) change nothing: unless the message speaks of the list or
 * opens with a task verb ("buy a kitchen timer"), it is unknown. */
/* "348 divided by 12", "7 times 8": arithmetic, not a todo. */
static bool arithmetic(const nlu_t *p)
{
    for (size_t vi = p->s; vi + 2 < p->e; vi++) {
        if (vt(p, vi)->kind != CHAT_TOK_NUM)
            continue;
        size_t k = pm_any(p, vi + 1, chat_lex_arith_ops);
        const chat_tok_t *b = vt(p, vi + 1 + k);
        if (k && b && b->kind == CHAT_TOK_NUM)
            return true;
    }
    return false;
}

static bool off_topic(nlu_t *p)
{
    static const char *const domain[] = {
        "todo|todos|task|tasks|list|remind|reminder|reminders|add|note|agenda|due|delete|remove|"
        "mark|tick|reschedule|rename|postpone",
        NULL};
    size_t a = first_free(p);
    /* "gotta book the snow tire swap": an add's lead before a task verb */
    a += pm(p, a, "?i|we ?still|really|just gotta|must|need|have|got ?to");
    const chat_tok_t *t = vt(p, a);
    if (t && t->kind == CHAT_TOK_WORD && in_list(t->norm, chat_lex_task_verbs) &&
        !pm(p, a, "play|set|tell|check|start|sing|translate"))
        return false;
    bool hit = false;
    for (size_t vi = p->s; vi < p->e; vi++) {
        if (pm(p, vi, domain[0]))
            return false;
        hit = hit || pm_any(p, vi, chat_lex_off_topic) > 0;
    }
    return hit || pm(p, a, "play|sing") > 0 || arithmetic(p);
}

/* "make it 6", "at 6 instead": a bare hour 1-12 after it/to/at, as a time of
 * day (1-6 the afternoon, like "at 5" with a day). */
static bool take_bare_hour(nlu_t *p)
{
    for (size_t vi = p->s + 1; vi < p->e; vi++) {
        const chat_tok_t *t = vt(p, vi);
        if (p->used[p->v[vi]] || t->kind != CHAT_TOK_NUM || t->num < 1 || t->num > 12 ||
            !pm(p, vi - 1, "it|to|at|that|for"))
            continue;
        int h = (int)t->num + (t->num <= 6 ? 12 : 0);
        int64_t today = chat_date_local_day(p->ctx, p->ctx->now);
        p->out->has_due = true;
        memset(&p->out->due, 0, sizeof p->out->due);
        p->out->due.t = chat_date_at(p->ctx, today, h * 3600);
        p->out->due.day = today;
        p->out->due.time_only = true;
        p->out->due.bare_hour = true;
        use(p, vi, 1);
        return true;
    }
    return false;
}

/* "at 3 tomorrow", "on friday at 5": a message that is only a date with
 * its preposition (after take_due: no free word but at/on/for/by). */
static bool date_only(const nlu_t *p)
{
    nlu_t probe;
    chat_nlu_t tmp;
    nlu_probe(p, &probe, &tmp);
    take_due(&probe);
    if (!tmp.has_due || tmp.due.past)
        return false;
    for (size_t vi = probe.s; vi < probe.e; vi++)
        if (!probe.used[probe.v[vi]] && !pm(&probe, vi, "at|on|for|by|around|about|ish"))
            return false;
    return pm(p, first_free(p), "at|on|for|by|around") > 0;
}

/* Follow-ups without a verb about the todo just touched: "actually
 * friday", "make it 6 instead", "high priority", "oh, that's for monday".
 * A date needs a correction word or "that's|it's (due) for|on|at|by" ("oh
 * and that's for saturday"); a priority or tag alone is enough. */
static bool rule_followup(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p), b = last_free(p);
    bool fix = p->correction || pm(p, a, "make|change|set|put|move it|that") == 2 ||
               pm(p, a, "?and put|move|make|set|have it|that") >= 2 || date_only(p) ||
               (b > a && pm(p, b - 1, "instead")) || pm(p, a, "oh|no|wait|sorry") ||
               pm(p, a, "?and thats|its|that|it ?is|s|will|ll ?be ?due for|on|at|by") >= 2;
    take_tags(p);
    take_priority(p);
    take_due(p);
    if (!o->has_due && fix)
        take_bare_hour(p);
    if (!o->has_due && !o->priority && !o->n_tags)
        return false;
    if (o->has_due && (!fix || o->due.past))
        return false;
    for (size_t vi = p->s; vi < p->e; vi++)
        if (!p->used[p->v[vi]] &&
            !pm(p, vi,
                "it|that|its|thats|this|make|change|set|move|is|for|on|to|at|instead|the|due|"
                "be|should|no|not|i|mean|meant|sorry|oh|rather|then|one|a|as|with|please|wait|"
                "hang|hold|on|hmm|um|ah|and|also|put|have"))
            return false;
    o->intent = CHAT_UPDATE;
    o->ref = CHAT_REF_RECENT;
    return true;
}

/* A short bare item with no verb is something to add ("oat milk", "3 cans of
 * beans"): at most four plausible words, none a pronoun, question word or
 * auxiliary, no question mark, no word said twice ("blah blah"). */
static bool plausible_word(const char *w)
{
    static const char *const rows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    for (int r = 0; r < 3 && strlen(w) >= 4; r++)
        if (strstr(rows[r], w) || (strlen(w) >= 6 && !strncmp(rows[r], w, 4)))
            return false; /* keyboard mashing */
    int run = 0, vowels = 0;
    for (const char *c = w; *c; c++) {
        bool v = strchr("aeiouy", *c) != NULL;
        vowels += v;
        run = v || (*c >= '0' && *c <= '9') ? 0 : run + 1;
        if (run > 4)
            return false;
    }
    return vowels > 0 || (w[0] >= '0' && w[0] <= '9');
}

static bool rule_bare_item(nlu_t *p)
{
    static const char *const not_item[] = {
        "i",     "im",    "ive",  "id",   "me",   "my",    "you",  "your", "youre", "we",
        "us",    "he",    "she",  "it",   "its",  "they",  "them", "this", "that",  "thats",
        "the",   "a",     "an",   "is",   "are",  "was",   "were", "am",   "be",    "do",
        "does",  "did",   "have", "has",  "what", "whats", "who",  "why",  "how",   "when",
        "where", "which", "like", "love", "hate", "so",    "very", "not",  "no",    "yes",
        "lol",   "blah",  "hmm",  "ok",   "okay", "there", "here", "just", NULL};
    size_t a = first_free(p), n = count_free(p);
    if (n == 0 || n > 4)
        return false;
    for (size_t k = 0; k < p->n; k++)
        if (p->t[k].kind == CHAT_TOK_PUNCT && p->t[k].norm[0] == '?')
            return false;
    bool word = false;
    for (size_t vi = a; vi < last_free(p); vi++) {
        const chat_tok_t *t = vt(p, vi);
        if (p->used[p->v[vi]])
            continue;
        if (t->kind == CHAT_TOK_NUM) {
            if (vi + 1 >= last_free(p))
                return false; /* "42" */
            continue;
        }
        if ((t->kind != CHAT_TOK_WORD && t->kind != CHAT_TOK_TAG) || in_list(t->norm, not_item) ||
            !plausible_word(t->norm))
            return false;
        for (size_t w = a; w < vi; w++)
            if (!strcmp(vt(p, w)->norm, t->norm))
                return false;
        word = true;
    }
    if (!word)
        return false;
    take_tags(p);
    take_list_suffix(p);
    finish_title(p); /* no lead words: "2 bags" is not "to bags" */
    return p->out->title != NULL;
}

/* A misspelt command word opening the message ("shw me", "lsit my todos"):
 * one edit from a command word of chat_lex_command_typos, 3+ letters, not a
 * known word, and followed by a word that fits the command. Titles are
 * never corrected. */
static void fix_command_typo(chat_tok_t *t, size_t n)
{
    size_t i = 0;
    while (i < n && t[i].kind == CHAT_TOK_PUNCT)
        i++;
    if (i + 1 >= n || t[i].kind != CHAT_TOK_WORD || strlen(t[i].norm) < 3 ||
        chat_lex_has(chat_lex_not_typos, t[i].norm) || chat_lex_has(chat_lex_task_verbs, t[i].norm))
        return;
    for (const chat_lex_typo_t *r = chat_lex_command_typos; r->word; r++)
        if (strcmp(t[i].norm, r->word) != 0 && chat_tok_distance(t[i].norm, r->word, 1) <= 1 &&
            chat_pat_alt_has(r->next, t[i + 1].norm)) {
            strcpy(t[i].norm, r->word);
            return;
        }
}

/* w with every run of 3+ equal letters cut to keep letters, into out. */
static void squeeze(const char *w, size_t keep, char *out)
{
    size_t o = 0;
    for (size_t i = 0; w[i]; i++) {
        size_t run = 1;
        while (w[i + run] == w[i])
            run++;
        size_t take = run >= 3 ? keep : run;
        for (size_t k = 0; k < take; k++)
            out[o++] = w[i];
        i += run - 1;
    }
    out[o] = '\0';
}

/* "adddd sunscreen", "yesss", "deleeete it": an elongated command word
 * (chat_lex_elongated) among the first three words reads as the word.
 * Titles are never touched. */
static void fix_elongated(chat_tok_t *t, size_t n)
{
    for (size_t i = 0, words = 0; i < n && words < 3; i++) {
        if (t[i].kind == CHAT_TOK_PUNCT)
            continue;
        words++;
        size_t l = strlen(t[i].norm);
        if (t[i].kind != CHAT_TOK_WORD || l < 4 || l > 31)
            continue;
        char w[32];
        for (size_t keep = 2; keep >= 1; keep--) {
            squeeze(t[i].norm, keep, w);
            if (strcmp(w, t[i].norm) != 0 && chat_lex_has(chat_lex_elongated, w)) {
                strcpy(t[i].norm, w);
                break;
            }
        }
    }
}

/* "would you mind adding X": the gerund after "mind" reads as its command
 * (chat_lex_gerunds). */
static void fix_gerund(chat_tok_t *t, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        if (t[i].kind != CHAT_TOK_WORD || strcmp(t[i - 1].norm, "mind") != 0)
            continue;
        for (size_t g = 0; chat_lex_gerunds[g][0]; g++)
            if (!strcmp(t[i].norm, chat_lex_gerunds[g][0])) {
                strcpy(t[i].norm, chat_lex_gerunds[g][1]);
                if (i == 1)
                    strcpy(t[0].norm, "please"); /* "mind adding X?" opens a request */
            }
    }
}

/* Two adjacent letters swapped in a short command word at either end of the
 * message ("mark taxes as dnoe", "udno that"): the swap is undone. Words
 * inside the message are titles and are never corrected. */
static bool one_swap(const char *w, const char *word)
{
    size_t l = strlen(word);
    if (strlen(w) != l)
        return false;
    for (size_t i = 0; i + 1 < l; i++)
        if (w[i] != word[i])
            return w[i] == word[i + 1] && w[i + 1] == word[i] && !strcmp(w + i + 2, word + i + 2);
    return false;
}

static void fix_swaps(chat_tok_t *t, size_t n)
{
    size_t ends[2] = {n, n};
    for (size_t i = 0; i < n; i++)
        if (t[i].kind != CHAT_TOK_PUNCT) {
            ends[1] = i;
            if (ends[0] == n)
                ends[0] = i;
        }
    for (int e = 0; e < 2 && ends[e] < n; e++)
        for (size_t w = 0; chat_lex_swap_words[w] && t[ends[e]].kind == CHAT_TOK_WORD; w++)
            if (one_swap(t[ends[e]].norm, chat_lex_swap_words[w]))
                strcpy(t[ends[e]].norm, chat_lex_swap_words[w]);
}

/* A list item: a bullet ("- call Bo", "+ milk", "* eggs") or a label and a
 * colon ("to do: cancel the gym"). Every word after it is the title, a
 * leading verb included. */
static bool rule_list_item(nlu_t *p)
{
    const chat_tok_t *t0 = &p->t[0];
    if (p->n > 1 && t0->kind == CHAT_TOK_PUNCT && strchr("+-*", t0->norm[0]) && t0->len == 1) {
        finish_add(p);
        return true;
    }
    size_t k = pm_any(p, first_free(p), chat_lex_item_labels);
    if (!k || first_free(p) != 0 || p->v[k] != k + 1 || p->t[k].kind != CHAT_TOK_PUNCT ||
        p->t[k].norm[0] != ':' || k + 1 >= p->nv)
        return false;
    use(p, 0, k);
    finish_add(p);
    return true;
}

void chat_nlu_parse(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                    ProtobufCAllocator *mem, chat_nlu_t *out)
{
    memset(out, 0, sizeof *out);
    nlu_t p;
    memset(&p, 0, sizeof p);
    p.msg = msg;
    p.mem = mem;
    p.ctx = ctx;
    p.out = out;
    out->intent = CHAT_UNKNOWN;
    if (len > CHAT_NLU_MAX_COMMAND)
        return; /* a run-on this long is not a command */
    chat_tok_t *toks;
    p.n = chat_tok_split(msg, len, mem, NLU_MAX_TOKENS, &toks);
    fix_elongated(toks, p.n);
    fix_command_typo(toks, p.n);
    fix_gerund(toks, p.n);
    fix_swaps(toks, p.n);
    p.t = toks;
    p.used = mem->alloc(mem->allocator_data, p.n + 1);
    memset(p.used, 0, p.n + 1);
    p.v = mem->alloc(mem->allocator_data, (p.n + 1) * sizeof *p.v);
    for (size_t k = 0; k < p.n; k++)
        if (toks[k].kind != CHAT_TOK_PUNCT)
            p.v[p.nv++] = k;
    p.s = 0;
    p.e = p.nv;
    if (p.nv > 120)
        return;
    if (off_topic(&p))
        return;
    if (whole_message(&p))
        return;
    strip_fillers(&p);
    drop_reason_clause(&p);
    if (count_free(&p) == 0) {
        whole_message(&p);
        return;
    }
    if (whole_message(&p))
        return;
    if (rule_clear(&p))
        return;
    if (rule_list_item(&p))
        return;
    /* each rule works on a copy of the marks so a failed rule leaves none */
    nlu_snap_t save = nlu_snap(&p);
    bool (*rules[])(nlu_t *) = {rule_followup, rule_reopen,     rule_list,          rule_update,
                                rule_delete,   rule_clause_cmd, rule_clause_update, rule_complete,
                                rule_past,     rule_add,        rule_list_any,      rule_bare_add,
                                rule_bare_item};
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        if (rules[i](&p))
            return;
        nlu_restore(&p, &save);
    }
    out->intent = CHAT_UNKNOWN;
}
