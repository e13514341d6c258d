/* chat_rule_delete: deleting and clearing: a delete needs a verb for it and a target
 * marked as a todo (chat_lex's three verb strengths), "X can go",
 * "clear completed". */
#include "chat_rule.h"

/* The words of a request to clear the done todos ("clear the completed
 * ones", "get rid of everything I ticked off", "clean up the checked off
 * junk"). */
static const char *const clear_verbs[] = {
    "clear", "remove", "delete", "purge", "archive", "erase", "wipe", "hide", "drop", "trash",
    "nuke",  "clean",  "tidy",   "get",   "bin",     "ditch", "toss", "dump", NULL};
static const char *const clear_rest[] = {
    "all",   "the",     "my",         "completed",  "done",     "finished", "checked",   "ticked",
    "one",   "todo",    "task",       "item",       "off",      "out",      "list",      "from",
    "stuff", "crossed", "that",       "thats",      "is",       "are",      "already",   "which",
    "i",     "have",    "up",         "rid",        "of",       "those",    "completes", "complete",
    "old",   "away",    "every",      "everything", "dones",    "away",     "them",      "these",
    "ive",   "did",     "marked",     "as",         "and",      "any",      "ones",      "were",
    "been",  "things",  "compeleted", "finshed",    "closed",   "tasks",    "todos",     "items",
    "bin",   "clear",   "remove",     "delete",     "tidy",     "clean",    "please",    "pls",
    "by",    "getting", "removing",   "deleting",   "clearing", "get", /* "tidy up my list, get rid
                                                                          of the finished stuff" */
    "junk",  "clutter", "rubbish",    "job",        "jobs",     "chores",   NULL};
static const char *const clear_done_words[] = {
    "completed", "done",  "finished", "checked", "ticked", "crossed", "complete",
    "completes", "dones", "closed",   "marked",  "did", /* "all the stuff i already did" */
    NULL};

static bool word_of(const chat_tok_t *t, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (chat_pat_word(t, list[i]))
            return true;
    return false;
}

/* Do the words of view range [a, end) all belong to a clear request, one of
 * them a done word? */
static bool only_clear_words(const nlu_t *p, size_t a, size_t end, bool *done)
{
    for (size_t vi = a; vi < end; vi++) {
        if (p->used[p->v[vi]])
            continue;
        if (!word_of(vt(p, vi), clear_rest))
            return false;
        *done = *done || word_of(vt(p, vi), clear_done_words);
    }
    return true;
}

/* Does a word after the clause at a spare something ("..., well not the
 * tax one", "..., keep the tax one", "... except X"), even in talk the
 * fillers took? Then it is no plain clear. */
static bool spares_after(const nlu_t *p, size_t a)
{
    for (size_t vi = nlu_clause_end(p, a); vi < p->e; vi++)
        if (nlu_word_in(p, vi, chat_lex_all_spares))
            return true;
    return false;
}

/* Where a clear request opening at a ends: its clause when talk follows
 * ("..., list's a mess"), else the message's end. */
static size_t clear_end(const nlu_t *p, size_t a)
{
    size_t end = nlu_clause_end(p, a);
    return end < p->e && nlu_clause_is_comment(p, end, p->e, false, true) ? end : p->e;
}

/* Do the words from view index a on ask to clear the done todos? */
static bool clear_from(const nlu_t *p, size_t a)
{
    const chat_tok_t *t = vt(p, a);
    if (!t || !word_of(t, clear_verbs) || (chat_pat_word(t, "get") && pm(p, a + 1, "rid of") != 2))
        return false; /* "get everything done" is not a clear-out */
    bool done = false, cleanup = chat_pat_word(t, "clean") || chat_pat_word(t, "tidy");
    return !spares_after(p, a) && only_clear_words(p, a + 1, clear_end(p, a), &done) &&
           (done || (cleanup && pm(p, a + 1, "up|out")));
}

/* "clear completed", and after talk ("list too long, clean up the
 * finished ones"): the clause that asks it, to the end. */
bool nlu_rule_clear(nlu_t *p)
{
    size_t a = first_free(p);
    for (size_t c = a; c < p->e; c = nlu_clause_end(p, c)) {
        if (!clear_from(p, c))
            continue;
        use(p, a, p->e - a);
        p->out->intent = CHAT_CLEAR;
        return true;
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
    if (nlu_position_word(vt(p, d)) && (d > a || vt(p, d)->kind == CHAT_TOK_NUM))
        return true;
    for (size_t vi = a + 1; vi < b; vi++)
        if (pm(p, vi, chat_lex_ref_marker) &&
            (vi + 1 == b || pm(p, vi + 1, "on|from|off|in ?my|the list") ||
             p->v[vi + 1] - p->v[vi] > 1)) /* "drop the haircut todo, gonna wait" */
            return true;
    if (t->kind == CHAT_TOK_WORD && chat_lex_has(chat_lex_task_verbs, t->norm) &&
        !pm(p, a, "take|get|go|do|make|clear|drop|throw|top|back|list|run"))
        return true;
    if (pm(p, a, "the|that|my task|todo|reminder|item|one about|for|with|regarding") == 3)
        return true; /* "throw away the task about the gym" */
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
    static const char *const off[] = {"away from|off ?my|the ?todo list",
                                      "off|from ?of my|the ?todo list", "out of ?my|the ?todo list",
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

/* The view index of the last word of the first clause. */
static size_t first_clause_last(const nlu_t *p)
{
    return nlu_clause_end(p, first_free(p)) - 1;
}

/* "take the beach trip off", "take the beach one off, the kids are sick":
 * "off" ends the first clause; what follows it is talk. */
static size_t take_x_off(nlu_t *p, size_t a)
{
    size_t end = first_clause_last(p);
    if (!pm(p, a, "take|knock") || end < a + 2 || !pm(p, end, "off") ||
        !names_todo(p, a + 1, false) || pm(p, end + 1, "and|also|plus|too"))
        return 0; /* "..., and the gym one too" names another */
    use(p, a, 1);
    use(p, end, p->e - end);
    return 1;
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

/* "cancel gym membership is done, finally free 💸": the first clause says
 * that a todo whose name opens with a delete verb is done. */
static bool name_said_done(const nlu_t *p)
{
    size_t end = first_clause_last(p);
    for (size_t w = 2; w <= 3 && end + 1 >= w; w++)
        if (pm(p, end + 1 - w,
               "is|are|s|was|were ?now|already|finally|all "
               "done|finished|complete|completed|sorted") == w)
            return end + 1 - w > first_free(p) + 1;
    return false;
}

/* "delete everything tagged work, quit the job 🎉", "wipe my whole list,
 * starting fresh": after a first clause that deletes all of something, a
 * later clause is talk unless it goes on naming ("..., and the gym one",
 * "..., except milk", a #tag). */
static void drop_talk_after_all(nlu_t *p)
{
    size_t a = first_free(p), end = nlu_clause_end(p, a);
    bool all = false;
    for (size_t vi = a; vi < end; vi++)
        all = all || pm(p, vi, "all|everything|every|whole|entire");
    if (!all || end >= p->e || nlu_word_in(p, end, chat_lex_all_goes_on))
        return;
    for (size_t vi = end; vi < p->e; vi++)
        if (vt(p, vi)->kind == CHAT_TOK_TAG || nlu_word_in(p, vi, chat_lex_all_spares))
            return; /* "..., keep milk", "..., dentist stays": what stays is no talk */
    use(p, end, p->e - end);
}

/* Deleting needs a delete verb used as a verb (take_delete_verb), a list
 * the todo comes off, or a statement that it can go; the rest names it. */
bool nlu_rule_delete(nlu_t *p)
{
    if (nlu_property_object(p) || nlu_has_clause_cmd(p) || nlu_negated_command(p) ||
        name_said_done(p) || nlu_has_closing_change(p))
        return false; /* "strike the deadline from X": not X itself; "X, delete it": clause_cmd */
    size_t a = first_free(p);
    size_t k = take_delete_verb(p, a);
    /* "scratch that, we're cooking tonight": retracts the last, whatever talk follows */
    if (!k && !p->said_done && first_clause_last(p) == a + 1 &&
        pm(p, a, "scratch|strike that|this|it") == 2)
        k = take(p, a, (const char *const[]){"scratch|strike", NULL});
    if (!k)
        k = take_off_list(p, a);
    if (!k)
        k = take_x_off(p, a);
    if (!k)
        k = take_gone_suffix(p, a);
    if (!k)
        return false;
    drop_talk_after_all(p);
    strip_delete_suffix(p);
    p->out->intent = CHAT_DELETE;
    nlu_take_ref_dated(p);
    if (p->out->ref == CHAT_REF_NONE)
        p->out->ref = CHAT_REF_RECENT;
    return true;
}
