/* chat_rule_anchor: a second reading of a message the rules could not
 * place, against the user's own todos (chat_nlu_anchor in chat_nlu.h).
 * People name a todo by its own words anywhere and say what happened
 * around them: "brisket's out, thanks", "mechanic's now thursday at 8",
 * "lotto ticket's not needed, delete", "Safaricom bill isn't actually
 * paid, untick it". The todo named is the one whose title holds the
 * message's words, each weighted by how few todos hold it; the rest of the
 * message is read for one cue (chat_lex.h "anchored readings"). */
#include "chat_rule.h"

#include <stdint.h>
#include <stdlib.h>

#define ANCHOR_MAX_WORDS 48  /* content words of a message (bits of a mask) */
#define ANCHOR_LEAD      0.5 /* the named todo leads the next by this much */
#define ANCHOR_TIED_MAX  5   /* todos named alike that are asked about */
#define ANCHOR_TIE       0.01

#define ANCHOR_MAX_NUMS 4

typedef struct {
    size_t vi[ANCHOR_MAX_WORDS]; /* view index of each content word */
    char stem[ANCHOR_MAX_WORDS][CHAT_TOK_NORM_MAX];
    size_t n;
    bool *dated;               /* per token: part of a date ("last night", "at 8") */
    long num[ANCHOR_MAX_NUMS]; /* numbers no date took ("chapter 2") */
    size_t n_num;
} words_t;

typedef struct {
    uint64_t hits; /* message words the title holds */
    uint64_t verb; /* message words that are the title's opening task verb */
    double score;
} match_t;

/* The stem of a word in its base form ("paid" -> "pay"). */
static void base_stem(const char *norm, char *out)
{
    for (size_t i = 0; chat_lex_past_bases[i][0]; i++)
        if (!strcmp(norm, chat_lex_past_bases[i][0]))
            norm = chat_lex_past_bases[i][1];
    chat_tok_stem(norm, out, CHAT_TOK_NORM_MAX);
}

/* The number token t says: a number, or a tag of digits ("paid lafleur
 * #1241": an invoice's number, whether or not it is also a tag). */
static bool tok_number(const chat_tok_t *t, long *n)
{
    if (t->kind == CHAT_TOK_NUM) {
        *n = (long)t->num;
        return true;
    }
    if (t->kind != CHAT_TOK_TAG || !t->norm[0] || strspn(t->norm, "0123456789") != strlen(t->norm))
        return false;
    *n = strtol(t->norm, NULL, 10);
    return true;
}

/* The message's content words, dates and stop words left out. */
static void message_words(const nlu_t *p, words_t *w)
{
    nlu_t q;
    chat_nlu_t o;
    nlu_probe(p, &q, &o);
    nlu_take_due(&q);
    w->dated = q.used;
    for (size_t k = 0; k < p->n; k++)
        w->dated[k] = w->dated[k] && !p->used[k];
    w->n = w->n_num = 0;
    for (size_t vi = p->s; vi < p->e && w->n < ANCHOR_MAX_WORDS; vi++) {
        const chat_tok_t *t = vt(p, vi);
        long num;
        if (tok_number(t, &num) && !w->dated[p->v[vi]] && w->n_num < ANCHOR_MAX_NUMS)
            w->num[w->n_num++] = num;
        if (t->kind != CHAT_TOK_WORD || strlen(t->norm) < 2 || w->dated[p->v[vi]] ||
            chat_lex_has(chat_lex_anchor_stop, t->norm))
            continue;
        w->vi[w->n] = vi;
        base_stem(t->norm, w->stem[w->n++]);
    }
}

/* Do the message and title name different numbers and none in common
 * ("done with chapter 2" and "Finish skripsi chapter 3")? */
static bool numbers_clash(const words_t *w, const chat_tok_t *tt, size_t nt)
{
    bool title_num = false;
    for (size_t k = 0; k < nt; k++) {
        long num;
        if (!tok_number(&tt[k], &num))
            continue;
        title_num = true;
        for (size_t j = 0; j < w->n_num; j++)
            if (w->num[j] == num)
                return false;
    }
    return title_num && w->n_num > 0;
}

/* Which message words title holds; none when their numbers clash. */
static match_t title_match(const words_t *w, const char *title, ProtobufCAllocator *mem)
{
    match_t m = {0, 0, 0};
    chat_tok_t *tt;
    size_t nt = chat_tok_split(title, strlen(title), mem, 64, &tt);
    if (numbers_clash(w, tt, nt))
        return m;
    bool first = true;
    for (size_t k = 0; k < nt; k++) {
        if (tt[k].kind != CHAT_TOK_WORD)
            continue;
        char st[CHAT_TOK_NORM_MAX];
        base_stem(tt[k].norm, st);
        bool verb = first && chat_lex_has(chat_lex_task_verbs, tt[k].norm);
        first = false;
        if (chat_lex_has(chat_lex_anchor_stop, tt[k].norm) && !verb)
            continue;
        for (size_t j = 0; j < w->n; j++)
            if (!strcmp(st, w->stem[j])) {
                if (verb)
                    m.verb |= UINT64_C(1) << j;
                else
                    m.hits |= UINT64_C(1) << j;
            }
    }
    return m;
}

/* Scores every todo: each message word it holds counts 1 / (todos holding
 * it), half that as its opening verb ("pack" of "pack the swim bags" is
 * weak evidence; "dentist" of "dentist checkup" is a word the lexicon
 * also lists as a task opener). Returns the matches (turn memory). */
static match_t *score_todos(const nlu_t *p, const words_t *w, const chat_nlu_todo_t *todos,
                            size_t n)
{
    match_t *m = p->mem->alloc(p->mem->allocator_data, (n + 1) * sizeof *m);
    size_t df[ANCHOR_MAX_WORDS] = {0};
    for (size_t i = 0; i < n; i++) {
        m[i] = title_match(w, todos[i].title ? todos[i].title : "", p->mem);
        for (size_t j = 0; j < w->n; j++)
            df[j] += ((m[i].hits | m[i].verb) >> j) & 1;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < w->n; j++)
            m[i].score += (((m[i].hits >> j) & 1)   ? 1.0
                           : ((m[i].verb >> j) & 1) ? 0.5
                                                    : 0) /
                          (double)(df[j] ? df[j] : 1);
    return m;
}

/* The todos named: the best and those tied with it (at most
 * ANCHOR_TIED_MAX) into best[], or none when the best does not lead the
 * rest clearly. Returns how many. */
static size_t pick(const match_t *m, size_t n, size_t *best)
{
    double top = 0, next = 0;
    for (size_t i = 0; i < n; i++)
        top = m[i].score > top ? m[i].score : top;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (top > 0 && m[i].score >= top - ANCHOR_TIE) {
            if (k < ANCHOR_TIED_MAX)
                best[k] = i;
            k++;
        } else if (m[i].score > next)
            next = m[i].score;
    }
    if (top < 0.5 || k > ANCHOR_TIED_MAX || top - next < ANCHOR_LEAD)
        return 0;
    return k;
}

static bool anywhere(const nlu_t *p, const char *const *pats)
{
    for (size_t vi = p->s; vi < p->e; vi++)
        if (!p->used[p->v[vi]] && pm_any(p, vi, pats))
            return true;
    return false;
}

/* Takes the words of the named todo(s) out of the view, with a todo word
 * right after them ("the swimming task", "the mechanic one"). */
static void take_named(nlu_t *p, const words_t *w, uint64_t words)
{
    for (size_t j = 0; j < w->n; j++)
        if ((words >> j) & 1) {
            use(p, w->vi[j], 1);
            use(p, w->vi[j] + 1, pm(p, w->vi[j] + 1, "one|task|thing|reminder|item|todo"));
        }
}

/* "for the mechanic one, note: ask about the brake pads": the note is the
 * rest after the note words (and a colon). */
static bool take_note(nlu_t *p)
{
    for (size_t vi = p->s; vi < p->e; vi++) {
        size_t k = p->used[p->v[vi]] ? 0 : pm_any(p, vi, chat_lex_anchor_note);
        if (k && vi + k < p->e) {
            p->out->note = nlu_text_between(p, vi + k, p->e);
            use(p, vi, p->e - vi);
            return p->out->note && p->out->note[0];
        }
    }
    return false;
}

/* "hiring plan shouldn't be tagged work anymore": the tag after the cue. */
static bool take_untag(nlu_t *p)
{
    for (size_t vi = p->s; vi + 1 < p->e; vi++) {
        size_t k = p->used[p->v[vi]] ? 0 : pm_any(p, vi, chat_lex_anchor_untag);
        const chat_tok_t *t = k ? vt(p, vi + k) : NULL;
        if (t && (t->kind == CHAT_TOK_TAG || t->kind == CHAT_TOK_WORD) &&
            !chat_lex_has(chat_lex_anchor_stop, t->norm)) {
            p->out->untag = nlu_mstrndup(p->mem, t->norm, strlen(t->norm));
            use(p, vi, k + 1);
            return true;
        }
    }
    return false;
}

/* "walsh invoice -> monday", "dentist → 3pm tmrw": an arrow (a "to" token,
 * chat_tok) is a change. */
static bool has_arrow(const nlu_t *p, const words_t *w)
{
    for (size_t k = 0; k < p->n; k++)
        if ((p->t[k].kind == CHAT_TOK_WORD && !strcmp(p->t[k].norm, "to") &&
             strchr("-=\xE2", p->msg[p->t[k].off])) ||
            (k > 0 && p->t[k].kind == CHAT_TOK_PUNCT && strchr(":-", p->t[k].norm[0]) &&
             p->t[k - 1].kind == CHAT_TOK_WORD && !w->dated[k - 1] && k + 1 < p->n &&
             p->t[k + 1].kind == CHAT_TOK_WORD))
            return true; /* also "the loft clear out - low priority": a name, a dash;
                            "monday: pick up X" is a day's label, no arrow */
    return false;
}

/* A property the rest of the message gives the todo: a note, no due date,
 * a tag off, tags, a priority, a date. */
static bool read_property(nlu_t *p)
{
    chat_nlu_t *o = p->out;
    if (take_note(p))
        return true;
    if (anywhere(p, chat_lex_anchor_clear_due)) {
        o->clear_due = true;
        return true;
    }
    bool untag = take_untag(p);
    nlu_take_tags(p);
    nlu_take_tag_words(p); /* "add the tag family to the osaka trip" */
    nlu_take_priority(p);
    for (size_t vi = p->s; vi < p->e && !o->priority; vi++)
        if (!p->used[p->v[vi]] && pm(p, vi, "flag|flagged|set|make|mark|bump|put|it|as"))
            o->priority = nlu_take_level(p, vi + 1);
    nlu_take_due(p);
    /* a time already gone is when something happened ("paid it this morning") */
    return untag || o->n_tags || o->priority ||
           (o->has_due && !o->due.past && o->due.t > p->ctx->now);
}

/* Is view index vi a word of another thing than the named todo: a content
 * word it lacks that no cue covers? */
static bool foreign(const nlu_t *p, const words_t *w, uint64_t named, size_t vi)
{
    const chat_tok_t *t = vt(p, vi);
    if (t->kind == CHAT_TOK_QUOTED)
        return true; /* "remove 'buy beans'": a name of its own, another todo's */
    if (t->kind != CHAT_TOK_WORD || chat_lex_has(chat_lex_anchor_stop, t->norm))
        return false;
    for (size_t a = p->s; a <= vi; a++) {
        size_t k = pm_any(p, a, chat_lex_anchor_done) | pm_any(p, a, chat_lex_anchor_delete) |
                   pm_any(p, a, chat_lex_anchor_contacted) | pm_any(p, a, chat_lex_delete_gone);
        if (k && a + k > vi)
            return false; /* a cue's word ("spoke to Mwangi") */
    }
    for (size_t j = 0; j < w->n; j++)
        if (w->vi[j] == vi)
            return !((named >> j) & 1);
    return true;
}

/* Is the todo named cleanly: beside each of its words (across links:
 * articles, prepositions, "and", auxiliaries; dates; talk), no word of
 * another thing ("the car wash voucher", "dog's been groomed")? */
static bool named_cleanly(const nlu_t *p, const words_t *w, uint64_t named)
{
    for (size_t j = 0; j < w->n; j++) {
        if (!((named >> j) & 1))
            continue;
        for (int dir = -1; dir <= 1; dir += 2) {
            size_t vi = w->vi[j];
            while ((dir < 0 ? vi > p->s : vi + 1 < p->e)) {
                size_t next = vi + (size_t)dir;
                if (p->v[dir < 0 ? vi : next] - p->v[dir < 0 ? next : vi] > 1) {
                    vi = w->vi[j]; /* a comma or a full stop ends what names the todo */
                    break;
                }
                vi = next;
                const chat_tok_t *t = vt(p, vi);
                if (!p->used[p->v[vi]] && !w->dated[p->v[vi]] && t->kind != CHAT_TOK_PUNCT &&
                    !chat_lex_has(chat_lex_anchor_links, t->norm))
                    break;
            }
            if (vi != w->vi[j] && foreign(p, w, named, vi))
                return false;
        }
    }
    return true;
}

/* Does what a cue (cues) takes, up to the end of its clause, name the todo
 * before anything else? "delete old photos off my phone" and "finished
 * backing up my phone" say other things first, which the todo's word
 * ("Pay phone bill") only qualifies; "done with the tax return thank god",
 * "..., delete it" and "back from the post office, parcel's sent" do not.
 * whole_clause (deletes): any other thing in the cue's clause before the
 * todo's words, or instead of them, refuses the delete ("remove 'buy beans'
 * from my list, my wife don buy am already" names no "Buy rice for the
 * party"; "remove buy rice for the party from the app" is refused too, on
 * the safe side). */
static bool cue_takes_named(const nlu_t *p, const words_t *w, uint64_t named,
                            const char *const *cues, bool whole_clause)
{
    for (size_t vi = p->s; vi < p->e; vi++) {
        size_t k = p->used[p->v[vi]] ? 0 : pm_any(p, vi, cues);
        bool other = false;
        for (size_t o = vi + k;
             k && o < p->e && p->v[o] - p->v[o - 1] == 1 && !pm(p, o, "so|because|but|then"); o++) {
            if (p->used[p->v[o]] && other)
                return false; /* the named words are taken (take_named) */
            if (p->used[p->v[o]])
                break;
            other = other || (!w->dated[p->v[o]] && foreign(p, w, named, o));
        }
        if (other && whole_clause)
            return false; /* "remove 'buy beans' ..., my wife don buy am": another thing */
    }
    return true;
}

/* "brisket's out, thanks": "out" with only stop words after it ("the
 * printer is out of ink" says nothing of "get the printer out"). */
static bool ends_with_out(const nlu_t *p)
{
    size_t vi = p->e;
    while (vi > p->s &&
           (p->used[p->v[vi - 1]] ||
            (chat_lex_has(chat_lex_anchor_stop, vt(p, vi - 1)->norm) && !pm(p, vi - 1, "out"))))
        vi--;
    return vi > p->s && pm(p, vi - 1, "out");
}

/* Are words of the matched name said before view index vi, and after it? */
static void named_around(const words_t *w, const match_t *m, size_t vi, bool *before, bool *after)
{
    *before = *after = false;
    for (size_t i = 0; i < w->n; i++) {
        *before = *before || (((m->hits >> i) & 1) && w->vi[i] < vi);
        *after = *after || (((m->hits >> i) & 1) && w->vi[i] > vi);
    }
}

/* Is the todo's own verb in the past at word j said of the todo ("called
 * the landlord", "swim bags packed", "the electrician has been called"),
 * not by it ("the landlord called about the boiler")? */
static bool done_verb(const nlu_t *p, const words_t *w, const match_t *m, size_t j)
{
    size_t vi = w->vi[j];
    bool named_before, more_after;
    named_around(w, m, vi, &named_before, &more_after);
    for (size_t k = vi + 1; k < p->e; k++)
        more_after = more_after ||
                     (!p->used[p->v[k]] && !chat_lex_has(chat_lex_anchor_stop, vt(p, k)->norm));
    return !named_before || !more_after ||
           (vi > p->s && pm(p, vi - 1, "been|was|were|is|are|got|get|s"));
}

/* Does the message say the named todo is done: a done cue, its own verb in
 * the past ("watered", "paid"), having spoken to the one it would call, or
 * "out" for a todo that gets something out? */
/* "ortiz roofing finished the office roof repair": words of the todo on
 * both sides of a past "finished", said of "Pay Ortiz Roofing for office
 * roof repair": someone else's deed, not the todo's own. */
static bool someone_finished(const nlu_t *p, const words_t *w, const match_t *m, const char *title)
{
    char verb[CHAT_TOK_NORM_MAX];
    chat_tok_next_word(title, verb, sizeof verb);
    if (!strcmp(verb, "finish") || !strcmp(verb, "complete"))
        return false;
    for (size_t vi = p->s; vi < p->e; vi++) {
        if (p->used[p->v[vi]] || !pm(p, vi, "finished|completed|did"))
            continue;
        bool before, after;
        named_around(w, m, vi, &before, &after);
        if (before && after)
            return true;
    }
    return false;
}

static bool says_done(const nlu_t *p, const words_t *w, const match_t *m, const char *title)
{
    if (anywhere(p, chat_lex_anchor_done) && !someone_finished(p, w, m, title))
        return true;
    for (size_t j = 0; j < w->n; j++)
        if (((m->verb >> j) & 1) && nlu_past_word(vt(p, w->vi[j])) && done_verb(p, w, m, j))
            return true;
    char verb[CHAT_TOK_NORM_MAX];
    chat_tok_next_word(title, verb, sizeof verb);
    if (chat_lex_has(chat_lex_anchor_contact_verbs, verb) && anywhere(p, chat_lex_anchor_contacted))
        return true;
    return strstr(title, " out") && ends_with_out(p);
}

/* A change that only sets a due date. */
static bool only_due(const chat_nlu_t *o)
{
    return o->has_due && !o->priority && !o->n_tags && !o->clear_due && !o->note && !o->untag;
}

/* "delete the spam emails is finished, inbox zero!": the delete word is
 * the named todo's own opening verb ("Delete the spam emails"), said once,
 * and the message says it is done: no delete cue. */
static bool own_verb_done(const nlu_t *p, const words_t *w, const match_t *m, const char *title)
{
    char verb[CHAT_TOK_NORM_MAX];
    size_t n = 0;
    if (!chat_lex_deed_title(title, verb, sizeof verb))
        return false;
    for (size_t vi = p->s; vi < p->e; vi++) /* a word, not a pattern: verb is no literal */
        n += chat_pat_word(vt(p, vi), verb);
    return n == 1 && says_done(p, w, m, title);
}

/* Is the todo spared: a word naming it comes right after "except", "keep",
 * "not the" ("clean up the finished stuff, well not the tax one"; "we're
 * not doing the harambee" spares nothing)? */
static bool spared(const nlu_t *p, const words_t *w, uint64_t named)
{
    for (size_t j = 0; j < w->n; j++) {
        size_t vi = w->vi[j];
        static const char *const spare[] = {"except", "keep", "besides", "spare", NULL};
        static const char *const det[] = {"the", "my", "that", "this", NULL};
        if (!((named >> j) & 1) || vi < p->s + 2)
            continue; /* words as said, whatever a reading took ("not the tax one") */
        const chat_tok_t *a = vt(p, vi - 2), *b = vt(p, vi - 1);
        if (chat_lex_has(spare, b->norm) ||
            ((chat_lex_has(spare, a->norm) || !strcmp(a->norm, "not")) &&
             chat_lex_has(det, b->norm)))
            return true;
    }
    return false;
}

/* Is a word naming the todo someone else's ("my coworker already finished
 * his report")? */
static bool someone_elses(const nlu_t *p, const words_t *w, uint64_t named)
{
    for (size_t j = 0; j < w->n; j++)
        if (((named >> j) & 1) && w->vi[j] > p->s && pm(p, w->vi[j] - 1, "his|her|their|your"))
            return true;
    return false;
}

/* Is a change word said, in the clause of a date when the message holds
 * one ("mechanic's now thursday at 8", "dentist friday instead")? "we
 * finished the tree today with the grandkids 🎄 ..., Noah put the star
 * on top": the date is the news's, the change word another clause's. */
static bool change_said(const nlu_t *p, const words_t *w)
{
    bool dates = false;
    for (size_t vi = p->s; vi < p->e; vi++)
        dates = dates || w->dated[p->v[vi]];
    for (size_t vi = p->s; vi < p->e; vi++) {
        if (p->used[p->v[vi]] || !pm_any(p, vi, chat_lex_anchor_change))
            continue;
        size_t a = vi, b = nlu_clause_end(p, vi);
        while (a > p->s && p->v[a] - p->v[a - 1] == 1)
            a--;
        for (size_t k = a; k < b && dates; k++)
            if (w->dated[p->v[k]])
                return true;
        if (!dates)
            return true;
    }
    return has_arrow(p, w);
}

/* "its done now, Joko helped me today": the "now" of a done cue tells when
 * it was done; it is no change word. */
static void take_done_now(nlu_t *p)
{
    for (size_t vi = p->s; vi < p->e; vi++)
        if (!p->used[p->v[vi]] && pm_any(p, vi, chat_lex_anchor_done_now))
            use(p, vi + 1, 1);
}

/* Does a clause open with a request to add ("bin night's wednesday, add
 * put the bins out wed night")? Then a new item is asked for, and no
 * todo it shares a word with is changed. */
static bool add_asked(const nlu_t *p)
{
    for (size_t vi = p->s; vi < p->e; vi++)
        if ((vi == p->s || p->v[vi] - p->v[vi - 1] > 1) &&
            pm_any(p, vi, chat_lex_anchor_add_opens) &&
            !pm(p, vi + 1, "a|the|note|notes|tag|tags|to"))
            return true;
    return false;
}

/* The intent the rest of the message gives the one todo named (done or
 * open), or CHAT_UNKNOWN. first_add: a change needs a change word. */
static chat_intent_t read_cue(nlu_t *p, const words_t *w, const match_t *m,
                              const chat_nlu_todo_t *t, bool first_add)
{
    if (nlu_negated_command(p) || anywhere(p, chat_lex_anchor_plans) || (first_add && add_asked(p)))
        return CHAT_UNKNOWN; /* "... so don't cross it off", "i should delete X eventually" */
    if (anywhere(p, chat_lex_anchor_reopen) || anywhere(p, nlu_reopen_strong))
        return t->done ? CHAT_REOPEN : CHAT_UNKNOWN;
    take_done_now(p);
    nlu_snap_t before = nlu_snap(p);
    bool change = change_said(p, w); /* before slots take it */
    /* "I don't need X anymore, she's away this weekend. delete it": a delete
       said outright outweighs a date the talk holds */
    bool del = !change && anywhere(p, chat_lex_anchor_delete) &&
               !anywhere(p, chat_lex_anchor_property) && !anywhere(p, chat_lex_anchor_clear_due);
    /* "got rid of the old sofa, the guy picked it up today": news has its
       own date; with no change word it moves nothing */
    bool news = false;
    for (size_t vi = p->s; vi < p->e && !change; vi++)
        news = news || (!p->used[p->v[vi]] && nlu_past_word(vt(p, vi)));
    uint64_t named = m->hits | m->verb;
    /* "remove the wasp nest from the shed roof, tag garden": what the delete
       verb takes is another thing than "clean the shed" */
    if (!del && read_property(p) &&
        !(first_add && !change && !p->out->note && !p->out->clear_due) &&
        (change || p->out->clear_due || cue_takes_named(p, w, named, chat_lex_anchor_delete, true)))
        return (news || !change) && only_due(p->out) ? CHAT_UNKNOWN : CHAT_UPDATE;
    nlu_restore(p, &before); /* a bare item's date is no change: "went to the gym this morning" */
    if (nlu_has_question(p) || anywhere(p, chat_lex_anchor_property) ||
        !named_cleanly(p, w, named) || someone_elses(p, w, named) || spared(p, w, named))
        return CHAT_UNKNOWN; /* "is the gas bill paid?" asks; "take that tag off" */
    if (anywhere(p, chat_lex_anchor_delete) && !own_verb_done(p, w, m, t->title))
        return cue_takes_named(p, w, named, chat_lex_anchor_delete, true) ? CHAT_DELETE
                                                                          : CHAT_UNKNOWN;
    if (!t->done && says_done(p, w, m, t->title) &&
        cue_takes_named(p, w, named, chat_lex_anchor_done, false))
        return CHAT_COMPLETE;
    return CHAT_UNKNOWN;
}

/* Is the todo named only by its opening verb, said of someone or
 * something else ("i rang him this morning" names no "Ring Nana", "cross
 * off pick up Jack" no "Pick up Sam from rugby")? */
static bool verb_of_another(const nlu_t *p, const words_t *w, const match_t *m)
{
    if (m->hits)
        return false;
    for (size_t j = 0; j < w->n; j++) {
        if (!((m->verb >> j) & 1))
            continue;
        size_t o = w->vi[j] + 1 + pm(p, w->vi[j] + 1, "up|down|off|out|back|in");
        const chat_tok_t *t = vt(p, o);
        if (pm(p, o, "him|her|them|it|that|they|he|she") ||
            (t && t->kind == CHAT_TOK_WORD && !chat_lex_has(chat_lex_anchor_stop, t->norm) &&
             p->v[o] - p->v[o - 1] == 1 && !w->dated[p->v[o]] && !nlu_past_word(t) &&
             !pm_any(p, o, chat_lex_update_verbs)))
            return true; /* what the verb takes is no word of the todo's ("haircut
                            postpone to ...", "the dentist moved me" say what happened) */
    }
    return false;
}

/* "t1 and t2": the titles of the todos named alike, each of which
 * chat_engine then finds by its very title. */
static char *titles_joined(ProtobufCAllocator *mem, const chat_nlu_todo_t *todos,
                           const size_t *best, size_t k)
{
    size_t l = 1;
    for (size_t i = 0; i < k; i++)
        l += strlen(todos[best[i]].title) + 5;
    char *s = mem->alloc(mem->allocator_data, l);
    s[0] = 0;
    for (size_t i = 0; i < k; i++)
        snprintf(s + strlen(s), l - strlen(s), "%s%s", i ? " and " : "", todos[best[i]].title);
    return s;
}

/* Do two words side by side name two different todos of those tied
 * ("hair appt": "Buy hair dryer" and "Book nail appointment")? Todos named
 * together are said apart ("laundry and dishes both done"). */
static bool one_phrase_splits(const words_t *w, const match_t *m, const size_t *best, size_t k)
{
    for (size_t j = 0; j + 1 < w->n; j++) {
        if (w->vi[j + 1] != w->vi[j] + 1)
            continue;
        uint64_t a = 0, b = 0; /* the tied todos holding word j, word j + 1 */
        for (size_t i = 0; i < k; i++) {
            a |= ((m[best[i]].hits >> j) & 1) << i;
            b |= ((m[best[i]].hits >> (j + 1)) & 1) << i;
        }
        if (a && b && !(a & b))
            return true;
    }
    return false;
}

/* Are the todos named alike said apart: between the first word of each and
 * the next, an "and", a "&", a "+" or a break ("laundry and dishes both
 * done")? "the invoice for tom" names no "Email Sarah re invoice" and
 * "Call Tom about lunch" together. */
static bool said_apart(const nlu_t *p, const words_t *w, const match_t *m, const size_t *best,
                       size_t k)
{
    size_t at[ANCHOR_TIED_MAX];
    for (size_t i = 0; i < k && i < ANCHOR_TIED_MAX; i++) {
        uint64_t h = m[best[i]].hits | m[best[i]].verb;
        at[i] = p->e;
        for (size_t j = 0; j < w->n && at[i] == p->e; j++)
            if ((h >> j) & 1)
                at[i] = w->vi[j];
    }
    for (size_t i = 0; i < k && i < ANCHOR_TIED_MAX; i++)
        for (size_t o = 0; o < k && o < ANCHOR_TIED_MAX; o++) {
            if (at[i] >= at[o])
                continue;
            bool apart = false;
            for (size_t vi = at[i] + 1; vi <= at[o] && !apart; vi++)
                apart = pm(p, vi, "and|n|&|plus|also") || p->v[vi] - p->v[vi - 1] > 1;
            if (!apart)
                return false;
        }
    return true;
}

bool chat_nlu_anchor(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                     ProtobufCAllocator *mem, const chat_nlu_todo_t *todos, size_t n,
                     bool first_add, chat_nlu_t *out)
{
    nlu_t p;
    chat_nlu_t o;
    if (!n || !nlu_open(&p, msg, len, ctx, mem, &o))
        return false;
    nlu_strip_fillers(&p);
    nlu_drop_commentary(&p);
    words_t w;
    message_words(&p, &w);
    match_t *m = score_todos(&p, &w, todos, n);
    size_t best[ANCHOR_TIED_MAX], k = pick(m, n, best);
    if (k == 0 || verb_of_another(&p, &w, &m[best[0]]))
        return false;
    if (k > 1 && (one_phrase_splits(&w, m, best, k) || !said_apart(&p, &w, m, best, k)))
        return false; /* "the hair appt": "Buy hair dryer", "Book nail appointment" */
    uint64_t all = 0;
    for (size_t i = 0; i < k; i++)
        all |= m[best[i]].hits | m[best[i]].verb;
    take_named(&p, &w, all);
    match_t named = m[best[0]];
    named.hits = all; /* todos named alike are named together */
    chat_intent_t in = read_cue(&p, &w, &named, &todos[best[0]], first_add);
    if (in == CHAT_UNKNOWN || (k > 1 && in != CHAT_COMPLETE))
        return false;
    o.intent = in;
    o.ref = CHAT_REF_TEXT;
    o.ref_text = titles_joined(mem, todos, best, k);
    o.ref_count = k > 1 ? (int)k : 0;
    *out = o;
    return true;
}
