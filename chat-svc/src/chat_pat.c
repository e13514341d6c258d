/* chat_pat: the pattern language (grammar in chat_pat.h). A pattern is
 * compiled once into words of alternatives plus the set of first bytes a
 * match can start with, so that the common case, a pattern that does not
 * match at all, is settled by one table look-up. */
#include "chat_pat.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define PAT_ALT_MAX 31 /* bytes of an alternative compared (token norms are cut there too) */

typedef struct pat_alt {
    const char *s; /* '\0'-terminated, at most PAT_ALT_MAX bytes */
    size_t len;
    long num; /* 2 for "to", 4 for "for": the one-digit number also matches */
} pat_alt_t;

typedef struct pat_word {
    bool opt, exact;
    size_t first, n; /* alternatives alts[first .. first+n) */
} pat_word_t;

typedef struct pat_code {
    const char *key; /* the pattern's address (the cache key) */
    size_t n_words;
    pat_word_t *words;
    pat_alt_t *alts;
    /* first bytes of the norms a CHAT_TOK_WORD may have at the start of a
       match: those of every alternative up to the first required word */
    unsigned char lead[32];
} pat_code_t;

/* ---- compiling ---- */

typedef struct pat_sizes {
    size_t words, alts, pool;
} pat_sizes_t;

/* Walks pat word by word and alternative by alternative, exactly as the
 * grammar reads it; with c NULL only counts into *z. */
static void pat_parse(const char *pat, pat_code_t *c, char *pool, pat_sizes_t *z)
{
    *z = (pat_sizes_t){0, 0, 0};
    for (const char *q = pat; *q;) {
        while (*q == ' ')
            q++;
        if (!*q)
            break;
        bool opt = *q == '?';
        q += opt;
        bool exact = *q == '=';
        q += exact;
        const char *end = q;
        while (*end && *end != ' ')
            end++;
        if (c)
            c->words[z->words] = (pat_word_t){opt, exact, z->alts, 0};
        for (const char *a = q; a < end;) { /* a trailing '|' adds no alternative */
            const char *b = a;
            while (b < end && *b != '|')
                b++;
            char word[PAT_ALT_MAX + 1];
            size_t len = (size_t)(b - a) < PAT_ALT_MAX ? (size_t)(b - a) : PAT_ALT_MAX;
            memcpy(word, a, len);
            word[len] = '\0';
            /* written as typed, compared as chat_tok spells it ("things" is
               "item"), or the alternative could never match */
            const char *norm = chat_tok_alias(word);
            if (norm) {
                len = strlen(norm) < PAT_ALT_MAX ? strlen(norm) : PAT_ALT_MAX;
                memcpy(word, norm, len);
                word[len] = '\0';
            }
            if (c) {
                memcpy(pool + z->pool, word, len);
                pool[z->pool + len] = '\0';
                const char *s = pool + z->pool;
                long num = !strcmp(s, "to") ? 2 : !strcmp(s, "for") ? 4 : 0;
                c->alts[z->alts] = (pat_alt_t){s, len, num};
                c->words[z->words].n++;
            }
            z->alts++;
            z->pool += len + 1;
            a = b + 1;
        }
        z->words++;
        q = end;
    }
}

static void pat_lead(pat_code_t *c)
{
    memset(c->lead, 0, sizeof c->lead);
    for (size_t w = 0; w < c->n_words; w++) {
        const pat_word_t *pw = &c->words[w];
        for (size_t i = pw->first; i < pw->first + pw->n; i++) {
            unsigned char b = (unsigned char)c->alts[i].s[0];
            c->lead[b >> 3] |= (unsigned char)(1u << (b & 7));
        }
        if (!pw->opt)
            break;
    }
}

/* pat compiled into one block from xmalloc (free() releases it). */
static pat_code_t *pat_compile(const char *pat)
{
    pat_sizes_t z;
    pat_parse(pat, NULL, NULL, &z);
    size_t bytes =
        sizeof(pat_code_t) + z.words * sizeof(pat_word_t) + z.alts * sizeof(pat_alt_t) + z.pool;
    pat_code_t *c = xmalloc(bytes);
    c->key = pat;
    c->n_words = z.words;
    c->words = (pat_word_t *)(c + 1);
    c->alts = (pat_alt_t *)(c->words + z.words);
    pat_parse(pat, c, (char *)(c->alts + z.alts), &z);
    pat_lead(c);
    return c;
}

/* ---- the cache: lock-free, keyed by address, entries kept for good ---- */

#define PAT_SLOTS 4096 /* a power of two; chat-svc has about a thousand patterns */
#define PAT_PROBE 64

static _Atomic(pat_code_t *) pat_cache[PAT_SLOTS];

static size_t pat_slot(const char *pat)
{
    uint64_t x = (uint64_t)(uintptr_t)pat;
    x ^= x >> 29;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 40) & (PAT_SLOTS - 1);
}

/* The compiled pat from the cache, compiled and added when new. NULL when
 * the cache is full: *tmp then holds a compiled copy for this call only. */
static const pat_code_t *pat_get(const char *pat, pat_code_t **tmp)
{
    size_t h = pat_slot(pat);
    pat_code_t *mine = NULL;
    for (size_t i = 0; i < PAT_PROBE; i++) {
        _Atomic(pat_code_t *) *slot = &pat_cache[(h + i) & (PAT_SLOTS - 1)];
        pat_code_t *e = atomic_load_explicit(slot, memory_order_acquire);
        if (!e) {
            if (!mine)
                mine = pat_compile(pat);
            if (atomic_compare_exchange_strong_explicit(slot, &e, mine, memory_order_acq_rel,
                                                        memory_order_acquire))
                return mine;
        }
        if (e->key == pat) { /* found, or another thread added it first */
            free(mine);
            return e;
        }
    }
    *tmp = mine ? mine : pat_compile(pat);
    return *tmp;
}

/* ---- matching ---- */

bool chat_pat_word(const chat_tok_t *t, const char *w)
{
    if (!t || t->kind == CHAT_TOK_TAG || t->kind == CHAT_TOK_QUOTED)
        return false;
    if (t->kind == CHAT_TOK_NUM &&
        ((t->num == 2 && !strcmp(w, "to")) || (t->num == 4 && !strcmp(w, "for"))))
        return t->len == 1; /* "remind me 2 call mom" */
    if (t->norm[0] != w[0])
        return false;
    return strcmp(t->norm, w) == 0 || chat_tok_is(t, w);
}

/* chat_pat_word for a compiled alternative; tlen is strlen(t->norm). The
 * lengths settle most alternatives before any byte beyond the first is
 * compared. */
static bool alt_is(const chat_tok_t *t, size_t tlen, const pat_alt_t *a, bool exact)
{
    if (t->kind == CHAT_TOK_NUM && a->num && t->num == a->num)
        return t->len == 1;
    if (t->norm[0] != a->s[0])
        return false;
    return (tlen == a->len && memcmp(t->norm, a->s, tlen) == 0) ||
           (!exact && a->len >= 5 && chat_tok_is_n(t, tlen, a->s, a->len));
}

static bool word_is(const pat_code_t *c, const pat_word_t *w, const chat_tok_t *t)
{
    size_t tlen = strlen(t->norm);
    for (size_t i = w->first; i < w->first + w->n; i++)
        if (alt_is(t, tlen, &c->alts[i], w->exact))
            return true;
    return false;
}

/* The token at view index k, or NULL past the end or when used. */
static const chat_tok_t *seq_tok(const chat_pat_seq_t *s, size_t k)
{
    if (k >= s->end || (s->used && s->used[s->view[k]]))
        return NULL;
    return &s->tok[s->view[k]];
}

static size_t code_match(const pat_code_t *c, const chat_pat_seq_t *s, size_t vi)
{
    const chat_tok_t *t = seq_tok(s, vi);
    if (!t || t->kind == CHAT_TOK_TAG || t->kind == CHAT_TOK_QUOTED)
        return 0; /* nothing can match here, so nothing after it either */
    unsigned char b = (unsigned char)t->norm[0];
    if (t->kind == CHAT_TOK_WORD && !(c->lead[b >> 3] & (1u << (b & 7))))
        return 0;
    size_t k = vi;
    for (size_t w = 0; w < c->n_words; w++) {
        t = seq_tok(s, k);
        if (t && t->kind != CHAT_TOK_TAG && t->kind != CHAT_TOK_QUOTED &&
            word_is(c, &c->words[w], t))
            k++;
        else if (!c->words[w].opt)
            return 0;
    }
    return k - vi;
}

size_t chat_pat_match(const chat_pat_seq_t *s, size_t vi, const char *pat)
{
    pat_code_t *tmp = NULL;
    const pat_code_t *c = pat_get(pat, &tmp);
    size_t k = code_match(c, s, vi);
    free(tmp);
    return k;
}

size_t chat_pat_match_any(const chat_pat_seq_t *s, size_t vi, const char *const *pats,
                          size_t *which)
{
    for (size_t i = 0; pats[i]; i++) {
        size_t k = chat_pat_match(s, vi, pats[i]);
        if (k) {
            if (which)
                *which = i;
            return k;
        }
    }
    return 0;
}

bool chat_pat_alt_has(const char *alts, const char *w)
{
    size_t l = strlen(w);
    for (const char *a = alts; *a;) {
        const char *b = strchr(a, '|');
        size_t al = b ? (size_t)(b - a) : strlen(a);
        if (al == l && !memcmp(a, w, l))
            return true;
        a += al + (b ? 1 : 0);
    }
    return false;
}
