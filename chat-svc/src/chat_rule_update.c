/* chat_rule_update: changes to one todo other than its date: rename, notes, tags,
 * priority, recurrence, reminders, and the update rule that tries them
 * (and the date changes of chat_rule_move.c) in order. */
#include "chat_rule.h"

/* The end of most readers: the message is an update of the todo the free
 * words name; UPD_NO when they name none. */
static int upd_take_ref(nlu_t *p)
{
    p->out->intent = CHAT_UPDATE;
    nlu_take_ref(p);
    return p->out->ref != CHAT_REF_NONE ? UPD_YES : UPD_NO;
}

/* "add a note to the dentist one: bring the referral", "note on X: ..." */
static bool rule_note(nlu_t *p)
{
    size_t a = first_free(p);
    size_t k = pm_any(p, a, chat_lex_note_openers);
    if (!k || !pm(p, a + k - 1, "to|on|for") || pm(p, a + k, "me|us|myself|self"))
        return false; /* "note for me: buy a SIM card" adds */
    /* the note starts after a colon or a dash (chat_lex_label_seps), or
     * after "saying"/"that says" */
    static const char *const says = "saying|that says|-|—|–";
    size_t cut = 0;
    for (size_t vi = a + k + 1; vi < last_free(p) && !cut; vi++) {
        size_t raw = p->v[vi];
        if ((raw > 0 && p->t[raw - 1].kind == CHAT_TOK_PUNCT &&
             nlu_in_list(p->t[raw - 1].norm, chat_lex_label_seps)) ||
            pm(p, vi, says))
            cut = vi;
    }
    if (!cut)
        return false;
    size_t say = pm(p, cut, says);
    p->out->note = nlu_text_between(p, cut + say, last_free(p));
    use(p, a, k);
    use(p, cut, p->e - cut);
    nlu_ref_in_range(p, p->s, cut);
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
        o->title = nlu_rest_text(p);
        o->intent = CHAT_UPDATE;
        o->ref = CHAT_REF_RECENT;
        return o->title != NULL;
    }
    k = pm(p, a, "tag|label it|that|this|them ?one|ones ?as|with"); /* "tag that one personal" */
    const chat_tok_t *t = k >= 2 ? vt(p, a + k) : NULL;
    if (t && a + k + 1 == last_free(p) && (t->kind == CHAT_TOK_WORD || t->kind == CHAT_TOK_TAG)) {
        o->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
        o->tags[0] = nlu_mstrndup(p->mem, t->norm, strlen(t->norm));
        o->n_tags = 1;
        use(p, a, k + 1);
        o->intent = CHAT_UPDATE;
        o->ref = CHAT_REF_RECENT;
        return true;
    }
    return false;
}

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
            o->tags[0] = nlu_mstrndup(p->mem, t->norm, strlen(t->norm));
            o->n_tags = 1;
            use(p, a, k + kt + 2);
            return upd_take_ref(p);
        }
    }
    return UPD_NEXT;
}

/* "take the work tag off the gym one", "remove #urgent from X": one tag
 * comes off a todo; never a delete of the todo. "take the tag off X"
 * names none: CHAT_NLU_ANY_TAG. */
static int upd_untag(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    size_t k = pm(p, a, "take|remove|drop|delete|strip|clear|untag ?off ?the|a|its|that");
    const chat_tok_t *t = k ? vt(p, a + k) : NULL;
    if (!t || (t->kind != CHAT_TOK_TAG && t->kind != CHAT_TOK_WORD))
        return UPD_NEXT;
    if (pm(p, a, "untag|detag") && !pm(p, a + k, "tag|tags|label|labels") &&
        !pm(p, a + k + 1, "off|from") && a + k < last_free(p)) {
        o->untag = CHAT_NLU_ANY_TAG; /* "untag the villa deposit" */
        use(p, a, k);
        return upd_take_ref(p);
    }
    if (pm(p, a + k, "tag|label") && vt(p, a + k + 1) && vt(p, a + k + 1)->kind == CHAT_TOK_WORD &&
        pm(p, a + k + 2, "off|from")) {
        k++; /* "remove the tag work from X": the word after "tag" is the tag */
        t = vt(p, a + k);
    }
    size_t kt = pm(p, a + k + 1, "tag|label");
    bool any = !kt && pm(p, a + k, "tag|tags|label|labels");           /* "take the tag off X" */
    bool named = t->kind == CHAT_TOK_TAG || pm(p, a, "untag|detag") || /* "untag work from X" */
                 pm(p, a + k - 1, "tag|label");
    if ((!kt && !any && !named) || !pm(p, a + k + 1 + kt, "off|from"))
        return UPD_NEXT;
    o->untag = any ? CHAT_NLU_ANY_TAG : nlu_mstrndup(p->mem, t->norm, strlen(t->norm));
    use(p, a, k + kt + 2);
    return upd_take_ref(p);
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
        size_t cut = nlu_split_at(p, "to|as|into|:");
        if (!cut) { /* "rename it": ask for the new name */
            o->intent = CHAT_UPDATE;
            nlu_take_ref(p);
            if (o->ref == CHAT_REF_NONE)
                o->ref = CHAT_REF_RECENT;
            return UPD_YES;
        }
        size_t e = p->e, end = last_free(p);
        if (vt(p, cut + 1) && vt(p, cut + 1)->kind == CHAT_TOK_QUOTED)
            end = cut + 2;                     /* "rename 'Buy bred' to 'Buy bread', typo sorry" */
        for (size_t c = cut + 2; c < end; c++) /* "... to buy oat milk, lactose intolerant le" */
            if (p->t[p->v[c] - 1].kind == CHAT_TOK_PUNCT && p->t[p->v[c] - 1].norm[0] == ',' &&
                nlu_clause_is_comment(p, c, end, false, true))
                end = c;
        o->title = nlu_text_between(p, cut + 1, end);
        use(p, cut, e - cut);
        nlu_ref_in_range(p, p->s, cut);
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
    size_t a = first_free(p), cut = nlu_split_at(p, "called|named|renamed|retitled|titled");
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
    o->title = nlu_text_between(p, cut + 1, last_free(p));
    use(p, cut - l, e - (cut - l));
    nlu_ref_in_range(p, p->s, cut - l);
    o->intent = CHAT_UPDATE;
    return (o->title && o->ref != CHAT_REF_NONE) ? UPD_YES : UPD_NO;
}

/* A quoted title ending the message at view index q (last_free - 1), or
 * false. */
static bool quoted_last(const nlu_t *p, size_t *q)
{
    size_t b = last_free(p);
    if (b <= first_free(p) + 1 || vt(p, b - 1)->kind != CHAT_TOK_QUOTED)
        return false;
    *q = b - 1;
    return true;
}

/* The new title q (a quoted token) for the todo named in [a, b). */
static int renamed_to(nlu_t *p, size_t a, size_t b, size_t q)
{
    chat_nlu_t *o = p->out;
    const chat_tok_t *t = vt(p, q);
    o->title = nlu_mstrndup(p->mem, p->msg + t->off, t->len);
    use(p, b, q + 1 - b);
    nlu_ref_in_range(p, a, b);
    o->intent = CHAT_UPDATE;
    return o->ref != CHAT_REF_NONE ? UPD_YES : UPD_NO;
}

/* "the toner one should just say 'printer toner'" (chat_lex_rename_say),
 * "call the monstera one 're-pot the monstera and the fern'": a quoted new
 * title for the todo named before it. After "call"/"name" the todo needs
 * a todo word ("the X one"): "call mum 'later'" is no rename. */
static int upd_say_quoted(nlu_t *p)
{
    size_t a = first_free(p), q;
    if (!quoted_last(p, &q))
        return UPD_NEXT;
    for (size_t w = a + 1; w < q; w++)
        if (!p->used[p->v[w]] && pm(p, w, chat_lex_rename_say) == q - w)
            return renamed_to(p, a, w, q);
    size_t k = pm(p, a, "call|name|rename|retitle|title");
    bool named = k && pm(p, a, "rename|retitle");
    for (size_t vi = a + 1; k && vi < q && !named; vi++)
        named = pm_any(p, vi, chat_lex_todo_words) > 0;
    if (!named || q <= a + 1)
        return UPD_NEXT;
    use(p, a, 1);
    /* "rename it to 'X'": "to" names no todo */
    return renamed_to(p, a + 1, pm(p, q - 1, "to|as|into") && q > a + 2 ? q - 1 : q, q);
}

/* "ham isn't #shopping, it's #xmas": a todo's tag said wrong and then
 * right: the first comes off, the second goes on. */
static int upd_retag(nlu_t *p)
{
    static const char *const between = "its|it|is|s|but|thats|should|be|now|actually|rather";
    size_t a = first_free(p), b = last_free(p), n = 0, at[2];
    for (size_t vi = a; vi < b; vi++)
        if (vt(p, vi)->kind == CHAT_TOK_TAG && n < 2)
            at[n++] = vi;
    if (n != 2 || at[0] < a + 2 || at[1] + 1 != b || !pm(p, at[0] - 1, "isnt|arent|wasnt|not|no"))
        return UPD_NEXT;
    for (size_t vi = at[0] + 1; vi < at[1]; vi++)
        if (!pm(p, vi, between))
            return UPD_NEXT;
    const chat_tok_t *off = vt(p, at[0]), *on = vt(p, at[1]);
    if (!off || !on)
        return UPD_NEXT;
    chat_nlu_t *o = p->out;
    o->untag = nlu_mstrndup(p->mem, off->norm, strlen(off->norm));
    o->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
    o->tags[0] = nlu_mstrndup(p->mem, on->norm, strlen(on->norm));
    o->n_tags = 1;
    size_t from = at[0] - 1 - (pm(p, at[0] - 2, "is|s|are") && at[0] - 2 > a);
    use(p, from, b - from);
    return upd_take_ref(p);
}

/* Words a clause of slots around a filing may hold ("urgent one that,
 * and stick it under #work", "under #christmas, medium priority pls"). */
static bool only_slot_words(nlu_t *p, size_t a, size_t b)
{
    static const char *const filler =
        "one|that|this|it|and|so|then|also|plus|pls|please|too|priority|prio|a|as|with|thanks|"
        "make|it|be|is|s|thats|its";
    nlu_bounds_t whole = nlu_narrow(p, a, b);
    nlu_take_priority(p);
    nlu_take_due(p);
    bool only = true;
    for (size_t vi = a; vi < b && only; vi++)
        only = p->used[p->v[vi]] || pm(p, vi, filler) || nlu_take_level(p, vi);
    nlu_widen(p, whole);
    return only;
}

/* "pop that under #pets", "file the netball pick up under #kids", "put it
 * under #christmas, medium priority", "Ella's photos belong under
 * #school": a todo filed under a #tag, with at most other slots around.
 * Put there, a todo that is not on the list yet is added (news). */
/* The words after "under" at u that name a tag: "#pets" (1), "family tag"
 * (2), "the family tag" (3); 0 when they do not. */
static size_t tag_under(const nlu_t *p, size_t u)
{
    const chat_tok_t *t = vt(p, u + 1);
    if (!pm(p, u, "under") || !t)
        return 0;
    if (t->kind == CHAT_TOK_TAG)
        return 1;
    size_t the = pm(p, u + 1, "the|my");
    const chat_tok_t *w = vt(p, u + 1 + the);
    return w && w->kind == CHAT_TOK_WORD && pm(p, u + 2 + the, "tag|label") ? the + 2 : 0;
}

static int upd_file_under(nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p), u = a + 1, n = 0;
    while (u + 1 < b && !(n = tag_under(p, u)))
        u++;
    if (!n)
        return UPD_NEXT;
    size_t v = a, k = 0;
    while (v < u && !(k = pm(p, v, "put|pop|stick|file|move|shove|place|bung")))
        v++;
    bool put = k > 0;
    size_t ra = v + k, rb = u;
    if (!put && (v = u - 1) > a && pm(p, v, "belongs|belong|goes|go|sits|lives")) {
        k = 1; /* "X ?should belong under #tag" */
        ra = a;
        rb = v - (v - 1 > a && pm(p, v - 1, "should|must|would|can"));
    }
    nlu_snap_t snap = nlu_snap(p);
    if (!k || ra >= rb || !only_slot_words(p, u + 1 + n, p->e) ||
        (put && v > a && !only_slot_words(p, a, v))) {
        nlu_restore(p, &snap);
        return UPD_NEXT;
    }
    chat_nlu_t *o = p->out;
    const chat_tok_t *t = vt(p, n == 1 ? u + 1 : u + n - 1);
    o->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
    o->tags[0] = nlu_mstrndup(p->mem, t->norm, strlen(t->norm));
    o->n_tags = 1;
    use(p, put ? v : rb, put ? k : u - rb);
    use(p, u, n + 1);
    o->intent = CHAT_UPDATE;
    nlu_ref_in_range(p, ra, rb);
    p->news = put;
    return o->ref != CHAT_REF_NONE ? UPD_YES : UPD_NO;
}

/* "stop repeating X", "X shouldn't repeat anymore" (chat_lex_stop_repeat). */
static int upd_stop_repeat(nlu_t *p)
{
    size_t a = first_free(p);
    if (!take(p, a, chat_lex_stop_repeat) && !nlu_strip_suffix_list(p, chat_lex_stop_repeat_suffix))
        return UPD_NEXT;
    nlu_strip_suffix_list(p, chat_lex_stop_repeat_suffix);
    p->out->clear_recurrence = true;
    p->out->intent = CHAT_UPDATE;
    nlu_take_ref(p);
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
    nlu_take_recurrence(p);
    if (!p->out->recurrence) {
        nlu_restore(p, &snap);
        return UPD_NEXT;
    }
    nlu_take_due(p);
    bool said = p->out->has_due;
    nlu_finish_recurrence(p);
    p->out->has_due = said && p->out->recurrence;
    take(p, a, (const char *const[]){"make|set|have|let|change|turn", NULL});
    for (size_t vi = first_free(p); vi < last_free(p); vi++)
        if (pm(p, vi, verb)) {
            use(p, vi, 1);
            if (vi > first_free(p) && pm(p, vi - 1, "to|should|will|must|it"))
                use(p, vi - 1, 1);
        }
    nlu_strip_move_words(p);
    p->out->intent = CHAT_UPDATE;
    nlu_take_ref(p);
    if (p->out->ref == CHAT_REF_NONE)
        p->out->ref = CHAT_REF_RECENT;
    return UPD_YES;
}

/* "remind me 30 minutes before X", "remind me an hour before the dentist" */
static int upd_remind_before(nlu_t *p)
{
    size_t a = first_free(p);
    int minutes;
    size_t k = nlu_remind_before_at(p, a, &minutes);
    if (!k)
        return UPD_NEXT;
    use(p, a, k);
    take(p, first_free(p), (const char *const[]){"of|to|for", NULL});
    p->out->remind_before = minutes;
    p->out->intent = CHAT_UPDATE;
    nlu_take_ref(p);
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
    nlu_take_due(p);
    chat_nlu_t *o = p->out;
    if (!o->has_due || o->due.past || count_free(p) == 0) {
        nlu_restore(p, &s);
        return UPD_NEXT;
    }
    o->remind_at = o->due.t;
    o->remind_title = nlu_rest_text(p);
    o->has_due = false;
    o->intent = CHAT_UPDATE;
    nlu_take_ref(p);
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
        nlu_strip_done_suffix(p, true);
        o->intent = CHAT_UPDATE;
        nlu_take_ref(p);
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
            return upd_take_ref(p);
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
        return upd_take_ref(p);
    }
    return UPD_NEXT;
}

/* "low priority for reorganize bookshelf", "high prio on the tax return": a
 * priority level (chat_lex_priority_levels) said for a todo. */
static int upd_priority_for(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    for (const chat_lex_level_t *l = chat_lex_priority_levels; l->pat; l++) {
        size_t w = pm(p, a, l->pat);
        size_t k = w ? pm(p, a + w, "priority|prio for|on") : 0;
        if (k != 2)
            continue;
        use(p, a, w + k);
        o->priority = l->priority;
        return upd_take_ref(p);
    }
    return UPD_NEXT;
}

/* "book train tickets doesn't need a date anymore, whenever is fine": the
 * name, then that it needs no date, then at most talk after a comma. */
static int upd_needs_no_date(nlu_t *p)
{
    static const char *const said =
        "doesnt|dont|does|do ?not need|have|want ?a|any due|date|deadline|dates ?date ?anymore";
    size_t a = first_free(p), b = last_free(p);
    for (size_t vi = a + 1; vi < b; vi++) {
        size_t k = p->used[p->v[vi]] ? 0 : pm(p, vi, said);
        if (!k || (vi + k < b && p->t[p->v[vi + k] - 1].kind != CHAT_TOK_PUNCT))
            continue;
        use(p, vi, p->e - vi);
        p->out->clear_due = true;
        return upd_take_ref(p);
    }
    return UPD_NEXT;
}

/* The verb of clearing a due date at vi ("remove", "get rid of", "take
 * off"), its length, or 0. */
static size_t clear_due_verb(const nlu_t *p, size_t vi)
{
    size_t kk = pm(p, vi, "remove|clear|delete|drop|unset|erase|scrap");
    if (!kk)
        kk = pm(p, vi, "get rid of");
    if (!kk)
        kk = pm(p, vi, "take|knock|strike|strip|scratch|cross ?off|away|out");
    return kk;
}

/* "for cancel spotify premium, remove the due date, no rush": the todo
 * named first after "for" or "on", then a clause that clears its date. */
static int upd_for_clear_due(nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p);
    if (!pm(p, a, "for|on|about"))
        return UPD_NEXT;
    for (size_t vi = a + 2; vi + 1 < b; vi++) {
        bool after = p->t[p->v[vi] - 1].kind == CHAT_TOK_PUNCT ||
                     vt(p, vi - 1)->kind == CHAT_TOK_QUOTED; /* "for 'X' remove the due date" */
        size_t kk = after ? clear_due_verb(p, vi) : 0;
        size_t kd = kk ? pm(p, vi + kk, "?the|its|a due|date|deadline ?date") : 0;
        if (!kd)
            continue;
        use(p, vi, b - vi); /* the rest of the message is the change and its talk */
        use(p, a, 1);
        p->out->clear_due = true;
        p->out->intent = CHAT_UPDATE;
        nlu_take_ref(p);
        return UPD_YES;
    }
    return UPD_NEXT;
}

/* "remove the due date from X", "no deadline for X" */
static int upd_clear_due(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    if (upd_for_clear_due(p) == UPD_YES)
        return UPD_YES;
    /* clearing the due date */
    {
        size_t kk = clear_due_verb(p, a);
        size_t kd = kk ? pm(p, a + kk, "?the|its|a due|date|deadline ?date") : 0;
        if (!kk) /* "no deadline for 'read Kafka book' please, remove the date" */
            kd = pm(p, a, "no due|date|deadline ?date for|on");
        kd -= kd && !kk; /* the for/on goes with the name */
        if (kd && a + kk + kd < last_free(p)) {
            use(p, a, kk + kd);
            take(p, first_free(p), (const char *const[]){"from|of|on|for|off", NULL});
            o->clear_due = true;
            o->intent = CHAT_UPDATE;
            nlu_take_ref(p);
            return UPD_YES;
        }
    }
    return upd_needs_no_date(p);
}

/* "drop the report to medium": a bare level after to/as ending the message
 * (chat_lex_priority_levels), taken; 0 when there is none. */
static int bare_level(nlu_t *p)
{
    size_t b = last_free(p);
    if (b == first_free(p) + 2 && pm(p, b - 2, "it|this|that"))
        return nlu_take_level(p, b - 1); /* "mark it high": the todo just touched */
    if (b < first_free(p) + 3 || !pm(p, b - 2, "to|as|down|up"))
        return 0;
    int level = nlu_take_level(p, b - 1);
    if (level) {
        use(p, b - 2, 1);
        if (b - 3 > first_free(p) && pm(p, b - 3, "down|up"))
            use(p, b - 3, 1);
    }
    return level;
}

/* "make|set|mark X urgent / high priority" */
static int upd_mark_priority(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    /* "make|set|mark X urgent / high priority" */
    size_t pk = pm(p, a, chat_lex_priority_verbs);
    if (pm_any(p, a, chat_lex_add_commands))
        return UPD_NEXT; /* "put down X, low priority", "put on my list: X, high priority" add */
    if (pk) {
        nlu_t probe;
        chat_nlu_t tmp;
        nlu_probe(p, &probe, &tmp);
        use(&probe, a, pk);
        nlu_take_priority(&probe);
        nlu_take_tags(&probe);
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
        nlu_take_ref(p);
        return UPD_YES;
    }
    return UPD_NEXT;
}

/* "tag the flour one bakery": the one word after "the X one" is the tag. */
static bool take_tag_after_one(nlu_t *p)
{
    size_t b = last_free(p);
    if (b < first_free(p) + 3 || !pm(p, b - 2, "one") || vt(p, b - 1)->kind != CHAT_TOK_WORD)
        return false;
    const chat_tok_t *t = vt(p, b - 1);
    p->out->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
    p->out->tags[0] = nlu_mstrndup(p->mem, t->norm, strlen(t->norm));
    p->out->n_tags = 1;
    use(p, b - 1, 1);
    return true;
}

/* "tag X with #work", "tag X as work", "tag the X one Y" */
static int upd_tag(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    /* "tag X with #work", "tag X as work" */
    if (pm(p, a, "tag|label")) {
        use(p, a, 1);
        size_t cut = nlu_split_at(p, "with|as");
        if (cut && cut + 1 < last_free(p)) {
            const chat_tok_t *t = vt(p, cut + 1);
            o->tags = p->mem->alloc(p->mem->allocator_data, 4 * sizeof(char *));
            o->tags[0] = nlu_mstrndup(p->mem, t->norm, strlen(t->norm));
            o->n_tags = 1;
            use(p, cut, 2);
            nlu_take_more_tags(p, cut + 2, "+,"); /* "tag X with car and urgent" */
            use(p, cut, p->e - cut);
        } else if (!take_tag_after_one(p)) {
            nlu_take_tags(p);
        }
        o->intent = CHAT_UPDATE;
        nlu_take_ref(p);
        return (o->n_tags > 0) ? UPD_YES : UPD_NO;
    }
    return UPD_NEXT;
}

static bool rule_update(nlu_t *p)
{
    static int (*const readers[])(nlu_t *) = {
        upd_stop_repeat,    upd_repeat,      upd_say_quoted,    upd_retag,     upd_file_under,
        upd_add_tag,        upd_untag,       upd_rename,        upd_called,    upd_prioritize,
        upd_lower_priority, upd_priority_of, upd_priority_for,  upd_clear_due, nlu_upd_move,
        nlu_upd_change_to,  nlu_upd_is_due,  upd_mark_priority, upd_tag};
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

/* The update readers in order; "rename the wifi network", "update my
 * Aadhaar address in 2 weeks" are also offered as tasks (nlu_offer_task). */
bool nlu_rule_update(nlu_t *p)
{
    nlu_snap_t entry = nlu_snap(p);
    nlu_drop_not_value(p); /* "handover notes should be 7pm not 6" */
    if (!rule_update(p))
        return false;
    nlu_offer_task(p, &entry);
    return true;
}
