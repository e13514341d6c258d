/* chat_rule_slot: the slots of a todo read anywhere in a message: #tags and "tag it X",
 * priorities, recurrence ("every monday"), the due date (chat_date) and
 * list-style suffixes ("to the shopping list"). */
#include "chat_rule.h"

/* ---- entities ---- */

void nlu_take_tags(nlu_t *p)
{
    size_t n = 0;
    for (size_t vi = p->s; vi < p->e; vi++)
        if (vt(p, vi)->kind == CHAT_TOK_TAG && !p->used[p->v[vi]])
            n++;
    if (!n)
        return;
    /* after the tags read so far ("home-tagged #urgent stuff") */
    char **tags = p->mem->alloc(p->mem->allocator_data, (n + p->out->n_tags) * sizeof(char *));
    for (size_t i = 0; i < p->out->n_tags; i++)
        tags[i] = p->out->tags[i];
    p->out->tags = tags;
    for (size_t vi = p->s; vi < p->e; vi++) {
        const chat_tok_t *t = vt(p, vi);
        if (t->kind != CHAT_TOK_TAG || p->used[p->v[vi]])
            continue;
        bool digits = true;
        for (const char *c = t->norm; *c; c++)
            digits = digits && *c >= '0' && *c <= '9';
        if (digits)
            continue; /* "#2" is a position */
        char *tag = nlu_mstrndup(p->mem, t->norm, strlen(t->norm));
        bool dup = false;
        for (size_t i = 0; i < p->out->n_tags; i++)
            dup = dup || strcmp(p->out->tags[i], tag) == 0;
        if (!dup)
            p->out->tags[p->out->n_tags++] = tag;
        p->used[p->v[vi]] = true;
        /* "tag it #work and #board": the words that lead to the tags */
        if (vi > p->s + 1 && pm(p, vi - 2, "tag|label|file it|them|as|under") == 2)
            use(p, vi - 2, 2);
        if (vi > p->s && pm(p, vi - 1, "and|&") && vt(p, vi - 2)->kind == CHAT_TOK_TAG)
            use(p, vi - 1, 1);
        /* "with tag #work", "tagged #home" */
        if (vi > p->s && pm(p, vi - 1, "tagged|tag|tags|with|label|labelled|labeled"))
            use(p, vi - 1, 1);
        if (vi > p->s + 1 && pm(p, vi - 2, "with tag|label"))
            use(p, vi - 2, 2);
    }
}

/* A plain word as a tag, as typed (lower case, no apostrophes), not as
 * chat_tok reads it: "tag it hr" is "hr", no "hour". */
static char *tag_word(const nlu_t *p, const chat_tok_t *t)
{
    char raw[CHAT_TOK_NORM_MAX], w[CHAT_TOK_NORM_MAX];
    size_t n = t->len < sizeof raw - 1 ? t->len : sizeof raw - 1;
    memcpy(raw, p->msg + t->off, n); /* the token's own bytes ("work+home" is two) */
    raw[n] = '\0';
    chat_tok_next_word(raw, w, sizeof w);
    return nlu_mstrndup(p->mem, w[0] ? w : t->norm, strlen(w[0] ? w : t->norm));
}

/* Does a clause end after view index vi (the message, or punctuation)? */
static bool clause_ends(const nlu_t *p, size_t vi)
{
    size_t raw = p->v[vi] + 1;
    return vi + 1 >= p->e || (raw < p->n && p->t[raw].kind == CHAT_TOK_PUNCT);
}

void nlu_take_more_tags(nlu_t *p, size_t w, const char *joins)
{
    chat_nlu_t *o = p->out;
    for (size_t word; o->n_tags < 4; w += word + 1) {
        word = pm(p, w, "and|&");
        bool mark = !word && w < p->e && p->t[p->v[w] - 1].kind == CHAT_TOK_PUNCT &&
                    strchr(joins, p->t[p->v[w] - 1].norm[0]);
        const chat_tok_t *n = vt(p, w + word);
        if ((!word && !mark) || !n || n->kind != CHAT_TOK_WORD || !clause_ends(p, w + word))
            break;
        o->tags[o->n_tags++] = tag_word(p, n);
        use(p, w, word + 1);
    }
}

/* "anything tagged home", "with the tag work": a plain word as the tag */
void nlu_take_tag_words(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    for (size_t vi = p->s; vi + 1 < p->e; vi++) {
        size_t k = pm(p, vi, "tagged|labelled|labeled|tag|tags|label|labels ?it|as|with|under");
        if (!k || p->used[p->v[vi]])
            continue;
        const chat_tok_t *t = vt(p, vi + k);
        /* a second "tag X" ends its clause: "... tag freelance tag invoices" */
        bool more =
            t && o->n_tags > 0 && o->n_tags < 4 && pm(p, vi, "tag|label") && clause_ends(p, vi + k);
        if (t && (t->kind == CHAT_TOK_WORD || t->kind == CHAT_TOK_TAG) && (!o->n_tags || more) &&
            !p->used[p->v[vi + k]] &&
            !pm(p, vi + k,
                "the|a|an|my|your|this|that|these|those|them|for|to|on|in|at|by|from|of|off")) {
            if (vi > p->s && pm(p, vi - 1, "and|also|pls|please|with"))
                use(p, vi - 1, 1); /* "... and tag it kids", "... with tag navidad" */
            else if (vi > p->s + 1 && pm(p, vi - 2, "with the|a") == 2)
                use(p, vi - 2, 2); /* "... with the tag xmas" */
            bool plural = pm(p, vi, "tags|labels") > 0;
            char **tags = p->mem->alloc(p->mem->allocator_data, (o->n_tags + 4) * sizeof(char *));
            for (size_t i = 0; i < o->n_tags; i++)
                tags[i] = o->tags[i];
            o->tags = tags;
            o->tags[o->n_tags++] = tag_word(p, t);
            use(p, vi, k + 1);
            nlu_take_more_tags(p, vi + k + 1, plural ? "+," : "+");
        }
    }
    /* "show me the errands tag", "my work label ones": the word before "tag" */
    for (size_t vi = p->s; vi + 1 < p->e && !o->n_tags; vi++) {
        const chat_tok_t *t = vt(p, vi);
        const chat_tok_t *u = vt(p, vi + 1); /* "with name labels" are no tag */
        if (p->used[p->v[vi]] || t->kind != CHAT_TOK_WORD ||
            !(strcmp(u->norm, "tag") == 0 || strcmp(u->norm, "label") == 0) ||
            (vi + 2 < p->e && !pm(p, vi + 2, "ones|items|todos|tasks|stuff|things|list")))
            continue;
        o->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
        o->tags[0] = tag_word(p, t);
        o->n_tags = 1;
        size_t from = vi > p->s && pm(p, vi - 1, "the|my") ? vi - 1 : vi;
        if (from > p->s && !p->used[p->v[from - 1]] && pm(p, from - 1, "under|in|with|on|for"))
            from--; /* "what's under my garden tag" */
        use(p, from, vi + 2 - from + (vi + 2 < p->e));
    }
}

/* May the priority phrase of k words at vi stand where it is? "high" or
 * "low" alone needs "priority" after it unless it is marked so ("the ones
 * marked high", "set to low", "high ones", "make it high"); a lone "a",
 * "as" or "with" is no phrase. */
static bool priority_phrase_stands(const nlu_t *p, size_t vi, size_t k)
{
    static const char *const bare_levels[] = {"high", "low", "medium", "normal", "top",
                                              "min",  "max", "mid",    "med",    NULL};
    const chat_tok_t *last = vt(p, vi + k - 1);
    if (k != 1 || !last)
        return true;
    if (pm(p, vi + 1, "up"))
        return false; /* "remind me to top up airtime" */
    bool marked = (vi > p->s && pm(p, vi - 1, "marked|set|flagged|at|as|to")) ||
                  pm(p, vi + k, "ones|items|tasks|todos|stuff|things") ||
                  (vi > p->s + 1 && pm(p, vi - 2, "mark|make|flag it|this|that") == 2);
    if (!marked && chat_lex_has(bare_levels, last->norm))
        return false;
    return !pm(p, vi, "a|as|with");
}

/* "low pri.. actually medium": a correction right after a priority, then
 * a bare level, sets that level instead. */
static void take_level_correction(nlu_t *p, size_t j)
{
    size_t from = j;
    bool strong = false;
    for (; j < p->e && nlu_word_in(p, j, chat_lex_corrections); j++)
        strong = strong || nlu_word_in(p, j, chat_lex_corrections_strong);
    int later = strong ? nlu_take_level(p, j) : 0;
    if (later) {
        p->out->priority = later;
        use(p, from, j - from);
    }
}

void nlu_take_priority(nlu_t *p)
{
    for (size_t vi = p->s; vi < p->e; vi++) {
        if (p->used[p->v[vi]])
            continue;
        for (const chat_lex_level_t *l = chat_lex_priority_phrases; l->pat; l++) {
            size_t k = pm(p, vi, l->pat);
            if (!k || !priority_phrase_stands(p, vi, k))
                continue;
            p->out->priority = l->priority;
            use(p, vi, k);
            take_level_correction(p, vi + k);
            break;
        }
    }
}

void nlu_take_bang_priority(nlu_t *p)
{
    for (size_t k = 0; k + 2 < p->n && !p->out->priority; k++)
        if (p->t[k].kind == CHAT_TOK_PUNCT && p->t[k].norm[0] == '!' &&
            p->t[k + 1].kind == CHAT_TOK_PUNCT && p->t[k + 1].norm[0] == '!' &&
            p->t[k + 2].norm[0] == '!')
            p->out->priority = 3;
}

/* "sometime next week", "at some point on friday": a vague word right
 * before a date that was read is part of it, not of the title. */
/* ---- recurrence ---- */

static char *recur_dup(nlu_t *p, const char *a, const char *b)
{
    size_t la = strlen(a), lb = b ? strlen(b) : 0;
    char *r = p->mem->alloc(p->mem->allocator_data, la + lb + 1);
    memcpy(r, a, la);
    memcpy(r + la, b ? b : "", lb + 1);
    return r;
}

/* "every ?other monday" (the weekday stays for take_due) and "every last
 * friday ?of the month" (all taken). */
static bool take_recur_weekday(nlu_t *p, size_t vi)
{
    size_t k = pm(p, vi, "every|each ?other|last");
    if (!k)
        return false;
    for (int d = 0; d < 7; d++) {
        if (!pm(p, vi + k, chat_lex_weekdays[d][0]))
            continue;
        char rule[48];
        if (pm(p, vi + 1, "last")) {
            snprintf(rule, sizeof rule, "FREQ=MONTHLY;BYDAY=-1%s", chat_lex_weekdays[d][1]);
            size_t m = pm(p, vi + k + 1, "of|in ?the|every|each month");
            use(p, vi, k + 1 + (m >= 2 ? m : 0));
            p->last_weekday = d + 1;
        } else {
            snprintf(rule, sizeof rule, "FREQ=WEEKLY;%sBYDAY=%s",
                     pm(p, vi + 1, "other") ? "INTERVAL=2;" : "", chat_lex_weekdays[d][1]);
            use(p, vi, k);
        }
        p->out->recurrence = recur_dup(p, rule, NULL);
        return true;
    }
    return false;
}

size_t nlu_date_read(const nlu_t *p, size_t vi, chat_date_t *d)
{
    if (vi >= p->e)
        return 0; /* read inside the view only */
    return chat_date_match(p->t, p->v[p->e - 1] + 1, p->v[vi], p->used, p->ctx, d);
}

bool nlu_date_at(const nlu_t *p, size_t vi)
{
    chat_date_t d;
    return nlu_date_read(p, vi, &d) > 0;
}

/* Takes a repeat phrase (chat_lex_recurrences) anywhere in the free words. */
void nlu_take_recurrence(nlu_t *p)
{
    for (size_t vi = p->s; vi < p->e && !p->out->recurrence; vi++) {
        if (p->used[p->v[vi]] || take_recur_weekday(p, vi))
            continue;
        for (const chat_lex_recur_t *r = chat_lex_recurrences; r->pat; r++) {
            size_t k = pm(p, vi, r->pat);
            if (k == 1 && vi + 1 < last_free(p) &&
                !pm(p, vi + 1, "at|on|from|starting|in|for|by") && !nlu_date_at(p, vi + 1))
                k = 0; /* "the weekly update": an adjective; "daily 21:00" a repeat */
            if (k) {
                use(p, vi, k);
                p->out->recurrence = recur_dup(p, r->rrule, NULL);
                p->recur_hour = r->hour;
                break;
            }
        }
    }
}

/* The first local day from today whose weekday (0 Sunday) is in mask and
 * whose second of the day sec is still ahead. */
static int64_t next_day_in(const nlu_t *p, unsigned mask, int sec)
{
    int64_t today = chat_date_local_day(p->ctx, p->ctx->now);
    for (int64_t d = today;; d++)
        if ((mask >> chat_tz_weekday(d) & 1) && chat_date_at(p->ctx, d, sec) > p->ctx->now)
            return d;
}

/* After take_due: a BYMONTHDAY gets the due's day; a repeat with no date
 * starts at its next day at the default hour (a recurrence needs a due). */
void nlu_finish_recurrence(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    if (!o->recurrence)
        return;
    int h = p->recur_hour ? p->recur_hour : CHAT_DATE_DEFAULT_HOUR;
    size_t l = strlen(o->recurrence);
    if (l && o->recurrence[l - 1] == '=') {
        if (!o->has_due) {
            o->recurrence = NULL;
            return;
        }
        int64_t y;
        int m, d;
        chat_tz_civil_from_days(chat_date_local_day(p->ctx, o->due.t), &y, &m, &d);
        char day[8];
        snprintf(day, sizeof day, "%d", d);
        o->recurrence = recur_dup(p, o->recurrence, day);
    }
    if (o->has_due && !o->due.time_only)
        return;
    /* "every day at 16:30": the time on the next day it is ahead */
    int sec = o->has_due ? (int)((chat_tz_to_local(p->ctx->tz, o->due.t) % 86400 + 86400) % 86400)
                         : h * 3600;
    unsigned mask = strstr(o->recurrence, "BYDAY=MO,TU,WE,TH,FR") ? 0x3e
                    : strstr(o->recurrence, "BYDAY=SA,SU")        ? 0x41
                                                                  : 0x7f;
    int64_t day = next_day_in(p, mask, sec);
    if (p->last_weekday) { /* the last such weekday of this month or the next */
        int64_t y;
        int m, d;
        chat_tz_civil_from_days(chat_date_local_day(p->ctx, p->ctx->now), &y, &m, &d);
        for (int k = 0; k < 2; k++, m = m % 12 + 1, y += m == 1) {
            int64_t last = chat_tz_days_from_civil(y, m, chat_tz_days_in_month(y, m));
            day = last - ((chat_tz_weekday(last) - p->last_weekday % 7) + 7) % 7;
            if (chat_date_at(p->ctx, day, sec) > p->ctx->now)
                break;
        }
    }
    memset(&o->due, 0, sizeof o->due);
    o->has_due = true;
    o->due.day = day;
    o->due.t = chat_date_at(p->ctx, day, sec);
}

static void drop_date_fillers(nlu_t *p, const bool *date)
{
    /* "next week sometime I need to ...": right after the date */
    for (size_t vi = p->s; vi + 1 < p->e; vi++) {
        if (!date[p->v[vi]] || p->used[p->v[vi + 1]])
            continue;
        size_t k = pm_any(p, vi + 1, chat_lex_date_fillers);
        if (k)
            use(p, vi + 1, k);
    }
    for (size_t vi = p->s + 1; vi < p->e; vi++) {
        if (!date[p->v[vi]] || p->used[p->v[vi - 1]])
            continue;
        for (size_t w = 1; w <= 4 && w <= vi - p->s; w++) {
            size_t k = pm_any(p, vi - w, chat_lex_date_fillers);
            if (k == w) {
                use(p, vi - w, w);
                break;
            }
        }
    }
}

/* Does view index vi start a date that names a day (not a time alone)? */
static bool day_at(const nlu_t *p, size_t vi)
{
    chat_date_t d;
    return !p->used[p->v[vi]] && nlu_date_read(p, vi, &d) && !d.time_only;
}

/* The clause [*a, *b) of the view that says a change ("put it monday",
 * "moved the deadline to 11 december") when more than one clause names a
 * day: its day is the due date, the others' are talk ("saturday the
 * showroom is closed"). False when no one clause is such, or a correction
 * opens it ("tuesday, actually make it wednesday": chat_date corrects). */
static bool change_clause(const nlu_t *p, size_t *a, size_t *b)
{
    size_t dated = 0, changes = 0;
    *a = *b = 0;
    if (nlu_clause_end(p, p->s) >= p->e)
        return false; /* one clause: nothing to choose (and no date read twice) */
    for (size_t s = p->s; s < p->e;) {
        size_t e = nlu_clause_end(p, s);
        bool date = false, change = false;
        for (size_t vi = s; vi < e; vi++)
            change = change || (!p->used[p->v[vi]] && pm_any(p, vi, chat_lex_change_said) &&
                                !(s > p->s && pm_any(p, s, chat_lex_corrections_strong)));
        for (size_t vi = s; vi < e && !date; vi++)
            date = day_at(p, vi);
        dated += date;
        if (date && change) {
            changes++;
            *a = s;
            *b = e;
        }
        s = e;
    }
    return dated > 1 && changes == 1;
}

void nlu_take_due(nlu_t *p)
{
    bool *skip = p->mem->alloc(p->mem->allocator_data, p->n + 1);
    for (size_t k = 0; k < p->n; k++)
        skip[k] = p->used[k] || (p->v && (p->t[k].kind == CHAT_TOK_QUOTED));
    size_t ca = p->s, cb = p->e, a, b;
    if (change_clause(p, &a, &b)) {
        ca = a;
        cb = b;
    }
    /* only inside the active range (the clause of the change, if one) */
    for (size_t k = 0; k < p->n; k++)
        if ((ca < p->nv && k < p->v[ca]) || (cb > 0 && cb <= p->nv && k > p->v[cb - 1]))
            skip[k] = true;
    bool *mark = p->mem->alloc(p->mem->allocator_data, p->n + 1);
    memcpy(mark, skip, p->n);
    chat_date_t d;
    if (chat_date_scan(p->t, p->n, mark, p->ctx, &d)) {
        for (size_t k = 0; k < p->n; k++)
            if (mark[k] && !skip[k])
                p->used[k] = true;
        p->out->has_due = true;
        p->out->due = d;
        for (size_t k = 0; k < p->n; k++)
            mark[k] = mark[k] && !skip[k];
        drop_date_fillers(p, mark);
        for (size_t vi = p->s; vi < p->e; vi++) /* "to tuesday, same time" */
            if (!p->used[p->v[vi]])
                use(p, vi, pm_any(p, vi, chat_lex_keep_time));
    }
}

/* "make it low", "set it to high": a bare level (chat_lex_priority_levels)
 * at view index vi, taken; 0 when there is none. */
int nlu_take_level(nlu_t *p, size_t vi)
{
    const chat_tok_t *t = vt(p, vi);
    if (!t || p->used[p->v[vi]] || t->kind != CHAT_TOK_WORD)
        return 0;
    for (const chat_lex_level_t *l = chat_lex_priority_levels; l->pat; l++)
        if (pm(p, vi, l->pat)) {
            use(p, vi, 1);
            p->out->priority = l->priority;
            return l->priority;
        }
    return 0;
}

/* Removes "to my list", "on the shopping list" (the word before "list"
 * becomes a tag), "to my todos" at the end of the free range. */
void nlu_take_list_suffix(nlu_t *p)
{
    size_t end = last_free(p);
    for (size_t back = 5; back >= 2; back--) {
        if (end < p->s + back + 1)
            continue;
        size_t vi = end - back;
        size_t k = pm(p, vi, "to|on|onto|in|into|for|in ?my|the|our ?todo|to-do|task list|todo");
        if (k == back) {
            const chat_tok_t *w = vt(p, vi + back - 2);
            if (back >= 4 && w && w->kind == CHAT_TOK_WORD && !chat_pat_word(w, "my") &&
                !chat_pat_word(w, "the") && !chat_pat_word(w, "todo") &&
                !chat_pat_word(w, "task") && p->out->n_tags == 0) {
                p->out->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
                p->out->tags[0] = tag_word(p, w);
                p->out->n_tags = 1;
            }
            use(p, vi, k);
            return;
        }
        /* "on there": the list the conversation is about */
        if (back == 2 && pm(p, vi, "on|in there|here") == 2) {
            use(p, vi, 2);
            return;
        }
        /* "to my shopping list" */
        k = pm(p, vi, "to|on|onto|in|into my|the|our");
        if (k == 2 && back == 4 && pm(p, vi + 3, "list") == 1) {
            const chat_tok_t *w = vt(p, vi + 2);
            if (w->kind == CHAT_TOK_WORD && p->out->n_tags == 0) {
                p->out->tags = p->mem->alloc(p->mem->allocator_data, sizeof(char *));
                p->out->tags[0] = tag_word(p, w);
                p->out->n_tags = 1;
            }
            use(p, vi, 4);
            return;
        }
    }
}

size_t nlu_remind_before_at(const nlu_t *p, size_t vi, int *minutes)
{
    if (vi >= p->e)
        return 0; /* "not tomorrow, sunday": every word already read */
    size_t k = pm(p, vi, "remind|ping|alert|notify|warn ?me|us");
    if (!k) /* "..., set a reminder 30 min before" */
        k = pm(p, vi, "set|add|with|and ?a|an reminder|alert|alarm|notification");
    bool clause = p->v[vi] > 0 && p->t[p->v[vi] - 1].kind == CHAT_TOK_PUNCT &&
                  p->t[p->v[vi] - 1].norm[0] == ','; /* "..., 30 min before" */
    if (!k && !clause)
        return 0;
    if (k && pm(p, vi + k, "the night|evening before") == 3) {
        *minutes = CHAT_NLU_REMIND_EVE; /* "remind me the night before" */
        return k + 3;
    }
    const chat_tok_t *n = vt(p, vi + k);
    int num = n && n->kind == CHAT_TOK_NUM ? (int)n->num : pm(p, vi + k, "a|an|one|the") ? 1 : 0;
    /* chat_tok writes "hour" as "hours" */
    num = num ? num : pm(p, vi + k, "half an hours") ? 30 : 0;
    if (num > 1000)
        return 0; /* "remind me 99999999 days before": no reminder, and no overflow */
    static const char *const unit_words =
        "minutes|minute|mins|min|hours|hour|hrs|hr|days|day|weeks|week";
    bool bare = !num && k && pm(p, vi + k, unit_words); /* "remind me day before pls" */
    num = bare ? 1 : num;
    size_t nk = bare ? 0 : pm(p, vi + k, "half an hours") ? 3 : 1;
    size_t u = nk == 3 ? 0 : pm(p, vi + k + nk, unit_words);
    size_t b = pm(p, vi + k + nk + u, "before|ahead|prior|beforehand|earlier");
    if (!num || (nk != 3 && !u) || !b)
        return 0;
    const chat_tok_t *ut = vt(p, vi + k + nk);
    static const struct {
        char first;
        int minutes;
    } units[] = {{'h', 60}, {'d', 1440}, {'w', 10080}};
    int mult = 1;
    for (size_t i = 0; nk != 3 && i < sizeof units / sizeof *units; i++)
        mult = ut->norm[0] == units[i].first ? units[i].minutes : mult;
    *minutes = num * mult;
    return k + nk + u + b;
}

/* The length of a note's lead and colon at view index vi ("note:", "and
 * put a note on it:"), or 0. */
static size_t note_lead_at(const nlu_t *p, size_t vi)
{
    static const char *const lead =
        "?and ?put|add|leave|with ?a|the note|notes|nb|ps ?on|to|for ?it";
    size_t k = p->used[p->v[vi]] ? 0 : pm(p, vi, lead);
    size_t raw = k ? p->v[vi + k - 1] : 0;
    bool colon =
        raw + 1 < p->n && p->t[raw + 1].kind == CHAT_TOK_PUNCT && p->t[raw + 1].norm[0] == ':';
    return k && colon && vi + k < p->e ? k : 0;
}

/* ", note: the sink leaks", "note that X": a note for a new todo, the rest
 * of the message after the note word and its colon; with clause, only a
 * note that opens a clause after two words or more ("renew passport -
 * note: photos are in the desk drawer"). */
static bool take_note(nlu_t *p, bool clause)
{
    for (size_t vi = first_free(p) + (clause ? 2 : 1); vi + 1 < p->e; vi++) {
        size_t k = note_lead_at(p, vi);
        if (!k || (clause && p->v[vi] - p->v[vi - 1] < 2))
            continue; /* a clause opens after punctuation */
        p->out->note = nlu_text_between(p, vi + k, p->e);
        use(p, vi, p->e - vi);
        return true;
    }
    return false;
}

bool nlu_take_clause_note(nlu_t *p)
{
    return take_note(p, true);
}

/* Is the raw token after view index vi a punctuation mark c? */
static bool punct_after(const nlu_t *p, size_t vi, char c)
{
    size_t raw = p->v[vi] + 1;
    return raw < p->n && p->t[raw].kind == CHAT_TOK_PUNCT && p->t[raw].norm[0] == c;
}

size_t nlu_bracket_at(const nlu_t *p, size_t *end)
{
    for (size_t vi = first_free(p) + 1; vi < p->e; vi++) {
        if (p->used[p->v[vi]] || !punct_after(p, vi - 1, '('))
            continue;
        size_t b = vi;
        while (b < p->e && !punct_after(p, b, ')'))
            b++;
        *end = b + 1;
        return b < p->e ? vi : 0;
    }
    return 0;
}

void nlu_take_bracket_note(nlu_t *p)
{
    size_t end, vi = p->out->note ? 0 : nlu_bracket_at(p, &end);
    if (vi && count_free_in(p, vi, end) >= 2) { /* "(urgent)" was a slot */
        p->out->note = nlu_text_between(p, vi, end);
        use(p, vi, end - vi);
    }
}

void nlu_take_add_extras(nlu_t *p)
{
    take_note(p, false);
    /* from the first word: "remind me 30 min before: call with the landlord" */
    for (size_t vi = first_free(p); vi < p->e; vi++) {
        int minutes;
        size_t k = p->used[p->v[vi]] ? 0 : nlu_remind_before_at(p, vi, &minutes);
        if (k) { /* "..., remind me an hour before" */
            p->out->remind_before = minutes;
            use(p, vi, k);
            if (vi > p->s && pm(p, vi - 1, "and|also|pls|please"))
                use(p, vi - 1, 1);
        }
    }
}
