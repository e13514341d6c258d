/* chat_nlu: intent and entity rules. The rules work on normalised tokens
 * (chat_tok) and mark every token they consume; what is left of the message
 * becomes the title, the reference or the search text, in the user's words.
 * This file holds the order of the rules and the whole-message intents;
 * the rules themselves live in chat_rule_*.c, named for what they read,
 * and share chat_rule.h. */
#include "chat_rule.h"

#include "chat_intent.h"

#include <ctype.h>
#include <strings.h>

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

/* The view index where the first (or last) clause break of one of the
 * marks falls inside the message; 0 when there is none. */
static size_t clause_cut(const nlu_t *p, const char *marks, bool last)
{
    size_t vi = 0, cut = 0;
    for (size_t k = 0; k < p->n && (last || !cut); k++) {
        if (p->t[k].kind != CHAT_TOK_PUNCT)
            vi++;
        else if (strchr(marks, p->t[k].norm[0]) && vi > p->s && vi < p->e)
            cut = vi;
    }
    return cut;
}

/* "how do I ...", "how does this work", "can you show me how to set
 * reminders" (chat_lex_help_howto): a short how-question asks for help,
 * even about a command ("how do i undo something" is help, not undo). */
static bool how_question(const nlu_t *p)
{
    size_t a = first_free(p), k = pm_any(p, a, chat_lex_help_howto);
    if (!k)
        k = pm(p, a, "how do|does|can|should|would|i|to"); /* "how i add a date?" */
    /* "how do i use this thing? like can i set due dates": the first question */
    size_t q = clause_cut(p, "?", false), end = q ? q : p->e;
    size_t words = count_free_in(p, p->s, end);
    bool app = false; /* "How do I put in something with a date on it?" */
    for (size_t vi = a; vi < end; vi++)
        app = app || nlu_word_in(p, vi, chat_lex_help_app_words);
    /* "is there a way to make a task repeat every week?" */
    size_t most = pm_any(p, a, chat_lex_help_howto) || app ? 14 : 10;
    /* "can i get a reminder to call mum tomorrow": the thing asked for */
    bool asks = k && a + k + 1 < end && pm(p, a + k, "to|about|that") &&
                !pm(p, a + k - 1, "how|what"); /* "can u explain how to mark X" asks how */
    return k && !asks && words <= most && !pm(p, a + k - 1, "how many|much|long|far|often");
}

/* "argh wrong one, undo", "undo!! i need that", "go back to how it was": an
 * undo word (chat_lex_undo_anywhere) in a short message whose other words
 * are the undo, cancel or confirm sets' but for at most
 * CHAT_LEX_UNDO_OTHERS, with no quotes, tags or numbers (those name
 * something); or a whole-message undo pattern (chat_lex_undo_patterns). */
static bool undo_message(const nlu_t *p)
{
    size_t a = first_free(p), nf = count_free(p);
    if (pm_any(p, a, chat_lex_undo_patterns) == nf)
        return true;
    bool undo = false;
    size_t others = 0;
    for (size_t vi = a; vi < p->e && nf <= 7; vi++) {
        const chat_tok_t *t = vt(p, vi);
        if (p->used[p->v[vi]])
            continue;
        if (t->kind != CHAT_TOK_WORD)
            return false;
        bool is_undo = nlu_in_list(t->norm, chat_lex_undo_anywhere);
        undo = undo || is_undo;
        others += !is_undo && !nlu_in_list(t->norm, chat_lex_undo_words) &&
                  !nlu_in_list(t->norm, chat_lex_cancel_words) &&
                  !nlu_in_list(t->norm, chat_lex_confirm_words);
    }
    return undo && others <= CHAT_LEX_UNDO_OTHERS;
}

/* "actually nvm, delete that": a delete word not negated ("no dont delete
 * them" cancels). */
static bool asks_delete(const nlu_t *p)
{
    for (size_t vi = p->s; vi < p->e; vi++)
        if (pm(p, vi, "delete|remove") && !(vi > p->s && pm(p, vi - 1, "dont|not|no|never")))
            return true;
    return false;
}

/* A request for help in the clause c: a help phrase or a how-question. */
static bool help_clause(const nlu_t *c)
{
    return pm_any(c, first_free(c), chat_lex_help_phrases) == count_free(c) || how_question(c);
}

/* "sorry i'm not very good with technology, what do i type?": a help
 * question after a comma, and before it only help words, however many
 * (chat_lex_help_words; nlu_all_in takes at most 9 words at once). */
static bool help_clauses(const nlu_t *p)
{
    size_t cut = clause_cut(p, ",", true);
    if (!cut)
        return false;
    nlu_t head = *p, tail = *p;
    head.e = cut;
    tail.s = cut;
    /* "first time using this yoke, what kind of things can i type?" */
    bool first_time = pm(&head, first_free(&head), "?its|my first time ?using|here|user") >= 2;
    return (first_time ? help_clause(&tail)
                       : nlu_all_in(&tail, chat_lex_help_words, chat_lex_help_strong)) &&
           (first_time || nlu_all_in(&head, chat_lex_help_words, chat_lex_help_strong) ||
            nlu_all_in(&head, chat_lex_help_words, chat_lex_help_words));
}

/* "help pls, how do i set a reminder?": a how-question after a clause of
 * help words; "ano pwede mo gawin? what can you do po": two help
 * questions; "what can you do? first time using this": one and help words. */
static bool help_in_two(const nlu_t *p)
{
    size_t cut = clause_cut(p, ",", false), ask = clause_cut(p, "?", false);
    nlu_t head = *p, tail = *p;
    head.e = tail.s = cut;
    if (cut && nlu_all_in(&head, chat_lex_help_words, chat_lex_help_strong) && how_question(&tail))
        return true;
    head.e = tail.s = ask;
    return ask && help_clause(&head) &&
           (help_clause(&tail) || nlu_all_in(&tail, chat_lex_help_words, chat_lex_help_strong) ||
            pm(&tail, first_free(&tail), "first time ?using|here|user") >= 2);
}

/* "oops undo, hit that by accident": an undo said in so many words, then
 * talk that asks nothing more (no command word in it). */
static bool undo_then_talk(const nlu_t *p)
{
    size_t cut = clause_cut(p, ",.!", false);
    nlu_t head = *p, tail = *p;
    head.e = tail.s = cut;
    if (!cut || !undo_message(&head) || count_free(&tail) == 0)
        return false;
    bool said = false;
    for (size_t vi = head.s; vi < head.e; vi++)
        said = said || pm(&head, vi, "undo|revert|undid");
    /* "undo that, still gotta fold it": a command in the talk is about the
       undone change when it points back at it ("undo, gotta buy milk" is not) */
    bool commands = false, back = false;
    for (size_t vi = tail.s; vi < tail.e && said; vi++) {
        said = vt(&tail, vi)->kind == CHAT_TOK_WORD;
        commands = commands || nlu_in_list(vt(&tail, vi)->norm, chat_lex_comment_commands);
        back = back || pm(&tail, vi, "it|that|them|those|this");
    }
    return said && (!commands || back);
}

/* "oops undo pls 😬 still need them for mom's bday", "wait no dont delete
 * the dentist yet!! undo that": an undo word among the first or the last
 * three words of a short message, and the rest talk: any command in it is
 * negated ("dont delete") or points back at the undone change ("need
 * them"); quotes, tags and numbers would name something. */
static bool undo_amid_talk(const nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p), u = b;
    for (size_t vi = a; vi < b && u == b && b - a <= 14; vi++)
        if (!p->used[p->v[vi]] && nlu_word_in(p, vi, chat_lex_undo_anywhere) &&
            (vi < a + 3 || vi + 3 >= b))
            u = vi;
    /* "undo the tick on X", "undo the knots in the lights": an object */
    if (u == b || !(u + 1 == b || p->v[u + 1] - p->v[u] > 1 ||
                    pm(p, u + 1, "it|that|this|them|those|pls|please|plz|now|asap")))
        return false;
    bool commands = false, back = false;
    for (size_t vi = a; vi < b; vi++) {
        const chat_tok_t *t = vt(p, vi);
        if (vi == u || p->used[p->v[vi]])
            continue;
        if (t->kind != CHAT_TOK_WORD)
            return false;
        bool negated = vi > a && pm(p, vi - 1, "dont|not|no|never|didnt");
        commands = commands || (!negated && nlu_word_in(p, vi, chat_lex_comment_commands) &&
                                !nlu_word_in(p, vi, chat_lex_undo_words));
        back = back || pm(p, vi, "it|that|them|those|this");
    }
    return !commands || back;
}

/* "yep, fresh start", "mai mai, no keep them, trip is still on": a first
 * clause all of the words of a whole-message set (words, with one of
 * strong), then talk that asks for nothing: any command in it negated, no
 * date, quote, tag or number, no new name ("wait, call it 'X'"). Sets
 * *about when the message speaks of what was asked ("them", "anything",
 * "keep"). */
static bool set_then_talk(const nlu_t *p, const char *const *words, const char *const *strong,
                          bool *about)
{
    size_t cut = clause_cut(p, ",.!", false);
    nlu_t head = *p;
    head.e = cut;
    if (!cut || !nlu_all_in(&head, words, strong))
        return false;
    *about = false;
    for (size_t vi = p->s; vi < p->e; vi++) {
        *about = *about || pm(p, vi, "them|it|those|these|anything|everything|keep|leave") > 0;
        if (vi < cut)
            continue;
        if (vt(p, vi)->kind != CHAT_TOK_WORD || nlu_date_at(p, vi) ||
            pm(p, vi, "call|rename|name|done|finished|complete|completed"))
            return false; /* "ah no, not done with the report actually": a state */
        if (nlu_word_in(p, vi, chat_lex_comment_commands) && !nlu_word_in(p, vi, words) &&
            !(vi > cut && pm(p, vi - 1, "dont|not|no|never")))
            return false;
    }
    return true;
}

/* A cancel, then talk about what was asked ("oh no, saturday not sunday"
 * corrects a date instead). */
static bool cancel_then_talk(const nlu_t *p)
{
    bool about;
    return set_then_talk(p, chat_lex_cancel_words, chat_lex_cancel_strong, &about) && about;
}

/* A "wait" or "no", then an undo ("wait wait, bring it back"): the undo. */
static bool cancel_then_undo(const nlu_t *p)
{
    size_t cut = clause_cut(p, ",.!", false);
    nlu_t head = *p, tail = *p;
    head.e = tail.s = cut;
    size_t k = cut ? pm_any(&tail, first_free(&tail), chat_lex_undo_patterns) : 0;
    return k && k == count_free(&tail) &&
           nlu_all_in(&head, chat_lex_cancel_words, chat_lex_cancel_strong);
}

/* A plain yes, then only words of a fresh start ("yep, fresh start",
 * "yes im sure, clean slate baby"; chat_lex_confirm_talk): "yes, except
 * the milk" and "ok, buy milk" are no plain yes. */
static bool confirm_then_talk(const nlu_t *p)
{
    size_t cut = clause_cut(p, ",.!", false);
    nlu_t head = *p, tail = *p;
    head.e = tail.s = cut;
    return cut && nlu_all_in(&head, chat_lex_confirm_words, chat_lex_confirm_strong) &&
           nlu_all_in(&tail, chat_lex_confirm_talk, chat_lex_confirm_talk);
}

static bool whole_message(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    char ph[256];
    nlu_phrase(p, ph, sizeof ph);
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
    if (help_clause(p) || help_clauses(p) || help_in_two(p)) {
        o->intent = CHAT_HELP;
        return true;
    }
    if (undo_message(p) || undo_then_talk(p) || undo_amid_talk(p) || cancel_then_undo(p)) {
        o->intent = CHAT_UNDO;
        return true;
    }
    if (cancel_then_talk(p) && !asks_delete(p)) {
        o->intent = CHAT_CANCEL;
        return true;
    }
    if (confirm_then_talk(p)) {
        o->intent = CHAT_CONFIRM;
        return true;
    }
    for (size_t i = 0; i < sizeof whole_sets / sizeof *whole_sets; i++)
        if (((whole_sets[i].phrases && nlu_in_list(ph, whole_sets[i].phrases)) ||
             nlu_all_in(p, whole_sets[i].words, whole_sets[i].strong)) &&
            !(whole_sets[i].intent == CHAT_CANCEL && asks_delete(p))) {
            o->intent = whole_sets[i].intent;
            return true;
        }
    return false;
}

/* "pound" and "pounds" are one currency. */
static bool same_currency(const chat_tok_t *a, const chat_tok_t *b)
{
    size_t la = strlen(a->norm), lb = strlen(b->norm);
    la -= la > 1 && a->norm[la - 1] == 's';
    lb -= lb > 1 && b->norm[lb - 1] == 's';
    return la == lb && !strncmp(a->norm, b->norm, la);
}

/* "1 dollar in egyptian pound": a currency, "in" or "to", and another
 * currency within three words ("2 pounds of beef and 1 pound of chicken"
 * converts nothing). */
static bool currencies(const nlu_t *p)
{
    for (size_t vi = p->s; vi < p->e; vi++) {
        if (!nlu_word_in(p, vi, chat_lex_currencies) || !pm(p, vi + 1, "in|to|into|vs|against"))
            continue;
        for (size_t w = vi + 2; w < p->e && w <= vi + 4; w++)
            if (nlu_word_in(p, w, chat_lex_currencies) && !same_currency(vt(p, w), vt(p, vi)))
                return true;
    }
    return false;
}

/* "whats 15% of 240", "15% off 240", "a 20% tip on $62.40": a number,
 * "%", perhaps one word, "of", "off" or "on", perhaps a currency mark, a
 * number ("buy 2% milk on sale" takes none; the marks are no words of the
 * view). */
static bool percent_of(const nlu_t *p)
{
    for (size_t k = 0; k + 3 < p->n; k++) {
        if (p->t[k].kind != CHAT_TOK_NUM || p->t[k + 1].kind != CHAT_TOK_PUNCT ||
            p->t[k + 1].norm[0] != '%')
            continue;
        size_t j = k + 2 + !chat_lex_has(chat_lex_percent_links, p->t[k + 2].norm);
        if (j + 1 >= p->n || !chat_lex_has(chat_lex_percent_links, p->t[j].norm))
            continue;
        j += 1 + (p->t[j + 1].kind == CHAT_TOK_PUNCT && j + 2 < p->n); /* "$62.40" */
        if (p->t[j].kind == CHAT_TOK_NUM)
            return true;
    }
    return false;
}

/* "348 divided by 12", "7 times 8": arithmetic, not a todo. */
static bool arithmetic(const nlu_t *p)
{
    if (percent_of(p) || currencies(p))
        return true;
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

/* Things the bot is asked to do that it cannot, after "can you": a verb,
 * then within a few words an object that shows it ("could you order pizza
 * for me", "can you pay the gas bill for us", "can you write a short poem
 * for my wife's card"). */
static const struct {
    const char *verbs, *objects;
    size_t within;
} bot_services[] = {{"order|book|reserve|buy|pay|send|call|ring|phone|text|email", "for me|us", 12},
                    {"write|compose|make|draw|come",
                     "poem|poems|song|story|joke|jokes|haiku|limerick|essay|speech|rap|toast", 4}};

static bool service_asked(const nlu_t *p, size_t verb)
{
    for (size_t r = 0; r < sizeof bot_services / sizeof *bot_services; r++) {
        if (!pm(p, verb, bot_services[r].verbs))
            continue;
        for (size_t vi = verb + 1; vi < p->e && vi <= verb + bot_services[r].within; vi++)
            if (pm(p, vi, bot_services[r].objects))
                return true;
    }
    return false;
}

/* Does a free word of the message belong to list? */
static bool names_any(const nlu_t *p, const char *const *list)
{
    for (size_t vi = p->s; vi < p->e; vi++)
        if (!p->used[p->v[vi]] && nlu_word_in(p, vi, list))
            return true;
    return false;
}

/* Requests outside the todo domain (weather, music, translation, timers,
 * jokes, news) change nothing: unless the message speaks of the list or
 * opens with a task verb ("buy a kitchen timer"), it is unknown. */
static bool off_topic(nlu_t *p)
{
    static const char *const domain[] = {
        "todo|todos|task|tasks|list|remind|reminder|reminders|add|note|agenda|due|delete|remove|"
        "mark|tick|reschedule|rename|postpone",
        NULL};
    /* "push X to sunday, they say rain on saturday" moves a todo; "move my
       alarm to 6am" moves what the bot does not keep */
    static const char *const moves =
        "push|move|shift|bump|scratch|skip|" CHAT_LEX_DROP_VERBS " ?about ?my|the|it|that";
    size_t a = first_free(p);
    if (arithmetic(p))
        return true; /* "can u do 12 x 14 for me": a sum, whatever the verb */
    /* "gotta book the snow tire swap": an add's lead before a task verb */
    a += pm(p, a, "?i|we ?still|really|just gotta|must|need|have|got ?to");
    size_t you = pm(p, a, "can|could|would|will you|u ?please"); /* "can you play some Anitta" */
    a += you;
    const chat_tok_t *t = vt(p, a);
    /* "write me a poem", "find us a recipe": a task verb asking the bot;
       "can you call my mom": the bot is asked to make a call it cannot */
    bool verb = t && t->kind == CHAT_TOK_WORD && nlu_in_list(t->norm, chat_lex_task_verbs);
    bool asks = verb && ((pm(p, a + 1, "me|us") && !pm(p, a, "remind|show|give|help|let|get")) ||
                         (you && pm(p, a, "call|ring|phone|text|email|message")) ||
                         (you && service_asked(p, a)));
    if (verb && !pm(p, a, "play|set|tell|check|start|sing|translate") && !asks)
        return false;
    bool hit = false, listish = false;
    /* "what time does the pharmacy close", "why is the library closed on fridays" */
    bool hours = pm(p, p->s, "what time|when") > 0 || pm(p, p->s, "why") > 0;
    if (pm(p, p->s, "how do|can|to") && names_any(p, chat_lex_device_words))
        return true; /* "how do I delete my Facebook account?" */
    for (size_t vi = p->s; vi < p->e; vi++) {
        hit = hit || (hours && pm_any(p, vi, chat_lex_opening_hours));
        size_t mk = pm(p, vi, moves);
        if (pm(p, vi, domain[0]) || (mk && !pm_any(p, vi + mk, chat_lex_off_topic)))
            return false;
        hit = hit || pm_any(p, vi, chat_lex_off_topic) > 0;
        listish = listish || (vt(p, vi)->kind == CHAT_TOK_WORD &&
                              chat_lex_has(chat_lex_list_topic, vt(p, vi)->norm));
    }
    /* "how many calories in a banana": a count of nothing on the list */
    hit = hit || (pm(p, p->s, "how many|much") == 2 && !listish);
    return hit || pm(p, a, "play|sing") > 0 || (asks && !listish);
}

/* A change said as news of a todo ("parents evening moved to 7:10",
 * "payroll forms → high priority"), as an add of what it names with the
 * new values, for when no todo matches; NULL when it carries no value for a
 * new todo (a past date, a shift, a new title). */
static chat_nlu_t *add_from_ref(const nlu_t *p)
{
    const chat_nlu_t *o = p->out;
    bool value = (o->has_due && !o->due.past) || o->priority || o->n_tags;
    if (!value || o->shift_min || o->title || o->untag || o->clear_due || !o->ref_text)
        return NULL;
    chat_nlu_t *add = p->mem->alloc(p->mem->allocator_data, sizeof *add);
    *add = *o;
    add->intent = CHAT_ADD;
    add->title = o->ref_text;
    add->ref = CHAT_REF_NONE;
    add->ref_text = NULL;
    add->alt_add = NULL;
    return add;
}

/* A complete, delete or change of a todo named by its words that also
 * reads as a new task: with a date for it ("mark the year 9 essays by
 * thursday", "delete my old emails on monday", "book MOT, due 10th dec"),
 * or a complete verb that is a task verb too with no done word ("check
 * the tyre pressure"). Keeps that add in out->alt_add, read from the marks
 * of save; chat_engine adds it only when no todo matches, so nothing is
 * deleted or completed more easily for it. */
static void offer_add(nlu_t *p, const nlu_snap_t *save)
{
    chat_nlu_t *o = p->out;
    if (o->ref != CHAT_REF_TEXT ||
        (o->intent != CHAT_COMPLETE && o->intent != CHAT_DELETE && o->intent != CHAT_UPDATE))
        return;
    if (p->news) {
        o->alt_add = add_from_ref(p);
        return;
    }
    if (o->intent == CHAT_COMPLETE && o->ref_verb)
        return; /* "paid the water bill today, finally": news of a deed is no new task */
    nlu_t q;
    chat_nlu_t *alt = nlu_probe_at(p, save, &q);
    size_t a = first_free(&q);
    bool gerund = pm_any(&q, a, chat_lex_move_gerunds) > 0; /* "moving boxes saturday" */
    if (o->intent == CHAT_UPDATE && !gerund &&
        (o->title || !pm_any(&q, a, chat_lex_task_verbs) || pm_any(&q, a, chat_lex_update_verbs)))
        return; /* "move X to friday" is no task */
    bool task = o->intent == CHAT_COMPLETE && pm_any(&q, a, chat_lex_task_completes);
    for (size_t vi = a; task && vi < q.e; vi++)
        task = !pm_any(&q, vi, chat_lex_done_marks);
    if (!nlu_rule_bare_add(&q) || alt->intent != CHAT_ADD || !alt->title)
        return;
    if (task || (alt->has_due && !alt->due.past))
        o->alt_add = alt;
}

/* How parse_rules decided: a rule of the table, one of the bare-add rules
 * at its end, an earlier whole-message or off-topic reading, nothing, or
 * nothing after a delete verb the delete rule refused to act on ("skip the
 * gym": its target is not marked as a todo, chat_lex.h). */
typedef enum { READ_NONE, READ_EARLY, READ_RULE, READ_BARE, READ_DECLINED } read_by_t;

/* Nothing read: was it a delete verb whose target the rules would not
 * take? Then that target is kept as the reference (chat_nlu_t.declined). */
static read_by_t read_nothing(nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p);
    size_t k = pm_any(p, a, chat_lex_delete_tasklike);
    if (!k)
        k = pm_any(p, a, chat_lex_delete_nounlike);
    if (!k || a + k >= b)
        return READ_NONE;
    p->out->ref = CHAT_REF_TEXT;
    p->out->ref_text = nlu_text_between(p, a + k, b);
    p->out->declined = true;
    return READ_DECLINED;
}

/* "hi, i'm Margaret. my grandson set this up for me": a first clause of
 * greeting words; if the rules read nothing in the rest, it is a greeting. */
static bool opens_with_greeting(const nlu_t *p)
{
    nlu_t head = *p;
    head.e = clause_cut(p, ",.!", false);
    return head.e && nlu_all_in(&head, chat_lex_greet_words, chat_lex_greet_strong);
}

/* Takes that first clause of greeting words out of the view, so the rules
 * read the rest ("grand, i rang him this morning so thats done"). */
static void drop_greeting(nlu_t *p)
{
    size_t cut = clause_cut(p, ",.!", false);
    use(p, p->s, cut - p->s);
}

/* Does an item read with no add word tell of the past: a date already gone
 * and a past verb after its first word ("maman called me this morning",
 * "Karim signed his contract this morning")? */
static bool told_as_past(const nlu_t *p)
{
    if (!p->out->has_due || (!p->out->due.past && p->out->due.t >= p->ctx->now) || p->add_said ||
        nlu_word_in(p, p->s, chat_lex_task_verbs)) /* "reply to email sent this morning" */
        return false;
    for (size_t vi = p->s + 1; vi < p->e && vi < p->s + 4; vi++)
        if (nlu_past_word(vt(p, vi)))
            return true;
    return false;
}

/* Does the message tell a plan rather than ask for a change ("we'll
 * probably delete X once they confirm", "maybe I'll bump X to high",
 * "thinking about moving X")? Read before the fillers go ("we'll" reads
 * as "well") and after ("ok so I might cancel X"). */
static bool told_plan(const nlu_t *p)
{
    size_t a = first_free(p);
    while (a + 1 < p->e && pm(p, a, chat_lex_plan_openers))
        a++;
    size_t v = a + pm_any(p, a, chat_lex_plan_hedges);
    while (v > a && v < p->e && pm(p, v, chat_lex_plan_then))
        v++;
    if (v == a || !pm(p, v, chat_lex_plan_verbs))
        return false;
    for (size_t vi = v + 1; vi < p->e; vi++) {
        if (pm_any(p, vi, chat_lex_plan_asks))
            return false; /* "..., go ahead and delete it" */
        if (!pm(p, vi, chat_lex_plan_corrections))
            continue;
        for (size_t k = vi + 1; k < p->e && k <= vi + 4; k++)
            if (pm(p, k, chat_lex_plan_requests))
                return false; /* "maybe i delete X... no, just make it low priority" */
    }
    return true;
}

/* Does the message pass on news ("heads up, the Naidoos are away for
 * December") with nothing asked of the list? */
static bool told_news(const nlu_t *p)
{
    size_t a = first_free(p), k = pm_any(p, a, chat_lex_news_leads);
    if (!k)
        return false; /* "heads up" alone: its news is in the next clause */
    for (size_t vi = a + k; vi < p->e; vi++)
        if (pm(p, vi, chat_lex_news_asks))
            return false;
    return true;
}

static read_by_t run_rules(nlu_t *p)
{
    if (off_topic(p) || whole_message(p))
        return READ_EARLY;
    bool news = told_news(p); /* before "heads up," goes as a greeting */
    bool greeted = opens_with_greeting(p);
    if (greeted)
        drop_greeting(p);
    bool plan = news || told_news(p) || told_plan(p);
    nlu_drop_restart(p);
    nlu_strip_fillers(p);
    nlu_take_clause_note(p);
    if (plan || told_plan(p)) {
        p->out->intent = CHAT_UNKNOWN;
        p->out->told = true;
        return READ_EARLY;
    }
    nlu_drop_reason_clause(p);
    nlu_drop_purpose_clause(p);
    nlu_drop_add_request(p);
    nlu_drop_commentary(p);
    if (count_free(p) == 0) {
        whole_message(p);
        return READ_EARLY;
    }
    if (whole_message(p) || nlu_rule_clear(p) || nlu_rule_list_item(p))
        return READ_EARLY;
    /* each rule works on a copy of the marks so a failed rule leaves none */
    nlu_snap_t save = nlu_snap(p);
    bool (*rules[])(nlu_t *) = {nlu_rule_add_asked, nlu_rule_put_task,   nlu_rule_followup,
                                nlu_rule_reopen,    nlu_rule_list,       nlu_rule_update,
                                nlu_rule_delete,    nlu_rule_clause_cmd, nlu_rule_clause_update,
                                nlu_rule_complete,  nlu_rule_past,       nlu_rule_add,
                                nlu_rule_list_any,  nlu_rule_bare_add,   nlu_rule_bare_item};
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        if (rules[i](p)) {
            offer_add(p, &save);
            bool bare = rules[i] == nlu_rule_bare_add || rules[i] == nlu_rule_bare_item;
            if (bare && told_as_past(p)) {
                nlu_restore(p, &save);
                break; /* "Karim signed his contract this morning 👍": news, no task */
            }
            return bare && !p->add_said ? READ_BARE : READ_RULE; /* "new one: X" is asked */
        }
        nlu_restore(p, &save);
    }
    p->out->intent = greeted ? CHAT_GREETING : CHAT_UNKNOWN;
    return greeted ? READ_EARLY : read_nothing(p);
}

static read_by_t parse_rules(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                             ProtobufCAllocator *mem, chat_nlu_t *out)
{
    nlu_t p;
    if (!nlu_open(&p, msg, len, ctx, mem, out))
        return READ_EARLY; /* a run-on this long is not a command */
    return run_rules(&p);
}

/* The message read as an item to add, as if it were a bullet ("- X"): its
 * dates, tags and priority taken, the rest the title. NULL when that reads
 * no title. */
static chat_nlu_t *read_as_item(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                                ProtobufCAllocator *mem)
{
    char *item = mem->alloc(mem->allocator_data, len + 3);
    memcpy(item, "- ", 2);
    memcpy(item + 2, msg, len);
    item[len + 2] = 0;
    chat_nlu_t *add = mem->alloc(mem->allocator_data, sizeof *add);
    parse_rules(item, len + 2, ctx, mem, add);
    return add->intent == CHAT_ADD && add->title && add->title[0] ? add : NULL;
}

/* Does msg hold a Latin vowel at all? Keys mashed at random ("zzzz qqqq")
 * are no words, whatever n-grams the classifier has seen. */
static bool has_vowel(const char *msg, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (msg[i] && strchr("aeiouyAEIOUY", msg[i]))
            return true;
    return false;
}

/* The learned classifier's second opinion (chat_intent.h), asked only where
 * the rules read nothing, read a bare item, or named a todo to change that
 * may not exist. It can only move towards an intent that changes nothing
 * existing: unknown or a bare item becomes a list question, help or a
 * greeting; unknown becomes an add; a complete/reopen/delete/change of a
 * named todo keeps its intent and gets the add as alt_add, which chat_engine
 * uses only when no todo matches. Deleting, completing and bulk changes
 * still need the rules' verb and target; after a delete verb the rules
 * declined, the add is only alt_add, made when its target names no todo
 * ("chuck the old paint tins at the tip" adds; "skip the gym" next to a
 * todo "the gym" does not). */
static void second_opinion(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                           ProtobufCAllocator *mem, chat_nlu_t *out, read_by_t by)
{
    chat_intent_t in = out->intent;
    bool named =
        by == READ_RULE && out->ref == CHAT_REF_TEXT && !out->alt_add &&
        (in == CHAT_COMPLETE || in == CHAT_REOPEN || in == CHAT_DELETE || in == CHAT_UPDATE);
    if (by != READ_NONE && by != READ_BARE && by != READ_DECLINED && !named)
        return;
    chat_intent_t g = has_vowel(msg, len) ? chat_intent_guess(&chat_intent_builtin, msg, len)
                                          : CHAT_UNKNOWN; /* "zzzz qqqq" says nothing */
    if (by == READ_DECLINED) {
        out->alt_add = g == CHAT_ADD ? read_as_item(msg, len, ctx, mem) : NULL;
        return;
    }
    if (g == CHAT_ADD && by != READ_BARE) {
        chat_nlu_t *add = read_as_item(msg, len, ctx, mem);
        if (add && named)
            out->alt_add = add;
        else if (add)
            *out = *add;
    } else if ((g == CHAT_LIST || g == CHAT_HELP || g == CHAT_GREETING) && !named) {
        memset(out, 0, sizeof *out);
        out->intent = g;
        out->status = g == CHAT_LIST ? 1 : 0; /* open todos, as a list question's default */
    }
}

bool chat_nlu_refuses(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                      ProtobufCAllocator *mem)
{
    nlu_t p;
    chat_nlu_t o;
    if (!nlu_open(&p, msg, len, ctx, mem, &o))
        return false;
    nlu_strip_fillers(&p);
    size_t a = first_free(&p);
    for (size_t vi = a; vi < p.e; vi++)
        if (!p.used[p.v[vi]] && ((vi < a + 3 && pm_any(&p, vi, chat_lex_refusal_leads)) ||
                                 pm_any(&p, vi, chat_lex_refusal_anywhere)))
            return true;
    return false;
}

/* The bytes of msg's first sentence or clause (ended by one of marks), its
 * closing mark included, when more words follow it ("the car inspection
 * is done!! passed with flying colors"); 0 for one. A full stop after a
 * name title or one letter ends none ("Dr. Patel", "5 p.m."). */
static size_t first_sentence(const char *msg, size_t len, const char *marks)
{
    for (size_t i = 1; i + 1 < len; i++) {
        if (!strchr(marks, msg[i]) || msg[i + 1] != ' ')
            continue;
        size_t w = i;
        while (w > 0 && msg[w - 1] != ' ' && !strchr(".?!", msg[w - 1]))
            w--;
        char word[8];
        size_t wl = i - w < sizeof word - 1 ? i - w : sizeof word - 1;
        for (size_t k = 0; k < wl; k++)
            word[k] = (char)tolower((unsigned char)msg[w + k]);
        word[wl] = '\0';
        if (msg[i] == '.' && (wl <= 1 || chat_lex_has(chat_lex_name_titles, word)))
            continue; /* "Dr. Patel", "5 p.m. tomorrow" */
        size_t j = i + 1;
        while (j < len && msg[j] == ' ')
            j++;
        return j < len ? i + 1 : 0;
    }
    return 0;
}

/* A later sentence (or clause) that asks to add or asks what is due after
 * talk ("... i can't sleep. please add book the ferry", "stuck in Dubai,
 * 6 hour layover. tomorrow remind me to X", "on the sydney exchange this
 * week, whats due tomorrow?"), as request_restart finds it. */
typedef struct restart {
    size_t cut;         /* its byte offset, 0 for none */
    size_t head_end;    /* where the words before it end ("but", "so" excluded) */
    chat_intent_t kind; /* CHAT_ADD or CHAT_LIST */
    bool talk;          /* the words before it read as talk (head_talk) */
    bool dated;         /* they open with a date ("every morning at 7 remind me ...") */
    bool conj;          /* "but" or "so" opened it */
} restart_t;

/* Do the words of view range [p->s, vi) read as talk rather than an item:
 * four words or more that open with a subject, a place, a negation or an
 * -ing word ("i missed the pharmacy today, ...", "in london visiting mum
 * but ...", "not urgent at all but ..."), or words that tell about
 * someone's life (nlu_clause_is_comment: "can't sleep, jetlag 😵 ..."); "buy milk, ...",
 * "birthday card for aunt jo, ..." and "yearbook photo day monday 7:45am,
 * ..." are items. */
static bool head_talk(const nlu_t *p, size_t vi)
{
    const chat_tok_t *t = vt(p, p->s);
    size_t l = strlen(t->norm);
    bool ing =
        l > 5 && !strcmp(t->norm + l - 3, "ing"); /* "visiting my sister this wknd but ..." */
    return (vi >= p->s + 4 && (nlu_word_in(p, p->s, chat_lex_talk_openers) || ing)) ||
           (vi >= p->s + 2 && nlu_clause_is_comment(p, p->s, vi, true, true));
}

/* Where the clause at view index vi asks to add (its lead words, 0 for
 * none): after a mark, "but" or "so", or with "remind me" or a laugh
 * before "add"; a task verb after a sentence's end. */
static size_t add_restart_at(const nlu_t *p, size_t vi, size_t conj)
{
    const chat_tok_t *mark = &p->t[p->v[vi] - 1];
    bool punct = mark->kind == CHAT_TOK_PUNCT && strchr(".!?*,;", mark->norm[0]);
    /* "in london visiting my sister remind me to X", "were in colorado til
       sunday lol add X": no mark needed before these */
    bool lead = pm(p, vi, "remind me") == 2 ||
                ((nlu_word_in(p, vi - 1, chat_lex_laughs) || pm(p, vi - 1, "rn|tho")) &&
                 pm(p, vi, "add|pls|please"));
    size_t k = punct || conj || lead ? pm_any(p, vi, chat_lex_add_restarts) : 0;
    size_t day = pm(p, vi, "today|tomorrow|tonight");
    if (punct && !strchr(",;", mark->norm[0]) && nlu_word_in(p, vi + day, chat_lex_task_verbs))
        k = day +
            1; /* "... my knees said no. collect my meds at 4", "landed ✈️ tomorrow buy X" */
    /* a title follows, in the same clause ("..., pls add, praying ..." has none) */
    return k > conj && vi + k < p->e && p->t[p->v[vi + k] - 1].kind != CHAT_TOK_PUNCT &&
                   !pm_any(p, vi + k, chat_lex_add_restart_not)
               ? k
               : 0;
}

/* Can msg hold a later request at all: a mark or an emoji before more
 * words, or one of the leads that need none ("... but remind me to X")?
 * Saves a second reading of most messages. */
static bool may_restart(const char *msg, size_t len)
{
    static const char *const leads[] = {" but ", " so ", "remind me", " add ", NULL};
    for (size_t i = 0; i + 2 < len; i++) /* a mark with words after it */
        if ((msg[i] && strchr(".!?,;", msg[i])) || (unsigned char)msg[i] >= 0xE2)
            return true;
    for (size_t k = 0; leads[k]; k++) {
        size_t l = strlen(leads[k]);
        for (size_t i = 0; i + l <= len; i++)
            if (!strncasecmp(msg + i, leads[k], l))
                return true;
    }
    return false;
}

static restart_t request_restart(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                                 ProtobufCAllocator *mem)
{
    restart_t r = {0};
    if (!may_restart(msg, len))
        return r;
    nlu_t p;
    chat_nlu_t o;
    if (!nlu_open(&p, msg, len, ctx, mem, &o))
        return r;
    for (size_t vi = p.s + 2; vi < p.e && !r.cut; vi++) {
        const chat_tok_t *mark = &p.t[p.v[vi] - 1];
        size_t conj = pm(&p, vi, "but|so"); /* the clause opens after it */
        r.head_end = p.t[p.v[vi]].off;
        if (add_restart_at(&p, vi, conj)) {
            r.cut = p.t[p.v[vi + conj]].off;
            r.kind = CHAT_ADD;
            r.conj = conj > 0;
        } else if (mark->kind == CHAT_TOK_PUNCT && strchr(".!?*,;", mark->norm[0]) &&
                   pm_any(&p, vi, chat_lex_list_restarts)) {
            r.cut = p.t[p.v[vi]].off;
            r.kind = CHAT_LIST;
        }
        r.talk = r.cut && head_talk(&p, vi);
    }
    r.dated = nlu_word_in(&p, p.s, chat_lex_date_openers);
    return r;
}

/* The add or question a later sentence asks for after talk
 * (request_restart), when the words before it are talk, not a command or
 * an item of their own ("buy milk, pls add eggs" keeps its first item). */
static bool read_request_after_talk(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                                    ProtobufCAllocator *mem, chat_nlu_t *out)
{
    chat_intent_t whole = out->intent;
    restart_t r = request_restart(msg, len, ctx, mem);
    /* "..., whats due tomorrow?" read whole as moving "... whats" */
    if (!r.cut || (whole != CHAT_ADD && whole != CHAT_UNKNOWN &&
                   !(whole == CHAT_UPDATE && r.kind == CHAT_LIST)))
        return false;
    chat_nlu_t head, tail;
    read_by_t by = parse_rules(msg, r.head_end, ctx, mem, &head);
    /* "my shift got swapped so i need to X": news before "so" is talk too */
    bool talk = (head.intent == CHAT_UNKNOWN && by != READ_EARLY && !r.dated) ||
                (r.talk && ((by == READ_BARE && head.intent == CHAT_ADD) ||
                            (r.conj && head.intent == CHAT_COMPLETE)));
    read_by_t tail_by = talk ? parse_rules(msg + r.cut, len - r.cut, ctx, mem, &tail) : READ_NONE;
    bool read = tail_by == READ_RULE || (tail_by == READ_BARE && r.kind == CHAT_ADD);
    if (!read || tail.intent != r.kind || (r.kind == CHAT_ADD && (!tail.title || !tail.title[0])))
        return false;
    *out = tail;
    out->weak = tail_by == READ_BARE; /* a bare item may still name a todo (chat_rule_anchor) */
    return true;
}

static read_by_t parse_whole(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                             ProtobufCAllocator *mem, chat_nlu_t *out)
{
    read_by_t by = parse_rules(msg, len, ctx, mem, out);
    chat_intent_t first = out->intent;
    second_opinion(msg, len, ctx, mem, out, by);
    out->weak = by == READ_NONE || by == READ_BARE || by == READ_DECLINED || out->intent != first;
    return by;
}

/* The word of msg (len bytes, not NUL-terminated) at byte off into w. */
static void word_at(const char *msg, size_t len, size_t off, char *w, size_t cap)
{
    char buf[64];
    size_t n = off < len ? len - off : 0;
    n = n < sizeof buf - 1 ? n : sizeof buf - 1;
    memcpy(buf, msg + off, n);
    buf[n] = '\0';
    chat_tok_next_word(buf, w, cap);
}

/* Does the clause ending at byte cut close a request ("..., please") or
 * talk of someone follow it ("..., i have guests")? */
static bool talk_follows(const char *msg, size_t len, size_t cut)
{
    char w[32];
    size_t b = cut - 1; /* the comma */
    while (b > 0 && msg[b - 1] != ' ')
        b--;
    word_at(msg, cut, b, w, sizeof w);
    if (chat_lex_has(chat_lex_request_closers, w))
        return true;
    word_at(msg, len, cut, w, sizeof w);
    return chat_lex_has(chat_lex_comment_subjects, w) && !chat_lex_has(chat_lex_laughs, w);
}

/* "unmark wash bike, rain made it dirty again lol": a message read as
 * nothing (or off topic by its talk) whose first clause alone reopens or
 * changes a named todo, or a change of "it" whose talk the whole reading
 * took for a name; never a yes or no ("yes, keep the rent one"), a delete,
 * or news. */
static bool read_first_clause(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                              ProtobufCAllocator *mem, chat_nlu_t *out)
{
    size_t cut = first_sentence(msg, len, ",");
    chat_nlu_t one;
    if (!cut || parse_rules(msg, cut, ctx, mem, &one) != READ_RULE)
        return false;
    /* "make it 11 instead, i have my walk at 10": the whole read "it 11
       instead" as a name */
    bool it_named = out->intent == CHAT_UPDATE && out->ref == CHAT_REF_TEXT && out->ref_text &&
                    !strncmp(out->ref_text, "it ", 3) && one.intent == CHAT_UPDATE &&
                    one.ref == CHAT_REF_RECENT;
    bool unread = out->intent == CHAT_UNKNOWN && one.ref == CHAT_REF_TEXT &&
                  (one.intent == CHAT_REOPEN || one.intent == CHAT_UPDATE);
    /* "show me everything tagged garden please, the chaps come on monday" */
    bool asked = out->intent == CHAT_LIST && one.intent == CHAT_LIST && talk_follows(msg, len, cut);
    if (!it_named && !unread && !asked)
        return false;
    *out = one;
    return true;
}

#define NLU_MAX_SENTENCES 8

/* The byte offsets where msg's sentences start (first_sentence's marks);
 * returns how many (1 for one sentence). */
static size_t sentence_starts(const char *msg, size_t len, size_t *start)
{
    size_t n = 1, cut;
    start[0] = 0;
    while (n < NLU_MAX_SENTENCES &&
           (cut = first_sentence(msg + start[n - 1], len - start[n - 1], ".?!"))) {
        size_t at = start[n - 1] + cut;
        while (at < len && msg[at] == ' ')
            at++;
        start[n++] = at;
    }
    return n;
}

/* Does msg[0..len) open with a request to the assistant
 * (chat_lex_request_openers)? */
static bool opens_request(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                          ProtobufCAllocator *mem)
{
    nlu_t p;
    chat_nlu_t o;
    return nlu_open(&p, msg, len, ctx, mem, &o) && pm_any(&p, p.s, chat_lex_request_openers);
}

/* The intents a request sentence may give a message of talk. */
static bool request_intent(chat_intent_t in)
{
    return in == CHAT_COMPLETE || in == CHAT_REOPEN || in == CHAT_DELETE || in == CHAT_UPDATE ||
           in == CHAT_UNDO || in == CHAT_HELP;
}

/* "Mrs Jenkins's daughter is taking the cat to Bristol. Would you delete
 * that one, please?", "Would you remove the reminder about ringing Gwen,
 * please? We've sorted it all out by email.": of a message of several
 * sentences that the whole did not read as a command, the sentence that
 * asks the assistant to act says what to do; its "it" or "that one" after
 * talk is what the talk names, as chat_engine's second reading of the whole
 * message finds it (never the todo last touched). */
static bool read_request_sentence(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                                  ProtobufCAllocator *mem, chat_nlu_t *out)
{
    size_t start[NLU_MAX_SENTENCES + 1];
    size_t n = sentence_starts(msg, len, start);
    if (n < 2 || !(out->intent == CHAT_UNKNOWN || out->intent == CHAT_LIST ||
                   out->intent == CHAT_HELP || out->weak))
        return false;
    start[n] = len;
    for (size_t k = 0; k < n; k++) {
        const char *s = msg + start[k];
        size_t sl = start[k + 1] - start[k];
        chat_nlu_t one;
        if (!opens_request(s, sl, ctx, mem) || parse_rules(s, sl, ctx, mem, &one) != READ_RULE ||
            !request_intent(one.intent))
            continue;
        if (one.ref == CHAT_REF_RECENT && k > 0) { /* the talk before it names it */
            one.ref = CHAT_REF_TEXT;
            one.ref_text = nlu_mstrndup(mem, msg, start[k]);
            one.weak = true; /* chat_engine's second reading finds the todo, or nothing */
        }
        *out = one;
        return true;
    }
    return false;
}

void chat_nlu_parse(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                    ProtobufCAllocator *mem, chat_nlu_t *out)
{
    read_by_t by = parse_whole(msg, len, ctx, mem, out);
    if (out->told || read_request_sentence(msg, len, ctx, mem, out))
        return;
    /* "finally paid the electric bill, what a relief! FPL sure takes its
       time": what the message did not read whole, its first sentence may
       say alone; "whats due tmrw? got a flight sunday": the question's
       answer searches no word of the talk after it */
    bool off_topic = out->intent == CHAT_UNKNOWN && by == READ_EARLY; /* "vai chover? ..." */
    size_t cut =
        (out->intent == CHAT_UNKNOWN && !off_topic) || (out->intent == CHAT_LIST && out->query)
            ? first_sentence(msg, len, ".?!")
            : 0;
    if (!cut &&
        (out->intent == CHAT_UNKNOWN || out->intent == CHAT_UPDATE || out->intent == CHAT_LIST) &&
        read_first_clause(msg, len, ctx, mem, out))
        return;
    if (read_request_after_talk(msg, len, ctx, mem, out))
        return;
    chat_nlu_t one;
    if (cut)
        chat_nlu_parse(msg, cut, ctx, mem, &one);
    /* a delete is read from the whole message only; a question asks */
    bool asks = cut && msg[cut - 1] == '?';
    if (cut && one.intent != CHAT_UNKNOWN && one.intent != CHAT_DELETE && !one.weak &&
        (!asks || one.intent == CHAT_LIST || one.intent == CHAT_HELP) &&
        (out->intent == CHAT_UNKNOWN || (one.intent == CHAT_LIST && !one.query) ||
         one.intent == CHAT_HELP)) /* "what can u do? wife set this up for me" */
        *out = one;
}
