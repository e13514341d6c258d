/* chat_tok: splits a chat message into tokens with normalised forms, keeping
 * the byte span of each token in the original text so titles keep the
 * user's own words. Also the small string-distance helpers the matchers use. */
#ifndef CHAT_TOK_H
#define CHAT_TOK_H

#include <stdbool.h>
#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

typedef enum chat_tok_kind {
    CHAT_TOK_WORD = 0, /* letters/digits, may contain ' - . : / inside */
    CHAT_TOK_NUM,      /* only digits; value in num */
    CHAT_TOK_PUNCT,    /* one punctuation character (norm holds it) */
    CHAT_TOK_QUOTED,   /* "text in quotes": span excludes the quotes */
    CHAT_TOK_TAG,      /* #word: norm is the lower-cased word without '#' */
} chat_tok_kind_t;

#define CHAT_TOK_NORM_MAX 32

typedef struct chat_tok {
    chat_tok_kind_t kind;
    size_t off, len; /* byte span in the message */
    long num;        /* CHAT_TOK_NUM value (capped at 1e9) */
    /* lower-cased ASCII, apostrophes and dots dropped, common chat shorthands
     * and misspellings expanded ("tmrw" -> "tomorrow"); truncated. */
    char norm[CHAT_TOK_NORM_MAX];
    /* a day's possessive ("monday's", "tmrw's"): norm is the day; a title
       keeps the word ("buy wine for Saturday's dinner party") */
    bool possessive;
    /* an emoji read as a word ("✅" is "done", "👍" is "ok"): no name's edge */
    bool symbol;
} chat_tok_t;

/* Tokenises msg[0..len) (any bytes: invalid UTF-8, NULs and emoji are fine).
 * Returns the number of tokens written to *out, an array allocated from mem
 * (at most max tokens; the rest of the message is ignored). Never fails. */
size_t chat_tok_split(const char *msg, size_t len, ProtobufCAllocator *mem, size_t max,
                      chat_tok_t **out);

/* True when msg (NUL-ended) holds text chat_tok_split reads as quoted
 * ("...", curly double quotes, '...' opening at a word start); apostrophes,
 * dashes and emoji are no quotes. Pure; thread-safe. */
bool chat_tok_has_quote(const char *msg);

/* True when tok's norm equals word, or for words of 5+ letters differs from
 * it by one inserted, dropped or swapped letter ("delte", "compelte"). */
bool chat_tok_is(const chat_tok_t *tok, const char *word);
/* chat_tok_is with strlen(tok->norm) and strlen(word) given, for callers
 * that compare one token with many words (chat_pat). */
bool chat_tok_is_n(const chat_tok_t *tok, size_t tlen, const char *word, size_t wlen);

/* The spelling chat_tok_split gives word (a norm: lower case, no
 * apostrophes) when it is a shorthand or misspelling it rewrites ("things"
 * -> "item", "im" -> "i"), else NULL. Static storage; thread-safe. */
const char *chat_tok_alias(const char *word);

/* Optimal-string-alignment edit distance of a and b, giving up early: returns
 * a value > max as soon as the distance is known to exceed max. */
int chat_tok_distance(const char *a, const char *b, int max);

/* Crude English stem of a lower-case word into out (size n): drops common
 * suffixes ("calling" -> "call", "groceries" -> "grocer", "boxes" -> "box"). */
void chat_tok_stem(const char *word, char *out, size_t n);

/* The next space-separated word of s into w (cap bytes, NUL-ended),
 * lower-cased, without apostrophes or ASCII punctuation ("Cancel" ->
 * "cancel", "mum's" -> "mums"); returns where it ends. Pure; s and w must
 * not overlap. */
const char *chat_tok_next_word(const char *s, char *w, size_t cap);

#endif
