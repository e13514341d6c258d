/* chat_rule_filler: what carries no request: polite and indirect wrappers ("could you
 * possibly ..."), lead-ins ("abeg add"), trailing fillers ("please",
 * "thanks") and reason clauses after a comma ("..., not needed anymore"). */
#include "chat_rule.h"

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

void nlu_strip_fillers(nlu_t *p)
{
    for (int round = 0; round < 6 && strip_lead_filler(p); round++)
        ;
    strip_lead_in(p);
    for (int round = 0; round < 6 && strip_lead_filler(p); round++)
        ;
    for (int round = 0; round < 3 && strip_trail_filler(p); round++)
        ;
}

/* "get rid of the yoga one, I cancelled it", "scratch the car wash, did it
 * this morning": a clause after a comma that gives a reason ("I" + a past
 * verb, "found ...", "because ...") names nothing; it is dropped. When it
 * says the thing was done, said_done remembers that. */
void nlu_drop_reason_clause(nlu_t *p)
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
        bool because = pm(p, vi, "because|since|cause|cos|bc") > 0 || nlu_not_doing(p, vi) ||
                       pm_any(p, vi, chat_lex_reason_clauses) == p->nv - vi;
        if (!because && !nlu_past_word(vt(p, q)))
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
