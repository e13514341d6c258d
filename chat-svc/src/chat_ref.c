/* chat_ref: fuzzy title matching. */
#include "chat_ref.h"

#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "chat_lex.h"
#include "chat_tok.h"
#include "xalloc.h"

#define REF_WORDS 24
#define REF_WLEN  24

typedef struct ref_words {
    char w[REF_WORDS][REF_WLEN];
    size_t n;
    uint32_t names; /* bit i: word i may be a name (ref_name_like) */
} ref_words_t;

static const char *const ref_stop[] = {
    "the",      "a",         "an",    "my",    "to",   "for",   "on",    "of",   "one", "todo",
    "task",     "item",      "thing", "about", "with", "and",   "at",    "in",   "i",   "me",
    "that",     "this",      "some",  "it",    "ones", "todos", "tasks", "up",   "our", "your",
    "is",       "be",        "re",    "job",   "jobs", "yung",  "ung",   "yong", /* Tagalog "the" */
    "reminder", "reminders", NULL}; /* "the parcel reminder" is the parcel one */

static bool ref_is_stop(const char *w)
{
    for (size_t i = 0; ref_stop[i]; i++)
        if (w[0] == ref_stop[i][0] && strcmp(w, ref_stop[i]) == 0)
            return true;
    return false;
}

/* May word w (lower-cased, len bytes) of a title be a name, which a slip
 * of a letter only guesses at ("Tana", "Bello", "tana", "mary")? A
 * capitalized word of plain letters, or a short one (5 letters at most),
 * but not a task verb that opens the title ("Send invoice to Carlos": "sent"
 * is no guess at "send"). */
static bool ref_name_like(const char *w, size_t len, bool cap_ascii, bool first)
{
    bool ascii = true;
    for (size_t i = 0; i < len; i++)
        ascii = ascii && (unsigned char)w[i] < 0x80;
    if (!ascii || (first && chat_lex_has(chat_lex_task_verbs, w)))
        return false;
    return cap_ascii || len <= 5;
}

/* Splits s into its words (stems, stop words left out) into out, and when
 * names is set marks the ones that may be names (ref_name_like: a lookup
 * per title, so only the checks that need it ask for it). */
static void ref_split_as(const char *s, ref_words_t *out, bool names)
{
    out->n = 0;
    out->names = 0;
    char cur[REF_WLEN];
    size_t cl = 0, seen = 0;
    bool cap = false, ascii = true, joined = false; /* joined: after "word-" */
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        bool word =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
        if (c == '\'')
            continue;
        if (word) {
            joined = cl == 0 ? p > s + 1 && p[-1] == '-' && p[-2] != ' ' : joined;
            cap = cl == 0 ? c >= 'A' && c <= 'Z' : cap;
            ascii = (cl == 0 || ascii) && c < 0x80;
            if (cl + 1 < REF_WLEN)
                cur[cl++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            continue;
        }
        if (cl > 0) {
            cur[cl] = '\0';
            /* a dash or quote of U+2010..U+203F ("thesis draft — done") is no word */
            bool punct = cl == 3 && (unsigned char)cur[0] == 0xE2 && (unsigned char)cur[1] == 0x80;
            /* "move-in" keeps its "in": it tells "Move-in" from "Move-out" */
            if (!punct && (joined || !ref_is_stop(cur)) && out->n < REF_WORDS) {
                out->names |= (uint32_t)(names && ref_name_like(cur, cl, cap && ascii, seen == 0))
                              << out->n;
                chat_tok_stem(cur, out->w[out->n++], REF_WLEN);
            }
            seen += !punct;
            cl = 0;
        }
        if (!c)
            break;
    }
}

static void ref_split(const char *s, ref_words_t *out)
{
    ref_split_as(s, out, false);
}

/* chat_lex_ref_synonyms and chat_lex_ref_spellings as stems, made once. */
#define REF_PAIRS 48
typedef struct ref_pairs {
    char w[REF_PAIRS][2][REF_WLEN];
    size_t n;
} ref_pairs_t;
static ref_pairs_t ref_syn, ref_spell;
static pthread_once_t ref_pairs_once = PTHREAD_ONCE_INIT;

static void ref_pairs_stem(const char *const (*table)[2], ref_pairs_t *out)
{
    for (size_t i = 0; table[i][0] && out->n < REF_PAIRS; i++, out->n++)
        for (int k = 0; k < 2; k++)
            chat_tok_stem(table[i][k], out->w[out->n][k], REF_WLEN);
}

static void ref_pairs_init(void)
{
    ref_pairs_stem(chat_lex_ref_synonyms, &ref_syn);
    ref_pairs_stem(chat_lex_ref_spellings, &ref_spell);
}

/* q and t (stems) are a pair of the table, either way. */
static bool ref_pair(const ref_pairs_t *pairs, const char *q, const char *t)
{
    pthread_once(&ref_pairs_once, ref_pairs_init);
    for (size_t i = 0; i < pairs->n; i++) {
        const char *a = pairs->w[i][0], *b = pairs->w[i][1];
        if ((!strcmp(q, a) && !strcmp(t, b)) || (!strcmp(q, b) && !strcmp(t, a)))
            return true;
    }
    return false;
}

/* "kniv" (the stem of "knives") and "knife", "wolv" and "wolf": one word
 * whose plural turns f into v. */
static bool ref_f_plural(const char *q, const char *t)
{
    char a[REF_WLEN], b[REF_WLEN];
    const char *w[2] = {q, t};
    char *o[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        size_t l = strlen(w[k]);
        memcpy(o[k], w[k], l + 1);
        if (l > 3 && o[k][l - 1] == 'e')
            o[k][--l] = '\0';
        if (l > 2 && o[k][l - 1] == 'v')
            o[k][l - 1] = 'f';
    }
    return strlen(a) >= 3 && !strcmp(a, b) && strcmp(q, t);
}

/* Is w a number ("2290", "1043")? */
static bool ref_number(const char *w)
{
    for (; *w; w++)
        if (*w < '0' || *w > '9')
            return false;
    return true;
}

/* Scores of a slip of one or two letters ("recieve", "Bello" for "Bella"). */
#define REF_SLIP1 0.8
#define REF_SLIP2 0.6

static double ref_word_score(const char *q, const char *t)
{
    if (strcmp(q, t) == 0)
        return 1.0;
    if (ref_number(q) && ref_number(t))
        return 0.0; /* "invoice 2290" names no "#2291", "unit 3" no "unit 2": no slip in a number */
    size_t lq = strlen(q), lt = strlen(t);
    if (lq >= 3 && lt >= 3 && (strncmp(q, t, lq < lt ? lq : lt) == 0))
        return 0.85;
    size_t m = lq < lt ? lq : lt;
    if (lq >= 3 && lq < lt && q[0] == t[0]) { /* abbreviation: "appt", "mtg" */
        size_t j = 0;
        for (size_t i = 0; i < lt && j < lq; i++)
            j += t[i] == q[j];
        if (j == lq)
            return 0.7;
    }
    if (m >= 3 && chat_tok_distance(q, t, 1) <= 1) /* "tyres" is "tires", "mum" "mom" */
        return ref_pair(&ref_spell, q, t) ? 1.0 : m >= 4 ? REF_SLIP1 : 0.0;
    if (m >= 7 && chat_tok_distance(q, t, 2) <= 2)
        return ref_pair(&ref_spell, q, t) ? 1.0 : REF_SLIP2;
    if (ref_f_plural(q, t))
        return 0.85;
    return ref_pair(&ref_syn, q, t) ? 0.5 : 0.0; /* never enough alone */
}

/* What scoring one title saw of the query's words, as bit masks (word i
 * is bit i): those the title holds exactly, and those it matched only by
 * a slip of letters. */
typedef struct ref_seen {
    uint32_t exact, slipped;
    bool name_slipped; /* a word matched a name of the title by a slip */
} ref_seen_t;

/* chat_ref_score with the query already split into q (chat_ref_find splits
 * it once for all the titles); a word of no_slip matches no word of the
 * title that may be a name by a slip of letters. *seen, when not NULL, gets what the title matched
 * how. */
static double ref_score_split(const char *query, const ref_words_t *q, const char *title,
                              uint32_t no_slip, ref_seen_t *seen, bool names)
{
    if (strcasecmp(query, title) == 0)
        return 2.0;
    ref_words_t t;
    ref_split_as(title, &t, names || no_slip);
    if (q->n == 0 || t.n == 0)
        return 0.0;
    double sum = 0;
    size_t hit = 0;
    bool covered[REF_WORDS] = {false};
    ref_seen_t sn = {0, 0, false};
    for (size_t i = 0; i < q->n; i++) {
        double best = 0;
        size_t bj = 0;
        for (size_t j = 0; j < t.n; j++) {
            double s = ref_word_score(q->w[i], t.w[j]);
            if ((s == REF_SLIP1 || s == REF_SLIP2) && (no_slip >> i & 1) && (t.names >> j & 1))
                s = 0;
            if (s > best) {
                best = s;
                bj = j;
            }
        }
        sn.exact |= (uint32_t)(best == 1.0) << i;
        bool slip = best == REF_SLIP1 || best == REF_SLIP2;
        sn.slipped |= (uint32_t)slip << i;
        sn.name_slipped = sn.name_slipped || (slip && (t.names >> bj & 1));
        if (best > 0) {
            hit++;
            covered[bj] = true;
        }
        sum += best;
    }
    if (seen)
        *seen = sn;
    double score = sum / (double)q->n;
    if (hit < q->n)
        score *= (double)hit / (double)q->n;
    size_t cov = 0;
    for (size_t j = 0; j < t.n; j++)
        cov += covered[j];
    return score + 0.1 * (double)cov / (double)t.n;
}

/* How many of the query's words title holds exactly (no prefix or slip). */
static size_t ref_exact_hits(const ref_words_t *q, const char *title)
{
    ref_words_t t;
    ref_split(title, &t);
    size_t hits = 0;
    for (size_t i = 0; i < q->n; i++)
        for (size_t j = 0; j < t.n; j++)
            if (!strcmp(q->w[i], t.w[j])) {
                hits++;
                break;
            }
    return hits;
}

/* Of k titles named alike (out[]), the one that holds more of the query's
 * words exactly than each other ("dr kim's letter": "Dr. Kim", not "Dr.
 * Kimball"; "hanson refund": "Hanson", not "Hansen") into out[0]; returns
 * how many are left (1, or k when none stands out). */
static size_t ref_exact_wins(const ref_words_t *q, const char *const *titles, size_t *out, size_t k)
{
    size_t best = 0, best_hits = 0, second = 0;
    for (size_t i = 0; i < k; i++) {
        size_t h = ref_exact_hits(q, titles[out[i]]);
        if (h > best_hits) {
            second = best_hits;
            best_hits = h;
            best = i;
        } else if (h > second) {
            second = h;
        }
    }
    if (best_hits <= second)
        return k;
    out[0] = out[best];
    return 1;
}

bool chat_ref_name_slipped(const char *query, const char *title)
{
    ref_words_t q;
    ref_split(query, &q);
    ref_seen_t seen = {0, 0, false};
    ref_score_split(query, &q, title, 0, &seen, true);
    return seen.name_slipped;
}

double chat_ref_score(const char *query, const char *title)
{
    ref_words_t q;
    ref_split(query, &q);
    return ref_score_split(query, &q, title, 0, NULL, false);
}

size_t chat_ref_find(const char *query, const char *const *titles, size_t n, size_t *out,
                     size_t max)
{
    if (!query || !*query || max == 0 || n == 0)
        return 0;
    double *score = xmalloc(n * sizeof *score);
    ref_seen_t *seen = xmalloc(n * sizeof *seen);
    ref_words_t q;
    ref_split(query, &q);
    uint32_t exact = 0;
    for (size_t i = 0; i < n; i++) {
        score[i] = ref_score_split(query, &q, titles[i], 0, &seen[i], false);
        exact |= seen[i].exact;
    }
    /* a word some title holds exactly is that word, no slip of another
       name ("the Bella dental one" names no "Bello - schedule dental"; a
       typo in a title, "Renew pasport", is still found by "passport") */
    double best = 0;
    for (size_t i = 0; i < n; i++) {
        if (seen[i].slipped & exact)
            score[i] = ref_score_split(query, &q, titles[i], exact, NULL, false);
        if (score[i] > best)
            best = score[i];
    }
    free(seen);
    size_t k = 0;
    while (best >= CHAT_REF_MIN && k < max) { /* best first, ties in list order */
        double top = -1;
        size_t ti = 0;
        for (size_t i = 0; i < n; i++)
            if (score[i] > top) {
                top = score[i];
                ti = i;
            }
        if (top < best - CHAT_REF_TIE || top < CHAT_REF_MIN)
            break;
        out[k++] = ti;
        score[ti] = -2;
    }
    free(score);
    return k > 1 ? ref_exact_wins(&q, titles, out, k) : k;
}

/* The next word of s, lower-cased, or one linking mark of chat_lex_ref_links
 * (",", ":", "-", "("), into w (cap bytes); returns the rest, NULL at the end. */
static const char *ref_next(const char *s, char *w, size_t cap)
{
    size_t l = 0;
    /* an emoji or a symbol (UTF-8 lead bytes F0, E2) is no word: "Buy cake 🎂" */
    while (*s &&
           !(((unsigned char)*s >= 0x80 && (unsigned char)*s != 0xF0 && (unsigned char)*s != 0xE2 &&
              ((unsigned char)*s & 0xC0) != 0x80) ||
             isalnum((unsigned char)*s)) &&
           !strchr(",:-(", *s))
        s++;
    if (!*s)
        return NULL;
    if (strchr(",:-(", *s)) {
        w[0] = *s;
        w[1] = '\0';
        return s + 1;
    }
    for (; *s && ((unsigned char)*s >= 0x80 || isalnum((unsigned char)*s) || *s == '\''); s++)
        if (*s != '\'' && l + 1 < cap)
            w[l++] = (char)tolower((unsigned char)*s);
    w[l] = '\0';
    return s;
}

/* The stem of title's head word into head (see chat_ref_names_head); empty
 * when the head is a stop word. */
static void ref_head(const char *title, char head[REF_WLEN])
{
    char w[REF_WORDS][REF_WLEN];
    size_t n = 0;
    for (const char *s = title; n < REF_WORDS && (s = ref_next(s, w[n], REF_WLEN)); n++)
        ;
    size_t h = n ? n - 1 : 0;
    for (size_t i = 1; i < n; i++)
        if (chat_lex_has(chat_lex_ref_links, w[i]) &&
            !(i == 1 && chat_lex_has(chat_lex_task_verbs, w[0]))) { /* "Pay for piano tuning" */
            h = i - 1;
            break;
        }
    while (h > 0 && (strpbrk(w[h], "0123456789") || chat_lex_has(chat_lex_ref_tail_adverbs, w[h])))
        h--; /* "atta 10kg", "Book train tickets home": a quantity or an adverb is no head */
    head[0] = '\0';
    if (n && !ref_is_stop(w[h]) && !chat_lex_has(chat_lex_ref_links, w[h]))
        chat_tok_stem(w[h], head, REF_WLEN);
}

bool chat_ref_names_head(const char *query, const char *title)
{
    char head[REF_WLEN];
    ref_head(title, head);
    if (!head[0])
        return true;
    ref_words_t q;
    ref_split(query, &q);
    for (size_t i = 0; i < q.n; i++)
        if (ref_word_score(q.w[i], head) > 0)
            return true;
    return false;
}

bool chat_ref_verb_undoes(const char *verb, const char *title)
{
    char w[REF_WLEN];
    if (!verb)
        return false;
    chat_tok_next_word(title, w, sizeof w);
    for (size_t i = 0; chat_lex_ref_undoes[i][0]; i++)
        if (!strncmp(verb, chat_lex_ref_undoes[i][0], strlen(chat_lex_ref_undoes[i][0])) &&
            !strcmp(w, chat_lex_ref_undoes[i][1])) /* a prefix: "cancell" from "cancelled" */
            return true;
    return false;
}

/* The words of text after its first place word (chat_lex_ref_places: "at
 * Bondi job" -> bondi); none when it has no place. */
static void ref_place(const char *text, ref_words_t *out)
{
    char w[REF_WLEN];
    out->n = 0;
    for (const char *s = text; (s = ref_next(s, w, sizeof w));)
        if (chat_lex_has(chat_lex_ref_places, w)) {
            ref_split(s, out);
            return;
        }
}

/* Does a hold a word that b lacks (stems compared)? */
static bool ref_lacks(const ref_words_t *a, const ref_words_t *b)
{
    for (size_t i = 0; i < a->n; i++) {
        bool found = false;
        for (size_t j = 0; j < b->n && !found; j++)
            found = !strcmp(a->w[i], b->w[j]);
        if (!found)
            return true;
    }
    return false;
}

bool chat_ref_place_clash(const char *place, const char *title)
{
    ref_words_t q, t, all;
    ref_place(place, &q);
    ref_place(title, &t);
    ref_split(title, &all);
    return q.n && t.n && ref_lacks(&q, &all) && ref_lacks(&t, &q);
}
