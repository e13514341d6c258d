/* chat_rule_view: the message as the rules see it: the view of its words, the marks of
 * what rules consumed, tentative matches (snapshot / restore / probe) and
 * the user's own text of what is left. */
#include "chat_rule.h"

nlu_snap_t nlu_snap(const nlu_t *p)
{
    nlu_snap_t s;
    s.used = p->mem->alloc(p->mem->allocator_data, p->n + 1);
    memcpy(s.used, p->used, p->n + 1);
    s.out = *p->out;
    return s;
}

void nlu_restore_marks(nlu_t *p, const nlu_snap_t *s)
{
    memcpy(p->used, s->used, p->n + 1);
}

void nlu_restore(nlu_t *p, const nlu_snap_t *s)
{
    nlu_restore_marks(p, s);
    *p->out = s->out;
}

void nlu_probe(const nlu_t *p, nlu_t *probe, chat_nlu_t *out)
{
    *probe = *p;
    probe->used = p->mem->alloc(p->mem->allocator_data, p->n + 1);
    memcpy(probe->used, p->used, p->n + 1);
    *out = *p->out;
    probe->out = out;
}

chat_nlu_t *nlu_probe_at(const nlu_t *p, const nlu_snap_t *s, nlu_t *probe)
{
    chat_nlu_t *out = p->mem->alloc(p->mem->allocator_data, sizeof *out);
    memset(out, 0, sizeof *out);
    *probe = *p;
    probe->out = out;
    probe->used = p->mem->alloc(p->mem->allocator_data, p->n + 1);
    memcpy(probe->used, s->used, p->n + 1);
    return out;
}

void nlu_commit(nlu_t *p, const nlu_t *probe)
{
    memcpy(p->used, probe->used, p->n + 1);
}

char *nlu_mstrndup(ProtobufCAllocator *mem, const char *s, size_t n)
{
    char *d = mem->alloc(mem->allocator_data, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* The user's own text of the unused tokens between view indices a and b
 * (punctuation inside kept, at the edges dropped). NULL when nothing. */
char *nlu_text_between(const nlu_t *p, size_t a, size_t b)
{
    if (a >= b)
        return NULL;
    size_t from = p->v[a], to = p->v[b - 1];
    while (to + 1 < p->n && !p->used[to + 1] && p->t[to + 1].kind == CHAT_TOK_PUNCT &&
           (p->t[to + 1].norm[0] == ')' || p->t[to + 1].norm[0] == ']' ||
            (p->t[to + 1].norm[0] == '%' && p->t[to].kind == CHAT_TOK_NUM)))
        to++; /* a closing bracket right after the last word, a number's "%" */
    size_t cap = 0;
    for (size_t k = from; k <= to; k++)
        cap += p->t[k].len + 1;
    char *out = p->mem->alloc(p->mem->allocator_data, cap + 1);
    size_t o = 0;
    bool skipped = false;
    size_t prev_end = 0, keep = 0;
    for (size_t k = from; k <= to; k++) {
        const chat_tok_t *t = &p->t[k];
        if (p->used[k]) {
            skipped = true;
            continue;
        }
        if (t->kind == CHAT_TOK_PUNCT) {
            /* keep punctuation only between two kept tokens */
            size_t q = k + 1;
            while (q <= to && p->t[q].kind == CHAT_TOK_PUNCT && !p->used[q])
                q++;
            bool closer = (t->norm[0] == ')' && memchr(out, '(', o)) ||
                          (t->norm[0] == ']' && memchr(out, '[', o)) ||
                          (t->norm[0] == '%' && k > from && p->t[k - 1].kind == CHAT_TOK_NUM);
            if (o == 0 || ((q > to || p->used[q]) && !closer) || skipped)
                continue;
        }
        size_t off = t->off, len = t->len;
        if (t->kind == CHAT_TOK_TAG) {
            off--;
            len++;
        }
        if (o > 0 && (skipped || off != prev_end))
            out[o++] = ' ';
        memcpy(out + o, p->msg + off, len);
        o += len;
        prev_end = t->kind == CHAT_TOK_QUOTED ? off + len + 1 : off + len;
        skipped = false;
        /* "Novák s.r.o.": a word's own closing dot stays */
        keep = t->kind == CHAT_TOK_WORD && p->msg[off + len - 1] == '.' ? o : 0;
    }
    while (o > keep && (out[o - 1] == ' ' || out[o - 1] == ',' || out[o - 1] == ':' ||
                        out[o - 1] == '-' || out[o - 1] == '.'))
        o--;
    out[o] = '\0';
    return o ? out : NULL;
}

char *nlu_rest_text(const nlu_t *p)
{
    return nlu_text_between(p, first_free(p), last_free(p));
}

/* Joined norms of the free view tokens, for whole-message tables. */
void nlu_phrase(const nlu_t *p, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t vi = p->s; vi < p->e; vi++) {
        const chat_tok_t *t = vt(p, vi);
        if (p->used[p->v[vi]])
            continue;
        size_t l = strlen(t->norm);
        if (o + l + 2 >= n)
            break;
        if (o)
            buf[o++] = ' ';
        memcpy(buf + o, t->norm, l);
        o += l;
        buf[o] = '\0';
    }
}

bool nlu_in_list(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (w[0] == list[i][0] && strcmp(w, list[i]) == 0)
            return true;
    return false;
}

/* Every free word is in set and at least one is in strong. */
bool nlu_all_in(const nlu_t *p, const char *const *set, const char *const *strong)
{
    bool has_strong = false;
    size_t words = 0;
    for (size_t vi = p->s; vi < p->e; vi++) {
        if (p->used[p->v[vi]])
            continue;
        const chat_tok_t *t = vt(p, vi);
        if (t->kind != CHAT_TOK_WORD && !(t->kind == CHAT_TOK_NUM && nlu_in_list(t->norm, set)))
            return false; /* a number only as the set has it ("yes 100%") */
        bool hit = nlu_in_list(t->norm, set) || nlu_in_list(t->norm, strong);
        for (size_t i = 0; !hit && strong[i]; i++)
            hit = chat_tok_is(t, strong[i]);
        if (!hit)
            return false;
        for (size_t i = 0; strong[i] && !has_strong; i++)
            has_strong = t->norm[0] == strong[i][0] &&
                         (strcmp(t->norm, strong[i]) == 0 || chat_tok_is(t, strong[i]));
        words++;
    }
    return words > 0 && words <= 9 && has_strong;
}

/* True when a free word at or after `from` is one of pats' words. */
static bool free_word_in(const nlu_t *p, size_t from, const char *pats)
{
    for (size_t vi = from; vi < last_free(p); vi++)
        if (!p->used[p->v[vi]] && pm(p, vi, pats))
            return true;
    return false;
}

/* True when the free words name a property of a todo as an object
 * (chat_lex_property_words after a determiner and at most one other word,
 * that word not a todo word like "reminder"), either before
 * off|from|away|of|on or at the end ("take that tag off", "knock the due
 * date off the dentist"), or anywhere when a pronoun later stands for it
 * ("the gutters don't need a date, take it off"): a change to the
 * property, never a completion or deletion of the todo. */
bool nlu_property_object(const nlu_t *p)
{
    size_t b = last_free(p);
    for (size_t vi = first_free(p); vi < b; vi++) {
        size_t d = pm(p, vi, chat_lex_property_owners);
        for (size_t k = vi + d; d && k <= vi + d + 1 && k < b; k++) {
            size_t w = pm(p, k, chat_lex_property_words);
            if (k > vi + d && pm(p, k, chat_lex_ref_marker))
                w = 0; /* "delete the dentist reminder": the todo itself */
            if (w && (k + w == b || pm(p, k + w, chat_lex_property_after) ||
                      free_word_in(p, k + w, chat_lex_property_pronouns)))
                return true;
        }
    }
    return false;
}

size_t nlu_clause_end(const nlu_t *p, size_t vi)
{
    size_t e = vi + 1;
    while (e < p->e && p->v[e] - p->v[e - 1] == 1)
        e++;
    return e;
}

bool nlu_word_in(const nlu_t *p, size_t vi, const char *const *list)
{
    const chat_tok_t *t = vt(p, vi);
    return t && t->kind == CHAT_TOK_WORD && chat_lex_has(list, t->norm);
}

/* norm, a verb's base form, rewritten as its past form: irregular ones
 * from chat_lex_past_bases, else with "ed" ("fix" -> "fixed", "file" ->
 * "filed"). */
static void past_form(char *norm)
{
    for (size_t i = 0; chat_lex_past_bases[i][0]; i++)
        if (!strcmp(norm, chat_lex_past_bases[i][1])) {
            strcpy(norm, chat_lex_past_bases[i][0]); /* shorter than the norm cap */
            return;
        }
    size_t l = strlen(norm);
    if (l > 0 && l + 2 < CHAT_TOK_NORM_MAX)
        strcpy(norm + l, norm[l - 1] == 'e' ? "d" : "ed");
}

/* The row's as-words over the n tokens matched at view index vi: each
 * token (toks: p->t, writable) read as its English norm, kept ("="), or
 * used and so dropped ("-"). */
static void gloss_apply(nlu_t *p, chat_tok_t *toks, size_t vi, size_t n, const char *as)
{
    for (size_t j = 0; j < n && *as; j++) {
        size_t l = strcspn(as, " ");
        chat_tok_t *t = &toks[p->v[vi + j]];
        size_t raw = p->v[vi + j];
        bool ends = raw + 1 >= p->n || toks[raw + 1].kind == CHAT_TOK_PUNCT;
        if ((l == 1 && *as == '-') || (l == 2 && !strncmp(as, "-.", 2) && ends))
            p->used[raw] = true;
        else if (l == 4 && !strncmp(as, "past", 4))
            past_form(t->norm);
        else if (!(l == 1 && *as == '=') && *as != '-' && l < CHAT_TOK_NORM_MAX) {
            memcpy(t->norm, as, l);
            t->norm[l] = '\0';
        }
        as += l + (as[l] == ' ');
    }
}

/* Phrases of other languages read as English (chat_lex_glosses), before
 * any rule; dropped tokens leave the view. */
static void nlu_gloss(nlu_t *p, chat_tok_t *toks)
{
    for (size_t vi = 0; vi < p->nv; vi++)
        for (const chat_lex_gloss_t *g = chat_lex_glosses; g->pat; g++) {
            size_t k = pm(p, vi, g->pat);
            if (k) {
                gloss_apply(p, toks, vi, k, g->as);
                vi += k - 1;
                break;
            }
        }
    size_t nv = 0;
    for (size_t vi = 0; vi < p->nv; vi++)
        if (!p->used[p->v[vi]])
            p->v[nv++] = p->v[vi];
    p->nv = p->e = nv;
}

/* "fish & chips", "eggs & flour": an "&" with a space on each side is the
 * word "and" (the title keeps the "&"); "B&Q" and "M&S" stay one name. */
static void read_ampersand(chat_tok_t *toks, size_t n, size_t k)
{
    chat_tok_t *t = &toks[k];
    if (t->kind != CHAT_TOK_PUNCT || strcmp(t->norm, "&") != 0 || k == 0 || k + 1 >= n ||
        toks[k - 1].off + toks[k - 1].len >= t->off || t->off + t->len >= toks[k + 1].off)
        return;
    t->kind = CHAT_TOK_WORD;
    snprintf(t->norm, sizeof t->norm, "and");
}

bool nlu_open(nlu_t *p, const char *msg, size_t len, const chat_date_ctx_t *ctx,
              ProtobufCAllocator *mem, chat_nlu_t *out)
{
    memset(out, 0, sizeof *out);
    memset(p, 0, sizeof *p);
    p->msg = msg;
    p->mem = mem;
    p->ctx = ctx;
    p->out = out;
    out->intent = CHAT_UNKNOWN;
    if (len > CHAT_NLU_MAX_COMMAND)
        return false;
    chat_tok_t *toks;
    p->n = chat_tok_split(msg, len, mem, NLU_MAX_TOKENS, &toks);
    nlu_fix_elongated(toks, p->n);
    nlu_fix_command_typo(toks, p->n);
    nlu_fix_gerund(toks, p->n);
    nlu_fix_swaps(toks, p->n);
    p->t = toks;
    p->used = mem->alloc(mem->allocator_data, p->n + 1);
    memset(p->used, 0, p->n + 1);
    p->v = mem->alloc(mem->allocator_data, (p->n + 1) * sizeof *p->v);
    for (size_t k = 0; k < p->n; k++) {
        read_ampersand(toks, p->n, k);
        if (toks[k].kind != CHAT_TOK_PUNCT)
            p->v[p->nv++] = k;
    }
    p->e = p->nv;
    nlu_gloss(p, toks);
    return p->nv <= 120;
}
