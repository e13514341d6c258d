/* chat_rule_followup: follow-ups without a verb about the todo just touched: "make it 6
 * instead", "oh, that's for friday", "high priority", "at 3 tomorrow". */
#include "chat_rule.h"

#include <strings.h>

/* "make it 6", "at 6 instead": a bare hour 1-12 after it/to/at, as a time of
 * day (1-6 the afternoon, like "at 5" with a day). */
bool nlu_take_bare_hour(nlu_t *p)
{
    for (size_t vi = p->s; vi < p->e; vi++) {
        const chat_tok_t *t = vt(p, vi);
        /* "sorry i meant 6": the first word after a correction */
        bool cue = (vi > p->s && pm(p, vi - 1, "it|to|at|that|for")) ||
                   (p->correction && vi == first_free(p));
        if (p->used[p->v[vi]] || t->kind != CHAT_TOK_NUM || t->num < 1 || t->num > 12 || !cue)
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

bool nlu_drop_not_value(nlu_t *p)
{
    for (size_t vi = p->s; vi + 1 < p->e; vi++) {
        size_t k = p->used[p->v[vi]] ? 0 : pm(p, vi, "not");
        k = k ? k : pm(p, vi, "instead|rather of|than");
        const chat_tok_t *t = k ? vt(p, vi + k) : NULL;
        chat_date_t d;
        size_t n = !t ? 0
                   : t->kind == CHAT_TOK_NUM
                       ? 1
                       : chat_date_match(p->t, p->n, p->v[vi + k], p->used, p->ctx, &d);
        if (!n)
            continue;
        use(p, vi, k);
        for (size_t r = p->v[vi + k]; r < p->v[vi + k] + n && r < p->n; r++)
            p->used[r] = true;
        return true;
    }
    return false;
}

/* "at 3 tomorrow", "on friday at 5", "quarter to 4 in the afternoon": a
 * message that is only a date with its preposition, or only a time of
 * day, and no question (after take_due: no free word but at/on/for/by). */
static bool date_only(const nlu_t *p)
{
    nlu_t probe;
    chat_nlu_t tmp;
    nlu_probe(p, &probe, &tmp);
    nlu_take_due(&probe);
    if (!tmp.has_due || tmp.due.past)
        return false;
    for (size_t vi = probe.s; vi < probe.e; vi++)
        if (!probe.used[probe.v[vi]] &&
            !pm(&probe, vi,
                "at|on|for|by|around|about|ish|pls|please|plz|due|ok|okay|then|instead"))
            return false;
    if (nlu_has_question(p))
        return false;
    /* "ok, tomorrow then": a date said as the answer to what came before */
    return pm(p, first_free(p), "at|on|for|by|around|due") > 0 || tmp.due.time_only ||
           pm(p, last_free(p) - 1, "then|instead") > 0;
}

/* "10am would be better", "better make it sunday", "tomorrow rather": a
 * word that prefers the new value (chat_lex_followup_prefer) anywhere. */
static bool prefers(const nlu_t *p)
{
    for (size_t vi = first_free(p); vi < last_free(p); vi++)
        if (pm(p, vi, chat_lex_followup_prefer))
            return true;
    return false;
}

/* The name between a repeat's lead and trail, [s, e): at most four words,
 * marked as a todo ("the gas one", "that one", "phone one") unless "same
 * for" opened it, with no command, state or done word, past verb, number
 * or tag in it. */
static bool again_name(const nlu_t *p, size_t s, size_t e, bool same)
{
    if (e <= s || e - s > 4)
        return false;
    bool marked = e - s > 1 && pm(p, e - 1, chat_lex_ref_marker); /* "phone one" */
    if ((!marked && pm_any(p, s, chat_lex_task_verbs)) || pm_any(p, s, chat_lex_update_verbs) ||
        pm_any(p, s, chat_lex_complete_commands) || pm_any(p, s, chat_lex_delete_strong))
        return false;
    for (size_t vi = s; vi < e; vi++)
        if (vt(p, vi)->kind != CHAT_TOK_WORD ||
            chat_lex_has(chat_lex_clause_verbs, vt(p, vi)->norm) ||
            pm_any(p, vi, chat_lex_done_marks) || nlu_past_word(vt(p, vi)))
            return false; /* "that one's done too" says it */
    return same || marked || pm(p, s, "the|that|this|my");
}

/* Where the name after a repeat's lead starts (a when there is none),
 * read over the words fillers took too ("and the gas one"); *lead tells
 * whether there is one, *same whether it is "same for". */
static size_t again_lead(const nlu_t *p, size_t a, bool *lead, bool *same)
{
    size_t which = 0;
    chat_pat_seq_t sq = {p->t, p->v, p->e, NULL};
    size_t k = chat_pat_match_any(&sq, p->s, chat_lex_again_leads, &which);
    *lead = k > 0;
    *same = k && which == 0;
    return p->s + k > a ? p->s + k : a;
}

/* "and the gas one", "same for the crackers", "phone one too", "oh and the
 * pilates one as well": the previous turn's change again, on the todo
 * named (out->again; chat_engine decides, from the context, whether there
 * is a change to repeat). What the message also reads as an add ("the
 * oat one too" after an add) is kept in alt_add for when there is none;
 * "same for X" is never an add. */
static bool rule_again(nlu_t *p)
{
    nlu_snap_t entry = nlu_snap(p);
    size_t a = first_free(p), b = last_free(p), trail = 0;
    bool lead, same;
    size_t s = again_lead(p, a, &lead, &same);
    for (size_t w = 2; w >= 1 && !trail; w--)
        if (b >= s + w + 1 && pm_any(p, b - w, chat_lex_add_trail) == w)
            trail = w;
    if ((!lead && !trail) || nlu_has_question(p) || !again_name(p, s, b - trail, same))
        return false;
    use(p, a, s - a);
    use(p, b - trail, trail);
    nlu_take_ref(p);
    if (p->out->ref != CHAT_REF_TEXT && p->out->ref != CHAT_REF_RECENT)
        return false;
    p->out->again = true;
    p->out->intent = CHAT_UNKNOWN;
    if (!same)
        nlu_offer_bare_add(p, &entry);
    return true;
}

/* Follow-ups without a verb about the todo just touched: "actually
 * friday", "make it 6 instead", "high priority", "oh, that's for monday".
 * A date needs a correction word or "that's|it's (due) for|on|at|by" ("oh
 * and that's for saturday"); a priority or tag alone is enough. */
bool nlu_rule_followup(nlu_t *p)
{
    nlu_snap_t entry = nlu_snap(p);
    if (rule_again(p))
        return true;
    nlu_restore(p, &entry);
    chat_nlu_t *o = p->out;
    bool fix = nlu_drop_not_value(p);
    size_t a = first_free(p), b = last_free(p);
    fix = fix || p->correction || pm(p, a, "make|change|set|put|move it|that") == 2 ||
          pm(p, a, "?and put|move|make|set|have it|that") >= 2 || date_only(p) ||
          (b > a && pm(p, b - 1, "instead")) || pm(p, a, "oh|no|wait|sorry") || prefers(p) ||
          pm(p, a, "?and thats|its|that|it ?is|s|will|ll ?be ?due for|on|at|by") >= 2;
    nlu_take_tags(p);
    nlu_take_tag_words(p); /* "make it high priority and tag it family" */
    nlu_take_priority(p);
    nlu_take_due(p);
    if (!o->has_due && fix)
        nlu_take_bare_hour(p);
    if (!o->has_due && !o->priority && !o->n_tags)
        return false;
    if (o->has_due && (!fix || o->due.past))
        return false;
    for (size_t vi = p->s; vi < p->e; vi++) {
        const chat_tok_t *t = vt(p, vi);
        if (t->len == 4 && !strncasecmp(p->msg + t->off, "ones", 4))
            return false; /* "high prio ones pls": the todos of that priority, a list */
    }
    for (size_t vi = p->s; vi < p->e; vi++)
        if (!p->used[p->v[vi]] &&
            !pm(p, vi,
                "it|that|its|thats|this|make|change|set|move|is|for|on|to|at|instead|the|due|"
                "be|should|no|not|i|mean|meant|sorry|oh|rather|then|one|a|as|with|please|wait|"
                "hang|hold|on|hmm|um|ah|and|also|put|have|tag|tagged|label|labelled|wanted|say|"
                "write|type|typed|wrote|said|too|aswell|as|well|but") &&
            !pm(p, vi, chat_lex_followup_prefer) && !pm(p, vi, chat_lex_followup_words))
            return false;
    o->intent = CHAT_UPDATE;
    o->ref = CHAT_REF_RECENT;
    return true;
}
