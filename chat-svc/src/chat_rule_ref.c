/* chat_rule_ref: references to existing todos: quoted names, positions ("the second
 * one", "the first two"), "all of them", "it", and the noise around a
 * name ("the ... one", "from my list"). */
#include "chat_rule.h"

/* ---- references ---- */

static const char *const ordinals[] = {"first",   "second", "third", "fourth", "fifth", "sixth",
                                       "seventh", "eighth", "ninth", "tenth",  NULL};

int nlu_position_word(const chat_tok_t *t)
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
/* "complete 'grocery run' and 'return amazon package'": the quote at vi
 * joins the first as "X and Y", which chat_engine splits into two names;
 * a quote that holds "and" or a comma itself is left out (the first alone
 * is read, as before). */
static void join_second_quote(nlu_t *p, size_t vi)
{
    const char *first = p->out->ref_text;
    char *second = nlu_text_between(p, vi, vi + 1);
    if (!first || !second || strstr(first, " and ") || strstr(second, " and ") ||
        strchr(first, ',') || strchr(second, ','))
        return;
    size_t l = strlen(first) + strlen(second) + 6;
    char *both = p->mem->alloc(p->mem->allocator_data, l);
    snprintf(both, l, "%s and %s", first, second);
    p->out->ref_text = both;
    use(p, vi - 1, 2);
}

static bool ref_quoted(nlu_t *p, size_t a, size_t b)
{
    for (size_t vi = a; vi < b; vi++)
        if (vt(p, vi)->kind == CHAT_TOK_QUOTED && !p->used[p->v[vi]]) {
            p->out->ref = CHAT_REF_TEXT;
            p->out->ref_text = nlu_text_between(p, vi, vi + 1);
            use(p, vi, 1);
            /* "complete 'grocery run' and 'return amazon package'": each
               quote is one name (chat_engine splits at "and") */
            if (vi + 2 < b && pm(p, vi + 1, "and") && vt(p, vi + 2)->kind == CHAT_TOK_QUOTED)
                join_second_quote(p, vi + 2);
            return true;
        }
    return false;
}

/* "it", "that one", "them", or only filler words: the todo just touched;
 * "everything", "the whole list": all of them. */
static bool ref_phrase(nlu_t *p, size_t a, size_t b)
{
    char ph[256];
    nlu_phrase(p, ph, sizeof ph);
    bool only_filler = true;
    for (size_t vi = a; vi < b && only_filler; vi++)
        only_filler = p->used[p->v[vi]] || (vt(p, vi)->kind == CHAT_TOK_WORD &&
                                            nlu_in_list(vt(p, vi)->norm, chat_lex_ref_filler_only));
    if (nlu_in_list(ph, chat_lex_ref_shown)) {
        p->out->ref = CHAT_REF_ALL; /* the list just shown, if one was */
        p->out->ref_shown = true;
        p->out->ref_count = pm(p, a, "both") ? 2 : 0; /* two things, which ones unsaid */
    } else if (nlu_in_list(ph, chat_lex_ref_recent) || only_filler)
        p->out->ref = CHAT_REF_RECENT;
    else if (nlu_in_list(ph, chat_lex_ref_all))
        p->out->ref = CHAT_REF_ALL;
    else
        return false;
    use(p, a, b - a);
    return true;
}

/* "the first two", "the last 3" */
static bool ref_first_n(nlu_t *p, size_t a, size_t b)
{
    size_t vi = a + (pm(p, a, "the") ? 1 : 0);
    size_t k = pm(p, vi, "first|last|top|bottom");
    const chat_tok_t *c = k ? vt(p, vi + 1) : NULL;
    int cnt = 0;
    if (c && c->kind == CHAT_TOK_NUM && c->num >= 2 && c->num <= 50)
        cnt = (int)c->num;
    if (c && !cnt && c->kind == CHAT_TOK_WORD && chat_lex_cardinal(c->norm) >= 2)
        cnt = chat_lex_cardinal(c->norm); /* "the first two" */
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
    size_t vi = a + (pm(p, a, "the") ? 1 : 0);
    bool numbered = pm(p, vi, "number|no|item|todo|task|nr|num") > 0;
    if (numbered)
        vi++;
    int pos = nlu_position_word(vt(p, vi));
    if (numbered && !pos && vi < p->e && vt(p, vi)->kind == CHAT_TOK_WORD)
        pos = chat_lex_cardinal(vt(p, vi)->norm); /* "number three" */
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

/* "(all the) low priority ones|tasks" at vi, to the end: CHAT_REF_ALL of
 * that priority (CHAT_NLU_PRIORITY). */
static bool ref_all_of_priority(nlu_t *p, size_t vi)
{
    static const char *const kinds =
        "?priority|prio one|ones|todo|todos|task|tasks|item|items|stuff";
    for (const chat_lex_level_t *l = chat_lex_priority_levels; l->pat; l++) {
        size_t k = pm(p, vi, l->pat);
        if (!k || !pm(p, vi + k, "priority|prio") || vi + k + pm(p, vi + k, kinds) != last_free(p))
            continue;
        static char *const marks[] = {CHAT_NLU_PRIORITY "1", CHAT_NLU_PRIORITY "2",
                                      CHAT_NLU_PRIORITY "3"};
        use(p, vi, last_free(p) - vi);
        p->out->ref = CHAT_REF_ALL;
        p->out->ref_text = marks[l->priority - 1];
        return true;
    }
    return false;
}

/* "all the work ones", "everything tagged old": all, narrowed by a tag
 * when one is named (as "#old" would), else by the words left. */
static bool ref_all_of(nlu_t *p, size_t a)
{
    chat_nlu_t *o = p->out;
    if (!pm(p, a, "all|every|everything"))
        return false;
    size_t all = pm(p, a, "all|every|everything ?of ?the|my");
    all += pm(p, a + all, "that|which|thats|whats ?is|are|s"); /* "everything that's overdue" */
    if (pm(p, a + all, "overdue|late ?one|ones|todo|todos|tasks|items|stuff") ==
        last_free(p) - a - all) {
        use(p, a, last_free(p) - a); /* "delete all the overdue ones" */
        o->ref = CHAT_REF_ALL;
        o->ref_text = CHAT_NLU_OVERDUE;
        return true;
    }
    if (ref_all_of_priority(p, a + all)) {
        use(p, a, all);
        return true;
    }
    chat_nlu_t keep = *o;
    o->n_tags = 0;
    nlu_take_tag_words(p);
    if (o->n_tags) {
        size_t l = strlen(o->tags[0]);
        char *t = p->mem->alloc(p->mem->allocator_data, l + 2);
        t[0] = '#';
        memcpy(t + 1, o->tags[0], l + 1);
        *o = keep;
        use(p, a,
            pm(p, a,
               "all|every|everything ?of ?the|my ?todo|task|item|one|tasks|todos|items|ones "
               "?with"));
        if (count_free(p) == 0) {
            o->ref = CHAT_REF_ALL;
            o->ref_text = t;
            return true;
        }
    }
    *o = keep;
    use(p, a, pm(p, a, "all|every|everything ?of ?the|my"));
    if (count_free(p) > 1) /* "all my shopping stuff": the shopping ones */
        nlu_strip_suffix_list(p, (const char *const[]){"stuff|things|items|bits|ones|jobs", NULL});
    o->ref = CHAT_REF_ALL;
    return false; /* the words left narrow it */
}

/* Drops "the", "todo", "about" at the front and "one", "from my list" at
 * the end of a named reference. */
static void strip_ref_noise(nlu_t *p)
{
    static const char *const edge_lead[] = {"the|my|a|an|that|this|her|his|their|our",
                                            "todo|task|item|one|reminder",
                                            "about|for|called|named|re|regarding",
                                            "can|could|would", /* "can the X be tomorrow instead" */
                                            NULL};
    static const char *const noise_trail[] = {"from|off|on|in|of my|the ?todo|task list",
                                              "from|off|on|in|of my|the todo",
                                              "from|off|on|in list",
                                              "one",
                                              "todo|task|item|reminder",
                                              "off|from",
                                              "deadline|deadlines", /* "school fees deadline" */
                                              "due date",
                                              "plan|thing", /* "remove the chai plan" */
                                              "for now",    /* "scrap X for now, she's better" */
                                              "both",       /* "delete gym and swimming both" */
                                              "?done yet",  /* "dont mark X done yet, ..." */
                                              "be",         /* "can the X be tomorrow instead" */
                                              NULL};
    for (int round = 0; round < 3; round++) {
        size_t a = first_free(p), b = last_free(p);
        if (b - a > 1 && vt(p, a)->symbol)
            use(p, a, 1); /* "done ✅ buy christmas tree": the check mark said it */
        a = first_free(p);
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
 * verb of its own (chat_lex_clause_verbs), a refusal or a reason word
 * ("..., today impossible", "..., wrong list lol") says why; it names
 * nothing. */
size_t nlu_tail_clause(const nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p);
    for (size_t vi = a + 1; vi + 1 < b; vi++) {
        size_t k = p->v[vi];
        if (p->used[k] || p->t[k - 1].kind != CHAT_TOK_PUNCT || p->t[k - 1].norm[0] != ',')
            continue;
        for (size_t w = vi; w < b; w++)
            if (vt(p, w)->kind == CHAT_TOK_WORD &&
                (chat_lex_has(chat_lex_clause_verbs, vt(p, w)->norm) ||
                 chat_lex_has(chat_lex_reason_words, vt(p, w)->norm) ||
                 pm(p, w, chat_lex_refusals) || (w == vi && pm(p, w, chat_lex_excess)) ||
                 (w == vi && chat_lex_has(chat_lex_clause_subjects, vt(p, w)->norm))))
                return vi;
    }
    return 0;
}

void nlu_drop_tail_clause(nlu_t *p)
{
    size_t vi = nlu_tail_clause(p);
    if (vi)
        use(p, vi, last_free(p) - vi);
}

/* "paid the water bill (conta de água)": an aside in brackets after the
 * name is no part of it. */
static void drop_bracketed(nlu_t *p)
{
    size_t end, vi = nlu_bracket_at(p, &end);
    if (vi)
        use(p, vi, end - vi);
}

/* Reads the reference in the free tokens of [p->s, p->e): the first of
 * quoted text, a pronoun or "all" phrase, "the first two", a position, "all
 * the X ones"; else the words left, without noise, name it. */
void nlu_take_ref(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p), b = last_free(p);
    if (a >= b) {
        o->ref = CHAT_REF_NONE;
        return;
    }
    nlu_drop_tail_clause(p); /* "..., exams over finally" */
    b = last_free(p);
    if (ref_quoted(p, a, b) || ref_phrase(p, a, b) || ref_first_n(p, a, b) ||
        ref_position(p, a, b) || ref_all_of(p, a))
        return;
    if (o->ref != CHAT_REF_ALL)
        o->ref = CHAT_REF_TEXT;
    drop_bracketed(p);
    strip_ref_noise(p);
    o->ref_text = nlu_rest_text(p);
    if (!o->ref_text && o->ref == CHAT_REF_TEXT)
        o->ref = CHAT_REF_NONE;
}

/* take_ref after dropping a date that qualifies the name ("ditch the gym
 * today"), unless the date is all there is. */
void nlu_take_ref_dated(nlu_t *p)
{
    nlu_snap_t snap = nlu_snap(p);
    chat_nlu_t keep = *p->out;
    /* "everything tagged xmas": the word after "tagged" is a tag, no date */
    size_t tag = SIZE_MAX;
    for (size_t vi = p->s; vi + 1 < p->e && tag == SIZE_MAX; vi++)
        if (!p->used[p->v[vi]] && pm(p, vi, "tagged|labelled|labeled|tag|label") &&
            !p->used[p->v[vi + 1]])
            tag = p->v[vi + 1];
    if (tag != SIZE_MAX)
        p->used[tag] = true;
    nlu_take_due(p);
    if (tag != SIZE_MAX)
        p->used[tag] = false;
    p->out->has_due = keep.has_due;
    p->out->due = keep.due;
    /* "the 3rd one" is a position, not the 3rd of the month */
    bool only_noise = true;
    for (size_t vi = p->s; vi < p->e && only_noise; vi++)
        only_noise = p->used[p->v[vi]] || pm(p, vi, "one|todo|task|item|the|a");
    if (only_noise)
        nlu_restore_marks(p, &snap);
    nlu_take_ref(p);
}

/* "X to Y": splits the free tokens at the first "to"/"as"/"into"/"with". */
size_t nlu_split_at(nlu_t *p, const char *seps)
{
    for (size_t vi = first_free(p) + 1; vi < last_free(p); vi++)
        if (!p->used[p->v[vi]] && pm(p, vi, seps))
            return vi;
    return 0;
}

void nlu_ref_in_range(nlu_t *p, size_t a, size_t b)
{
    nlu_bounds_t whole = nlu_narrow(p, a, b);
    nlu_take_ref_dated(p); /* "didnt get round to the car wash today, ..." */
    nlu_widen(p, whole);
}
