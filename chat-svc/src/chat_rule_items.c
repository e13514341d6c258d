/* chat_rule_items: several things said together in one add, each a todo of
 * its own ("eggs and flour", "milk, bread and eggs", "add 3 things: X, Y,
 * Z", 'X' and 'Y'). Kept apart: a task with its objects ("buy eggs and
 * flour"), fixed pairs ("fish and chips", chat_lex_item_pairs), names
 * ("Marks and Spencer"), numbers ("chapters 3 and 4"), "B&Q", talk. */
#include "chat_rule.h"

#define ITEMS_MAX 8

/* Bounds [a, b) of the items, in view indexes. */
typedef struct items {
    size_t a[ITEMS_MAX], b[ITEMS_MAX];
    size_t n;
    bool comma; /* a mark between two items was punctuation */
} items_t;

/* How items may look: at most max words; tasks: an item may open with a
 * task verb and hold any word (after a count label); ands: "and" joins. */
typedef struct item_rule {
    size_t max;
    bool tasks, ands;
} item_rule_t;

/* Is raw token k a joining mark (chat_lex_item_joins: ",", "+"; a spaced
 * "&" is read as "and" by nlu_open)? */
static bool joining_punct(const nlu_t *p, size_t k)
{
    return chat_lex_has(chat_lex_item_joins, p->t[k].norm);
}

/* The punctuation between view tokens vi - 1 and vi: 0 when none, ','
 * for a joining mark, else '?'. */
static char gap_mark(const nlu_t *p, size_t vi)
{
    char m = 0;
    for (size_t k = p->v[vi - 1] + 1; k < p->v[vi]; k++)
        m = joining_punct(p, k) && m != '?' ? ',' : '?';
    return m;
}

/* Does the word at vi stand for a number ("5", "three")? */
static bool number_at(const nlu_t *p, size_t vi)
{
    const chat_tok_t *t = vt(p, vi);
    return t->kind == CHAT_TOK_NUM || (t->kind == CHAT_TOK_WORD && chat_lex_cardinal(t->norm));
}

/* Does the word at vi open with a capital letter (a name: "Spencer")? */
static bool capitalized(const nlu_t *p, size_t vi)
{
    unsigned char c = (unsigned char)p->msg[vt(p, vi)->off];
    return c >= 'A' && c <= 'Z';
}

/* Is the word at vi an "and" that joins two items, not the middle of one
 * thing: a fixed pair ("fish and chips", "peanut butter and jelly"), two
 * numbers ("lesson 5 and 6", "chapter three and four") or two names
 * ("Marks and Spencer")? */
static bool joining_and(const nlu_t *p, size_t vi)
{
    if (!nlu_word_in(p, vi, chat_lex_item_joins) || vi == p->s || vi + 1 >= p->e)
        return nlu_word_in(p, vi, chat_lex_item_joins);
    bool numbers = number_at(p, vi - 1) && number_at(p, vi + 1);
    bool names = capitalized(p, vi - 1) && capitalized(p, vi + 1);
    bool pair = pm_any(p, vi - 1, chat_lex_item_pairs) >= 3 ||
                (vi >= p->s + 2 && pm_any(p, vi - 2, chat_lex_item_pairs) >= 4);
    return !numbers && !names && !pair;
}

/* Is view [a, b) one thing of a list: free words with no punctuation
 * between them, at most r->max, no possessive ("mum and dad's gift" is
 * one), not a number alone ("chapters 3 and 4"), and unless r->tasks no
 * word of a clause (chat_lex_item_blockers) and no task verb first? */
static bool list_item(const nlu_t *p, size_t a, size_t b, const item_rule_t *r)
{
    if (b <= a || b - a > r->max || (!r->tasks && nlu_word_in(p, a, chat_lex_task_verbs)))
        return false;
    bool number = true;
    for (size_t vi = a; vi < b; vi++) {
        const chat_tok_t *t = vt(p, vi);
        number = number && t->kind == CHAT_TOK_NUM;
        if (p->used[p->v[vi]] || (vi > a && gap_mark(p, vi)) ||
            (t->kind != CHAT_TOK_WORD && t->kind != CHAT_TOK_NUM) ||
            memchr(p->msg + t->off, '\'', t->len) ||
            (!r->tasks && nlu_word_in(p, vi, chat_lex_item_blockers)))
            return false;
    }
    return !number;
}

/* Adds view [s, e) to it as an item; false when it is none or too many. */
static bool add_item(const nlu_t *p, size_t s, size_t e, const item_rule_t *r, items_t *it)
{
    if (it->n == ITEMS_MAX || !list_item(p, s, e, r))
        return false;
    it->a[it->n] = s;
    it->b[it->n++] = e;
    return true;
}

/* Cuts the free run [a, b) at its joining marks into it; false when a part
 * is no item (list_item) or there are too many. */
static bool cut_items(const nlu_t *p, size_t a, size_t b, const item_rule_t *r, items_t *it)
{
    it->n = 0;
    it->comma = false;
    size_t s = a;
    for (size_t vi = a; vi < b; vi++) {
        bool word = r->ands && joining_and(p, vi), punct = vi > s && gap_mark(p, vi) == ',';
        it->comma = it->comma || punct;
        if (punct && !add_item(p, s, vi, r, it))
            return false;
        s = punct ? vi : s;
        if (word && vi > s && !add_item(p, s, vi, r, it))
            return false;
        s = word ? vi + 1 : s;
    }
    return s < b ? add_item(p, s, b, r, it) : it->n > 0;
}

/* How many things a count label ("3 things:", "two tasks:") at view index
 * a announces, its length into *len; 0 when there is none. */
static size_t item_count(const nlu_t *p, size_t a, size_t b, size_t *len)
{
    *len = pm(p, a, chat_lex_item_count);
    if (!*len || a + *len >= b || p->t[p->v[a + *len] - 1].norm[0] != ':')
        return 0;
    const chat_tok_t *t = vt(p, a);
    return t->kind == CHAT_TOK_NUM ? (size_t)t->num : (size_t)chat_lex_cardinal(t->norm);
}

/* The free words as a list of things: after a count label, exactly that
 * many tasks of up to six words, cut at commas (at "and" too when commas
 * alone give too few); else with a comma, things of up to four words;
 * else two things of up to two words, the second no longer than the first
 * ("salt and vinegar crisps" is one) and no name ("eggs and flour", not
 * "Marks and Spencer"). 0 items when the words are one title. */
static void find_items(const nlu_t *p, items_t *it)
{
    size_t a = first_free(p), b = last_free(p), len, want = item_count(p, a, b, &len);
    if (want) {
        item_rule_t commas = {6, true, false}, ands = {6, true, true};
        if ((!cut_items(p, a + len, b, &commas, it) || it->n != want) &&
            (!cut_items(p, a + len, b, &ands, it) || it->n != want))
            it->n = 0;
        return;
    }
    item_rule_t things = {4, false, true};
    if (!cut_items(p, a, b, &things, it) || it->n < 2)
        it->n = 0;
    else if (!it->comma && (it->n != 2 || it->b[0] - it->a[0] > 2 ||
                            it->b[1] - it->a[1] > it->b[0] - it->a[0] || capitalized(p, it->a[1])))
        it->n = 0;
}

/* Two or more quoted texts joined by "and" or commas and nothing else
 * ("add 'call plumber' and 'order a filter'") into it. */
static void find_quoted(const nlu_t *p, items_t *it, size_t *quoted)
{
    size_t q = 0, other = 0;
    for (size_t vi = p->s; vi < p->e; vi++) {
        if (p->used[p->v[vi]])
            continue;
        bool is_q = vt(p, vi)->kind == CHAT_TOK_QUOTED;
        other += !is_q && !nlu_word_in(p, vi, chat_lex_item_joins);
        if (is_q && q < ITEMS_MAX) {
            it->a[q] = vi;
            it->b[q] = vi + 1;
        }
        q += is_q;
    }
    it->n = q >= 2 && q <= ITEMS_MAX && other == 0 ? q : 0;
    *quoted = q;
}

bool nlu_take_items(nlu_t *p)
{
    items_t it = {.n = 0};
    size_t quoted;
    find_quoted(p, &it, &quoted);
    if (quoted == 0)
        find_items(p, &it);
    if (it.n < 2)
        return false;
    p->out->items = p->mem->alloc(p->mem->allocator_data, it.n * sizeof(char *));
    for (size_t i = 0; i < it.n; i++)
        p->out->items[i] = nlu_text_between(p, it.a[i], it.b[i]);
    p->out->n_items = it.n;
    p->out->title = nlu_rest_text(p);
    return true;
}
