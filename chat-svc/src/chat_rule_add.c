/* chat_rule_add: adding: add commands ("add", "remind me to", "I need to"), bare
 * tasks ("buy milk"), bare items ("oat milk") and list items ("to do:
 * X"), and the title that is left. */
#include "chat_rule.h"

static void finish_title(nlu_t *p);

/* A separator (chat_lex_label_seps) among the raw tokens from raw index a
 * to b (inclusive): punctuation, or a long dash read as a word. */
static bool label_sep(const nlu_t *p, size_t a, size_t b)
{
    for (size_t k = a; k <= b && k < p->n; k++)
        if ((p->t[k].kind == CHAT_TOK_PUNCT || p->t[k].kind == CHAT_TOK_WORD) &&
            nlu_in_list(p->t[k].norm, chat_lex_label_seps))
            return true;
    return false;
}

/* "new one: X", "low priority sometime: X", "fortnight from today: X",
 * "friday — X": a leading segment ending at a separator whose free words
 * are all label words (chat_lex_label_words; its dates and priority are
 * already taken) is dropped, when words follow it. */
static void drop_label(nlu_t *p)
{
    size_t b = last_free(p);
    for (size_t vi = p->s; vi + 1 < b; vi++) {
        const chat_tok_t *t = vt(p, vi);
        bool dash = nlu_in_list(t->norm, chat_lex_label_seps);
        if (!p->used[p->v[vi]] && !dash && !pm_any(p, vi, chat_lex_label_words))
            return;
        if (dash || label_sep(p, p->v[vi] + 1, p->v[vi + 1] - 1)) {
            for (size_t k = p->s; k <= vi; k++) /* "new one: X" asks for an add */
                p->add_said = p->add_said || pm(p, k, "new|another|todo|task") > 0;
            use(p, p->s, vi + 1 - p->s);
            return;
        }
    }
}

/* "toor dal 2kg also", "eggs as well": the closing words of one more. */
static void drop_add_trail(nlu_t *p)
{
    size_t b = last_free(p);
    for (size_t w = 2; w >= 1; w--)
        if (b >= first_free(p) + w + 1 && pm_any(p, b - w, chat_lex_add_trail) == w) {
            use(p, b - w, w);
            return;
        }
}

/* "pay the bill, it's important", "Renew my car insurance. It is very
 * Important so please make it high priority. It is due on the 3rd": what
 * the taken slots leave of a later clause ("it's", "it is very so please
 * make it") is no part of the title. */
static void drop_clause_glue(nlu_t *p)
{
    /* "..., needs doing by dec 5th", "..., theyre due wednesday", "..., end
       of month is the deadline" */
    static const char *const glue =
        "its|it|is|thats|that|and|also|but|pls|please|so|very|really|too|make|set|put|due|on|by|"
        "at|for|be|should|needs|need|to|has|have|a|the|as|mark|give|flag|with|done|finished|ready|"
        "theyre|they|are|doing|deadline|latest";
    size_t a = first_free(p) + 1;
    while (a < p->e) {
        size_t b = a + 1;
        while (b < p->e && !(p->t[p->v[b] - 1].kind == CHAT_TOK_PUNCT &&
                             strchr(",;.!?-", p->t[p->v[b] - 1].norm[0])))
            b++;
        bool starts = p->t[p->v[a] - 1].kind == CHAT_TOK_PUNCT;
        bool all_glue = starts;
        for (size_t vi = a; vi < b && all_glue; vi++)
            all_glue = p->used[p->v[vi]] || pm(p, vi, glue);
        if (all_glue)
            use(p, a, b - a);
        a = b;
    }
}

/* "mow the lawn this arvo before it gets too hot", "clean the bach before
 * the rellies arrive": a closing clause that says when, by what else
 * happens, is no part of the title of an item said without an add
 * command; after one, only a clause with a subject pronoun is ("add fix
 * the faucet before he comes by"; "add check the tyre pressure before the
 * road trip" stays as said), or one that ends in what happens then
 * (chat_lex_event_verbs: "... before the rain comes"). */
static void drop_when_clause(nlu_t *p)
{
    const char *subject = p->add_said ? "we|it|they|he|she|i|you"
                                      : "the|my|our|we|it|they|he|she|i|you|your|his|her|their";
    size_t a = first_free(p), b = last_free(p);
    bool event = pm_any(p, b - 1, chat_lex_event_verbs); /* "... before the rain comes" */
    for (size_t vi = a + 2; vi + 1 < b; vi++) {
        if (p->used[p->v[vi]] || !pm(p, vi, "before|after|once|until|when") ||
            !(pm(p, vi + 1, subject) || (event && count_free_in(p, vi, b) <= 5)))
            continue;
        if (count_free_in(p, vi, b) <= 6)
            use(p, vi, b - vi);
        return;
    }
}

/* "low priority but sort out the spare room": a joining word the slots
 * taken before it leave at the title's start. */
static void drop_lead_glue(nlu_t *p)
{
    size_t a = first_free(p);
    if (a > p->s && p->used[p->v[a - 1]] && a + 2 < p->e && pm(p, a, "but|and|so|then|also"))
        use(p, a, 1);
}

static void finish_add(nlu_t *p)
{
    nlu_take_add_extras(p);
    nlu_take_tags(p);
    nlu_take_tag_words(p);
    nlu_take_priority(p);
    nlu_take_bang_priority(p);
    nlu_take_recurrence(p);
    nlu_take_due(p);
    nlu_finish_recurrence(p);
    nlu_take_list_suffix(p);
    nlu_take_bracket_note(p);
    nlu_drop_late_talk(p);
    nlu_strip_suffix_list(p, chat_lex_vague_times);
    drop_when_clause(p);
    drop_label(p);
    drop_add_trail(p);
    drop_clause_glue(p);
    nlu_take_list_suffix(p); /* "X to my list, needs doing by ...": the glue hid it */
    drop_lead_glue(p);
    nlu_strip_trail_fillers(p);
    nlu_strip_suffix_list(p, (const char *const[]){"on|onto|in|into there|here", NULL});
    for (size_t vi = p->s; vi < p->e; vi++) {
        if (!vt(p, vi)->possessive)
            continue;
        p->used[p->v[vi]] = false; /* "for Saturday's dinner party": dated, and named */
        static const char *const preps[] = {"for", "on", "by", "at", "before", "after", NULL};
        static const char *const meals[] = {"lunch", "dinner", "breakfast", "brunch",
                                            "tea",   "supper", "party",     NULL};
        if (vi > p->s && nlu_in_list(vt(p, vi - 1)->norm, preps))
            p->used[p->v[vi - 1]] = false;
        if (vi + 1 < p->e && nlu_in_list(vt(p, vi + 1)->norm, meals))
            p->used[p->v[vi + 1]] = false; /* "Sunday's lunch" names a meal, not noon */
    }
    const chat_tok_t *t = vt(p, first_free(p));
    if (!t || t->kind != CHAT_TOK_NUM) /* "add 2 bags of compost": a quantity, not "to" */
        take(p, first_free(p), chat_lex_add_leads);
    finish_title(p);
}

/* The title from what is left: several things said together (take_items),
 * else quoted text literally, else the free words. */
static void finish_title(nlu_t *p)
{
    p->out->intent = CHAT_ADD;
    if (nlu_take_items(p))
        return;
    /* quoted text is the title, literally */
    for (size_t vi = p->s; vi < p->e; vi++)
        if (vt(p, vi)->kind == CHAT_TOK_QUOTED && !p->used[p->v[vi]]) {
            p->out->title = nlu_text_between(p, vi, vi + 1);
            return;
        }
    p->out->title = nlu_rest_text(p);
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

bool nlu_rule_add(nlu_t *p)
{
    size_t a = first_free(p);
    bool said = pm(p, a, "add|remind|todo|task|note|jot|write|new|create|reminder") > 0;
    if (take(p, a, chat_lex_add_commands)) {
        p->add_said = said;
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

/* "can you put pay the EDP bill on monday, high priority": a task verb
 * right after a placing verb, asked of the bot or before a determiner, is
 * the title's first word ("put clean sheets on the bed" is a task). Read
 * before changes, which would take "put X high priority" for one. */
bool nlu_rule_put_task(nlu_t *p)
{
    size_t a = first_free(p), k = pm(p, a, "put|stick|pop|bung ?down");
    /* "put book flights to denver on my list, high priority"; "pls put: X" */
    bool listed = k && a + k < p->e && p->t[p->v[a + k] - 1].kind == CHAT_TOK_PUNCT &&
                  p->t[p->v[a + k] - 1].norm[0] == ':';
    for (size_t vi = a + k + 1; k && vi < p->e && !listed; vi++)
        listed = pm(p, vi, "on|onto|in|to my|the ?todo list|todos") >= 3;
    /* "put pay condo fees for end of month": dated, the verb is the task's
       ("put clean sheets on the bed" names what is put) */
    bool dated = false;
    for (size_t vi = a + k + 1; k && vi < p->e && !dated; vi++)
        dated = !p->used[p->v[vi]] && nlu_date_at(p, vi);
    dated = dated && !pm_any(p, a + k, chat_lex_verb_adjectives);
    if (!k || !pm_any(p, a + k, chat_lex_task_verbs) ||
        !(p->asked_bot || listed || dated ||
          pm(p, a + k + 1, "the|my|a|an|our|your|his|her|their")))
        return false;
    for (size_t vi = a + k + 1; vi < last_free(p); vi++) {
        if (pm(p, vi, "back"))
            return false; /* "put call the bank back on my list" reopens */
        if (placed_in(p, vi))
            use(p, vi, 1); /* "pop book the MOT in": "in" goes with the verb */
    }
    use(p, a, k);
    finish_add(p);
    return true;
}

/* "ugh the water bill is huge this month": a groan, then a sentence about
 * something (a copula among its words) is talk, no task. */
static bool groan_about(const nlu_t *p, size_t a)
{
    if (!nlu_word_in(p, p->s, chat_lex_laughs))
        return false;
    for (size_t vi = a; vi < p->e; vi++)
        if (!p->used[p->v[vi]] && pm(p, vi, "is|are|was|were|s"))
            return true;
    return false;
}

bool nlu_rule_bare_add(nlu_t *p)
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
        nlu_take_recurrence(&probe);
        nlu_take_due(&probe);
        nlu_take_priority(&probe);
        size_t left = count_free(&probe);
        if (!(tmp.has_due || tmp.priority || tmp.recurrence) || left == 0 || left > 12 ||
            tmp.due.past)
            return false;
        if (pm(p, a, "i|im|ive|we|you|he|she|they|it|its|this|that|thats|there|theres") ||
            groan_about(p, a))
            return false;
        /* a question about dates is not a todo */
        for (size_t k = 0; k < p->n; k++)
            if (p->t[k].kind == CHAT_TOK_PUNCT && p->t[k].norm[0] == '?')
                return false;
    }
    finish_add(p);
    return true;
}

/* A short bare item with no verb is something to add ("oat milk", "3 cans of
 * beans", "lightbulbs for the hallway", "AA batteries x4"): at most four
 * plausible words, six with a preposition, none a pronoun, question word or
 * auxiliary (an article only after a preposition: "turn the volume up" is
 * a verb and its object), no question mark, no word said twice ("blah
 * blah"); a count like "x4" is a word. */
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

bool nlu_rule_bare_item(nlu_t *p)
{
    static const char *const not_item[] = {
        "i",     "im",    "ive",  "id",   "me",   "my",    "you",  "your", "youre", "we",
        "us",    "he",    "she",  "it",   "its",  "they",  "them", "this", "that",  "thats",
        "the",   "a",     "an",   "is",   "are",  "was",   "were", "am",   "be",    "do",
        "does",  "did",   "have", "has",  "what", "whats", "who",  "why",  "how",   "when",
        "where", "which", "like", "love", "hate", "so",    "very", "not",  "no",    "yes",
        "lol",   "blah",  "hmm",  "ok",   "okay", "there", "here", "just", NULL};
    static const char *const item_preps = "for|of|from|with|in|on|at|by|near|under|into";
    drop_label(p); /* "and another one: staples" */
    drop_add_trail(p);
    size_t a = first_free(p), n = count_free(p);
    bool prep = false;
    for (size_t vi = a + 1; vi < last_free(p); vi++)
        prep = prep || pm(p, vi, item_preps);
    if (n == 0 || n > (prep ? 6 : 4))
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
        bool article = vi > a && pm(p, vi, "the|a|an") && pm(p, vi - 1, item_preps);
        bool count = t->norm[0] == 'x' && t->norm[1] >= '0' && t->norm[1] <= '9';
        if ((t->kind != CHAT_TOK_WORD && t->kind != CHAT_TOK_TAG) ||
            (!article && nlu_in_list(t->norm, not_item)) || !(count || plausible_word(t->norm)))
            return false;
        for (size_t w = a; w < vi; w++)
            if (!strcmp(vt(p, w)->norm, t->norm))
                return false;
        word = true;
    }
    if (!word)
        return false;
    nlu_take_tags(p);
    nlu_take_list_suffix(p);
    finish_title(p); /* no lead words: "2 bags" is not "to bags" */
    return p->out->title != NULL;
}

/* Does token t end a label: a colon, or a dash (chat_tok reads an em dash
 * as one) after a label of two words or more ("and one more — X") or after
 * talk? */
static bool label_mark(const chat_tok_t *t, bool dash)
{
    return t->kind == CHAT_TOK_PUNCT && (t->norm[0] == ':' || (dash && t->norm[0] == '-'));
}

/* A list item: a bullet ("- call Bo", "+ milk", "* eggs") or a label and a
 * colon ("to do: cancel the gym"). Every word after it is the title, a
 * leading verb included. */
bool nlu_rule_list_item(nlu_t *p)
{
    const chat_tok_t *t0 = &p->t[0];
    if (p->n > 1 && t0->kind == CHAT_TOK_PUNCT && strchr("+-*", t0->norm[0]) && t0->len == 1) {
        finish_add(p);
        return true;
    }
    /* after polite words the fillers took: "please register: X"; after
       talk, a clause that opens so ("its a pigsty in there 🐷 new one -
       clear out the ute tray") */
    for (size_t a = first_free(p); a < p->e; a = nlu_clause_end(p, a)) {
        size_t k = pm_any(p, a, chat_lex_item_labels);
        size_t colon = k ? p->v[a + k - 1] + 1 : 0; /* the token right after the label */
        if (!k || colon >= p->n || !label_mark(&p->t[colon], a != first_free(p) || k >= 2) ||
            a + k >= p->nv)
            continue;
        p->add_said = true;
        use(p, first_free(p), a + k - first_free(p));
        finish_add(p);
        return true;
    }
    return false;
}

/* True when the parse in p->out, a change to a todo named by its words,
 * may also be a new task whose first word is a command word: a completion
 * or reopening by a verb that is a task too (chat_lex_task_commands) with
 * no done word, or an update that changes nothing but maybe a date not
 * introduced by "to" ("rename the wifi network", "move the car off the
 * street before 7am monday"); never with a todo word (chat_lex_todo_words:
 * "the gym one"). */
static bool reads_as_task(const nlu_t *p, const nlu_snap_t *entry)
{
    const chat_nlu_t *o = p->out;
    if (o->ref != CHAT_REF_TEXT || !o->ref_text || o->alt_add || o->ref_verb)
        return false;
    nlu_t q = *p;
    q.used = entry->used;
    size_t a = first_free(&q);
    if (!pm_any(&q, a, chat_lex_task_commands))
        return false;
    for (size_t vi = a + 1; vi < q.e; vi++) {
        const chat_tok_t *t = vt(&q, vi);
        if (t->kind == CHAT_TOK_QUOTED)
            return false;
        if (t->kind != CHAT_TOK_WORD) /* "in 2 weeks": "2" would match "to" */
            continue;
        if ((o->intent == CHAT_COMPLETE && pm_any(&q, vi, chat_lex_done_marks)) ||
            pm(&q, vi, "to|till|until|onto|into|not") || pm_any(&q, vi, chat_lex_todo_words))
            return false;
    }
    if (o->intent == CHAT_UPDATE)
        return !o->title && !o->priority && !o->n_tags && !o->untag && !o->shift_min &&
               !o->clear_due && !o->note && !o->recurrence && !o->clear_recurrence &&
               !o->remind_before && !o->remind_at && !o->postpone;
    return o->intent == CHAT_COMPLETE || o->intent == CHAT_REOPEN;
}

/* Keeps in p->out->alt_add the whole message, read from the marks of
 * entry as an add, when it reads as a task (reads_as_task): chat_engine
 * adds it only when no todo matches at all, so nothing is completed,
 * reopened or changed more easily for it. */
void nlu_offer_task(nlu_t *p, const nlu_snap_t *entry)
{
    if (!reads_as_task(p, entry))
        return;
    nlu_t q;
    chat_nlu_t *alt = nlu_probe_at(p, entry, &q);
    finish_add(&q);
    if (alt->title && (!alt->has_due || !alt->due.past))
        p->out->alt_add = alt;
}

/* What came before a closing "put that down please" (add_asked): a new
 * todo, its opening "I need to", "I must", "I" left out. */
bool nlu_rule_add_asked(nlu_t *p)
{
    if (!p->add_asked || count_free(p) == 0)
        return false;
    nlu_take_recurrence(p); /* "every monday i have to ..., add it please" */
    nlu_take_due(p);        /* "this weekend i will clean the filter, put it on my list" */
    take(p, first_free(p), chat_lex_asked_leads);
    finish_add(p);
    return p->out->title && p->out->title[0];
}
