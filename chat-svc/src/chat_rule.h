/* chat_rule: what the rule files of chat_nlu share (internal to chat_nlu;
 * not for other modules). A message is a view of its words (punctuation
 * left out) with one mark per token: rules match chat_pat patterns at view
 * positions, consume what they read, and leave the rest as the title, the
 * reference or the search text in the user's own words. Everything is
 * allocated from the turn's allocator (p->mem); nothing is shared between
 * turns, so all of it is safe on any thread. */
#ifndef CHAT_RULE_H
#define CHAT_RULE_H

#include "chat_nlu.h"

#include "chat_lex.h"
#include "chat_pat.h"
#include "chat_tz.h"

#include <stdio.h>
#include <string.h>

#define NLU_MAX_TOKENS 400

typedef struct nlu {
    const char *msg;
    const chat_tok_t *t;
    size_t n;
    bool *used;
    size_t *v; /* view: indices of non-punctuation tokens */
    size_t nv;
    size_t s, e; /* active view range */
    ProtobufCAllocator *mem;
    const chat_date_ctx_t *ctx;
    chat_nlu_t *out;
    bool asked_bot;   /* "can you ...": a bare verb is a request to the bot */
    bool correction;  /* "actually", "instead", "make that": a follow-up fix */
    bool said_done;   /* a dropped reason clause said it was done ("did it") */
    int last_weekday; /* "every last friday": 1 Monday .. 7 Sunday, else 0 */
    int recur_hour;   /* "every evening": the hour of its part of the day, else 0 */
    bool news;        /* a change said as news ("X moved to 7:10"): no match adds X */
    bool add_asked;   /* a closing clause asked to add what came before ("X, put that
                         down please"): the rest is a new todo */
    bool add_said;    /* an add was asked for in so many words ("add X", "todo: X",
                         "remind me to X"): its title is what follows, whole */
} nlu_t;

/* ---- token helpers ---- */

/* The token at view index vi, or NULL past the active range. */
static inline const chat_tok_t *vt(const nlu_t *p, size_t vi)
{
    return vi < p->e ? &p->t[p->v[vi]] : NULL;
}

/* The view as chat_pat sees it: tokens from the active range's end on do
 * not match. */
static inline chat_pat_seq_t seq(const nlu_t *p)
{
    return (chat_pat_seq_t){p->t, p->v, p->e, p->used};
}

/* Length of pattern pat (chat_pat.h) matched at view index vi, or 0. */
static inline size_t pm(const nlu_t *p, size_t vi, const char *pat)
{
    chat_pat_seq_t s = seq(p);
    return chat_pat_match(&s, vi, pat);
}

/* Marks count view tokens from vi as consumed. */
static inline void use(nlu_t *p, size_t vi, size_t count)
{
    for (size_t k = vi; k < vi + count && k < p->nv; k++)
        p->used[p->v[k]] = true;
}

/* Length of the first of patterns (NULL-terminated) matching at vi, or 0. */
static inline size_t pm_any(const nlu_t *p, size_t vi, const char *const *pats)
{
    chat_pat_seq_t s = seq(p);
    return chat_pat_match_any(&s, vi, pats, NULL);
}

/* Tries patterns (NULL-terminated) at vi; consumes the first that matches. */
static inline size_t take(nlu_t *p, size_t vi, const char *const *pats)
{
    size_t k = pm_any(p, vi, pats);
    use(p, vi, k);
    return k;
}

/* The view's bounds, saved by nlu_narrow and put back by nlu_widen. */
typedef struct {
    size_t s, e;
} nlu_bounds_t;

/* Narrows the view to [a, b) for readers that work on p->s..p->e ("take
 * the slots of this clause"); returns the bounds to give nlu_widen. */
static inline nlu_bounds_t nlu_narrow(nlu_t *p, size_t a, size_t b)
{
    nlu_bounds_t old = {p->s, p->e};
    p->s = a;
    p->e = b;
    return old;
}

static inline void nlu_widen(nlu_t *p, nlu_bounds_t old)
{
    p->s = old.s;
    p->e = old.e;
}

static inline size_t first_free(const nlu_t *p)
{
    size_t vi = p->s;
    while (vi < p->e && p->used[p->v[vi]])
        vi++;
    return vi;
}

static inline size_t last_free(const nlu_t *p)
{
    size_t vi = p->e;
    while (vi > p->s && p->used[p->v[vi - 1]])
        vi--;
    return vi; /* one past */
}

static inline size_t count_free(const nlu_t *p)
{
    size_t c = 0;
    for (size_t vi = p->s; vi < p->e; vi++)
        c += !p->used[p->v[vi]];
    return c;
}

/* Free tokens in view range [a, b). */
static inline size_t count_free_in(const nlu_t *p, size_t a, size_t b)
{
    size_t c = 0;
    for (size_t vi = a; vi < b && vi < p->e; vi++)
        c += !p->used[p->v[vi]];
    return c;
}

/* ---- tentative matches ----
 * A rule that may give up works on a snapshot: nlu_snap() saves the marks
 * (and the result so far), nlu_restore_marks() / nlu_restore() put them
 * back. nlu_probe() makes a copy of p with marks and result of its own, for
 * questions like "would the rest read as a date?"; nlu_probe_at() the same
 * from the marks of a snapshot with an empty result (returned, from
 * p->mem): "what would the message have read as from there?";
 * nlu_commit() adopts the probe's marks. One place for what was hand-written nine times. */
typedef struct nlu_snap {
    bool *used;
    chat_nlu_t out;
} nlu_snap_t;

/* rule_update's readers, tried in order: each returns UPD_NEXT when the
 * message is not its kind, else whether the update reads (UPD_YES) or the
 * message is no update at all (UPD_NO). */
enum { UPD_NO = 0, UPD_YES = 1, UPD_NEXT = -1 };

/* ---- chat_rule_view.c ---- */
/* Sets up p to read msg into out (cleared, CHAT_UNKNOWN): tokens, typo
 * fixes, the view. False when the message is too long to be a command
 * (CHAT_NLU_MAX_COMMAND bytes or 120 words). */
bool nlu_open(nlu_t *p, const char *msg, size_t len, const chat_date_ctx_t *ctx,
              ProtobufCAllocator *mem, chat_nlu_t *out);
nlu_snap_t nlu_snap(const nlu_t *p);
void nlu_restore_marks(nlu_t *p, const nlu_snap_t *s);
void nlu_restore(nlu_t *p, const nlu_snap_t *s);
void nlu_probe(const nlu_t *p, nlu_t *probe, chat_nlu_t *out);
chat_nlu_t *nlu_probe_at(const nlu_t *p, const nlu_snap_t *s, nlu_t *probe);
void nlu_commit(nlu_t *p, const nlu_t *probe);
char *nlu_mstrndup(ProtobufCAllocator *mem, const char *s, size_t n);
char *nlu_text_between(const nlu_t *p, size_t a, size_t b);
char *nlu_rest_text(const nlu_t *p);
void nlu_phrase(const nlu_t *p, char *buf, size_t n);
bool nlu_in_list(const char *w, const char *const *list);
bool nlu_all_in(const nlu_t *p, const char *const *set, const char *const *strong);
/* Is the token at view index vi a word of list (chat_lex_has)? */
bool nlu_word_in(const nlu_t *p, size_t vi, const char *const *list);
/* The view index where the clause holding vi ends: the first word after a
 * comma, a stop or an emoji (a token between), else p->e. */
size_t nlu_clause_end(const nlu_t *p, size_t vi);
/* Is view range [a, b) talk about the person's life (chat_lex.h)? A
 * first clause also is with a copula ("the boiler is broken, add ...") or
 * when it ends a sentence ("long day at work. add ..."). With date_is_talk
 * a date in it is the talk's, not a due date (before an explicit add, or
 * after a command with a date of its own). Pure. */
bool nlu_clause_is_comment(const nlu_t *p, size_t a, size_t b, bool first, bool date_is_talk);
bool nlu_property_object(const nlu_t *p);

/* ---- chat_rule_filler.c ---- */
void nlu_strip_fillers(nlu_t *p);
void nlu_drop_reason_clause(nlu_t *p);
void nlu_drop_purpose_clause(nlu_t *p);
void nlu_drop_restart(nlu_t *p);
/* After a new todo's slots were taken: later clauses of talk, and later
 * clauses after slots that closed the title (chat_rule_filler.c). */
void nlu_drop_late_talk(nlu_t *p);
void nlu_drop_commentary(nlu_t *p);
void nlu_drop_add_request(nlu_t *p);
/* Trailing fillers ("please", "thanks", "lah") once more, after slots were
 * taken from the end. */
void nlu_strip_trail_fillers(nlu_t *p);

/* ---- chat_rule_typo.c ---- */
void nlu_fix_command_typo(chat_tok_t *t, size_t n);
void nlu_fix_elongated(chat_tok_t *t, size_t n);
void nlu_fix_gerund(chat_tok_t *t, size_t n);
void nlu_fix_swaps(chat_tok_t *t, size_t n);

/* ---- chat_rule_slot.c ---- */
void nlu_take_tags(nlu_t *p);
void nlu_take_tag_words(nlu_t *p);
/* The tags after the first from view index w, into out->tags (room for
 * four): "tags travel and family", "tags travel + family"; a comma joins
 * them too after a plural lead ("tags: work, admin"); joins holds the
 * marks that join. At most four in all. */
void nlu_take_more_tags(nlu_t *p, size_t w, const char *joins);
/* "call the bank!!!": three exclamation marks make a new todo high
 * priority (never a change to an existing one: "finished my physics
 * assignment finallyyy!!!" is joy, not urgency). */
void nlu_take_bang_priority(nlu_t *p);
void nlu_take_priority(nlu_t *p);
/* A date or time starts at view index vi ("21:00", "friday"). */
/* The raw tokens a date starting at view index vi takes, read inside the
 * view only, with the date into *d; 0 when none starts there. */
size_t nlu_date_read(const nlu_t *p, size_t vi, chat_date_t *d);
bool nlu_date_at(const nlu_t *p, size_t vi);
void nlu_take_recurrence(nlu_t *p);
void nlu_finish_recurrence(nlu_t *p);
void nlu_take_due(nlu_t *p);
int nlu_take_level(nlu_t *p, size_t vi);
void nlu_take_list_suffix(nlu_t *p);
/* "remind me 30 minutes|an hour|half an hour before" at view index vi:
 * its length, with *minutes set; 0 when there is none. */
size_t nlu_remind_before_at(const nlu_t *p, size_t vi, int *minutes);
/* A new todo's note (", note: X") and reminder (", remind me an hour
 * before") said after its title. */
void nlu_take_add_extras(nlu_t *p);
/* "refactor payment service (it's a mess, ask ben)": what is left in
 * brackets after a new todo's slots were taken is its note. */
void nlu_take_bracket_note(nlu_t *p);
/* "renew passport - note: photos are in the desk drawer": a note that opens
 * a later clause is the note, and the words before it the message; true
 * when one was taken (out->note set, its words used). */
bool nlu_take_clause_note(nlu_t *p);
/* The view index of the first free word in brackets after the first free
 * one, with *end just past the closing one; 0 when there is none or it is
 * not closed. */
size_t nlu_bracket_at(const nlu_t *p, size_t *end);

/* ---- chat_rule_ref.c ---- */
int nlu_position_word(const chat_tok_t *t);
/* The view index where a closing reason clause starts ("..., the waves
 * are flat"), or 0 when there is none. */
size_t nlu_tail_clause(const nlu_t *p);
void nlu_drop_tail_clause(nlu_t *p);
void nlu_take_ref(nlu_t *p);
void nlu_take_ref_dated(nlu_t *p);
size_t nlu_split_at(nlu_t *p, const char *seps);
void nlu_ref_in_range(nlu_t *p, size_t a, size_t b);

/* ---- chat_rule_add.c ---- */
bool nlu_rule_add(nlu_t *p);
bool nlu_rule_bare_add(nlu_t *p);
bool nlu_rule_bare_item(nlu_t *p);
bool nlu_rule_list_item(nlu_t *p);
bool nlu_rule_add_asked(nlu_t *p);
bool nlu_rule_put_task(nlu_t *p);
void nlu_offer_task(nlu_t *p, const nlu_snap_t *entry);

/* ---- chat_rule_items.c ---- */
/* Several things said together in an add's free words ("eggs and flour",
 * "milk, bread and eggs", "add 3 things: X, Y, Z", 'X' and 'Y'): sets
 * out->items (each item's text, from p->mem) and out->title (the whole
 * text); false, changing nothing, when the words are one title. */
bool nlu_take_items(nlu_t *p);

/* ---- chat_rule_complete.c ---- */
void nlu_drop_past_verb(nlu_t *p, size_t vi);
bool nlu_negated_command(const nlu_t *p);
bool nlu_has_question(const nlu_t *p);
void nlu_offer_bare_add(nlu_t *p, const nlu_snap_t *entry);
bool nlu_past_word(const chat_tok_t *t);
bool nlu_not_doing(const nlu_t *p, size_t vi);
bool nlu_strip_done_suffix(nlu_t *p, bool keep_one);
bool nlu_strip_suffix_list(nlu_t *p, const char *const *pats);
extern const char *const nlu_reopen_strong[];
bool nlu_rule_reopen(nlu_t *p);
bool nlu_rule_complete(nlu_t *p);
bool nlu_rule_past(nlu_t *p);

/* ---- chat_rule_clause.c ---- */
size_t nlu_clause_cmd_at(const nlu_t *p, size_t vi, size_t b, chat_intent_t *intent);
bool nlu_rule_clause_update(nlu_t *p);
bool nlu_rule_clause_cmd(nlu_t *p);
bool nlu_has_clause_cmd(const nlu_t *p);
bool nlu_has_closing_change(const nlu_t *p);

/* ---- chat_rule_delete.c ---- */
bool nlu_rule_clear(nlu_t *p);
bool nlu_rule_delete(nlu_t *p);

/* ---- chat_rule_update.c ---- */
bool nlu_rule_update(nlu_t *p);

/* ---- chat_rule_move.c ---- */
void nlu_strip_move_words(nlu_t *p);
int nlu_upd_move(nlu_t *p);
int nlu_upd_change_to(nlu_t *p);
int nlu_upd_is_due(nlu_t *p);

/* ---- chat_rule_list.c ---- */
bool nlu_rule_list(nlu_t *p);
bool nlu_rule_list_any(nlu_t *p);

/* ---- chat_rule_followup.c ---- */
bool nlu_take_bare_hour(nlu_t *p);
/* "not tomorrow, sunday", "i meant 6 not 5", "should be 7pm not 6": the
 * value a correction takes back is no value; marks it and its "not" used,
 * true when one was dropped. */
bool nlu_drop_not_value(nlu_t *p);
bool nlu_rule_followup(nlu_t *p);

#endif
