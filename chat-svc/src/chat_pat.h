/* chat_pat: the pattern language chat_nlu's rules and chat_lex's tables are
 * written in. A pattern is matched against a run of chat_tok tokens and says
 * how many it covers; it never changes them.
 *
 * Grammar (a pattern is a C string):
 *
 *   pattern     = { " " } word { " " { " " } word } { " " }
 *   word        = [ "?" ] [ "=" ] alternatives
 *   alternatives= alt { "|" alt }
 *   alt         = any bytes but " " and "|"  (compared with its first 31 bytes)
 *
 *   "get rid of"           three words in a row
 *   "i|we dont need"       "i" or "we", then "dont", then "need"
 *   "i|we ?dont need"      the same, "dont" optional: also "i need"
 *   "play =tunes|music"    "=": that word's alternatives match exactly
 *                          (no typo tolerance: "tundes" is a name)
 *
 * Words are written as chat_tok norms: lower case, apostrophes and dots
 * dropped ("dont", "whats"). An alternative that chat_tok rewrites as a
 * shorthand is compared in its rewritten form (chat_tok_alias: "things" is
 * "item", "u" is "you"), as the message's tokens are. Matching, word by
 * word from view index vi:
 *  - a token matches a word when it matches one of its alternatives:
 *    a CHAT_TOK_WORD whose norm equals the alternative, or, for an
 *    alternative and a norm both of 5+ letters, differs from it by one
 *    inserted, dropped or swapped letter with the same first letter
 *    (chat_tok_is: "delte" matches "delete"; "ad" never matches "add"),
 *    unless the word is marked "=";
 *    a CHAT_TOK_NUM whose digits equal it ("42"); and the one-digit numbers
 *    2 and 4 also match "to" and "for" ("remind me 2 call mom"). A
 *    CHAT_TOK_TAG or CHAT_TOK_QUOTED token never matches.
 *  - a required word that does not match the token at the current position
 *    fails the whole pattern (0);
 *  - an optional word ('?') that does not match is skipped and the next
 *    word is tried at the same position;
 *  - a used token (used[token] true) matches nothing, and the end of the
 *    sequence (view index end) is like a used token: neither is skipped, so
 *    a match stops there;
 *  - the result is the number of tokens matched (each word that matched
 *    covers exactly one token), or 0 when a required word failed or no word
 *    matched at all: an all-optional pattern that matches nothing is 0, not
 *    "an empty match".
 * Edge cases, all fixed by tests/test_pat.c: an empty pattern (or only
 * spaces) matches nothing; several spaces are one; "?" alone is an
 * optional word with no alternatives (it never matches); an empty
 * alternative ("a||b", a leading "|a") equals only an empty norm, and a
 * trailing '|' ("a|") adds none; an alternative longer than 31 bytes is
 * compared by its first 31, as token norms are cut there too.
 *
 * Speed: a pattern is parsed once, at its first use, into a compiled form
 * kept for the life of the process and found again by the pattern's
 * address. So a pattern passed here must be a string that never changes
 * at that address (a literal or a table of literals), never a buffer that
 * is rewritten. The cache is lock-free and safe to use from any number of
 * threads; when it is full, patterns are parsed on each call instead (same
 * results, slower). */
#ifndef CHAT_PAT_H
#define CHAT_PAT_H

#include <stdbool.h>
#include <stddef.h>

#include "chat_tok.h"

/* A run of tokens as patterns see it: view[0..end) are indices into tok of
 * the tokens a pattern walks, in order (chat_nlu leaves punctuation out),
 * and used[i] marks token tok[i] as consumed (NULL: none is). Borrowed:
 * the caller keeps all three alive during a call. */
typedef struct chat_pat_seq {
    const chat_tok_t *tok;
    const size_t *view;
    size_t end;
    const bool *used;
} chat_pat_seq_t;

/* True when token t (may be NULL: false) matches the single word w (one
 * alternative, no '|' or '?'), by the rules above. */
bool chat_pat_word(const chat_tok_t *t, const char *w);

/* Number of view tokens pattern pat matches from view index vi of s (vi
 * may be >= s->end: 0), or 0 when it does not match. pat: see the
 * address rule above. Thread-safe; never fails. */
size_t chat_pat_match(const chat_pat_seq_t *s, size_t vi, const char *pat);

/* The first of pats (NULL-terminated) that matches at vi: returns its
 * length and, when which is not NULL, stores its index in *which; 0 (and
 * *which untouched) when none matches. */
size_t chat_pat_match_any(const chat_pat_seq_t *s, size_t vi, const char *const *pats,
                          size_t *which);

/* True when w equals one of the '|'-separated alternatives of alts
 * exactly (no typo tolerance, no truncation): for tables that list words
 * rather than patterns ("add|new|remind"). */
bool chat_pat_alt_has(const char *alts, const char *w);

#endif
