/* chat_rule_list: list questions: "what's on my list?", statuses ("done", "overdue"),
 * periods ("this week", "in december"), tags, text search and order. */
#include "chat_rule.h"

/* "overdue", "no due date", "done", "all", "open": status and period words
 * of a list question (chat_lex_list_words), each applied where it stands. */
static void list_status_words(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    for (size_t vi = p->s; vi < p->e; vi++) {
        if (p->used[p->v[vi]])
            continue;
        const chat_lex_list_word_t *w = chat_lex_list_words;
        size_t k = 0;
        for (; w->pat; w++)
            if ((k = pm(p, vi, w->pat)) && (!w->prev || (vi > p->s && pm(p, vi - 1, w->prev))))
                break;
        if (!w->pat)
            continue;
        use(p, vi, k);
        if (w->what == CHAT_LEX_LW_OVERDUE)
            o->when = CHAT_WHEN_OVERDUE;
        else if (w->what == CHAT_LEX_LW_NODATE)
            o->when = CHAT_WHEN_NODATE;
        else if (w->what == CHAT_LEX_LW_DONE)
            o->status = 2;
        else if (w->what == CHAT_LEX_LW_DONE_UNLESS_NOT && vi > p->s &&
                 pm(p, vi - 1, "not|isnt|arent|havent|didnt|un")) {
            o->status = 1; /* "not done" */
            use(p, vi - 1, 1);
        } else if (w->what == CHAT_LEX_LW_DONE_UNLESS_NOT) {
            o->status = 2;
        } else if (w->what == CHAT_LEX_LW_ALL) {
            o->status = o->status == 1 ? 0 : o->status;
            if (pm(p, vi + 1, "done|completed"))
                use(p, vi + 1, 1), vi++;
        }
    }
}

/* Where a period of several days that starts on local day from begins
 * for a list: now when that is today (what is still to come), else its
 * first midnight. */
static int64_t range_from(const nlu_t *p, int64_t from)
{
    return from == chat_date_local_day(p->ctx, p->ctx->now) ? p->ctx->now
                                                            : chat_date_at(p->ctx, from, 0);
}

/* "my week", "the weekend": this week / this weekend from today. */
static void list_week_words(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    for (size_t vi = p->s; vi + 1 < p->e && o->when == CHAT_WHEN_ANY; vi++) {
        if (p->used[p->v[vi]] || !pm(p, vi, "my|the|this") || !pm(p, vi + 1, "weeks|weekend"))
            continue;
        int64_t today = chat_date_local_day(p->ctx, p->ctx->now);
        int64_t monday = today - (chat_tz_weekday(today) + 6) % 7;
        int64_t from = pm(p, vi + 1, "weekend") ? monday + 5 : today;
        if (from < today)
            from = today;
        o->when = CHAT_WHEN_RANGE;
        o->from = range_from(p, from);
        o->to = chat_date_at(p->ctx, monday + 7, 0);
        use(p, vi, 2);
        /* "over the weekend", "during my week": the preposition is the period's */
        if (vi > p->s && !p->used[p->v[vi - 1]] && pm(p, vi - 1, "over|during|across|on|at|for"))
            use(p, vi - 1, 1);
    }
}

/* Dates as ranges: "today", "this week", "before friday" (everything due
 * until that day starts), "tomorrow at 5" (from now to then). */
static void list_dates(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    chat_nlu_t tmp;
    memset(&tmp, 0, sizeof tmp);
    /* "between now and sunday", "from today till the 4th": through that day */
    size_t th = 0, vi = p->s;
    for (; vi < p->e && !th; vi++)
        th = p->used[p->v[vi]] ? 0 : pm_any(p, vi, chat_lex_list_through);
    chat_date_ctx_t ctx = *p->ctx, *const saved = (chat_date_ctx_t *)p->ctx;
    ctx.possessive_days = true; /* "monday's lineup", "tmrw's list" */
    p->ctx = &ctx;
    p->out = &tmp;
    nlu_take_due(p);
    p->out = o;
    p->ctx = saved;
    if (!tmp.has_due || o->when != CHAT_WHEN_ANY)
        return;
    o->when = CHAT_WHEN_RANGE;
    if (th && !tmp.due.past) {
        use(p, vi - 1, th);
        o->from = p->ctx->now;
        o->to =
            chat_date_at(p->ctx, tmp.due.day + (tmp.due.span_days > 1 ? tmp.due.span_days : 1), 0);
    } else if (tmp.due.before) {
        o->from = INT64_MIN / 2;
        o->to = !tmp.due.through    ? chat_date_at(p->ctx, tmp.due.day, 0)
                : tmp.due.date_only ? chat_date_at(p->ctx, tmp.due.day + 1, 0)
                                    : tmp.due.t + 1; /* "by friday 3pm": 3pm included */
    } else if (tmp.due.span_days > 0) {
        /* "this week", "this month": what is still to come ("today" is all of it) */
        o->from = tmp.due.span_days > 1 ? range_from(p, tmp.due.day)
                                        : chat_date_at(p->ctx, tmp.due.day, 0);
        o->to = chat_date_at(p->ctx, tmp.due.day + tmp.due.span_days, 0);
    } else {
        o->from = p->ctx->now;
        o->to = tmp.due.t;
    }
}

/* "what's due in december?": the whole month named after in/during/for,
 * this year's or, once it is over, next year's. */
static void list_month(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    for (size_t vi = p->s; vi + 1 < p->e && o->when == CHAT_WHEN_ANY; vi++) {
        if (p->used[p->v[vi]] || !pm(p, vi, "in|during|for|through|throughout"))
            continue;
        const chat_tok_t *n = vt(p, vi + 2);
        if (n && !p->used[p->v[vi + 2]] && n->kind == CHAT_TOK_NUM)
            continue; /* "in december 5": a date */
        for (int m = 0; m < 12; m++) {
            if (!pm(p, vi + 1, chat_lex_months[m]))
                continue;
            int64_t today = chat_date_local_day(p->ctx, p->ctx->now), y;
            int cm, cd;
            chat_tz_civil_from_days(today, &y, &cm, &cd);
            if (m + 1 < cm)
                y++;
            int64_t first = chat_tz_days_from_civil(y, m + 1, 1);
            o->when = CHAT_WHEN_RANGE;
            o->from = chat_date_at(p->ctx, first, 0);
            o->to = chat_date_at(p->ctx, first + chat_tz_days_in_month(y, m + 1), 0);
            use(p, vi, 2);
            break;
        }
    }
}

/* "anything due soon?": the next 7 days. */
static void list_soon(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    for (size_t vi = p->s; vi < p->e && o->when == CHAT_WHEN_ANY; vi++) {
        size_t k = pm(p, vi, "soon|shortly|upcoming|coming");
        if (!k || p->used[p->v[vi]])
            continue;
        use(p, vi, k);
        if (pm(p, vi + 1, "up"))
            use(p, vi + 1, 1);
        o->when = CHAT_WHEN_RANGE;
        o->from = p->ctx->now;
        o->to = p->ctx->now + 7 * 86400;
    }
}

/* True when view token vi is a content word of a search: free, not a
 * question or filler word (chat_lex_list_stop). */
static bool list_content(const nlu_t *p, size_t vi)
{
    const chat_tok_t *t = vt(p, vi);
    return !p->used[p->v[vi]] &&
           !(t->kind == CHAT_TOK_WORD && nlu_in_list(t->norm, chat_lex_list_stop));
}

/* What remains, minus question words (chat_lex_list_stop), is a text
 * search: its span as the query, and each content word on its own
 * (query_words) for chat_engine to weigh against the todos. */
static void list_query(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    size_t a = first_free(p), b = last_free(p);
    if (b > a + 1 && pm(p, p->s, "is|are|was|were|has|have") && nlu_past_word(vt(p, b - 1)))
        use(p, --b, 1); /* "is the gas bill paid or not": its state, no word of it */
    size_t qa = b, qb = a, nw = 0;
    for (size_t vi = a; vi < b; vi++)
        if (list_content(p, vi)) {
            qa = vi < qa ? vi : qa;
            qb = vi + 1;
            nw++;
        }
    if (qa >= qb)
        return;
    o->query = nlu_text_between(p, qa, qb);
    o->query_words = p->mem->alloc(p->mem->allocator_data, nw * sizeof *o->query_words);
    for (size_t vi = qa; vi < qb; vi++)
        if (list_content(p, vi))
            o->query_words[o->n_query_words++] =
                nlu_mstrndup(p->mem, p->msg + vt(p, vi)->off, vt(p, vi)->len);
}

/* "by priority", "sorted by due date", "alphabetically": the list's order
 * (chat_lex_list_orders), anywhere in the question. */
static void list_order(nlu_t *p)
{
    for (size_t vi = p->s; vi < p->e; vi++)
        for (const chat_lex_order_t *o = chat_lex_list_orders; o->pat; o++) {
            size_t k = pm(p, vi, o->pat);
            if (k) {
                use(p, vi, k);
                p->out->order_by = o->order_by;
                return;
            }
        }
}

/* "home-tagged stuff", "work tagged ones": the word before "tagged" (or
 * joined to it by a hyphen) is a tag. */
static void list_tagged(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    for (size_t vi = p->s; vi < p->e && !o->n_tags; vi++) {
        const chat_tok_t *t = vt(p, vi);
        size_t l = strlen(t->norm);
        bool joined = l > 7 && !strcmp(t->norm + l - 7, "-tagged");
        bool next = vi + 1 < p->e && !p->used[p->v[vi + 1]] && pm(p, vi + 1, "tagged");
        if (p->used[p->v[vi]] || t->kind != CHAT_TOK_WORD || (!joined && !next) ||
            nlu_in_list(t->norm, chat_lex_list_stop))
            continue;
        o->tags = p->mem->alloc(p->mem->allocator_data, sizeof *o->tags);
        o->tags[o->n_tags++] = nlu_mstrndup(p->mem, t->norm, joined ? l - 7 : l);
        use(p, vi, next ? 2 : 1);
    }
}

static void list_filters(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    o->status = 1; /* open by default */
    size_t before = count_free(p);
    list_order(p);
    list_status_words(p);
    list_week_words(p);
    list_tagged(p);
    nlu_take_tag_words(p);
    nlu_take_tags(p);
    nlu_take_priority(p);
    list_month(p);
    list_dates(p);
    list_soon(p);
    /* a filter read: words that match no todo are talk, not a search */
    o->query_soft = o->query_soft || count_free(p) < before;
    list_query(p);
}

/* "next week's agenda pls", "today's todos": a noun of the list itself
 * (chat_lex_list_nouns) with nothing but list filters and stop words; or a
 * vague noun ("home-tagged stuff pls", "overdue things": chat_lex_list_things)
 * with at least one filter. */
static bool list_only(const nlu_t *p)
{
    bool noun = false, thing = false;
    for (size_t vi = first_free(p); vi < last_free(p) && !noun; vi++) {
        const chat_tok_t *t = vt(p, vi);
        bool w = !p->used[p->v[vi]] && t->kind == CHAT_TOK_WORD;
        noun = w && nlu_in_list(t->norm, chat_lex_list_nouns);
        thing = thing || (w && nlu_in_list(t->norm, chat_lex_list_things));
    }
    /* "mark the 7th item done": a command, however list-like its words */
    static const char *const *const commands[] = {
        chat_lex_complete_commands, chat_lex_update_verbs,    chat_lex_delete_strong,
        chat_lex_delete_nounlike,   chat_lex_delete_tasklike, chat_lex_add_commands};
    for (size_t i = 0; i < sizeof commands / sizeof *commands && thing && !noun; i++)
        thing = !pm_any(p, first_free(p), commands[i]);
    if (!noun && !thing)
        return false;
    nlu_t probe;
    chat_nlu_t tmp;
    nlu_probe(p, &probe, &tmp);
    list_filters(&probe);
    return tmp.query == NULL && (noun || tmp.query_soft);
}

/* "load shedding schedule for today?", "the train timetable": a schedule
 * (chat_lex_list_world) of something named right before it is about the
 * world unless those words name a todo (weak_list). */
static bool list_of_world(const nlu_t *p)
{
    for (size_t vi = p->s + 1; vi < p->e; vi++) {
        const chat_tok_t *t = vt(p, vi), *b = vt(p, vi - 1);
        if (!p->used[p->v[vi]] && !p->used[p->v[vi - 1]] && b->kind == CHAT_TOK_WORD &&
            nlu_in_list(t->norm, chat_lex_list_world) && !nlu_in_list(b->norm, chat_lex_list_stop))
            return true;
    }
    return false;
}

bool nlu_rule_list(nlu_t *p)
{
    static const char *const alone[] = {"todo|task|list|agenda|overdue|today|tomorrow|open|pending|"
                                        "outstanding|remaining|upcoming|everything|all|completed",
                                        NULL};
    size_t a = first_free(p);
    size_t k = pm_any(p, a, chat_lex_list_openers);
    /* "monday what I have", "for tomorrow what do i have": the day first */
    size_t d = a + (pm(p, a, "for|on") > 0);
    bool dated = !k && nlu_date_at(p, d);
    for (size_t j = d + 1; dated && !k && j <= d + 3 && j < p->e; j++)
        if ((k = pm_any(p, j, chat_lex_list_openers)) > 0)
            a = j;
    bool short_list = !k && ((count_free(p) == 1 && pm(p, a, alone[0])) ||
                             pm_any(p, a, chat_lex_list_alone) == count_free(p) || list_only(p));
    if (!k && pm(p, a, "is|are|was|were|do|did")) {
        size_t b = last_free(p);
        for (size_t w = 4; w >= 2 && !k; w--)
            if (b >= a + w + 1 && (pm(p, b - w, "on|in my|the ?todo list|todo") == w ||
                                   (w == 2 && pm(p, b - 2, "on|in there") == 2)))
                k = 1;
    }
    bool question = nlu_has_question(p); /* "?", or "is X paid or not" */
    if (!k && !short_list && !(question && p->out->question))
        return false;
    bool did = pm(p, a,
                  "did|have i|we ?already|ever|just finish|finished|complete|completed|do|done|"
                  "tick|cross") > 0;
    bool did_i = pm(p, a, "did i|we") == 2;
    bool what = false; /* "what is X", "remind me what X is", "is X or not" */
    for (size_t vi = a; vi < a + (k ? k : 1) && !what; vi++)
        what = pm(p, vi, "what|whats|which|wat|whatre") > 0;
    what = what || (!k && pm(p, a, "is|are|was|were") > 0);
    /* "how many ...": a count, whatever words come with it */
    p->out->query_soft = k && pm(p, a, "how|hw|hou many|much") == 2;
    if (k)
        use(p, a, k);
    p->out->question = question;
    p->out->intent = CHAT_LIST;
    list_filters(p);
    /* "did I pay rent?" names a todo: show it open or done; "what did I
       finish?" lists the done ones */
    if (p->out->query && !what && p->out->when == CHAT_WHEN_ANY && (did || did_i))
        p->out->status = 0;
    else if (did)
        p->out->status = 2;
    /* "what is 2+2": a question that names nothing about the list */
    bool names_list = false;
    for (size_t k = 0; k < p->n && !names_list; k++)
        names_list =
            p->t[k].kind == CHAT_TOK_WORD && nlu_in_list(p->t[k].norm, chat_lex_list_topic);
    chat_nlu_t *o = p->out;
    if ((what && !names_list && o->when == CHAT_WHEN_ANY && !o->priority && !o->n_tags) ||
        list_of_world(p)) {
        o->weak_list = true;
        o->query_soft = false;
    }
    return true;
}

/* A question that no other rule took is a search of the list. */
bool nlu_rule_list_any(nlu_t *p)
{
    p->out->question = true;
    return nlu_rule_list(p);
}
