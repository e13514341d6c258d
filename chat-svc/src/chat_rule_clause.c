/* chat_rule_clause: two-clause messages whose second clause says what to do with the
 * todo the first names ("I didn't finish X, mark it as not done", "the
 * dentist is now on the 9th, can you update it"). */
#include "chat_rule.h"

/* "I cancelled the dentist so remove it", "tax return isn't done, reopen
 * it": a closing command about "it" acts on what the first clause named. */
static const struct {
    const char *pat;
    chat_intent_t intent;
} clause_cmds[] = {
    {"delete|remove|drop|scrap|erase|bin|trash|ditch it|that|this ?one ?from|off ?my|the ?list "
     "?please|pls|too",
     CHAT_DELETE},
    {"get rid of it|that|this ?one ?please|pls|too", CHAT_DELETE},
    {"take|get it|that|this ?one off ?from ?my|the ?list ?please|pls|too", CHAT_DELETE},
    {"take|get it|that|this ?one away from|off ?my|the list ?please|pls|too", CHAT_DELETE},
    {"reopen|unmark|uncheck|untick it|that|this ?one ?again|please|pls", CHAT_REOPEN},
    {"open it|that|this ?one again ?please|pls", CHAT_REOPEN}, /* "..., open it again" */
    {"mark|set|put it|that|this ?back ?as|to not|un done|complete|completed|finished", CHAT_REOPEN},
    {"mark|set|put|move it|that|this ?back ?as|to undone|incomplete|open|unfinished|todo|pending|"
     "active",
     CHAT_REOPEN},
    {"put|bring|add it|that|this back ?on|onto|to ?my|the ?list|todos", CHAT_REOPEN},
    {"make|set it|that|this ?again open|undone|incomplete|pending|active ?again ?please|pls",
     CHAT_REOPEN}, /* "..., it is not finish yet, make it open", "make it again open" */
    {"mark|tick|check|cross it|that|this ?one ?off|as ?done|complete|completed ?please|pls",
     CHAT_COMPLETE},
    {"mark ?as done|complete|completed ?please|pls", CHAT_COMPLETE}, /* "..., mark done pls" */
    /* "kelvin PR reviewed, can cross out" */
    {"?can cross|tick|strike out|off ?already|liao|please|pls", CHAT_COMPLETE},
    {"close|complete it|that|this ?please|pls", CHAT_COMPLETE},
    {NULL, CHAT_UNKNOWN}};

/* True when a comma or a full stop comes right before view index vi ("the
 * meeting with Tom is cancelled. delete it"). */
static bool after_comma(const nlu_t *p, size_t vi)
{
    return p->v[vi] > 0 && p->t[p->v[vi] - 1].kind == CHAT_TOK_PUNCT &&
           strchr(",;.!*", p->t[p->v[vi] - 1].norm[0]); /* "*": an emoji ends a clause too */
}

/* Where a closing clause starts: after a comma, or after "so"/"and"/... */
size_t nlu_clause_cmd_at(const nlu_t *p, size_t vi, size_t b, chat_intent_t *intent)
{
    size_t lead = pm_any(p, vi, chat_lex_clause_leads);
    if (!lead && !after_comma(p, vi))
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
    size_t lead = pm(p, vi, "so|and|then|pls|please|just ?please|just");
    lead = lead ? lead : pm_any(p, vi, chat_lex_clause_leads); /* "..., can you push it" */
    if (!after_comma(p, vi) && !lead)
        return 0;
    size_t k = pm(p, vi + lead,
                  "make|set|change|move|put|bump|mark|shift|push|reschedule|postpone "
                  "it|that|this ?to|as|at|for|on|up|down");
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
        size_t lead = pm_any(p, vi, chat_lex_clause_leads);
        size_t k = after_comma(p, vi) || lead ? pm_any(p, vi + lead, chat_lex_clause_apply) : 0;
        if (!k || vi + lead + k != b)
            continue;
        use(p, vi, b - vi);
        size_t e = p->e;
        p->e = vi;
        nlu_take_priority(p);
        nlu_take_due(p);
        nlu_take_tags(p);
        p->e = e;
        if (!o->has_due && !o->priority && !o->n_tags)
            return false;
        size_t w = a + 1;
        while (w < vi && (p->used[p->v[w]] || !pm_any(p, w, chat_lex_restate_verbs)))
            w++;
        use(p, w, vi - w);
        o->intent = CHAT_UPDATE;
        nlu_ref_in_range(p, a, w);
        return o->ref != CHAT_REF_NONE;
    }
    return false;
}

/* The closing clause at vi ("make it low priority", "set it to friday",
 * "take that tag off"), read into p->out: true when it changes only a
 * priority, a date or tags, or takes a tag off (chat_lex_untag_clause). */
static bool closing_change(nlu_t *p, size_t vi)
{
    chat_nlu_t *o = p->out;
    size_t lead = pm_any(p, vi, chat_lex_clause_leads);
    size_t u = after_comma(p, vi) || lead ? pm_any(p, vi + lead, chat_lex_untag_clause) : 0;
    if (u && vi + lead + u == last_free(p)) {
        o->untag = CHAT_NLU_ANY_TAG;
        return true;
    }
    size_t k = clause_change_at(p, vi);
    if (!k)
        return false;
    size_t s = p->s;
    p->s = vi + k;
    nlu_take_priority(p);
    nlu_take_due(p);
    nlu_take_tags(p);
    if (!o->priority && !o->has_due && !o->n_tags)
        nlu_take_level(p, first_free(p)); /* "make it low" */
    bool only = o->priority || o->has_due || o->n_tags;
    for (size_t w = p->s; w < p->e && only; w++)
        only = p->used[p->v[w]] || pm(p, w, "priority|prio|a|the|please|instead|too|also");
    p->s = s;
    return only;
}

/* Where the name in [a, b) ends: at the first clause break ("dont delete
 * the dentist one, might still go. just move it ..."), before a closing
 * "yet" and any laugh ("the dentist one yet lol"). */
static size_t name_end(const nlu_t *p, size_t a, size_t b)
{
    size_t e = a + 1;
    while (e < b && !(p->v[e] - p->v[e - 1] > 1 && strchr(",.;!?*", p->t[p->v[e] - 1].norm[0])))
        e++;
    while (e > a + 1 && (pm(p, e - 1, "yet|still|now|anymore|today|done|finished|complete") ||
                         nlu_word_in(p, e - 1, chat_lex_laughs)))
        e--;
    return e;
}

bool nlu_rule_clause_update(nlu_t *p)
{
    if (rule_clause_restate(p))
        return true;
    chat_nlu_t *o = p->out;
    size_t a = first_free(p), b = last_free(p);
    if (pm_any(p, a, chat_lex_add_commands))
        return false; /* "add X. It is important so please make it high priority": an add */
    for (size_t vi = a + 1; vi + 1 < b; vi++) {
        nlu_snap_t snap = nlu_snap(p);
        if (!closing_change(p, vi)) {
            nlu_restore(p, &snap);
            continue;
        }
        use(p, vi, p->e - vi);
        for (size_t w = a + 1; w < vi; w++)
            if (pm(p, w,
                   "is|isnt|are|arent|was|wasnt|got|has|had|needs|should|shouldnt|cant|can|could|"
                   "doesnt|dont|wont")) {
                use(p, w, vi - w);
                break;
            }
        /* "dont mark the report done yet, just move it to monday": the first
           clause names the todo; what it says not to do is no part of that */
        use(p, a, pm_any(p, a, chat_lex_not_to_do));
        o->intent = CHAT_UPDATE;
        nlu_ref_in_range(p, a, name_end(p, first_free(p), vi));
        return o->ref != CHAT_REF_NONE;
    }
    return false;
}

/* True when a closing clause sets a date, a priority or tags on "it"
 * ("delete old photos from the phone, put it for sunday": the first clause
 * is a task, no delete). */
bool nlu_has_closing_change(const nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p);
    for (size_t vi = a + 2; vi + 1 < b; vi++)
        if (clause_change_at(p, vi))
            return true;
    return false;
}

/* True when a closing command about "it" ends the message (rule_clause_cmd
 * reads those: the first clause names the todo). */
bool nlu_has_clause_cmd(const nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p);
    chat_intent_t intent;
    for (size_t vi = a + 2; vi + 1 < b; vi++)
        if (nlu_clause_cmd_at(p, vi, b, &intent))
            return true;
    return false;
}

/* "the landlord never replied", "we're not doing secret santa this year":
 * the first clause's name of the todo ends before a state word
 * (chat_lex_antecedent_cuts) and loses a closing time or filler
 * (chat_lex_antecedent_tails). */
static void trim_antecedent(nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p);
    for (size_t vi = a + 1; vi < b; vi++)
        if (!p->used[p->v[vi]] && pm(p, vi, chat_lex_antecedent_cuts)) {
            use(p, vi, b - vi);
            break;
        }
    while (nlu_strip_suffix_list(p, chat_lex_antecedent_tails))
        ;
}

/* "mom already picked it up, mark it done", "i just did lol, tick it off",
 * "my husband already called him, mark it done": the first clause points
 * back at a todo named before (an object pronoun, or a bare "did" at its
 * end) and names no topic of its own ("rang him about the gutters" names
 * the gutters; a quote or a tag names a todo too). */
static bool points_back(const nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p);
    bool back = b > a && pm(p, b - 1, "did|done");
    for (size_t vi = a; vi < b; vi++) {
        if (p->used[p->v[vi]])
            continue;
        if (vt(p, vi)->kind == CHAT_TOK_QUOTED || vt(p, vi)->kind == CHAT_TOK_TAG ||
            pm(p, vi, "about|regarding|re|concerning"))
            return false;
        back = back || pm(p, vi, "it|them|him|her");
    }
    return back;
}

/* Does a past verb come in view range [a, b) ("school just called")? */
static bool past_before(const nlu_t *p, size_t a, size_t b)
{
    for (size_t vi = a; vi < b; vi++)
        if (nlu_past_word(vt(p, vi)))
            return true;
    return false;
}

/* A request to add a new item opens the words at vi ("..., add buy a
 * rail pass on sunday", "... 👍 now put follow up with Studio Rossi on
 * wednesday", "... 🎉 now I must to take the photos"). */
static bool adds_at(const nlu_t *p, size_t vi)
{
    for (size_t k = vi; k < nlu_clause_end(p, vi); k++)
        if (pm(p, k, "back"))
            return false; /* "..., put pay rent back on my list" reopens */
    vi += pm(p, vi, "now|also|then");
    return (pm(p, vi, "add|put") && !pm(p, vi + 1, "it|this|that|them|a|note|tag|to|back")) ||
           pm(p, vi, "remind me to") || pm(p, vi, "i|we must|need|have ?to") >= 2;
}

/* A complete, reopen, delete or move verb opens the words at vi. */
static bool command_at(const nlu_t *p, size_t vi)
{
    return pm_any(p, vi, chat_lex_complete_commands) || pm_any(p, vi, chat_lex_complete_openers) ||
           pm_any(p, vi, chat_lex_delete_strong) || pm_any(p, vi, chat_lex_delete_nounlike) ||
           pm(p, vi, "reopen|unmark|uncheck|untick|take") || /* "..., so take X off my list" */
           pm_any(p, vi, chat_lex_move_verbs);
}

/* "grandma's home safe, u can tick the airport pickup", "site's closed
 * today, bump the kits panel check to monday", "school just called, so put
 * down X": a closing clause (after a comma or "so") opened by a complete,
 * reopen, delete or move verb that names its todo itself, or (after news
 * or four words of talk) by a request to add; the first clause, no
 * command, is only the reason (its date too). */
static bool clause_named_cmd(nlu_t *p)
{
    static bool (*const cmds[])(nlu_t *) = {nlu_rule_reopen, nlu_rule_delete, nlu_rule_complete,
                                            nlu_rule_update, nlu_rule_add,    nlu_rule_put_task};
    size_t a = first_free(p), b = last_free(p), s = p->s;
    if (command_at(p, a) || adds_at(p, a))
        return false; /* "mark milk, eggs and bread done": one command */
    for (size_t vi = a + 2; vi + 1 < b; vi++) {
        size_t lead = pm_any(p, vi, chat_lex_clause_leads);
        /* "milk and eggs, add bread" is a list; "school just called, so put
           down X" and longer talk are no part of X */
        bool add = (vi >= a + 4 || past_before(p, a, vi)) && adds_at(p, vi + lead);
        lead += add ? pm(p, vi + lead, "now|also|then") : 0; /* "... 😴 now put X" */
        if ((!after_comma(p, vi) && !pm(p, vi, "so")) || !(command_at(p, vi + lead) || add) ||
            pm(p, vi + lead + 1, "it|this|that")) /* "..., mark it urgent" names none */
            continue;
        for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
            nlu_snap_t snap = nlu_snap(p);
            p->s = vi + lead;
            bool is_add = cmds[i] == nlu_rule_add || cmds[i] == nlu_rule_put_task;
            /* a todo named, all of them ("quit my job today 🎉 delete all my
               todos tagged work" asks first), or a new one */
            bool ok = (add == is_add) && cmds[i](p) &&
                      (is_add ? p->out->title != NULL
                              : p->out->ref == CHAT_REF_TEXT ||
                                    (p->out->intent == CHAT_DELETE && p->out->ref == CHAT_REF_ALL));
            p->s = s;
            if (ok) {
                use(p, a, vi + lead - a);
                return true;
            }
            nlu_restore(p, &snap);
        }
    }
    return false;
}

bool nlu_rule_clause_cmd(nlu_t *p)
{
    if (nlu_property_object(p) || nlu_negated_command(p))
        return false;
    size_t a = first_free(p), b = last_free(p);
    chat_intent_t intent = CHAT_UNKNOWN;
    for (size_t vi = a + 2; vi + 1 < b; vi++) {
        size_t k = nlu_clause_cmd_at(p, vi, b, &intent);
        if (!k)
            continue;
        use(p, vi, k);
        take(p, a, chat_lex_clause_openers);
        if (intent == CHAT_DELETE) /* "the first one's off, delete it" */
            nlu_strip_suffix_list(p, chat_lex_gone_states);
        a = first_free(p);
        if (intent == CHAT_REOPEN) {
            nlu_strip_suffix_list(p, nlu_reopen_strong);
        } else if (intent == CHAT_COMPLETE) {
            nlu_strip_done_suffix(p, true);
        }
        size_t f = first_free(p);
        if (count_free(p) > 3 && nlu_past_word(vt(p, f + 1)) && !nlu_past_word(vt(p, f)) &&
            !p->used[p->v[f + 1]] && !pm(p, f + 1, chat_lex_antecedent_cuts))
            use(p, f, 1); /* "Emma finished her poster!! check that one off": who did it */
        if (nlu_past_word(vt(p, first_free(p))) && count_free(p) > 1)
            nlu_drop_past_verb(p, first_free(p)); /* the past-tense verb of the first clause */
        trim_antecedent(p);
        p->out->intent = intent;
        p->out->ref_talk = intent == CHAT_REOPEN || points_back(p);
        if (nlu_all_in(p, chat_lex_ref_commentary, chat_lex_ref_commentary)) {
            p->out->ref = CHAT_REF_RECENT; /* "oh i actually already got them, mark it done" */
            return true;
        }
        nlu_take_ref(p);
        return p->out->ref != CHAT_REF_NONE;
    }
    return clause_named_cmd(p);
}
