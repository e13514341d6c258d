/* chat_rule_move: date changes: "move X to friday", "push X back a day", "change X to
 * 3pm", "X is due monday, not tomorrow", "remove the date from X". */
#include "chat_rule.h"

/* "move X to friday", "push it back a day", "postpone X" */
/* Units of a shift ("by 2 days"), in minutes. */
static const struct {
    const char *w;
    int min;
} shift_units[] = {
    {"days", 1440}, {"weeks", 7 * 1440}, {"fortnights", 14 * 1440}, {"hours", 60}, {"minutes", 1}};

/* The count of a shift at vi: a number, "a"/"one"/"another" 1, "two"/
 * "couple" 2; 0 when none. */
static int shift_count(const nlu_t *p, size_t vi)
{
    const chat_tok_t *t = vt(p, vi);
    if (t && t->kind == CHAT_TOK_NUM && t->num < 400)
        return (int)t->num;
    if (pm(p, vi, "a|an|one|another"))
        return 1;
    return pm(p, vi, "two|couple") ? 2 : 0;
}

/* "push it back a day", "delay X by 2 days", "by a week", "half an hour
 * later", "2 hours earlier": sets shift_min and uses the words. */
static void take_shift(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    for (size_t b0 = first_free(p); b0 < p->e; b0++) {
        if (p->used[p->v[b0]])
            continue;
        bool fwd = pm(p, b0, "forward|forwards") > 0;         /* "bring X forward a day" */
        size_t lead = pm(p, b0, "back|forward|forwards ?by"); /* "forward by 2 days" */
        size_t vi = b0 + (lead ? lead : pm(p, b0, "by|for"));
        if (pm(p, vi, "half an hours") == 3) {
            size_t d = pm(p, vi + 3, "later|earlier|sooner|before|after");
            o->shift_min = fwd || pm(p, vi + 3, "earlier|sooner|before") ? -30 : 30;
            use(p, b0, vi + 3 + d - b0);
            return;
        }
        int n = shift_count(p, vi);
        if (!n || vi + 1 >= p->e)
            continue;
        size_t u = vi + 1;
        int dir = fwd || pm(p, u + 1, "earlier|sooner|before") ? -1 : 1;
        u += pm(p, u, "of") ? 1 : 0;
        for (size_t k = 0; k < sizeof shift_units / sizeof *shift_units && !o->shift_min; k++)
            if (pm(p, u, shift_units[k].w))
                o->shift_min = shift_units[k].min * n * dir;
        if (o->shift_min) {
            use(p, b0, u + 1 - b0);
            if (pm(p, u + 1, "later|earlier|sooner|after|before"))
                use(p, u + 1, 1);
            return;
        }
    }
}

/* Drops the connectors a move leaves around its target ("to", "back",
 * "until", "it"). */
void nlu_strip_move_words(nlu_t *p)
{
    static const char *const tail =
        "to|until|till|for|by|on|back|forward|out|off|over|up|instead|due|till|til|it|is|be|"
        "should|date|the|deadline|time|day";
    for (int r = 0; r < 6; r++) {
        size_t b = last_free(p);
        if (b > first_free(p) + 1 && pm(p, b - 1, tail) == 1)
            use(p, b - 1, 1);
    }
    for (int r = 0; r < 2; r++) {
        size_t f = first_free(p);
        if (last_free(p) > f + 1 && pm(p, f, "back|forward|out|off"))
            use(p, f, 1);
    }
}

/* "forward" or "earlier" after view index vi: "bring|pull X forward". */
static bool forward_follows(const nlu_t *p, size_t vi)
{
    for (; vi < p->e; vi++)
        if (pm(p, vi, "forward|forwards|earlier"))
            return true;
    return false;
}

/* "move X to friday", "push it back a day", "postpone X", "change the due
 * date of X to friday". */
/* "move X from saturday to monday", "from tonight to tomorrow": the date
 * after "from" is the old one; it is taken and ignored. */
static void drop_old_date(nlu_t *p)
{
    for (size_t vi = p->s; vi + 2 < p->e; vi++) {
        if (p->used[p->v[vi]] || !pm(p, vi, "from"))
            continue;
        chat_date_t d;
        size_t raw = p->v[vi + 1], k = chat_date_match(p->t, p->n, raw, p->used, p->ctx, &d);
        size_t after = raw + k;
        while (after < p->n && p->t[after].kind == CHAT_TOK_PUNCT)
            after++;
        static const char *const to[] = {"to", "till", "until", "til", NULL};
        if (!k || after >= p->n || !nlu_in_list(p->t[after].norm, to))
            continue;
        for (size_t r = p->v[vi]; r < after; r++)
            p->used[r] = true;
        return;
    }
}

/* "bump X to tomorrow morning, not happening today": a date in a closing
 * clause that says no to it is talk, not the new date; "move X to friday,
 * it's at 3pm" reads the whole message. */
static void take_due_before_refusal(nlu_t *p)
{
    size_t vi = nlu_tail_clause(p), b = last_free(p);
    for (size_t w = vi; vi && w < b; w++)
        if (pm(p, w, chat_lex_refusals)) {
            use(p, vi, b - vi);
            break;
        }
    nlu_take_due(p);
}

int nlu_upd_move(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    size_t mk = pm(p, a,
                   "move|push|postpone|prepone|reschedule|delay|defer|bump|shift|punt|snooze|"
                   "change|set|make|update");
    if (!mk)
        mk = pm_any(p, a, chat_lex_move_gerunds); /* offer_add keeps the task reading */
    if (!mk && pm(p, a, "bring|pull") && forward_follows(p, a + 1))
        mk = 1; /* "bring the dentist forward to monday" ("bring snacks" is a task) */
    if (!mk)
        return UPD_NEXT;
    nlu_snap_t before_move = nlu_snap(p);
    bool postpone = pm(p, a, "postpone|delay|defer|snooze|punt|push") > 0;
    bool change = pm(p, a, "change|set|make|update|put") > 0;
    use(p, a, mk);
    size_t q = first_free(p);
    size_t dd = pm(p, q, "the|its ?due date|deadline|day|time ?of|for|on");
    if (dd && pm(p, q, "the") && pm(p, q + 1, "due|date|deadline|day|time"))
        use(p, q, dd);
    nlu_take_tags(p);
    nlu_take_priority(p);
    drop_old_date(p);
    take_due_before_refusal(p);
    take_shift(p);
    if (!o->has_due && !o->shift_min && !o->priority && !o->n_tags)
        nlu_take_bare_hour(p); /* "bump parents evening to 7" */
    if (!o->has_due && !o->shift_min && !o->priority && !o->n_tags) {
        if (!postpone || change) {
            nlu_restore(p, &before_move);
            return UPD_NEXT;
        }
        o->postpone = true;
    }
    nlu_strip_move_words(p);
    o->intent = CHAT_UPDATE;
    nlu_take_ref(p);
    if (o->ref == CHAT_REF_NONE)
        o->ref = CHAT_REF_RECENT;
    return UPD_YES;
}

/* "change X to Y", "replace X with Y": a date, a priority or a new title */
int nlu_upd_change_to(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    /* "change X to Y" / "replace X with Y" */
    size_t k = pm(p, a, "change|edit|update|modify|replace|correct|fix");
    if (k) {
        size_t cut = nlu_split_at(p, "to|with|into|as");
        if (!cut)
            return UPD_NO;
        use(p, a, k);
        size_t e = p->e;
        /* what follows: a date, a priority, or a new title */
        size_t s0 = p->s;
        p->s = cut + 1;
        nlu_take_priority(p);
        nlu_take_due(p);
        /* "change \"Grocries\" to \"Groceries\" lol typo": the quote is the title */
        const chat_tok_t *value = vt(p, cut + 1); /* NULL: "change milk to" */
        bool quoted = value && value->kind == CHAT_TOK_QUOTED;
        char *rest = quoted ? nlu_text_between(p, cut + 1, cut + 2) : nlu_rest_text(p);
        p->s = s0;
        if (!o->has_due && !o->priority)
            o->title = rest;
        use(p, cut, e - cut);
        nlu_ref_in_range(p, p->s, cut);
        o->intent = CHAT_UPDATE;
        return (o->title || o->has_due || o->priority) ? UPD_YES : UPD_NO;
    }
    return UPD_NEXT;
}

/* "Barbara just called, the HOA meeting got moved to wednesday": news in
 * a clause before the subject (view range [a, cut)) names no todo; the
 * subject is its last clause. */
static void drop_news_before_subject(nlu_t *p, size_t a, size_t cut)
{
    size_t last = a; /* where the subject's clause starts */
    for (size_t vi = a; vi < cut; vi = nlu_clause_end(p, vi))
        last = vi;
    bool news = false;
    for (size_t k = a; k < last; k++)
        news = news || nlu_past_word(vt(p, k));
    if (news)
        use(p, a, last - a);
}

/* "X is due friday", "X should be urgent", "do X on monday instead" */
int nlu_upd_is_due(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p);
    /* "X is due friday", "X should be urgent", "do X on monday instead" */
    {
        size_t cut = nlu_split_at(p, chat_lex_state_links);
        if (pm(p, a, "add|remind|put|new|create|todo|task|remember|schedule|need|i") ||
            pm(p, a, "is|are|anything|any|what|whats|which")) /* "is anything due tonight?" */
            cut = 0;
        bool instead = false;
        nlu_strip_suffix_list(p, chat_lex_keep_time); /* "..., instead, same time" */
        size_t b = last_free(p);
        if (b > a + 1 && pm(p, b - 1, "instead|rather"))
            instead = true;
        if (cut || instead) {
            nlu_t probe;
            chat_nlu_t tmp;
            nlu_probe(p, &probe, &tmp);
            if (cut)
                probe.s = cut;
            nlu_take_due(&probe);
            nlu_take_priority(&probe);
            if (!tmp.has_due && cut)
                take_shift(&probe); /* "X is half an hour earlier now" */
            if (!tmp.has_due && !tmp.priority && !tmp.shift_min)
                return UPD_NO;
            size_t left = 0;
            for (size_t vi = probe.s; vi < p->e; vi++)
                if (!probe.used[p->v[vi]] && !pm(&probe, vi, chat_lex_state_words))
                    left++;
            if (cut && left > 0)
                return UPD_NO;
            nlu_commit(p, &probe);
            o->has_due = tmp.has_due;
            o->due = tmp.due;
            o->priority = tmp.priority;
            o->shift_min = tmp.shift_min;
            if (cut) {
                use(p, cut, p->e - cut);
                drop_news_before_subject(p, a, cut);
                /* "dog groomer - low priority, it can wait": the subject and a
                   priority said before it are no part of the name */
                if (cut > a + 1 && pm(p, cut - 1, "it|this|that|which|its|thats"))
                    use(p, cut - 1, 1); /* "finish the form, it's due monday" */
                if (tmp.priority && !tmp.has_due)
                    nlu_take_priority(p);
            } else {
                use(p, b - 1, 1);
            }
            if (!cut) {
                take(p, first_free(p), (const char *const[]){"do|move|make|put|have", NULL});
            }
            p->news = true;
            o->intent = CHAT_UPDATE;
            if (!o->priority)
                nlu_take_priority(p); /* "X - high priority - due dec 15" */
            nlu_take_ref_dated(p);    /* "standup on monday got moved to 9:30" */
            return (o->ref != CHAT_REF_NONE) ? UPD_YES : UPD_NO;
        }
    }
    return UPD_NEXT;
}
