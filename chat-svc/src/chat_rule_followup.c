/* chat_rule_followup: follow-ups without a verb about the todo just touched: "make it 6
 * instead", "oh, that's for friday", "high priority", "at 3 tomorrow". */
#include "chat_rule.h"

/* "make it 6", "at 6 instead": a bare hour 1-12 after it/to/at, as a time of
 * day (1-6 the afternoon, like "at 5" with a day). */
bool nlu_take_bare_hour(nlu_t *p)
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
        if (!probe.used[probe.v[vi]] && !pm(&probe, vi, "at|on|for|by|around|about|ish"))
            return false;
    for (size_t k = 0; k < p->n; k++)
        if (p->t[k].kind == CHAT_TOK_PUNCT && p->t[k].norm[0] == '?')
            return false;
    return pm(p, first_free(p), "at|on|for|by|around") > 0 || tmp.due.time_only;
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

/* Follow-ups without a verb about the todo just touched: "actually
 * friday", "make it 6 instead", "high priority", "oh, that's for monday".
 * A date needs a correction word or "that's|it's (due) for|on|at|by" ("oh
 * and that's for saturday"); a priority or tag alone is enough. */
bool nlu_rule_followup(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p), b = last_free(p);
    bool fix = p->correction || pm(p, a, "make|change|set|put|move it|that") == 2 ||
               pm(p, a, "?and put|move|make|set|have it|that") >= 2 || date_only(p) ||
               (b > a && pm(p, b - 1, "instead")) || pm(p, a, "oh|no|wait|sorry") || prefers(p) ||
               pm(p, a, "?and thats|its|that|it ?is|s|will|ll ?be ?due for|on|at|by") >= 2;
    nlu_take_tags(p);
    nlu_take_priority(p);
    nlu_take_due(p);
    if (!o->has_due && fix)
        nlu_take_bare_hour(p);
    if (!o->has_due && !o->priority && !o->n_tags)
        return false;
    if (o->has_due && (!fix || o->due.past))
        return false;
    for (size_t vi = p->s; vi < p->e; vi++)
        if (!p->used[p->v[vi]] &&
            !pm(p, vi,
                "it|that|its|thats|this|make|change|set|move|is|for|on|to|at|instead|the|due|"
                "be|should|no|not|i|mean|meant|sorry|oh|rather|then|one|a|as|with|please|wait|"
                "hang|hold|on|hmm|um|ah|and|also|put|have|tag|tagged|label|labelled") &&
            !pm(p, vi, chat_lex_followup_prefer) && !pm(p, vi, chat_lex_followup_words))
            return false;
    o->intent = CHAT_UPDATE;
    o->ref = CHAT_REF_RECENT;
    return true;
}
