/* chat_rule_complete: completing and reopening: "mark X done", "tick off X", "I finished
 * X", past verbs ("called mom", "paid the bill"), "X is not done",
 * "reopen X". */
#include "chat_rule.h"

/* ---- clauses ---- */

/* True when the message asks: a "?" among its tokens, or "or not". */
bool nlu_has_question(const nlu_t *p)
{
    for (size_t k = 0; k < p->n; k++)
        if (p->t[k].kind == CHAT_TOK_PUNCT && p->t[k].norm[0] == '?')
            return true;
    for (size_t k = 0; k + 1 < p->n; k++) /* "is the car service done or not, i forgot" */
        if (!strcmp(p->t[k].norm, "or") && chat_lex_has(chat_lex_or_not, p->t[k + 1].norm))
            return true;
    return false;
}

/* "... so don't cross it off", "never delete X": a command said not to be
 * done anywhere in the message (chat_lex_negated_commands). */
bool nlu_negated_command(const nlu_t *p)
{
    for (size_t vi = p->s; vi < p->e; vi++)
        if (pm_any(p, vi, chat_lex_negated_commands))
            return true;
    return false;
}

/* "paid the DEWA bill", "got the groceries": the past verb at vi is taken
 * out of the reference and kept, in its base form, as ref_verb; the engine
 * tries the verb with the object first ("call mom" over "email mom") and
 * the object alone when that names no single todo ("buy groceries"). */
/* The base form of the past verb t into verb ("paid": "pay", "dropped":
 * "drop"; other words as they are). */
static void past_base(const chat_tok_t *t, char *verb, size_t cap)
{
    snprintf(verb, cap, "%s", t->norm);
    for (size_t i = 0; chat_lex_past_bases[i][0]; i++)
        if (!strcmp(t->norm, chat_lex_past_bases[i][0]))
            snprintf(verb, cap, "%s", chat_lex_past_bases[i][1]);
    size_t l = strlen(verb);
    if (!strcmp(verb, t->norm) && l > 4 && !strcmp(verb + l - 2, "ed"))
        chat_tok_stem(t->norm, verb, cap < CHAT_TOK_NORM_MAX ? cap : CHAT_TOK_NORM_MAX);
}

void nlu_drop_past_verb(nlu_t *p, size_t vi)
{
    const chat_tok_t *t = vt(p, vi);
    char verb[CHAT_TOK_NORM_MAX * 2];
    past_base(t, verb, sizeof verb);
    use(p, vi, 1);
    if (vi + 2 < p->e && pm(p, vi + 1, "out|off|through|up")) { /* "dropped off X" */
        size_t l = strlen(verb);
        snprintf(verb + l, sizeof verb - l, " %s", vt(p, vi + 1)->norm);
        use(p, vi + 1, 1);
    }
    p->out->ref_verb = nlu_mstrndup(p->mem, verb, strlen(verb));
}

/* "ok mark it done then, priya did it last night": after a first clause
 * that ends on its done word, later clauses are talk ("..., and the gas
 * too" goes on); a closing "then" goes. */
static void drop_talk_after_done(nlu_t *p)
{
    size_t a = first_free(p), end = nlu_clause_end(p, a);
    size_t last = end - 1;
    last -= last > a && pm(p, last, "then|now|pls|please|thanks");
    if (end < p->e && last > a && pm(p, last, "done|off|complete|completed|finished") &&
        !pm(p, end, "and|also|plus|too|as"))
        use(p, end, p->e - end);
    size_t b = last_free(p);
    if (b > a + 2 && pm(p, b - 1, "then")) /* "mark it done then" */
        use(p, b - 1, 1);
}

/* "finished the deposit spreadsheet", "done the food shop": the command
 * word at vi is also the deed (chat_lex_done_deeds), kept in its base form
 * as done_verb ("finish", "do") so that "Finish deposit spreadsheet" is
 * named before "Send deposit spreadsheet to landlord". */
static void keep_done_verb(nlu_t *p, size_t vi)
{
    const chat_tok_t *t = vt(p, vi);
    if (!t || p->out->ref != CHAT_REF_TEXT || !nlu_word_in(p, vi, chat_lex_done_deeds))
        return;
    char verb[CHAT_TOK_NORM_MAX * 2];
    past_base(t, verb, sizeof verb);
    p->out->done_verb = nlu_mstrndup(p->mem, verb, strlen(verb));
}

/* A past-tense verb: "cancelled", "found", "did". */
bool nlu_past_word(const chat_tok_t *t)
{
    static const char *const irregular[] = {
        "did",    "found", "got", "sent", "bought", "paid", "made",  "went", "took",    "done",
        "forgot", "lost",  "saw", "told", "met",    "ran",  "wrote", "had",  "already", NULL};
    if (!t || t->kind != CHAT_TOK_WORD)
        return false;
    size_t l = strlen(t->norm);
    bool eed = l > 3 && !strcmp(t->norm + l - 3, "eed"); /* "need", "feed", "speed" */
    if ((l > 3 && !strcmp(t->norm + l - 2, "ed") && !eed) || nlu_in_list(t->norm, irregular))
        return true;
    for (size_t i = 0; chat_lex_past_bases[i][0]; i++)
        if (!strcmp(t->norm, chat_lex_past_bases[i][0]))
            return true;
    return false;
}

/* ", not renewing", ", we're not going anymore": a negated -ing verb ending
 * the message is a reason, never part of a name. */
bool nlu_not_doing(const nlu_t *p, size_t vi)
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

/* Removes trailing completion words ("as done", "off", "complete") and the
 * fillers around them. Returns true when a completion word was removed.
 * keep_one: leave at least one token (the todo's name). */
bool nlu_strip_done_suffix(nlu_t *p, bool keep_one)
{
    static const char *const done_suf[] = {
        "done and dusted",
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

bool nlu_strip_suffix_list(nlu_t *p, const char *const *pats)
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

/* "both parcels posted", "X and Y, both done": "both" names the two todos
 * the rest names (chat_engine acts on both only when each is named clearly). */
static void take_both(nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p);
    if (a + 1 < b && pm(p, a, "both")) {
        use(p, a, 1);
        p->out->ref_count = 2;
    } else if (a + 2 < b && pm(p, b - 1, "both")) {
        use(p, b - 1, 1); /* "X and Y, both done ✅" */
        p->out->ref_count = 2;
    }
}

/* The past participle closing a part of news at b ("groomed", "posted"),
 * after its auxiliary ("been", "is", "'s" of "dog's"): the auxiliary is
 * taken, the participle kept, so the todo's own verb must match it. 0
 * when the word is no participle or one that never says done ("delayed"). */
static size_t news_participle(nlu_t *p, size_t a, size_t b)
{
    const chat_tok_t *t = b > a + 1 ? vt(p, b - 1) : NULL;
    size_t l = t && t->kind == CHAT_TOK_WORD ? strlen(t->norm) : 0;
    if (l < 4 || strcmp(t->norm + l - 2, "ed") != 0 || pm(p, b - 1, chat_lex_news_not_done))
        return 0;
    size_t k = b - 1;
    while (k > a + 1 && pm(p, k - 1, chat_lex_news_aux))
        use(p, --k, 1);
    return 1;
}

/* suffixes that alone make a reopen ("X isn't done") */
const char *const nlu_reopen_strong[] = {
    "is|isnt|was|wasnt|arent ?actually|really not done|finished|complete|completed ?yet|anymore",
    "is|its|thats|was not actually|really done|finished|complete|completed", /* "its not actually"
                                                                              */
    "isnt|wasnt|arent ?actually|really done|finished|complete|completed ?yet",
    /* "the gas bill isn't actually paid, the payment bounced" */
    "isnt|wasnt|arent|not ?actually|really paid|sent|booked|fixed|submitted|posted|sorted|bought|"
    "called|returned|renewed|delivered|filed ?yet",
    "isnt|wasnt|arent ?actually|really done|finished|complete|completed after all",
    "is|isnt|was|wasnt ?actually not done|finished|complete|completed after all",
    "still needs doing|work", "still needs to be done", "needs redoing", "not done after all",
    NULL};

/* "oops I marked the vet one done by accident": the todo named reopens. */
/* "... done but its not, still waiting on maria": drops the done word, the
 * denial and all after it; false when there is none. */
static bool strip_done_but_not(nlu_t *p)
{
    for (size_t vi = first_free(p) + 1; vi < p->e; vi++)
        if (pm(p, vi, "done|off|complete but its|thats|it|that ?is|s|was not|isnt|wasnt") >= 3) {
            use(p, vi, p->e - vi);
            return true;
        }
    return false;
}

static bool rule_marked_by_mistake(nlu_t *p)
{
    static const char *const mistaken[] = {
        "i|we ?accidentally|mistakenly marked|ticked|checked|crossed|completed", NULL};
    static const char *const in_error[] = {"done|off|complete by accident|mistake",
                                           "as done by accident|mistake",
                                           "by accident|mistake",
                                           "accidentally",
                                           "in error",
                                           NULL};
    /* "oops didnt mean to tick off the invoice one" */
    static const char *const unmeant[] = {
        "?i|we didnt|did ?not mean ?to tick|check|cross|mark|complete|close ?off", NULL};
    static const char *const done_words[] = {"off", "as done|complete", "done", NULL};
    nlu_snap_t entry = nlu_snap(p);
    if (take(p, first_free(p), mistaken) && nlu_strip_suffix_list(p, in_error)) {
        p->out->intent = CHAT_REOPEN;
        nlu_take_ref(p);
        return true;
    }
    nlu_restore_marks(p, &entry);
    if (take(p, first_free(p), mistaken) && strip_done_but_not(p)) {
        p->out->intent = CHAT_REOPEN; /* "i marked the schedule one done but its not, ..." */
        nlu_take_ref(p);
        return p->out->ref != CHAT_REF_NONE;
    }
    nlu_restore_marks(p, &entry);
    if (take(p, first_free(p), unmeant)) {
        nlu_strip_suffix_list(p, done_words);
        p->out->intent = CHAT_REOPEN;
        nlu_take_ref(p);
        return p->out->ref != CHAT_REF_NONE;
    }
    nlu_restore_marks(p, &entry);
    return false;
}

static bool rule_reopen(nlu_t *p)
{
    if (rule_marked_by_mistake(p))
        return true; /* before the negation check: "didnt mean to tick off X" */
    if (nlu_has_clause_cmd(p) || nlu_negated_command(p))
        return false;
    nlu_drop_tail_clause(p);
    static const char *const verbs[] = {
        "reopen|re-open|unmark|uncheck|untick|uncomplete|unfinish|unarchive|unclose",
        "undo|remove the tick|check|checkmark|tickmark on|from|for", /* "undo the tick on X" */
        "bring|put back", NULL};
    static const char *const neg[] = {
        "i|we didnt|havent|hadnt ?actually|even|really|yet "
        "?finish|finished|do|done|complete|completed",
        "i|we did|have not ?actually|even|really|yet finish|finished|do|done|complete|completed",
        NULL};
    static const char *const mark[] = {"mark|set|flag|put|make|move|change", NULL};
    static const char *const notyet[] = {"not|isnt|still ?not|isnt done|finished|complete ?yet",
                                         NULL};
    const char *const *strong = nlu_reopen_strong;
    /* suffixes that need "mark"/"put" first */
    static const char *const weak[] = {
        "?back as|to not done|complete|completed|finished ?yet", /* "put X back as not done" */
        "?back as|to incomplete|undone|unfinished|open|pending|active|todo|outstanding|uncompleted",
        "as|to undone|incomplete|open again",
        "undone|incomplete|unfinished|uncompleted|uncomplete|unticked|unchecked",
        "not done|finished|complete|completed ?yet",
        "back to open|todo|pending|active",
        "back on ?my|the|to ?todo list",
        "back",
        "open again", /* before "again": "mark it open again" */
        "again",
        "open",
        NULL};
    static const char *const tail[] = {"again",          "yet",
                                       "after all",      "actually",
                                       "please",         "put|bring it|that back ?on ?the|my ?list",
                                       "reopen it|that", NULL};
    size_t a = first_free(p);
    if (take(p, a, verbs)) {
        nlu_strip_suffix_list(p, weak);
        nlu_strip_suffix_list(p, tail);
        p->out->intent = CHAT_REOPEN;
        nlu_take_ref(p);
        return true;
    }
    if (take(p, a, neg) || (count_free(p) > 2 && take(p, a, notyet))) {
        nlu_strip_suffix_list(p, tail);
        p->out->intent = CHAT_REOPEN;
        nlu_take_ref(p);
        return true;
    }
    if (pm(p, a, mark[0])) {
        nlu_snap_t snap = nlu_snap(p);
        use(p, a, 1);
        if (nlu_strip_suffix_list(p, weak) || nlu_strip_suffix_list(p, strong)) {
            nlu_strip_suffix_list(p, tail);
            p->out->intent = CHAT_REOPEN;
            nlu_take_ref(p);
            return true;
        }
        nlu_restore_marks(p, &snap);
    }
    nlu_strip_suffix_list(p, tail);
    if (nlu_strip_suffix_list(p, strong)) {
        nlu_strip_suffix_list(p, tail);
        p->out->intent = CHAT_REOPEN;
        nlu_take_ref(p);
        return true;
    }
    return false;
}

/* "X is cancelled so take it off my list", "minsu cancelled so take meet
 * minsu off my list": from view index a, a delete of something, never news
 * that it is done (off the list is gone). */
static bool takes_off_list(const nlu_t *p, size_t a)
{
    bool drop_verb = false;
    for (size_t vi = a; vi < p->e; vi++) {
        if (!p->used[p->v[vi]] && pm(p, vi, "take|get|remove|delete|drop|scrap it|that|this|them"))
            return true;
        drop_verb = drop_verb || pm(p, vi, "take|remove|delete|drop|scrap");
        if (drop_verb && pm(p, vi, "off|from my|the list|todos|todo") == 3)
            return true;
    }
    return false;
}

/* A completion by the command of k words at a ("tick off X", "finished X"):
 * the todo it names, talk after it dropped. */
static bool take_commanded(nlu_t *p, size_t a, size_t k)
{
    use(p, a, k);
    drop_talk_after_done(p);
    nlu_strip_done_suffix(p, false);
    take_both(p); /* "finished both the dishes and the vacuuming" */
    nlu_take_ref_dated(p);
    p->out->intent = CHAT_COMPLETE;
    keep_done_verb(p, a + k - 1);
    return true;
}

static bool rule_complete(nlu_t *p)
{
    if (nlu_property_object(p) || nlu_negated_command(p))
        return false; /* "take that tag off": the tag comes off, not the todo */
    nlu_drop_tail_clause(p);
    size_t a = first_free(p);
    /* "is the car service done?", and without the mark */
    if ((nlu_has_question(p) && pm(p, a, "is|are|did|has|have|was|were")) ||
        pm(p, a, "is|are|was|were the|my|our|it|that|this") == 2)
        return false;
    /* "got the milk done", "i got X done" */
    {
        size_t g = pm(p, a, "?i|we ?just|finally|already got|get");
        if (g) {
            nlu_snap_t snap = nlu_snap(p);
            use(p, a, g);
            if (nlu_strip_done_suffix(p, true) && count_free(p) > 0) {
                p->out->intent = CHAT_COMPLETE;
                nlu_take_ref(p);
                return true;
            }
            nlu_restore_marks(p, &snap);
        }
    }
    /* "finish the report by friday", "check the staging deploy this
       afternoon" are new todos, not completions; "completed my CPR recert
       today" is one */
    static const char *const todo_verbs[] = {"finish", "complete", "check", "close", NULL};
    if (nlu_word_in(p, a, todo_verbs)) {
        nlu_t probe;
        chat_nlu_t tmp;
        nlu_probe(p, &probe, &tmp);
        nlu_take_due(&probe);
        if (tmp.has_due && !tmp.due.past)
            return false;
    }
    size_t k = pm_any(p, a, chat_lex_complete_openers);
    if (!k)
        k = pm_any(p, a, chat_lex_complete_commands);
    for (size_t vi = a + k; k && vi < p->e; vi++)
        if (!p->used[p->v[vi]] && pm(p, vi, "open|undone|incomplete|unfinished|uncompleted"))
            return false; /* "..., mark it open again" reopens */
    for (size_t vi = a; vi < p->e; vi++)
        if (!p->used[p->v[vi]] && pm(p, vi, "not done|finished|complete|completed") == 2)
            return false; /* "mark X as not done", "..., put it back as not done" reopen */
    if (k)
        return take_commanded(p, a, k);
    /* "X is done", "X done", "milk: done" */
    if (pm(p, a, "add|remind|put|new|create|todo|task|remember|schedule|need"))
        return false; /* "add get passport photos done" is a new todo */
    size_t b = last_free(p);
    if (b >= a + 3 && pm(p, b - 2, "is|s|are|was|were off") == 2)
        return false; /* "the dinner is off": cancelled, not done; ask nothing of it */
    if (takes_off_list(p, a))
        return false;
    /* "report submitted?" asks; it says nothing is done */
    if (!nlu_has_question(p) && nlu_strip_done_suffix(p, true)) {
        if (count_free(p) == 0)
            return false;
        take_both(p);
        news_participle(p, first_free(p), last_free(p)); /* "dog's been groomed ✅" */
        /* "paid the DEWA bill ✅": the past verb names the doing, not the todo */
        const chat_tok_t *v = vt(p, first_free(p));
        if (count_free(p) > 1 && v->kind == CHAT_TOK_WORD &&
            chat_lex_has(chat_lex_past_verbs, v->norm))
            nlu_drop_past_verb(p, first_free(p));
        p->out->intent = CHAT_COMPLETE;
        nlu_take_ref_dated(p);
        p->out->bare_all = p->out->ref == CHAT_REF_ALL; /* "all done": said, not asked */
        p->out->ref_shown = p->out->ref_shown || p->out->bare_all;
        return true;
    }
    return false;
}

/* Keeps in p->out->alt_add what the message reads as from the marks of
 * entry when it is an add (a bare add or item): chat_engine adds it only
 * when no todo matches at all. */
void nlu_offer_bare_add(nlu_t *p, const nlu_snap_t *entry)
{
    nlu_t q;
    chat_nlu_t *alt = nlu_probe_at(p, entry, &q);
    if ((nlu_rule_bare_add(&q) || nlu_rule_bare_item(&q)) && alt->intent == CHAT_ADD && alt->title)
        p->out->alt_add = alt;
}

/* News that a todo is done, with no command: "dog's been groomed ✅",
 * "chicken's marinating, done" (a dropped ", done"), "the ute's been
 * booked in, tick". The rest names the todo with the participle kept
 * ("dog's groomed" names "take the dog to the groomers"); chat_engine asks
 * when that match is loose, and adds what the message also reads as when
 * nothing matches. */
static bool rule_news(nlu_t *p, const nlu_snap_t *entry)
{
    size_t a = first_free(p), b = last_free(p);
    if (b > a + 2 && pm(p, b - 1, "tick|ticked|done") &&
        p->t[p->v[b - 1] - 1].kind == CHAT_TOK_PUNCT) {
        use(p, b - 1, 1); /* ", tick" */
        p->said_done = true;
        b--;
    }
    if (b > a + 1 && pm(p, b - 1, "in|off|out|up|through|back"))
        b--; /* "booked in" */
    if (a >= b || nlu_has_question(p) || pm_any(p, a, chat_lex_task_verbs) ||
        pm_any(p, a, chat_lex_add_commands) || (!news_participle(p, a, b) && !p->said_done))
        return false;
    take_both(p);
    p->out->intent = CHAT_COMPLETE;
    nlu_take_ref(p);
    if (p->out->ref != CHAT_REF_TEXT)
        return false;
    nlu_offer_bare_add(p, entry);
    return true;
}

/* "reopen X", "mark X as not done"; "reopen the ticket with the broadband
 * company on monday" is also offered as a task (nlu_offer_task). */
bool nlu_rule_reopen(nlu_t *p)
{
    nlu_snap_t entry = nlu_snap(p);
    if (!rule_reopen(p))
        return false;
    /* "not done with the pitch deck yet 😩 push it to wednesday": a closing
       change is the request; the first clause only names the todo */
    nlu_snap_t reopened = nlu_snap(p);
    nlu_restore(p, &entry);
    if (nlu_rule_clause_update(p))
        return true;
    nlu_restore(p, &reopened);
    nlu_offer_task(p, &entry);
    return true;
}

/* "mark X done", "tick off X", "X is done"; "mark Jonah's birthday on the
 * family calendar" is also offered as a task (nlu_offer_task). */
bool nlu_rule_complete(nlu_t *p)
{
    nlu_snap_t entry = nlu_snap(p);
    if (!rule_complete(p))
        return false;
    nlu_offer_task(p, &entry);
    return true;
}

static bool rule_past(nlu_t *p);

/* "called mom", "paid the electricity bill", "I've booked the flights":
 * a past-tense task verb first; the rest names the todo. */
bool nlu_rule_past(nlu_t *p)
{
    if (nlu_property_object(p) || nlu_negated_command(p))
        return false;
    nlu_snap_t entry = nlu_snap(p);
    if (rule_past(p))
        return true;
    nlu_restore(p, &entry);
    return rule_news(p, &entry);
}

/* The passive: "the eggs are bought", "the plumber has been called", and
 * without its copula after a name of two words or more ("water bill paid
 * through app"), but not a verb someone else does ("mum called"). */
static bool rule_passive(nlu_t *p, size_t a)
{
    if (pm_any(p, a, chat_lex_add_commands))
        return false; /* "add: check if credit card bill got paid" is a new todo */
    nlu_snap_t before = nlu_snap(p);
    nlu_strip_suffix_list(p, chat_lex_done_circumstances);
    nlu_strip_suffix_list(p, chat_lex_done_afterwords); /* "... is cancelled finally" */
    size_t b = last_free(p);
    const chat_tok_t *lt = b > a ? vt(p, b - 1) : NULL;
    bool past = lt && lt->kind == CHAT_TOK_WORD && nlu_in_list(lt->norm, chat_lex_past_verbs);
    size_t w = 0;
    if (past && b >= a + 3 && pm(p, b - 2, "is|are|was|were|been|got"))
        w = b >= a + 4 && pm(p, b - 3, "has|have been") == 2 ? 3 : 2;
    else if (past && b >= a + 3 && b <= a + 6 && !nlu_has_question(p) &&
             !pm(p, b - 1,
                 "called|rang|texted|emailed|messaged|phoned|done|did|went|got|had|made|"
                 "came|took") &&
             !pm(p, a,
                 "i|we|he|she|they|you|it|my|mum|mom|dad|is|are|was|were|did|do|does|has|"
                 "have|had|add|hope") &&
             !pm_any(p, a, chat_lex_add_commands))
        w = 1;
    if (!w) {
        nlu_restore(p, &before);
        return false;
    }
    use(p, b - w, w);
    p->out->intent = CHAT_COMPLETE;
    nlu_take_ref(p);
    if (p->out->ref == CHAT_REF_NONE)
        nlu_restore(p, &before); /* nothing named: the active reading is tried */
    return p->out->ref != CHAT_REF_NONE;
}

/* "swapped the shower head in 2": a regular past verb no lexicon knows,
 * opening the message before its object (not "marked X done by mistake",
 * "missed the bus", nor an irregular "forgot the milk"); chat_engine
 * completes only a todo that opens with the verb, and asks otherwise. */
static bool loose_deed(const nlu_t *p, size_t vi)
{
    const chat_tok_t *t = vt(p, vi);
    size_t l = t && t->kind == CHAT_TOK_WORD ? strlen(t->norm) : 0;
    return l > 4 && !strcmp(t->norm + l - 2, "ed") && nlu_past_word(t) &&
           pm(p, vi + 1, "the|my|our|his|her|their") && !pm(p, vi, chat_lex_news_not_done) &&
           !pm(p, vi, "marked|changed|ticked");
}

/* The past verb first or last (passive); see nlu_rule_past. */
static bool rule_past(nlu_t *p)
{
    size_t a = first_free(p);
    if (rule_passive(p, a))
        return true;
    size_t lead = pm(p, a, "?i|we|ive ?have|just|finally|already|also ?just|finally|already");
    size_t vi = a + lead;
    const chat_tok_t *t = vt(p, vi);
    bool known = t && t->kind == CHAT_TOK_WORD && nlu_in_list(t->norm, chat_lex_past_verbs);
    bool loose = !known && vi == a && loose_deed(p, vi);
    if ((!known && !loose) || vi + 1 >= last_free(p))
        return false;
    if (pm(p, vi, "got|had") && pm(p, vi + 1, "to"))
        return false; /* "I've got to collect ..." is a new todo */
    if (p->out->has_due)
        return false;
    if (nlu_has_question(p))
        return false;
    use(p, a, lead);
    nlu_drop_past_verb(p, vi);
    p->out->deed_loose = loose;
    nlu_strip_suffix_list(p, chat_lex_done_circumstances);
    nlu_strip_done_suffix(p, true);
    take_both(p); /* "sent both the emails" */
    p->out->intent = CHAT_COMPLETE;
    nlu_take_ref_dated(p); /* "called the bank yesterday": when it was done */
    return p->out->ref != CHAT_REF_NONE;
}
